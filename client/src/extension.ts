import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, RevealOutputChannelOn, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { registerRestartCommand } from './restartCommand';
import { RestartPolicy } from './restartPolicy';
import { StatusItem } from './status';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('server/out/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6019'] },
    },
  };
  // Created once so a restart keeps writing to the same channel instead of opening a new one.
  const outputChannel = vscode.window.createOutputChannel('socklint', { log: true });
  const restarts = new RestartPolicy();
  context.subscriptions.push(outputChannel);
  const documentSelector = ['file', 'untitled'].flatMap((scheme) => ['c', 'cpp', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact'].map((language) => ({ scheme, language })));
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    synchronize: { configurationSection: 'socklint' },
    initializationOptions: { statusNotifications: true },
    outputChannel,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler: {
      // A few broken messages in a row mean the connection is gone; the close handler decides then.
      error: (_error, _message, count) => ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
      closed: () => {
        const decision = restarts.closed();
        if (decision.restart) return { action: CloseAction.Restart, handled: true };
        if (decision.message) void vscode.window.showErrorMessage(decision.message);
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    },
  };
  client = new LanguageClient('socklint', 'socklint', serverOptions, clientOptions);
  const status = new StatusItem(documentSelector);
  context.subscriptions.push(
    status,
    registerRestartCommand(() => {
      restarts.reset();
      return client;
    }),
    registerCommands(() => client, outputChannel),
  );
  status.attach(client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
