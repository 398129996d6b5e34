import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

interface StatusParams {
  uri: string;
  version: number;
  builds: string[];
  incomplete?: string;
  timeMs: number;
}

/**
 * The language status item ({} next to the language mode): socklint is active, which platform
 * builds it analysed and when, and a warning when an analysis was incomplete. It links to the
 * output channel, which never opens by itself.
 */
export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private readonly latest = new Map<string, StatusParams & { at: Date }>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(selector: vscode.DocumentSelector) {
    this.item = vscode.languages.createLanguageStatusItem('socklint.status', selector);
    this.item.name = 'socklint';
    this.item.command = { title: 'Show Output', command: 'socklint.showOutput' };
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidCloseTextDocument((d) => this.latest.delete(d.uri.toString())),
    );
    this.render();
  }

  /** Listens to the server's socklint/status notifications (again after each restart). */
  attach(client: LanguageClient): void {
    this.subscriptions.push(
      client.onNotification('socklint/status', (params: StatusParams) => {
        this.latest.set(params.uri, { ...params, at: new Date() });
        this.render();
      }),
    );
  }

  private render(): void {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const status = uri ? this.latest.get(uri) : undefined;
    this.item.text = 'socklint';
    if (!status) {
      this.item.severity = vscode.LanguageStatusSeverity.Information;
      this.item.detail = 'active';
      return;
    }
    const builds = status.builds.length ? status.builds.join(', ') : 'no socket code';
    const when = `analysed at ${status.at.toLocaleTimeString()} in ${status.timeMs} ms`;
    if (status.incomplete) {
      this.item.severity = vscode.LanguageStatusSeverity.Warning;
      this.item.text = 'socklint: incomplete';
      this.item.detail = `${builds}; ${when}; ${status.incomplete}`;
    } else {
      this.item.severity = vscode.LanguageStatusSeverity.Information;
      this.item.detail = `${builds}; ${when}`;
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
