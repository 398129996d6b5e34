// Bundles each test/**/*.test.ts (not test/e2e, which runs inside VS Code) into out/test/, so
// tests can import the TypeScript sources directly. With --run, hands the exact file list to
// `node --test`: Node 20 takes a directory there but Node 21+ reads its arguments as globs.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commonOptions } from './build.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const testDir = join(root, 'test');
const outDir = join(root, 'out/test');
/** About a third of the suite's time: hundreds of analyses of extreme inputs in child processes. */
const SLOWEST = join('unit', 'robustness.test.ts');

function findTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (path !== join(testDir, 'e2e') && entry.name !== 'node_modules') found.push(...findTests(path));
    } else if (entry.name.endsWith('.test.ts')) {
      found.push(path);
    }
  }
  return found.sort();
}

async function main() {
  const entries = findTests(testDir);
  if (entries.length === 0) throw new Error('no test/**/*.test.ts files found');
  rmSync(outDir, { recursive: true, force: true });
  await build({ ...commonOptions, entryPoints: entries, outbase: testDir, outdir: outDir });
  // The longest-running file starts first, so that it does not end the run alone on one core.
  const slowFirst = [...entries].sort((a, b) => Number(b.endsWith(SLOWEST)) - Number(a.endsWith(SLOWEST)));
  const outputs = slowFirst.map((e) => join(outDir, relative(testDir, e)).replace(/\.ts$/, '.js'));
  console.log(`built ${outputs.length} test files into ${relative(root, outDir)}${sep}`);
  if (!process.argv.includes('--run')) return 0;
  // Test files run side by side, as many as there are cores: most of their time is spent waiting on
  // a language server or a compiler. SOCKLINT_TEST_CONCURRENCY overrides it (1 runs them in turn).
  const concurrency = Number(process.env.SOCKLINT_TEST_CONCURRENCY) || Math.max(2, availableParallelism());
  const run = spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...outputs.map((o) => relative(root, o))], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.error) throw run.error;
  return run.status ?? 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`test build failed: ${err.message}`);
    process.exit(1);
  },
);
