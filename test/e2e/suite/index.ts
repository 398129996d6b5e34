import { renameSync, writeFileSync } from 'node:fs';
import Mocha from 'mocha';
import { activationTests } from './activation.test';
import { diagnosticsTests } from './diagnostics.test';
import { editingTests } from './editing.test';
import { editorFeatureTests } from './editorFeatures.test';
import { packagingTests } from './packaging.test';
import { quickFixTests } from './quickFix.test';
import { restartTests } from './restart.test';
import { settingsTests } from './settings.test';

export interface TestResult {
  title: string;
  state: 'passed' | 'failed';
  durationMs: number;
  error?: string;
}

export interface SuiteResults {
  passed: number;
  failed: number;
  tests: TestResult[];
  /** Set by the code-server runner: "ok", or why it could not show the finding and its quick fix. */
  staged?: string;
}

/** Activation first: it needs a window where no C or C++ file has been opened. */
const suites = [activationTests, packagingTests, diagnosticsTests, quickFixTests, editorFeatureTests, editingTests, settingsTests, restartTests];

/** Runs the suite inside the extension host; the results are also the runner's report. */
export function runSuite(): Promise<SuiteResults> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 90_000, color: false, reporter: 'spec' });
  // The suite is bundled, so there are no files for mocha to load: define its globals
  // (suite, test, ...) as loading a file would, then let the test modules register.
  mocha.suite.emit('pre-require', globalThis, 'socklint-e2e', mocha);
  for (const register of suites) register();
  const results: SuiteResults = { passed: 0, failed: 0, tests: [] };
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve(results));
    runner.on('pass', (test) => {
      results.passed++;
      results.tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 });
    });
    // Also fires for failed hooks, which then count as a failure of their own.
    runner.on('fail', (test, err: Error) => {
      results.failed++;
      results.tests.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error: err.stack ?? String(err) });
    });
  });
}

export function writeResults(path: string, results: SuiteResults): void {
  writeFileSync(`${path}.tmp`, JSON.stringify(results, null, 2));
  // Renamed into place so that a watcher never reads half a file.
  renameSync(`${path}.tmp`, path);
}

/** Entry point for @vscode/test-electron (`extensionTestsPath`): rejects when a test failed. */
export async function run(): Promise<void> {
  const results = await runSuite();
  const path = process.env.SOCKLINT_E2E_RESULTS;
  if (path) writeResults(path, results);
  if (results.failed > 0) throw new Error(`${results.failed} end-to-end test(s) failed`);
}
