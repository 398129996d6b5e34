// --fix, --fix-unsafe and --fix-dry-run on copies of the examples.
import assert from 'node:assert/strict';
import { lstatSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { assertCompilesForWindows } from '../server/windowsCompile';
import { jsonOf, runCli, scratch } from './cliRun';

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'latin1');
    }
  };
  walk(dir);
  return out;
}

describe('--fix', () => {
  test('applies safe fixes only, leaves the rest reported, and a second run changes nothing', () => {
    const s = scratch(true);
    try {
      const before = jsonOf(runCli(['--format', 'json', 'examples'], { cwd: s.dir }));
      const safeFixable = before.findings.filter((f) => f.fixes.some((x) => x.safe)).length;
      assert.ok(safeFixable > 0);
      const fixed = jsonOf(runCli(['--fix', '--format', 'json', 'examples'], { cwd: s.dir }));
      // What is reported after --fix is what is left: no finding with a safe fix remains.
      assert.equal(fixed.findings.filter((f) => f.fixes.some((x) => x.safe)).length, 0, JSON.stringify(fixed.findings.filter((f) => f.fixes.some((x) => x.safe))));
      // A fix can settle more than its own finding (the moved setsockopt also answers missing-exclusiveaddruse).
      assert.ok(fixed.findings.length <= before.findings.length - safeFixable);
      const after = snapshot(s.dir);
      assert.match(after['examples/windows/socket_compare.c'], /if \(listener == INVALID_SOCKET\)/);
      assert.match(after['examples/windows/linger_abort.c'], /SO_LINGER/, 'an unsafe fix is not applied');
      runCli(['--fix', 'examples'], { cwd: s.dir });
      assert.deepEqual(snapshot(s.dir), after);
    } finally {
      s.remove();
    }
  });

  test('--fix-unsafe applies every fix; the fixed Windows C still compiles; a second run changes nothing', (t) => {
    const s = scratch(true);
    try {
      const run = runCli(['--fix-unsafe', '--format', 'json', 'examples'], { cwd: s.dir });
      const left = jsonOf(run).findings;
      assert.ok(
        left.every((f) => f.fixes.length === 0),
        JSON.stringify(left.filter((f) => f.fixes.length)),
      );
      const after = snapshot(s.dir);
      assert.doesNotMatch(after['examples/windows/linger_abort.c'], /SOL_SOCKET, SO_LINGER/);
      for (const [file, text] of Object.entries(after)) {
        if (file.startsWith('examples/windows/') && /\.(c|cpp)$/.test(file)) assertCompilesForWindows(t, file.endsWith('.c') ? 'c' : 'cpp', text, file);
      }
      runCli(['--fix-unsafe', 'examples'], { cwd: s.dir });
      assert.deepEqual(snapshot(s.dir), after);
    } finally {
      s.remove();
    }
  });

  test('keeps CRLF line endings, the byte order mark and the file mode, and leaves no temporary file', () => {
    const s = scratch(true);
    try {
      const file = join(s.dir, 'compare.c');
      const crlf = readFileSync(join(s.dir, 'examples/windows/late_setsockopt.c'), 'utf8').replace(/\r?\n/g, '\r\n');
      writeFileSync(file, `\uFEFF${crlf}`, { mode: 0o640 });
      const run = runCli(['--fix', 'compare.c'], { cwd: s.dir });
      assert.equal(run.status, 0, run.stdout + run.stderr);
      const text = readFileSync(file, 'utf8');
      assert.notEqual(text, `\uFEFF${crlf}`);
      assert.ok(text.startsWith('\uFEFF/*'));
      assert.equal(text.replace(/\r\n/g, '').includes('\n'), false, 'every line break is still CRLF');
      assert.equal(statSync(file).mode & 0o777, 0o640);
      assert.deepEqual(readdirSync(s.dir).sort(), ['compare.c', 'examples']);
    } finally {
      s.remove();
    }
  });

  test('a file named through a symbolic link is fixed where it lives, and the link stays a link', () => {
    const s = scratch(true);
    try {
      const target = join(s.dir, 'examples/posix/late_reuseaddr.c');
      const original = readFileSync(target, 'utf8');
      symlinkSync(target, join(s.dir, 'link.c'));
      runCli(['--fix', 'link.c'], { cwd: s.dir });
      assert.ok(lstatSync(join(s.dir, 'link.c')).isSymbolicLink());
      assert.notEqual(readFileSync(target, 'utf8'), original, 'the target was fixed');
      assert.equal(runCli(['--fix-dry-run', 'link.c'], { cwd: s.dir }).stdout, '', 'nothing left to fix');
    } finally {
      s.remove();
    }
  });

  test('a file that is not valid UTF-8 is analysed but never rewritten', () => {
    const s = scratch(true);
    try {
      const file = join(s.dir, 'latin1.c');
      const text = readFileSync(join(s.dir, 'examples/windows/socket_compare.c'), 'utf8').replace('/*', '/* Fran\u00e7ois:');
      writeFileSync(file, Buffer.from(text, 'latin1'));
      const before = readFileSync(file);
      const run = runCli(['--fix', '--format', 'json', 'latin1.c'], { cwd: s.dir });
      assert.match(run.stderr, /latin1\.c: not fixed: the file is not valid UTF-8/);
      assert.deepEqual(readFileSync(file), before);
      assert.equal(jsonOf(run).findings.filter((f) => f.ruleId === 'invalid-socket-compare').length, 2, 'still reported');
    } finally {
      s.remove();
    }
  });

  test('--fix-dry-run prints a unified diff, writes nothing, and exits 1 when there is something to fix', () => {
    const s = scratch(true);
    try {
      const before = snapshot(s.dir);
      const run = runCli(['--fix-dry-run', 'examples/windows'], { cwd: s.dir });
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stdout, /^--- a\/examples\/windows\/late_setsockopt\.c\n\+\+\+ b\/examples\/windows\/late_setsockopt\.c\n@@ /m);
      assert.match(run.stdout, /^- {4}if \(listener < 0\) \{/m);
      assert.match(run.stdout, /^\+ {4}if \(listener == INVALID_SOCKET\) \{/m);
      assert.doesNotMatch(run.stdout, /linger_abort\.c/, 'unsafe fixes need --fix-unsafe');
      assert.deepEqual(snapshot(s.dir), before);
      assert.match(runCli(['--fix-dry-run', '--fix-unsafe', 'examples/windows'], { cwd: s.dir }).stdout, /linger_abort\.c/);
      const clean = runCli(['--fix-dry-run', 'examples/windows/graceful_shutdown.c'], { cwd: s.dir });
      assert.equal(clean.stdout, '');
    } finally {
      s.remove();
    }
  });
});
