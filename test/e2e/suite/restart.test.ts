import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { expected, sortedComparable } from './expected';
import { fixtureUri, lacksCode, revertAndCloseAll, showFixture, socklint, waitForDiagnostics } from './helpers';

export function restartTests(): void {
  suite('restart command', () => {
    teardown(revertAndCloseAll);

    test('socklint.restartServer restarts the server, which then analyses edits', async () => {
      const name = 'late_exclusive.c';
      const uri = fixtureUri(name);
      const editor = await showFixture(name);
      const baseline = expected.files[name].diagnostics;
      await waitForDiagnostics(uri, (d) => d.length === baseline.length, `the findings on ${name}`);
      const commands = await vscode.commands.getCommands(true);
      assert.ok(commands.includes('socklint.restartServer'), 'the restart command is not registered');
      await vscode.commands.executeCommand('socklint.restartServer');
      assert.equal(socklint().isActive, true);
      const again = await waitForDiagnostics(uri, (d) => d.length === baseline.length, 'the findings after the restart');
      assert.deepEqual(sortedComparable(again), baseline);
      // Only a running server can answer for text it has not seen before the restart.
      const late = baseline.find((d) => d.code === 'setsockopt-after-bind');
      assert.ok(late);
      assert.ok(await editor.edit((edit) => edit.delete(editor.document.lineAt(late.range[0]).rangeIncludingLineBreak)));
      await waitForDiagnostics(uri, lacksCode(late.code), `${late.code} to go after an edit`);
    });
  });
}
