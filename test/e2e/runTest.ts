// The standard @vscode/test-electron runner, for machines that can download VS Code (and have a
// display, e.g. under xvfb-run). It runs the same bundled suite as the code-server runner.
// Usage: npm run test:e2e -- --vscode=electron   (or, after building, node out/e2e/runTest.js)
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import type { SuiteResults } from './suite/index';

/** Bundled to out/e2e/runTest.js, two levels below the extension root. */
const root = resolve(__dirname, '../..');

async function main(): Promise<number> {
  const temp = mkdtempSync(join(tmpdir(), 'socklint-e2e-electron-'));
  try {
    return await runIn(temp);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

async function runIn(temp: string): Promise<number> {
  const workspace = join(temp, 'workspace');
  cpSync(join(root, 'test/e2e/fixtures'), workspace, { recursive: true });
  const userData = join(temp, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User/settings.json'), JSON.stringify({ 'telemetry.telemetryLevel': 'off', 'workbench.startupEditor': 'none' }));
  // scripts/e2e/electron.mjs passes a path outside temp, to read the results itself.
  const resultsPath = process.env.SOCKLINT_E2E_RESULTS ?? join(temp, 'results.json');
  try {
    await runTests({
      version: process.env.SOCKLINT_E2E_VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out/e2e/suite.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', `--user-data-dir=${userData}`],
      extensionTestsEnv: { SOCKLINT_E2E_RESULTS: resultsPath },
    });
  } catch (err) {
    // A failed test also rejects here; the results file tells which.
    console.error(`VS Code run ended with: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!existsSync(resultsPath)) {
    console.error('the suite wrote no results');
    console.log('0 passed, 1 failed');
    return 1;
  }
  const results = JSON.parse(readFileSync(resultsPath, 'utf8')) as SuiteResults;
  for (const t of results.tests) console.log(`${t.state === 'passed' ? 'ok  ' : 'FAIL'} ${t.title}${t.error ? `\n${t.error}` : ''}`);
  if (!process.env.SOCKLINT_E2E_RESULTS) console.log(`${results.passed} passed, ${results.failed} failed`);
  return results.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
