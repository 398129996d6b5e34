// --platform on the command line: which platform's rules apply, and that it wins over the configuration file.
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { repoRoot } from '../server/repoRoot';
import { jsonOf, runCli, scratch } from './cliRun';

let s: { dir: string; remove: () => void };

before(() => {
  s = scratch(false);
  // A POSIX-looking service (no Winsock header) and a portable one (#ifdef _WIN32 around both APIs).
  copyFileSync(join(repoRoot(), 'examples/posix/late_reuseaddr.c'), join(s.dir, 'posix.c'));
  copyFileSync(join(repoRoot(), 'examples/portable/portable_server.c'), join(s.dir, 'portable.c'));
});
after(() => s.remove());

const findings = (cwd: string, ...args: string[]) => {
  const run = runCli(['--format', 'json', ...args, 'posix.c', 'portable.c'], { cwd });
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  return jsonOf(run)
    .findings.map((f) => `${f.file}:${f.range.start.line} ${f.ruleId}`)
    .sort();
};

const posixOnly = ['posix.c:47 setsockopt-after-bind'];
const asWindows = ['portable.c:95 close-without-shutdown', 'posix.c:40 missing-exclusiveaddruse', 'posix.c:47 setsockopt-after-bind'];
const asAuto = ['portable.c:95 close-without-shutdown', 'posix.c:47 setsockopt-after-bind'];

test('--platform windows applies the Windows rules even to a POSIX-looking file; posix turns them off everywhere', () => {
  assert.deepEqual(findings(s.dir, '--platform', 'windows'), asWindows);
  assert.deepEqual(findings(s.dir, '--platform', 'posix'), posixOnly);
  assert.deepEqual(findings(s.dir, '--platform', 'auto'), asAuto, 'auto: each file by its own headers and #ifdefs');
  assert.deepEqual(findings(s.dir), asAuto, 'auto is the default');
});

test('--platform wins over the platform of .socklintrc.json, auto included', () => {
  writeFileSync(join(s.dir, '.socklintrc.json'), '{ "platform": "windows" }\n');
  try {
    assert.deepEqual(findings(s.dir), asWindows, 'the file is read');
    assert.deepEqual(findings(s.dir, '--platform', 'posix'), posixOnly);
    assert.deepEqual(findings(s.dir, '--platform', 'auto'), asAuto);
  } finally {
    writeFileSync(join(s.dir, '.socklintrc.json'), '{}\n');
  }
});
