import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  CodeActionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DiagnosticRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  LogTraceNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ResponseError,
  LSPErrorCodes,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import type { ClientCapabilities, CodeAction, Command, Diagnostic, InitializeResult, ProtocolConnection, PublishDiagnosticsParams, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { serverModule } from './repoRoot';

export interface ClientOptions {
  /** Advertise `textDocument.diagnostic`, so the server answers pulls instead of pushing. */
  pull: boolean;
  /** Answer `workspace/configuration` (from `settings`); otherwise the server relies on notifications. */
  configuration?: boolean;
  /** Accept `documentChanges` in workspace edits. */
  versionedEdits?: boolean;
  settings?: unknown;
  initializationOptions?: unknown;
  /** Workspace folder URIs sent in `initialize` (none by default). */
  workspaceFolders?: string[];
  /** Extra client capabilities, merged over the defaults section by section. */
  capabilities?: ClientCapabilities;
}

/** How long any single wait may take before the test fails with what the server said so far. */
export const waitLimitMs = 30_000;

/** A scripted LSP client that runs the built server as a child process over stdio. */
export class TestClient {
  /** The `socklint` section handed out for `workspace/configuration`. */
  settings: unknown;
  readonly logs: string[] = [];
  stderr = '';
  refreshRequests = 0;
  /** Methods the server registered dynamically (`workspace/didChangeWatchedFiles`...), with their options. */
  readonly registrations: Array<{ method: string; registerOptions?: unknown }> = [];
  initializeResult: InitializeResult | undefined;
  private readonly documents = new Map<string, TextDocument>();
  private readonly publishes: PublishDiagnosticsParams[] = [];
  /** Per document, the index into `publishes` from which a publish answers the latest edit. */
  private readonly awaitingFrom = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  /** The server's $/logTrace messages, with how many publishes and refreshes had come before each. */
  private readonly traces: { message: string; publishes: number; refreshes: number }[] = [];
  /** Per document, the index into `traces` from which a trace is about the latest edit. */
  private readonly tracesFrom = new Map<string, number>();
  readonly exited: Promise<number | null>;

  private constructor(
    readonly options: ClientOptions,
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {
    this.settings = options.settings ?? {};
    this.exited = new Promise((resolve) => process.once('exit', (code) => resolve(code)));
    process.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    connection.onNotification(LogMessageNotification.type, (p) => {
      this.logs.push(p.message);
    });
    connection.onNotification(LogTraceNotification.type, (p) => {
      this.traces.push({ message: p.message, publishes: this.publishes.length, refreshes: this.refreshRequests });
      this.notify();
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.publishes.push(p);
      this.notify();
    });
    connection.onRequest(ConfigurationRequest.type, (p) => p.items.map((item) => (item.section === 'socklint' ? this.settings : null)));
    connection.onRequest(RegistrationRequest.type, (p) => {
      this.registrations.push(...p.registrations);
      this.notify();
    });
    connection.onRequest(DiagnosticRefreshRequest.type, () => {
      this.refreshRequests++;
      this.notify();
    });
  }

  static async start(options: ClientOptions): Promise<TestClient> {
    const child = spawn(process.execPath, [serverModule(), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestClient(options, child, connection);
    connection.listen();
    client.initializeResult = await client.within(
      'initialize',
      connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: null,
        capabilities: capabilities(options),
        initializationOptions: options.initializationOptions,
        workspaceFolders: options.workspaceFolders?.map((uri) => ({ uri, name: uri.replace(/.*\//, '') })) ?? null,
        // The server traces when a version's typed pass is over (see settledDiagnostics).
        trace: 'messages',
      }),
    );
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  text(uri: string): string {
    return this.document(uri).getText();
  }

  version(uri: string): number {
    return this.document(uri).version;
  }

  async open(uri: string, languageId: string, text: string): Promise<void> {
    const document = TextDocument.create(uri, languageId, 1, text);
    this.documents.set(uri, document);
    this.awaitingFrom.set(uri, this.publishes.length);
    this.tracesFrom.set(uri, this.traces.length);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  /** Sends incremental edits, applied in order, and mirrors them in the local copy. */
  async change(uri: string, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    const document = TextDocument.update(this.document(uri), contentChanges, this.version(uri) + 1);
    this.documents.set(uri, document);
    this.awaitingFrom.set(uri, this.publishes.length);
    this.tracesFrom.set(uri, this.traces.length);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: document.version },
      contentChanges,
    });
  }

  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    this.awaitingFrom.set(uri, this.publishes.length);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Changes settings the way the client in use would: new answers to pulls, or the section itself. */
  async changeSettings(settings: unknown): Promise<void> {
    this.settings = settings;
    for (const uri of this.documents.keys()) this.awaitingFrom.set(uri, this.publishes.length);
    const payload = this.options.configuration === false ? { socklint: settings } : null;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: payload });
  }

  /**
   * The diagnostics for the document as it is now: pulled, or the first push since the last
   * open/edit/settings change that carries the current version.
   */
  async diagnostics(uri: string): Promise<Diagnostic[]> {
    if (this.options.pull) return this.pull(uri);
    const version = this.documents.get(uri)?.version;
    const from = this.awaitingFrom.get(uri) ?? 0;
    const found = await this.until(`diagnostics for ${uri}`, () =>
      this.publishes.slice(from).find((p) => p.uri === uri && (version === undefined || p.version === undefined || p.version === version)),
    );
    return found.diagnostics;
  }

  /**
   * The diagnostics for the document as it is now once they are final: after the first answer, the
   * server's typed pass for this version (TS/JS) is waited for, as it says in its trace, and when
   * the pass found something the refreshed diagnostics are returned. What a test asserting that a
   * TS document is clean must look at: the first answer comes before the type checker has spoken.
   */
  async settledDiagnostics(uri: string): Promise<Diagnostic[]> {
    const first = await this.diagnostics(uri);
    const version = this.version(uri);
    const prefix = `socklint: ${uri} v${version}: `;
    const from = this.tracesFrom.get(uri) ?? 0;
    const trace = await this.until(`the end of the typed pass of ${uri} v${version}`, () => this.traces.slice(from).find((t) => t.message.startsWith(prefix)));
    if (!trace.message.endsWith('diagnostics refreshed')) return first;
    if (this.options.pull) {
      await this.refreshed(trace.refreshes);
      return this.pull(uri);
    }
    const found = await this.until(`diagnostics for ${uri} after its typed pass`, () => this.publishes.slice(trace.publishes).find((p) => p.uri === uri && p.version === version));
    return found.diagnostics;
  }

  private async pull(uri: string): Promise<Diagnostic[]> {
    for (;;) {
      try {
        const report = await this.within(`textDocument/diagnostic for ${uri}`, this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }));
        if (report.kind !== 'full') throw new Error(`expected a full report, got ${report.kind}`);
        return report.items;
      } catch (err) {
        // The server asks for a retry when the document changed under the analysis.
        if (!(err instanceof ResponseError && err.code === LSPErrorCodes.ServerCancelled)) throw err;
      }
    }
  }

  async codeActions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const lastLine = this.document(uri).lineCount;
    const actions = await this.within(
      'textDocument/codeAction',
      this.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: lastLine, character: 0 } },
        context: { diagnostics, only },
      }),
    );
    return (actions ?? []).filter((a): a is CodeAction => !isCommand(a));
  }

  /** Waits for a push for the document, since its last open/edit, whose diagnostics satisfy `accept`. */
  async publishedWhere(uri: string, accept: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    const from = this.awaitingFrom.get(uri) ?? 0;
    const found = await this.until(`diagnostics for ${uri} as expected`, () => this.publishes.slice(from).find((p) => p.uri === uri && accept(p.diagnostics)));
    return found.diagnostics;
  }

  /** Waits until `probe` holds, re-checked on every server message of interest. */
  async waitFor<T>(what: string, probe: () => T | undefined): Promise<T> {
    return this.until(what, probe);
  }

  /** Every push for `uri` so far, oldest first (also for files that are not open, such as a configuration file). */
  published(uri: string): Diagnostic[][] {
    return this.publishes.filter((p) => p.uri === uri).map((p) => p.diagnostics);
  }

  /** Waits for the next `workspace/diagnostic/refresh` after `since` of them. */
  async refreshed(since: number): Promise<void> {
    await this.until('workspace/diagnostic/refresh', () => (this.refreshRequests > since ? true : undefined));
  }

  /** shutdown, then exit; resolves with the process's exit code. */
  async shutdown(): Promise<number | null> {
    await this.within('shutdown', this.connection.sendRequest(ShutdownRequest.type));
    await this.connection.sendNotification(ExitNotification.type);
    const code = await this.within('process exit', this.exited, false);
    this.connection.dispose();
    return code;
  }

  /** For `after` hooks: ends the server whatever state the test left it in. */
  async dispose(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      try {
        await this.shutdown();
        return;
      } catch {
        this.process.kill();
      }
    }
    this.connection.dispose();
  }

  errorLogs(): string[] {
    return this.logs.filter((l) => /fail|error/i.test(l));
  }

  private document(uri: string): TextDocument {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`${uri} is not open`);
    return document;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Resolves with the first non-undefined value of `probe`, re-checked on every server message of interest. */
  private until<T>(what: string, probe: () => T | undefined): Promise<T> {
    return this.within(
      what,
      new Promise<T>((resolve) => {
        const check = (): void => {
          const value = probe();
          if (value === undefined) return;
          this.listeners.delete(check);
          resolve(value);
        };
        this.listeners.add(check);
        check();
      }),
    );
  }

  private within<T>(what: string, promise: Promise<T>, failOnExit = true): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${waitLimitMs} ms waiting for ${what}\nserver log:\n${this.logs.join('\n')}\nstderr:\n${this.stderr}`)), waitLimitMs);
    });
    const racers: Promise<T>[] = [promise, timeout];
    if (failOnExit) {
      racers.push(
        this.exited.then((code) => {
          throw new Error(`the server exited (code ${code}) while waiting for ${what}\nstderr:\n${this.stderr}`);
        }),
      );
    }
    return Promise.race(racers).finally(() => clearTimeout(timer));
  }
}

function isCommand(action: CodeAction | Command): action is Command {
  return typeof (action as Command).command === 'string';
}

function capabilities(options: ClientOptions): ClientCapabilities {
  const base = defaultCapabilities(options);
  const extra = options.capabilities ?? {};
  return { ...base, ...extra, textDocument: { ...base.textDocument, ...extra.textDocument }, workspace: { ...base.workspace, ...extra.workspace } };
}

function defaultCapabilities(options: ClientOptions): ClientCapabilities {
  return {
    textDocument: {
      synchronization: { dynamicRegistration: false },
      publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
      codeAction: {
        codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } },
        isPreferredSupport: true,
        dataSupport: true,
      },
      ...(options.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
    },
    workspace: {
      configuration: options.configuration !== false,
      didChangeConfiguration: { dynamicRegistration: false },
      workspaceEdit: { documentChanges: options.versionedEdits !== false },
      diagnostics: { refreshSupport: options.pull },
    },
  };
}
