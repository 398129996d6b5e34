// The code-server runner: an extension that runs the suite in the extension host it lives in, since
// code-server cannot be given --extensionTestsPath. It acts only when the driver set the results path.
import { runSuite, writeResults } from '../suite/index';
import type { SuiteResults } from '../suite/index';
import { showFindingWithQuickFix } from './showQuickFix';

export async function activate(): Promise<void> {
  const resultsPath = process.env.SOCKLINT_E2E_RESULTS;
  if (!resultsPath) return;
  let results: SuiteResults;
  try {
    results = await runSuite();
  } catch (err) {
    results = { passed: 0, failed: 1, tests: [{ title: 'running the suite', state: 'failed', durationMs: 0, error: String(err) }] };
  }
  // The driver checks the page (Problems panel, quick-fix menu) once the results file appears.
  let staged: string;
  try {
    await showFindingWithQuickFix();
    staged = 'ok';
  } catch (err) {
    staged = err instanceof Error ? (err.stack ?? err.message) : String(err);
  }
  writeResults(resultsPath, { ...results, staged });
}

export function deactivate(): void {}
