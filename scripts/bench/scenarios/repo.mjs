// Scenario "repo": whole-repository throughput of the CLI, against a tree-sitter parse plus a full
// TreeCursor walk of the same files (on one core, and in worker threads on every core), and
// against cppcheck on the same folder.
import { spawn, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { root } from '../options.mjs';
import { loadParsers, parseAndWalk, sourceFiles } from '../treesitter.mjs';
import { stats } from '../stats.mjs';

const wasmDir = join(root, 'server/out');
const cliPath = join(root, 'server/out/cli.js');

/** Runs a command to completion, output discarded except the last of stderr; resolves with wall ms. */
function timed(command, args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ ms: performance.now() - t0, code, stderr }));
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
  figures.add({ scenario, figure: 'CLI throughput vs parse+walk, all cores', unit: 'lines/s', measured: cliRate, baseline: rate(stats(parallel).median), baselineLabel: `(${cores} workers)`, target: { ratioMin: 0.7 } });
  figures.add({ scenario, figure: 'CLI throughput vs parse+walk, one core', unit: 'lines/s', measured: cliRate, baseline: rate(stats(single).median), baselineLabel: '(1 core)' });
  const result = { dir, files: files.length, lines, cores, cliMs: stats(cli), walkOneCoreMs: stats(single), walkAllCoresMs: stats(parallel) };

  if (!options.cppcheck) return result;
  if (!cppcheckAvailable()) {
    figures.skip(scenario, 'cppcheck is not installed: apt-get install -y cppcheck');
    return result;
  }
  const run = await timed('cppcheck', ['-q', `-j${cores}`, '--enable=warning', dir]);
  figures.add({ scenario, figure: `CLI throughput vs cppcheck -j${cores} --enable=warning`, unit: 'lines/s', measured: cliRate, baseline: rate(run.ms), baselineLabel: '(cppcheck)' });
  return { ...result, cppcheckMs: run.ms, cppcheckExit: run.code };
}
