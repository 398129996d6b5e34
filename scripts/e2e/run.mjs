// `npm run test:e2e`: builds and packages the extension, prepares the tools (cached), runs the VS Code
// suite (in code-server, or with --vscode=electron in a downloaded VS Code) and the Neovim suite, and
// ends with the plain line `N passed, N failed`. Everything it starts is stopped before it exits.
// Options: --vscode=code-server|electron|none, --no-neovim.
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildE2e } from './build.mjs';
import { runCodeServerSuite } from './codeServer.mjs';
import { runElectronSuite } from './electron.mjs';
import { runNeovimSuite } from './neovim.mjs';
import { killAllNow, runGroup, stopAll, survivors } from './processes.mjs';
import { check, failure } from './results.mjs';
import { removeTempDirs } from './tempDirs.mjs';
import { prepareTools } from './tools.mjs';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const artifacts = join(root, 'test/e2e/artifacts');
/** Well inside CI's budget; a hung step is killed rather than waited for. */
const overallLimitMs = 30 * 60_000;

const option = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const vscodeRunner = option('vscode', 'code-server');
const withNeovim = !process.argv.includes('--no-neovim');

const started = Date.now();
const log = (message) => console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

async function timed(what, body) {
  const t0 = Date.now();
  log(`${what}...`);
  const value = await body();
  log(`${what}: done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  return value;
}

function print(results) {
  for (const t of results) {
    console.log(`${t.state === 'passed' ? 'ok  ' : 'FAIL'} ${t.title} (${t.durationMs} ms)`);
    if (t.error) console.log(t.error.replace(/^/gm, '       '));
  }
}

const results = [];
/** Set by a signal or the overall time limit: no further suite starts. */
let stopping = false;

function summarize() {
  const failed = results.filter((t) => t.state === 'failed').length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  return failed;
}

async function main() {
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  try {
    await timed('build and package', async () => {
      await runGroup('npm', ['run', 'package'], { cwd: root, timeoutMs: 300_000 });
      await runGroup(join(root, 'node_modules/.bin/tsc'), ['--noEmit', '-p', 'test/e2e'], { cwd: root, timeoutMs: 300_000 });
    });
    const vsixes = await timed('bundle the suite and the runner extension', () => buildE2e(root));
    if (stopping) return 1;
    if (vscodeRunner === 'code-server') {
      const tools = await timed('prepare Node 24 and code-server', () => prepareTools(root, log));
      results.push(...(await timed('VS Code suite in code-server', () => runCodeServerSuite({ root, tools, vsixes, artifacts, log }))));
    } else if (vscodeRunner === 'electron') {
      results.push(...(await timed('VS Code suite in @vscode/test-electron', () => runElectronSuite(root))));
    }
    if (stopping) return 1;
    if (withNeovim) results.push(...(await timed('Neovim suite', () => runNeovimSuite(root))));
  } catch (err) {
    results.push(failure('end-to-end setup', err));
  }
  if (stopping) return 1;
  const killed = await stopAll();
  await check(results, 'no process left behind', () => {
    const left = survivors();
    if (left.length > 0) throw new Error(`still running: ${left.join(', ')}`);
  });
  print(results);
  if (killed > 0) log(`stopped ${killed} leftover process(es) at the end`);
  log(`finished in ${((Date.now() - started) / 1000).toFixed(1)}s; artifacts in ${artifacts}`);
  return summarize() > 0 ? 1 : 0;
}

/** Ends the run early: stops everything it started and reports what finished before. */
function abort(why, exitCode) {
  if (stopping) return;
  stopping = true;
  log(`${why}: stopping everything`);
  stopAll(1000).finally(() => {
    results.push(failure('the run finishes', why));
    print(results);
    summarize();
    process.exit(exitCode);
  });
}

process.on('exit', () => {
  killAllNow();
  removeTempDirs();
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => abort(`interrupted by ${signal}`, 130));
setTimeout(() => abort(`not finished after ${overallLimitMs / 60_000} minutes`, 1), overallLimitMs).unref();

main().then(
  (code) => {
    if (!stopping) process.exit(code);
  },
  (err) => {
    results.push(failure('the run finishes', err));
    summarize();
    process.exit(1);
  },
);
