import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { expected, expectedRange } from './expected';
import { fixtureUri, hasCode, lacksCode, revertAndCloseAll, showFixture, waitForDiagnostics } from './helpers';

const lateFile = 'late_exclusive.c';
const late = expected.files[lateFile].diagnostics.find((d) => d.code === 'setsockopt-after-bind')!;

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** Hover, the code-action menu and fix-all on save, as VS Code itself asks for them. */
export function editorFeatureTests(): void {
  suite('editor features', () => {
    teardown(async () => {
      await vscode.workspace.getConfiguration('editor', { languageId: 'c' }).update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
      await revertAndCloseAll();
    });

    test('hover on bind tells the handle state and what a second bind would get', async () => {
      const uri = fixtureUri(lateFile);
      await showFixture(lateFile);
      await waitForDiagnostics(uri, hasCode(late.code), `${late.code} on ${lateFile}`);
      const bindAt = new vscode.Position(late.related[0][0], late.related[0][1] + 1);
      const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, bindAt));
      assert.match(text, /\*\*socklint\*\* · `bind` on `s`/);
      assert.match(text, /Created:\*\* by `socket\(\)`/);
      assert.match(text, /Without `SO_EXCLUSIVEADDRUSE`, a second socket that binds a specific local address on this port succeeds/);
    });

    test('the code-action menu lists the fix, the disables and the documentation, in that order', async () => {
      const uri = fixtureUri(lateFile);
      await showFixture(lateFile);
      await waitForDiagnostics(uri, hasCode(late.code), `${late.code} on ${lateFile}`);
      const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, expectedRange(late), vscode.CodeActionKind.QuickFix.value);
      const titles = actions.filter((a): a is vscode.CodeAction => 'kind' in a).map((a) => a.title);
      assert.deepEqual(titles, [expected.quickFix.title, `Disable ${late.code} for this line`, `Disable ${late.code} for this file`, `Show documentation for ${late.code}`]);
    });

    test('source.fixAll.socklint on save applies the safe fix, and saving again changes nothing', async () => {
      // Its own fixture: saving changes the file on disk, which the other suites read.
      const name = 'fix_on_save.c';
      await vscode.workspace.getConfiguration('editor', { languageId: 'c' }).update('codeActionsOnSave', { 'source.fixAll.socklint': 'explicit' }, vscode.ConfigurationTarget.Workspace, true);
      const uri = fixtureUri(name);
      const editor = await showFixture(name);
      await waitForDiagnostics(uri, hasCode(late.code), `${late.code} on ${name}`);
      assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), '\n')));
      assert.ok(await editor.document.save());
      const lines = editor.document.getText().split(/\r?\n/);
      assert.equal(lines[lines.indexOf(expected.quickFix.beforeLine) - 1], expected.quickFix.movedLine, 'saved with the fix applied');
      assert.equal(lines.filter((l) => l === expected.quickFix.movedLine).length, 1, 'moved, not copied');
      await waitForDiagnostics(uri, lacksCode(late.code), `${late.code} to go`);
      const fixed = editor.document.getText();
      assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), '\n')));
      assert.ok(await editor.document.save());
      const again = fixed.split('\n');
      again.splice(1, 0, '');
      assert.equal(editor.document.getText(), again.join('\n'), 'the second save added nothing but the typed line');
    });
  });
}
