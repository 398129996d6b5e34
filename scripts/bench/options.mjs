// Command-line options of scripts/bench.mjs, and the paths every part of the bench shares.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

export const scenarioNames = ['c12k', 'real', 'repo', 'memory', 'blocking', 'ts'];

export const usage = `usage: node scripts/bench.mjs [options]   (npm run bench -- [options] builds first)
  --runs N          samples per figure: opens of each big document; edit rounds are 2×N (default 9)
  --only a,b        scenarios to run, of ${scenarioNames.join(', ')} (default: all);
                    "blocking" (a small document while a big one is analysed) runs within c12k and real
  --c-file PATH     real C file for the "real" scenario (or BENCH_C_FILE; default /work/corpus/bench/c_server.c)
  --ts-file PATH    real TS file for the "real" scenario (or BENCH_TS_FILE; default /work/corpus/bench/ts_client.ts)
  --repo DIR        folder of C/C++ code for the "repo" scenario (or BENCH_REPO; default /work/corpus/repos)
  --repo-runs N     runs of each whole-repository figure (default 3; cppcheck runs once)
  --cppcheck-sample N   cppcheck (and the CLI, for comparison) on every Nth file of --repo (default 10)
  --cppcheck-timeout S  stop cppcheck after S seconds (default 600)
  --no-cppcheck     skip cppcheck in the "repo" scenario
  --mode pull|push|both   diagnostics model for the generated TS/C 2,000-line figures (default pull)
  --out FILE        where the JSON goes (default out/bench/results.json)
  --write DIR       also save the generated sources there
  --verbose         print every sample`;

/** A mistake in the command line: reported as a message, without a stack. */
function usageError(message) {
  return Object.assign(new Error(message), { usage: true });
}

function option(argv, name, env, fallback) {
  const at = argv.indexOf(`--${name}`);
  if (at >= 0 && at + 1 < argv.length) return argv[at + 1];
  if (env && process.env[env]) return process.env[env];
  return fallback;
}

/** A file or folder given explicitly, else the default when it exists. */
function input(argv, name, env, fallback) {
  const given = option(argv, name, env, undefined);
  if (given !== undefined) {
    if (!existsSync(given)) throw usageError(`--${name} ${given}: no such file or folder`);
    return { path: given, given: true };
  }
  return { path: existsSync(fallback) ? fallback : undefined, fallback, given: false };
}

export function parseOptions(argv) {
  if (argv.includes('--help') || argv.includes('-h')) return undefined;
  const only = option(argv, 'only', undefined, scenarioNames.join(',')).split(',');
  const unknown = only.filter((s) => !scenarioNames.includes(s));
  if (unknown.length) throw usageError(`--only: unknown scenario ${unknown.join(', ')}; known: ${scenarioNames.join(', ')}`);
  const modes = { both: [true, false], pull: [true], push: [false] }[option(argv, 'mode', undefined, 'pull')];
  if (!modes) throw usageError('--mode is pull, push or both');
  return {
    runs: Math.max(3, Number(option(argv, 'runs', 'BENCH_RUNS', '9'))),
    repoRuns: Math.max(1, Number(option(argv, 'repo-runs', undefined, '3'))),
    only: new Set(only),
    cFile: input(argv, 'c-file', 'BENCH_C_FILE', '/work/corpus/bench/c_server.c'),
    tsFile: input(argv, 'ts-file', 'BENCH_TS_FILE', '/work/corpus/bench/ts_client.ts'),
    repo: input(argv, 'repo', 'BENCH_REPO', '/work/corpus/repos'),
    cppcheck: !argv.includes('--no-cppcheck'),
    cppcheckSample: Math.max(1, Number(option(argv, 'cppcheck-sample', undefined, '10'))),
    cppcheckTimeoutS: Math.max(1, Number(option(argv, 'cppcheck-timeout', undefined, '600'))),
    modes,
    out: option(argv, 'out', undefined, join(root, 'out/bench/results.json')),
    write: option(argv, 'write', undefined, undefined),
    verbose: argv.includes('--verbose'),
  };
}
