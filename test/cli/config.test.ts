// .socklintrc.json from the command line: the nearest file per source file, --config, and errors.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { repoRoot } from '../server/repoRoot';
import { jsonOf, runCli, scratch } from './cliRun';

describe('configuration files', () => {
  let s: { dir: string; remove: () => void };
  const w = (p: string, text: string) => {
    mkdirSync(dirname(join(s.dir, p)), { recursive: true });
    writeFileSync(join(s.dir, p), text);
  };
  before(() => {
    s = scratch(false);
    const lateReuse = readFileSync(join(repoRoot(), 'examples/posix/late_reuseaddr.c'), 'utf8');
    w('.socklintrc.json', '{\n  // comments are allowed\n  "rules": { "setsockopt-after-bind": "error" },\n  "ignore": ["generated"],\n}\n');
    w('a.c', lateReuse);
    w('generated/g.c', lateReuse);
    w('sub/.socklintrc.json', '{ "rules": { "setsockopt-after-bind": "off" } }');
    w('sub/b.c', lateReuse);
  });
  after(() => s.remove());
  const findings = (...args: string[]) => jsonOf(runCli(['--format', 'json', ...args], { cwd: s.dir })).findings.map((f) => `${f.file} ${f.severity}`);

  test('each file uses the nearest .socklintrc.json: its rule levels and ignore globs', () => {
    assert.deepEqual(findings('.'), ['a.c error']);
    assert.deepEqual(findings('generated/g.c'), ['generated/g.c error'], 'a path named on the command line is analysed even when ignored');
  });

  test('the search stops at the repository root', () => {
    w('repo/.git/HEAD', 'ref: refs/heads/main\n');
    w('repo/x.c', readFileSync(join(repoRoot(), 'examples/posix/late_reuseaddr.c'), 'utf8'));
    const inRepo = jsonOf(runCli(['--format', 'json', '.'], { cwd: join(s.dir, 'repo') })).findings.map((f) => `${f.file} ${f.severity}`);
    assert.deepEqual(inRepo, ['x.c warning'], 'the .socklintrc.json above the repository is not used');
  });

  test('--rule overrides the file; --config replaces the nearest file for every source file', () => {
    assert.deepEqual(findings('--rule', 'setsockopt-after-bind=information', 'a.c', 'sub'), ['a.c information', 'sub/b.c information']);
    assert.deepEqual(findings('--config', 'sub/.socklintrc.json', 'a.c', 'sub'), []);
  });

  test('a configuration error stops the run with its position and status 2', () => {
    w('bad/.socklintrc.json', '{ "rules": { "no-such-rule": "off" } }');
    w('bad/c.c', 'int x;\n');
    const run = runCli(['.'], { cwd: s.dir });
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 'socklint: bad/.socklintrc.json:1:14: Unknown rule id "no-such-rule".\n');
    assert.equal(run.stdout, '');
    const missing = runCli(['--config', 'nowhere.json', 'a.c'], { cwd: s.dir });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^socklint: nowhere\.json:1:1: Cannot read the file: ENOENT[^\n]*\n$/);
  });
});
