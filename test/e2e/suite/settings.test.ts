import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, expected, sortedComparable } from './expected';
import { fixtureUri, resetSettings, revertAndCloseAll, setSetting, showFixture, waitForDiagnostics } from './helpers';

const name = 'listener.cpp';
const baseline = expected.files[name].diagnostics;

/** Opens the file and waits for the findings under default settings, so each change starts from them. */
async function openAtBaseline(): Promise<vscode.Uri> {
  const uri = fixtureUri(name);
  await showFixture(name);
  const diagnostics = await waitForDiagnostics(uri, (d) => d.length === baseline.length, `the default findings on ${name}`);
  assert.deepEqual(sortedComparable(diagnostics), baseline);
  return uri;
}

export function settingsTests(): void {
  suite('settings', () => {
    teardown(async () => {
      await resetSettings();
      await revertAndCloseAll();
    });

    test('a rule set to "off" is no longer reported', async () => {
      const uri = await openAtBaseline();
      await setSetting('rules', { 'setsockopt-after-bind': 'off' });
      const left = await waitForDiagnostics(uri, (d) => d.length === baseline.length - 1, 'setsockopt-after-bind to go');
      assert.deepEqual(left.map(codeOf), ['missing-exclusiveaddruse']);
    });

    test('a rule set to "error" is reported as an error, the others keep their severity', async () => {
      const uri = await openAtBaseline();
      await setSetting('rules', { 'missing-exclusiveaddruse': 'error' });
      const error = vscode.DiagnosticSeverity.Error;
      const now = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'missing-exclusiveaddruse' && x.severity === error), 'the error');
      assert.deepEqual(
        sortedComparable(now),
        baseline.map((d) => (d.code === 'missing-exclusiveaddruse' ? { ...d, severity: 'error' } : d)),
      );
    });

    test('platform "posix" drops the Winsock-only rule', async () => {
      const uri = await openAtBaseline();
      await setSetting('platform', 'posix');
      const left = await waitForDiagnostics(uri, (d) => d.length === baseline.length - 1, 'missing-exclusiveaddruse to go');
      assert.deepEqual(left.map(codeOf), ['setsockopt-after-bind']);
    });

    test('"enable": false clears the findings and true brings them back', async () => {
      const uri = await openAtBaseline();
      await setSetting('enable', false);
      await waitForDiagnostics(uri, (d) => d.length === 0, 'all findings to go');
      await setSetting('enable', true);
      const back = await waitForDiagnostics(uri, (d) => d.length === baseline.length, 'the findings to come back');
      assert.deepEqual(sortedComparable(back), baseline);
    });
  });
}
