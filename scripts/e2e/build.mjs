// Bundles the suite for both runners: out/e2e/suite.js (@vscode/test-electron's extensionTestsPath),
// out/e2e/runTest.js, and the code-server runner extension, packaged as out/e2e/socklint-e2e-runner.vsix.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { commonOptions } from '../build.mjs';
import { runGroup } from './processes.mjs';

export async function buildE2e(root) {
  const out = join(root, 'out/e2e');
  const runnerDir = join(out, 'runner');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(runnerDir, { recursive: true });
  // logLevel error: mocha's parallel mode (never used here) makes esbuild warn about require.resolve.
  const options = { ...commonOptions, sourcemap: 'inline', logLevel: 'error', external: ['vscode'] };
  await Promise.all([
    build({ ...options, entryPoints: [join(root, 'test/e2e/suite/index.ts')], outfile: join(out, 'suite.js') }),
    build({ ...options, entryPoints: [join(root, 'test/e2e/runTest.ts')], outfile: join(out, 'runTest.js') }),
    build({ ...options, entryPoints: [join(root, 'test/e2e/runner/extension.ts')], outfile: join(runnerDir, 'extension.js') }),
  ]);
  copyFileSync(join(root, 'test/e2e/runner/package.json'), join(runnerDir, 'package.json'));
  const vsix = join(out, 'socklint-e2e-runner.vsix');
  const vsce = join(root, 'node_modules/.bin/vsce');
  await runGroup(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix], {
    cwd: runnerDir,
    timeoutMs: 120_000,
  });
  return { runnerVsix: vsix, extensionVsix: join(root, 'socklint.vsix') };
}
