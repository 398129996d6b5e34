import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** `socklint.restartServer`: for when the server is stuck or after rebuilding it during development. */
export function registerRestartCommand(getClient: () => LanguageClient | undefined): vscode.Disposable {
  return vscode.commands.registerCommand('socklint.restartServer', async () => {
    const client = getClient();
    if (!client) return;
    try {
      await client.restart();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      client.error('Restarting the socklint server failed', err);
      void vscode.window.showErrorMessage(`socklint: restarting the server failed: ${message}`);
    }
  });
}
