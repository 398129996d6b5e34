import * as vscode from 'vscode';
import { codeOf, expected } from '../suite/expected';
import { fixtureUri, hasCode, showFixture, waitForDiagnostics } from '../suite/helpers';

/**
 * Leaves the window as a person would see it: the fixture with its finding, the Problems panel,
 * and the quick-fix menu open at the finding, for the driver to check and photograph.
 */
export async function showFindingWithQuickFix(): Promise<void> {
  const { file, code } = expected.quickFix;
  const uri = fixtureUri(file);
  const editor = await showFixture(file);
  const diagnostics = await waitForDiagnostics(uri, hasCode(code), `${code} on ${file}`);
  const finding = diagnostics.find((d) => codeOf(d) === code);
  if (!finding) throw new Error(`no ${code} on ${file}`);
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  await vscode.window.showTextDocument(editor.document, { preserveFocus: false });
  editor.selection = new vscode.Selection(finding.range.start, finding.range.start);
  editor.revealRange(finding.range, vscode.TextEditorRevealType.InCenter);
  await vscode.commands.executeCommand('editor.action.quickFix');
}
