import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, expected, expectedRange } from './expected';
import { fixtureUri, hasCode, revertAndCloseAll, showFixture, waitForDiagnostics } from './helpers';

const fix = expected.quickFix;

async function preferredFix(uri: vscode.Uri): Promise<vscode.CodeAction> {
  const target = expected.files[fix.file].diagnostics.find((d) => d.code === fix.code);
  assert.ok(target, `expected.json has no ${fix.code} on ${fix.file}`);
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, expectedRange(target), vscode.CodeActionKind.QuickFix.value);
  const preferred = actions.filter((a): a is vscode.CodeAction => 'isPreferred' in a && a.isPreferred === true);
  assert.equal(preferred.length, 1, `preferred actions: ${preferred.map((a) => a.title).join('; ') || 'none'}`);
  return preferred[0];
}

export function quickFixTests(): void {
  suite('quick fix', () => {
    teardown(revertAndCloseAll);

    test(`offers "${fix.title}" as the preferred quick fix`, async () => {
      const uri = fixtureUri(fix.file);
      await showFixture(fix.file);
      await waitForDiagnostics(uri, hasCode(fix.code), `${fix.code} on ${fix.file}`);
      const action = await preferredFix(uri);
      assert.equal(action.title, fix.title);
      assert.ok(action.kind && vscode.CodeActionKind.QuickFix.contains(action.kind), `kind ${action.kind?.value}`);
      // The command's results do not always carry the diagnostics back (code-server's do not); when they do, it must be ours.
      if (action.diagnostics) assert.deepEqual(action.diagnostics.map(codeOf), [fix.code]);
      assert.ok(action.edit, 'the quick fix carries no edit');
    });

    test('applying the quick fix removes the diagnostic', async () => {
      const uri = fixtureUri(fix.file);
      const editor = await showFixture(fix.file);
      await waitForDiagnostics(uri, hasCode(fix.code), `${fix.code} on ${fix.file}`);
      const action = await preferredFix(uri);
      assert.ok(action.edit);
      assert.equal(await vscode.workspace.applyEdit(action.edit), true, 'workspace.applyEdit refused the edit');
      const lines = editor.document.getText().split(/\r?\n/);
      assert.equal(lines[lines.indexOf(fix.beforeLine) - 1], fix.movedLine, 'the call is not just before bind');
      assert.equal(lines.filter((l) => l === fix.movedLine).length, 1, 'the call was copied, not moved');
      const left = await waitForDiagnostics(uri, (d) => d.length === fix.remaining.length, 'the diagnostics of the fixed file');
      assert.deepEqual(left.map(codeOf), fix.remaining);
    });
  });
}
