import * as vscode from 'vscode';
import { LanguageClient, RevealOutputChannelOn, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { registerRestartCommand } from './restartCommand';
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
  context.subscriptions.push(outputChannel);
  const documentSelector = ['file', 'untitled'].flatMap((scheme) =>
    ['c', 'cpp', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact'].map((language) => ({ scheme, language })),
  );
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    synchronize: { configurationSection: 'socklint' },
    initializationOptions: { statusNotifications: true },
    outputChannel,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };
  client = new LanguageClient('socklint', 'socklint', serverOptions, clientOptions);
  const status = new StatusItem(documentSelector);
  context.subscriptions.push(status, registerRestartCommand(() => client), registerCommands(() => client, outputChannel));
  status.attach(client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
