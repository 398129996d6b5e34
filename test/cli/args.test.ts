// Option parsing and the progress line, without running the CLI.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CliOptions, parseCommandLine } from '../../server/src/cli/args';
import { Progress } from '../../server/src/cli/progress';

function options(argv: string[], env: NodeJS.ProcessEnv = {}, tty = { out: false, err: false }): CliOptions {
  const parsed = parseCommandLine(argv, env, tty.out, tty.err);
  assert.equal(parsed.kind, 'lint');
  return (parsed as { options: CliOptions }).options;
}

test('colour only on a terminal, never with NO_COLOR, and not in a file or machine format', () => {
  assert.equal(options(['x']).color, false);
  assert.equal(options(['x'], {}, { out: true, err: false }).color, true);
  assert.equal(options(['x'], { NO_COLOR: '1' }, { out: true, err: false }).color, false);
  assert.equal(options(['x', '-o', 'r.txt'], {}, { out: true, err: false }).color, false);
  assert.equal(options(['x', '--format', 'json'], {}, { out: true, err: false }).color, false);
  assert.equal(options(['x', '--color', 'always']).color, true);
  assert.equal(options(['x', '--color', 'never'], {}, { out: true, err: false }).color, false);
});

test('the progress line only when stderr is a terminal', () => {
  assert.equal(options(['x']).progress, false);
  assert.equal(options(['x'], {}, { out: false, err: true }).progress, true);
  assert.equal(options(['x', '--no-progress'], {}, { out: false, err: true }).progress, false);
});

test('fix modes, rule levels, extensions, shards', () => {
  assert.equal(options(['x']).fix, 'none');
  assert.equal(options(['x', '--fix']).fix, 'safe');
  assert.equal(options(['x', '--fix-unsafe']).fix, 'all');
  assert.deepEqual([options(['x', '--fix-dry-run']).fix, options(['x', '--fix-dry-run']).dryRun], ['safe', true]);
  assert.deepEqual(options(['x', '--rule', 'linger-misuse=off', '--rule', 'invalid-socket-compare=info']).rules, { 'linger-misuse': 'off', 'invalid-socket-compare': 'information' });
  assert.deepEqual(options(['x', '--rule', 'socklint-incomplete=off']).rules, { 'socklint-incomplete': 'off' }, 'the incomplete-analysis finding is settable like a rule');
  assert.deepEqual(options(['x', '--ext', '.INC=c', '--ext', 'tpp=c++']).ext, { '.inc': 'c', '.tpp': 'cpp' });
  assert.deepEqual(options(['x', '--shard', '2/5']).shard, { index: 2, count: 5 });
  assert.equal(options(['x', '-j', '3']).jobs, 3);
  assert.deepEqual(parseCommandLine(['merge-sarif', '-o', 'all.sarif', 'a.sarif', 'b.sarif'], {}, false, false), { kind: 'merge-sarif', inputs: ['a.sarif', 'b.sarif'], output: 'all.sarif' });
});

test('the progress line rewrites itself in place, fits the terminal and is cleared at the end', () => {
  let written = '';
  const stream = { columns: 40, write: (s: string) => ((written += s), true) } as unknown as NodeJS.WriteStream;
  const p = new Progress(2, true, stream);
  p.step('src/a.c');
  p.step(`src/${'deep/'.repeat(20)}b.c`);
  p.clear();
  const frames = written.split('\r').filter(Boolean);
  assert.equal(frames[0], 'socklint [1/2] src/a.c');
  assert.ok(frames[1].startsWith('socklint [2/2] …') && frames[1].endsWith('/b.c') && frames[1].length <= 39, frames[1]);
  assert.equal(frames[frames.length - 1].trim(), '', 'the line is blanked');
  assert.ok(written.endsWith('\r'));
  let silent = '';
  const off = new Progress(1, false, { write: (s: string) => ((silent += s), true) } as unknown as NodeJS.WriteStream);
  off.step('a.c');
  off.clear();
  assert.equal(silent, '');
});
