// Scenario "repo": whole-repository throughput of the CLI, against a tree-sitter parse plus a full
// TreeCursor walk of the same files (on one core, and in worker threads on every core), and
// against cppcheck on a sample of the same files.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { root } from '../options.mjs';
import { lineCount, loadParsers, parseAndWalk, sourceFiles } from '../treesitter.mjs';
import { stats } from '../stats.mjs';

const wasmDir = join(root, 'server/out');
const cliPath = join(root, 'server/out/cli.js');

/** Runs a command to completion (or until `limitMs`), output discarded except the end of stderr; resolves with wall ms. */
function timed(command, args, limitMs = 0) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    // Its own process group, so a timeout stops cppcheck's -j children too.
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    let timedOut = false;
    const timer = limitMs && setTimeout(() => ((timedOut = true), process.kill(-child.pid)), limitMs);
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - t0, code, stderr, timedOut });
    });
  });
}

/** Files dealt to `n` shares by size, largest first, so the workers finish together. */
function shares(files, n) {
  const out = Array.from({ length: n }, () => ({ files: [], bytes: 0 }));
  const sized = files.map((f) => [f, statSync(f).size]).sort((a, b) => b[1] - a[1]);
  for (const [file, size] of sized) {
    const least = out.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    least.files.push(file);
    least.bytes += size;
  }
  return out.map((s) => s.files);
}

/** Parse plus walk on `cores` worker threads, timed from spawning them (as the CLI's time includes its start). */
async function parallelWalk(files, cores) {
  const t0 = performance.now();
  const results = await Promise.all(
    shares(files, cores).map(
      (part) =>
        new Promise((resolve, reject) => {
          const worker = new Worker(new URL('../walk-worker.mjs', import.meta.url), { workerData: { wasmDir, files: part } });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  return { ms: performance.now() - t0, lines: results.reduce((n, r) => n + r.lines, 0) };
}

async function singleWalk(files) {
  const t0 = performance.now();
  const parsers = await loadParsers(wasmDir);
  const { lines } = parseAndWalk(parsers, files);
  return { ms: performance.now() - t0, lines };
}

function cppcheckAvailable() {
  return spawnSync('cppcheck', ['--version'], { encoding: 'utf8' }).status === 0;
}

export async function repoScenario(options, figures, log) {
  const dir = options.repo.path;
  const files = sourceFiles(dir);
  const cores = availableParallelism();
  log(`repo: ${dir}: ${files.length} C/C++ files, ${cores} cores, ${options.repoRuns} run(s) of each figure`);
  const cli = [];
  const single = [];
  const parallel = [];
  let lines = 0;
  for (let r = 0; r < options.repoRuns; r++) {
    const run = await timed(process.execPath, [cliPath, '--exit-zero', dir]);
    if (run.code !== 0) log(`  socklint CLI exited ${run.code}: ${run.stderr.trim().split('\n').pop()}`);
    cli.push(run.ms);
    const one = await singleWalk(files);
    single.push(one.ms);
    lines = one.lines;
    parallel.push((await parallelWalk(files, cores)).ms);
    if (options.verbose) log(`  run ${r + 1}: CLI ${cli[r].toFixed(0)} ms, parse+walk 1 core ${single[r].toFixed(0)} ms, ${cores} cores ${parallel[r].toFixed(0)} ms`);
  }
  const rate = (msecs) => (lines / msecs) * 1000;
  const cliRate = rate(stats(cli).median);
  const scenario = `repo (${(lines / 1000).toFixed(0)}k lines, ${files.length} files)`;
  figures.add({
    scenario,
    figure: 'CLI throughput vs parse+walk, all cores',
    unit: 'lines/s',
    measured: cliRate,
    baseline: rate(stats(parallel).median),
    baselineLabel: `(${cores} workers)`,
    target: { ratioMin: 0.7 },
  });
  figures.add({ scenario, figure: 'CLI throughput vs parse+walk, one core', unit: 'lines/s', measured: cliRate, baseline: rate(stats(single).median), baselineLabel: '(1 core)' });
  const result = { dir, files: files.length, lines, cores, cliMs: stats(cli), walkOneCoreMs: stats(single), walkAllCoresMs: stats(parallel) };

  if (!options.cppcheck) return result;
  if (!cppcheckAvailable()) {
    figures.skip(scenario, 'cppcheck is not installed: apt-get install -y cppcheck');
    return result;
  }
  // cppcheck checks every #ifdef configuration and needs tens of minutes for all of a 300k-line
  // repository here: it runs on every Nth file (the same files each run), timed against the CLI
  // and the parser on exactly those files.
  const sample = files.filter((_, i) => i % options.cppcheckSample === 0);
  const sampleLines = sample.reduce((n, f) => n + lineCount(readFileSync(f, 'utf8')), 0);
  const cliOnSample = await timed(process.execPath, [cliPath, '--exit-zero', ...sample]);
  const run = await timed('cppcheck', ['-q', `-j${cores}`, '--enable=warning', ...sample], options.cppcheckTimeoutS * 1000);
  const sampleScenario = `repo, every ${options.cppcheckSample}th file (${(sampleLines / 1000).toFixed(0)}k lines, ${sample.length} files)`;
  const note = run.timedOut ? `cppcheck stopped after ${options.cppcheckTimeoutS} s: its throughput is at most the figure shown` : undefined;
  figures.add({
    scenario: sampleScenario,
    figure: `CLI vs cppcheck -j${cores} --enable=warning`,
    unit: 'lines/s',
    measured: (sampleLines / cliOnSample.ms) * 1000,
    baseline: (sampleLines / run.ms) * 1000,
    baselineLabel: '(cppcheck)',
    note,
  });
  return { ...result, cppcheck: { files: sample.length, lines: sampleLines, ms: run.ms, exit: run.code, timedOut: run.timedOut, cliMs: cliOnSample.ms } };
}
