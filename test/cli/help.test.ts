// `socklint --help` is what the README's command-line section shows.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../server/repoRoot';
import { runCli } from './cliRun';

test('--help prints the usage the README shows, and every option it lists is documented there', () => {
  const run = runCli(['--help']);
  assert.equal(run.status, 0);
  const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
  const block = /`socklint --help` prints:\n\n```text\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, 'the README has a `socklint --help` block');
  assert.equal(block[1], run.stdout);
  const section = readme.slice(readme.indexOf('### Command line'), readme.indexOf('`socklint --help` prints:'));
  for (const option of new Set(run.stdout.match(/--[a-z][a-z-]+/g))) {
    if (option === '--help' || option === '--version') continue;
    assert.ok(section.includes(`\`${option}`), `${option} is not explained in the README's command-line section`);
  }
});

test('--version prints the package version', () => {
  const { version } = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string };
  assert.equal(runCli(['--version']).stdout, `socklint ${version}\n`);
});
