import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf } from './expected';

export const extensionId = 'socklint.socklint';

/** The first analysis waits for the server to start and load its grammars; later ones are quick. */
export const waitLimitMs = 30_000;

export function socklint(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `${extensionId} is not installed`);
  return extension;
}

export function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the fixture folder open as the workspace');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Shown, not just opened: the language client pulls diagnostics only for documents in editor tabs. */
export async function showFixture(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(name));
  return vscode.window.showTextDocument(document, { preview: false });
}

export function socklintDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'socklint');
}

export function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return 'none';
  return diagnostics.map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}/${vscode.DiagnosticSeverity[d.severity]}`).join(', ');
}

/**
 * Resolves with uri's socklint diagnostics once `accept` holds for them, checking now and after
 * every diagnostics change for uri; rejects with what was there last when the time runs out.
 */
export function waitForDiagnostics(uri: vscode.Uri, accept: (diagnostics: vscode.Diagnostic[]) => boolean, what: string, timeoutMs = waitLimitMs): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const diagnostics = socklintDiagnostics(uri);
      if (!accept(diagnostics)) return;
      finish();
      resolve(diagnostics);
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last diagnostics: ${describeDiagnostics(socklintDiagnostics(uri))}`));
    }, timeoutMs);
    function finish(): void {
      clearTimeout(timer);
      subscription.dispose();
    }
    check();
  });
}

export function hasCode(code: string): (diagnostics: vscode.Diagnostic[]) => boolean {
  return (diagnostics) => diagnostics.some((d) => codeOf(d) === code);
}

export function lacksCode(code: string): (diagnostics: vscode.Diagnostic[]) => boolean {
  return (diagnostics) => !diagnostics.some((d) => codeOf(d) === code);
}

/** Workspace-folder settings, as a user would set them for one project. */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('socklint').update(key, value, vscode.ConfigurationTarget.Workspace);
}

export async function resetSettings(): Promise<void> {
  for (const key of ['enable', 'rules', 'platform']) await setSetting(key, undefined);
}

/** Reverts unsaved edits first, because closing a modified editor would open a save dialog. */
export async function revertAndCloseAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    // The workbench may open an editor of its own meanwhile (the user settings.json a settings test
    // wrote), and showTextDocument then refuses; a few tries get past it.
    for (let attempt = 1; ; attempt++) {
      try {
        await vscode.window.showTextDocument(document);
        await vscode.commands.executeCommand('workbench.action.files.revert');
        break;
      } catch (err) {
        if (attempt >= 5) throw err;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
