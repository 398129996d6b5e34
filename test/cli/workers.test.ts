// Files are analysed in worker threads; the report must not depend on how many.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../server/repoRoot';
import { runCli } from './cliRun';

test('the worker bundle is built next to the CLI', () => {
  assert.ok(existsSync(join(repoRoot(), 'server/out/cliWorker.js')));
});

test('one thread, two threads and more threads than files give byte-identical reports and notes', () => {
  // JSON carries everything the other formats are made from (they are tested for it elsewhere).
  const runs = ['1', '2', '5'].map((jobs) => runCli(['--format', 'json', '--jobs', jobs, 'examples', 'test/e2e/fixtures']));
  for (const r of runs) assert.equal(r.status, 1, r.stderr);
  assert.equal(runs[1].stdout, runs[0].stdout, '--jobs 2 differs from --jobs 1');
  assert.equal(runs[2].stdout, runs[0].stdout, '--jobs 5 differs from --jobs 1');
  assert.equal(runs[1].stderr, runs[0].stderr);
});
