import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { compilerAvailable, compilerFor, syntaxCheck } from '../helpers/compile';
import type { Lang } from '../helpers/compile';

/**
 * The test programs are real Winsock code: MinGW must accept them. Without MinGW the test is
 * marked skipped locally (so the report shows the check did not run) and fails under CI, like the
 * rule tests do.
 */
export function assertCompilesForWindows(t: TestContext, lang: Lang, text: string, label: string): void {
  const compiler = compilerFor('mingw', lang);
  if (!compilerAvailable(compiler)) {
    if (process.env.CI) assert.fail(`${compiler} not found (CI is set, so a missing compiler is an error)`);
    t.skip(`${compiler} not found: compile check of ${label} skipped`);
    return;
  }
  const result = syntaxCheck('mingw', lang, text, label);
  assert.ok(result.ok, `${label} does not compile with ${compiler}:\n${result.stderr}`);
}
