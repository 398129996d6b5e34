// Benchmark of socklint as users run it: the built language server (server/out/server.js) over a
// real LSP session on stdio, and the CLI on a whole repository. Each figure is given against a
// baseline measured in the same run on the same text (a tree-sitter parse, the TypeScript parse,
// the same request on an idle server, cppcheck), with its target from issue 9 and pass/miss.
// Prints tables and writes JSON; it never fails on a missed target (timing is never asserted).
//
//   npm run bench -- --help
//
// The parts live in scripts/bench/: lsp.mjs (LSP client), gen-*.mjs (generated sources),
// treesitter.mjs and baselines.mjs (what figures are divided by), editing.mjs (where edits go),
// stats.mjs (figures and tables), scenarios/ (one file per scenario).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { serverPath } from './bench/lsp.mjs';
import { parseOptions, root, usage } from './bench/options.mjs';
import { c12kScenario, realScenario } from './bench/scenarios/bigfiles.mjs';
import { generatedFiles, generatedScenario } from './bench/scenarios/generated.mjs';
import { memoryScenario } from './bench/scenarios/memory.mjs';
import { repoScenario } from './bench/scenarios/repo.mjs';
import { Figures, table, targetText } from './bench/stats.mjs';
import { loadParsers } from './bench/treesitter.mjs';

const log = (line) => console.log(line);

function machine() {
  return {
    node: process.version,
    platform: `${process.platform}/${process.arch}`,
    cpu: cpus()[0]?.model,
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    // Others' work on a shared machine shows here: the 1-minute load average at the start.
    loadAverage: loadavg()[0],
  };
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  if (!options) return console.log(usage);
  if (!existsSync(serverPath)) throw new Error(`${serverPath} is missing: run \`npm run build\` first`);
  const info = machine();
  const date = new Date().toISOString();
  log(`socklint bench ${date}: node ${info.node}, ${info.platform}, ${info.cores} cores (${info.cpu}), load average ${info.loadAverage.toFixed(1)}, ${options.runs} runs per figure`);

  const parsers = await loadParsers(join(root, 'server/out'));
  const figures = new Figures();
  const results = {};
  const scenarios = [
    ['c12k', 'C, ~12,000 lines from examples/', () => c12kScenario(options, figures, log, parsers)],
    ['real', 'real files', () => realScenario(options, figures, log, parsers)],
    ['ts', 'generated 2,000-line TS and C', () => generatedScenario(options, figures, log, parsers)],
    ['memory', 'memory', () => memoryScenario(options, figures, log)],
    ['repo', 'whole repository', () => (options.repo.path ? repoScenario(options, figures, log) : skipRepo(options, figures))],
  ];
  for (const [name, title, run] of scenarios) {
    if (!options.only.has(name) && !(name === 'c12k' && options.only.has('blocking'))) continue;
    log(`\n${title}...`);
    const t0 = performance.now();
    results[name] = await run();
    log(`  (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  if (options.write) {
    mkdirSync(options.write, { recursive: true });
    for (const f of generatedFiles()) writeFileSync(join(options.write, f.name), f.text);
    if (results.c12k) writeFileSync(join(options.write, 'examples-12k.c'), results.c12k.text);
  }
  if (results.c12k) delete results.c12k.text;

  log('');
  log(table(['scenario', 'figure', 'measured', 'baseline', 'ratio', 'target', 'result'], figures.rows()));
  const judged = figures.list.filter((f) => f.pass !== undefined);
  log(
    `\n${judged.filter((f) => f.pass).length} of ${judged.length} targets met (load average now ${loadavg()[0].toFixed(1)}). Medians and p95 over the runs; a shared machine's figures vary from run to run.`,
  );
  for (const f of figures.list.filter((x) => x.note)) log(`  ${f.scenario} / ${f.figure}: ${f.note}`);

  mkdirSync(dirname(options.out), { recursive: true });
  const figuresJson = figures.list.map((f) => ({ ...f, target: f.target && { ...f.target, text: targetText(f) }, result: f.pass === undefined ? undefined : f.pass ? 'pass' : 'miss' }));
  writeFileSync(options.out, `${JSON.stringify({ date, machine: info, loadAverageAtEnd: loadavg()[0], runs: options.runs, figures: figuresJson, details: results }, null, 2)}\n`);
  log(`JSON: ${options.out}`);
}

function skipRepo(options, figures) {
  figures.skip('repo', `no ${options.repo.fallback}: give --repo DIR or BENCH_REPO (README: libevent, lighttpd, mosquitto)`);
  return undefined;
}

main().catch((err) => {
  console.error(err.usage ? `bench: ${err.message} (npm run bench -- --help lists the options)` : `bench failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
