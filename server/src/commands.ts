import type { Connection } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAllEdit, showDocumentationCommand, workspaceEdit, type Reanalyse } from './codeActions';
import { analyzeWorkspaceCommand } from './workspaceAnalysis';
import type { AnalysisResult } from './engine/findings';
import { directiveRuleId } from './engine/suppression';
import { docUrl, ruleIds } from './rules';

/** "Fix All in File": every finding's preferred fix (unsafe ones too: the user asked for it by name). */
export const fixAllCommand = 'socklint.server.fixAll';

export interface CommandHost {
  connection: Connection;
  current(uri: string): Promise<{ document: TextDocument; result: AnalysisResult } | undefined>;
  reanalyser(document: TextDocument): Promise<Reanalyse>;
  versionedEdits(): boolean;
  analyzeWorkspace(): Promise<unknown>;
  log(message: string): void;
}

/** workspace/executeCommand for the commands the server declares. Bad arguments are logged, never thrown. */
export async function runCommand(host: CommandHost, command: string, args: unknown[]): Promise<unknown> {
  switch (command) {
    case fixAllCommand:
      return applyFixAll(host, args[0]);
    case showDocumentationCommand:
      return showDocumentation(host, args[0]);
    case analyzeWorkspaceCommand:
      return host.analyzeWorkspace();
    default:
      host.log(`socklint: unknown command ${command}`);
      return undefined;
  }
}

async function applyFixAll(host: CommandHost, arg: unknown): Promise<{ applied: boolean }> {
  const target = arg as { uri?: unknown; version?: unknown } | undefined;
  if (typeof target?.uri !== 'string') {
    host.log(`socklint: ${fixAllCommand} needs { uri, version }, got ${JSON.stringify(arg)}`);
    return { applied: false };
  }
  const now = await host.current(target.uri);
  // The text changed since the client asked: its fixes would land in the wrong place.
  if (!now || (typeof target.version === 'number' && target.version !== now.document.version)) return { applied: false };
  const edit = fixAllEdit(now.document, now.result, await host.reanalyser(now.document), { safeOnly: false });
  if (!edit) return { applied: false };
  const result = await host.connection.workspace.applyEdit({ label: 'socklint: Fix All in File', edit: workspaceEdit(now.document, [edit], host.versionedEdits()) });
  return { applied: result.applied };
}

async function showDocumentation(host: CommandHost, ruleId: unknown): Promise<{ success: boolean }> {
  if (typeof ruleId !== 'string' || !(ruleIds.includes(ruleId) || ruleId === directiveRuleId)) {
    host.log(`socklint: ${showDocumentationCommand} needs a rule id, got ${JSON.stringify(ruleId)}`);
    return { success: false };
  }
  return host.connection.window.showDocument({ uri: docUrl(ruleId), takeFocus: true });
}
