import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';

/** The palette commands; the work is the server's (socklint.server.*), except showing the output. */
export function registerCommands(getClient: () => LanguageClient | undefined, output: vscode.OutputChannel): vscode.Disposable {
  const run = async (command: string, args: unknown[]): Promise<unknown> => {
    const client = getClient();
    if (!client?.isRunning()) {
      void vscode.window.showWarningMessage('socklint: the server is not running.');
      return undefined;
    }
    return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand('socklint.fixAllInFile', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      const { document } = editor;
      const result = (await run('socklint.server.fixAll', [{ uri: document.uri.toString(), version: document.version }])) as { applied?: boolean } | undefined;
      if (result && !result.applied) vscode.window.setStatusBarMessage('socklint: nothing to fix in this file', 3000);
    }),
    vscode.commands.registerCommand('socklint.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('socklint.analyzeWorkspace', () => run('socklint.server.analyzeWorkspace', [])),
  );
}
