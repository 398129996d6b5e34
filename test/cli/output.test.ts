// The report formats and exit statuses of the built CLI, run as CI runs it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Ajv from 'ajv';
import { repoRoot } from '../server/repoRoot';
import { jsonOf, runCli, scratch } from './cliRun';

const lateReuse = readFileSync(join(repoRoot(), 'examples/posix/late_reuseaddr.c'), 'utf8');
const validateReport = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(repoRoot(), 'schemas/report-v1.schema.json'), 'utf8')) as object);

describe('text output', () => {
  test('file:line:col severity rule-id message, grouped by file, with a summary line', () => {
    const run = runCli(['examples/posix', 'examples/windows/socket_compare.c']);
    assert.equal(run.status, 1, run.stderr);
    const lines = run.stdout.split('\n');
    assert.ok(
      lines.includes(
        'examples/posix/late_reuseaddr.c:47:9 warning setsockopt-after-bind SO_REUSEADDR is set after listener was bound, so it has no effect: the option must be set before bind() to change how the address is claimed.',
      ),
      run.stdout,
    );
    assert.ok(
      lines.some((l) => /^examples\/windows\/socket_compare\.c:37:9 error invalid-socket-compare /.test(l)),
      run.stdout,
    );
    // One blank line between files, none inside a file.
    const body = run.stdout.slice(0, run.stdout.lastIndexOf('\n\n'));
    for (const block of body.split('\n\n')) assert.equal(new Set(block.split('\n').map((l) => l.split(':')[0])).size, 1, block);
    assert.match(run.stdout, /\n5 findings in 5 files \(2 errors, 3 warnings\)\n3 fixable with --fix, 2 more with --fix-unsafe\n$/);
    assert.ok(!run.stdout.includes('\x1b['), 'no colour when stdout is not a terminal');
  });

  test('--color always colours, and NO_COLOR does not stop an explicit always', () => {
    const run = runCli(['--color', 'always', 'examples/windows/socket_compare.c'], { env: { NO_COLOR: '1' } });
    assert.ok(run.stdout.includes('\x1b[31merror\x1b[0m'), run.stdout);
  });

  test('a clean file: 0 findings and exit status 0', () => {
    const s = scratch(false);
    try {
      writeFileSync(join(s.dir, 'clean.c'), 'int main(void) { return 0; }\n');
      const run = runCli(['clean.c'], { cwd: s.dir });
      assert.equal(run.status, 0, run.stdout + run.stderr);
      assert.equal(run.stdout, '0 findings in 1 file\n');
    } finally {
      s.remove();
    }
  });
});

describe('json output', () => {
  test('matches the published schema (schemas/report-v1.schema.json), skipped and failed files included', () => {
    const s = scratch(true);
    try {
      writeFileSync(join(s.dir, 'blob.c'), Buffer.from([1, 0, 2]));
      const report = jsonOf(runCli(['--format', 'json', '.'], { cwd: s.dir }));
      assert.equal(report.skipped.length, 1);
      assert.ok(validateReport(report), JSON.stringify(validateReport.errors?.slice(0, 5), null, 2));
    } finally {
      s.remove();
    }
  });

  test('the documented shape, with ranges, related locations and fixes', () => {
    const report = jsonOf(runCli(['--format', 'json', 'examples/windows/late_setsockopt.c']));
    assert.equal(report.version, 1);
    assert.equal(report.tool.name, 'socklint');
    const f = report.findings.find((x) => x.ruleId === 'setsockopt-after-bind');
    assert.ok(f, JSON.stringify(report.findings));
    assert.equal(f.file, 'examples/windows/late_setsockopt.c');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.range.start, { line: 56, column: 9 });
    assert.ok(f.related.length > 0 && f.related.every((r) => r.file === f.file && r.message));
    const fix = f.fixes[0];
    assert.equal(fix.safe, true);
    assert.ok(fix.edits.length > 0 && fix.edits.every((e) => e.file === f.file && typeof e.newText === 'string'));
    assert.match(f.fingerprint, /^[0-9a-f]{32}:1$/);
    assert.deepEqual(report.summary, { files: 1, findings: 1, error: 0, warning: 1, information: 0, hint: 0, fixable: 1, fixableUnsafe: 0, incomplete: 0 });
  });

  test('fingerprints stay when lines are added above a finding', () => {
    const s = scratch(false);
    try {
      writeFileSync(join(s.dir, 'a.c'), lateReuse);
      const first = jsonOf(runCli(['--format', 'json', 'a.c'], { cwd: s.dir })).findings;
      writeFileSync(join(s.dir, 'a.c'), `/* a new header comment */\n\n${lateReuse}`);
      const moved = jsonOf(runCli(['--format', 'json', 'a.c'], { cwd: s.dir })).findings;
      assert.deepEqual(
        moved.map((f) => f.range.start.line),
        first.map((f) => f.range.start.line + 2),
      );
      assert.deepEqual(
        moved.map((f) => f.fingerprint),
        first.map((f) => f.fingerprint),
      );
    } finally {
      s.remove();
    }
  });
});

describe('exit status', () => {
  const status = (...args: string[]) => runCli(args).status;

  test('findings at the failing level give 1; below it, 0; --exit-zero gives 0', () => {
    assert.equal(status('examples/windows/shutdown_no_drain.c'), 0, 'an information finding does not fail by default');
    assert.equal(status('--fail-level', 'information', 'examples/windows/shutdown_no_drain.c'), 1);
    assert.equal(status('examples/posix/late_reuseaddr.c'), 1);
    assert.equal(status('--fail-level', 'error', 'examples/posix/late_reuseaddr.c'), 0);
    assert.equal(status('--exit-zero', 'examples/posix/late_reuseaddr.c'), 0);
    assert.equal(status('--rule', 'setsockopt-after-bind=off', 'examples/posix/late_reuseaddr.c'), 0);
    assert.equal(status('--rule', 'setsockopt-after-bind=error', '--fail-level', 'error', 'examples/posix/late_reuseaddr.c'), 1);
  });

  test('--max-warnings N fails only above N warnings; errors still fail', () => {
    const twoWarnings = ['examples/posix/late_reuseaddr.c', 'examples/posix/unchecked_bind.c'];
    assert.equal(status('--max-warnings', '2', ...twoWarnings), 0);
    const over = runCli(['--max-warnings', '1', ...twoWarnings]);
    assert.equal(over.status, 1);
    assert.match(over.stderr, /2 warnings, more than --max-warnings 1/);
    assert.equal(status('--max-warnings', '10', 'examples/windows/socket_compare.c'), 1);
  });

  test('usage and configuration mistakes: status 2 and one line, no stack', () => {
    for (const args of [
      [],
      ['--no-such-flag', 'x'],
      ['does-not-exist.c'],
      ['--format', 'xml', 'examples'],
      ['--rule', 'nope=off', 'examples'],
      ['--rule', 'linger-misuse=loud', 'examples'],
      ['--shard', '3/2', 'examples'],
      ['--ext', '.inc=cobol', 'examples'],
      ['--max-warnings', '-1', 'examples'],
      ['-o', '/nonexistent-folder/report.txt', 'examples/posix/late_reuseaddr.c'],
      ['merge-sarif', 'missing.sarif'],
    ]) {
      const run = runCli(args);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, /^socklint: [^\n]+\n$/, `${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.stdout, '');
    }
  });

  test('unreadable, binary and huge files are skipped with a note, never a crash', () => {
    const s = scratch(false);
    try {
      writeFileSync(join(s.dir, 'binary.c'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
      writeFileSync(join(s.dir, 'huge.c'), Buffer.alloc(17 * 1024 * 1024, 0x20));
      writeFileSync(join(s.dir, 'locked.c'), lateReuse);
      chmodSync(join(s.dir, 'locked.c'), 0);
      writeFileSync(join(s.dir, 'ok.c'), lateReuse);
      symlinkSync(join(s.dir, 'nowhere.c'), join(s.dir, 'dangling.c'));
      // A FIFO blocks a read until a writer comes: it must be skipped, never read.
      execFileSync('mkfifo', [join(s.dir, 'pipe.c')]);
      symlinkSync(join(s.dir, 'pipe.c'), join(s.dir, 'to-pipe.c'));
      const run = runCli(['--format', 'json', '.'], { cwd: s.dir });
      const report = jsonOf(run);
      const asRoot = process.getuid?.() === 0;
      assert.deepEqual([...new Set(report.findings.map((f) => f.file))], asRoot ? ['locked.c', 'ok.c'] : ['ok.c']);
      assert.match(run.stderr, /binary\.c: skipped, binary content/);
      assert.match(run.stderr, /dangling\.c: skipped, cannot be read \(ENOENT\)/);
      assert.match(run.stderr, /huge\.c: skipped, 17\.0 MiB is over the 16 MiB limit/);
      assert.match(run.stderr, /pipe\.c: skipped, not a regular file/);
      assert.match(run.stderr, /to-pipe\.c: skipped, not a regular file/);
      // root reads any file; the note is checked where permissions apply.
      if (!asRoot) assert.match(run.stderr, /locked\.c: skipped, cannot be read \(EACCES\)/);
      assert.equal(run.status, 1, 'the skipped files do not change the status of the run');
    } finally {
      s.remove();
    }
  });

  test('named files that are skipped are in the report; when every named file is, nothing was analysed: status 2', () => {
    const s = scratch(false);
    try {
      writeFileSync(join(s.dir, 'notes.txt'), lateReuse);
      writeFileSync(join(s.dir, 'api.d.ts'), 'export declare function listen(port: number): void;\n');
      writeFileSync(join(s.dir, 'binary.c'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
      execFileSync('mkfifo', [join(s.dir, 'pipe.c')]);
      writeFileSync(join(s.dir, 'ok.c'), lateReuse);
      const skipped = ['notes.txt', 'api.d.ts', 'binary.c', 'pipe.c'];
      const reasons = [/^skipped, not a C, C\+\+, TypeScript or JavaScript file/, /^skipped, declaration files/, /^skipped, binary content/, /^skipped, not a regular file$/];

      const withOk = runCli(['--format', 'json', ...skipped, 'ok.c'], { cwd: s.dir });
      assert.equal(withOk.status, 1, withOk.stderr);
      const report = jsonOf(withOk);
      assert.deepEqual(
        report.skipped.map((x) => x.file),
        skipped,
        'in the order named',
      );
      report.skipped.forEach((x, i) => assert.match(x.reason, reasons[i], x.file));
      assert.equal(report.summary.files, 5, 'skipped files count as files, as for a walk');
      assert.ok(validateReport(report), JSON.stringify(validateReport.errors?.slice(0, 5), null, 2));
      assert.ok(!withOk.stderr.includes('nothing to analyse'), withOk.stderr);

      const none = runCli(['--format', 'json', ...skipped], { cwd: s.dir });
      assert.equal(none.status, 2, none.stderr);
      assert.deepEqual(
        jsonOf(none).skipped.map((x) => x.file),
        skipped,
        'the report still says why',
      );
      assert.match(none.stderr, /\nsocklint: nothing to analyse: every file named on the command line was skipped\n$/);
      assert.equal(runCli(['--exit-zero', 'notes.txt'], { cwd: s.dir }).status, 2, 'a usage error, not a finding');
      // Sorted by path, api.d.ts is shard 1's and ok.c shard 2's: together the shards analyse a file.
      assert.equal(runCli(['--exit-zero', '--shard', '1/2', 'api.d.ts', 'ok.c'], { cwd: s.dir }).status, 0, 'a shard holding only a skipped file');
      assert.equal(runCli(['--exit-zero', '--shard', '1/2', 'api.d.ts', 'notes.txt'], { cwd: s.dir }).status, 2, 'no shard has anything to analyse');
      assert.equal(runCli(['api.d.ts', '.'], { cwd: s.dir }).status, 1, 'a named folder with source in it is analysed');
    } finally {
      s.remove();
    }
  });
});

describe('files', () => {
  let s: { dir: string; remove: () => void };
  before(() => {
    s = scratch(false);
    const w = (p: string, text = lateReuse) => {
      mkdirSync(join(s.dir, p, '..'), { recursive: true });
      writeFileSync(join(s.dir, p), text);
    };
    mkdirSync(join(s.dir, '.git'));
    w('.gitignore', 'build/\n*.gen.c\n');
    w('src/main.c');
    w('src/table.gen.c');
    w('src/vendor/.gitignore', '*.c\n!keep.c\n');
    w('src/vendor/drop.c');
    w('src/vendor/keep.c');
    w('src/legacy/old.c');
    w('src/net.inc');
    for (const name of ['api.d.ts', 'api.d.mts', 'API.D.CTS']) w(`src/${name}`, 'export declare function listen(port: number): void;\n');
    w('build/out.c');
    w('node_modules/dep/x.c');
    w('.hidden/x.c');
    // A link back up the tree must not be walked forever (nor report a file twice).
    symlinkSync('..', join(s.dir, 'src/loop'));
  });
  after(() => s.remove());
  const files = (...args: string[]) => [...new Set(jsonOf(runCli(['--format', 'json', ...args], { cwd: s.dir })).findings.map((f) => f.file))];

  test('folders honour nested .gitignore files (with negation), skip node_modules and dot folders', () => {
    assert.deepEqual(files('.'), ['src/legacy/old.c', 'src/main.c', 'src/vendor/keep.c']);
  });

  test('a sub-folder still honours the .gitignore files above it, up to the repository root', () => {
    assert.deepEqual(files('src'), ['src/legacy/old.c', 'src/main.c', 'src/vendor/keep.c']);
  });

  test('--ignore globs, and --ext maps an extension to a language', () => {
    assert.deepEqual(files('--ignore', 'src/legacy/**', '--ext', '.inc=c', '.'), ['src/main.c', 'src/net.inc', 'src/vendor/keep.c']);
    assert.deepEqual(files('--ignore', 'legacy', '.'), ['src/main.c', 'src/vendor/keep.c'], 'a glob without / matches a name at any depth');
  });

  test('a file or folder named on the command line is analysed even when ignored, or a note says why not', () => {
    assert.deepEqual(files('build/out.c', 'src/table.gen.c'), ['build/out.c', 'src/table.gen.c']);
    assert.deepEqual(files('build'), ['build/out.c'], 'a named folder that .gitignore ignores is walked');
    assert.deepEqual(files('src/vendor'), ['src/vendor/keep.c'], "the named folder's own .gitignore still applies");
    const run = runCli(['src/net.inc'], { cwd: s.dir });
    assert.match(run.stderr, /src\/net\.inc: skipped, not a C, C\+\+, TypeScript or JavaScript file \(map its extension with --ext, such as --ext \.inc=c\)/);
  });

  test('a named declaration file is skipped for holding no code, with no advice to map its extension', () => {
    const run = runCli(['src/api.d.ts', 'src/api.d.mts', 'src/API.D.CTS'], { cwd: s.dir });
    for (const name of ['api.d.ts', 'api.d.mts', 'API.D.CTS']) {
      assert.ok(run.stderr.includes(`socklint: src/${name}: skipped, declaration files (.d.ts, .d.mts, .d.cts) hold no code\n`), run.stderr);
    }
    assert.ok(!run.stderr.includes('--ext'), run.stderr);
  });

  test('an unreadable .gitignore is named by its display path, as other notes are', () => {
    // A folder where the file should be cannot be read even by root.
    mkdirSync(join(s.dir, 'src/legacy/.gitignore'));
    try {
      const run = runCli(['--format', 'json', 'src'], { cwd: s.dir });
      assert.ok(run.stderr.includes('socklint: src/legacy/.gitignore: cannot be read (EISDIR), its patterns are not applied\n'), run.stderr);
    } finally {
      rmdirSync(join(s.dir, 'src/legacy/.gitignore'));
    }
  });
});
