import {
  createConnection,
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import type { CodeAction, DocumentDiagnosticReport, InitializeResult } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyzer } from './analyzer';
import { quickFixes, wantsQuickFixes } from './codeActions';
import { diagnosticSource, findingFor, toDiagnostics } from './diagnostics';
import { createDocuments } from './documents';
import type { AnalysisResult } from './engine/findings';
import { describe, guard } from './guard';
import { rcFileName } from './config/rcFile';
import { ProjectConfigs, type ProjectSettings } from './projectConfig';
import { DiagnosticsPusher } from './pushDiagnostics';
import { SettingsStore } from './settings';

const connection = createConnection(ProposedFeatures.all);
const logError = (message: string): void => connection.console.error(message);
const logInfo = (message: string): void => connection.console.log(message);

let analyzer: Analyzer | undefined;
let settings = new SettingsStore(connection, false, undefined, logError);
/** Pull clients ask for diagnostics themselves; the others get them pushed after each edit. */
let pullMode = false;
let refreshSupport = false;
let versionedEdits = false;
let watchesFiles = false;
const projectConfigs = new ProjectConfigs({
  publish: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }).catch((err: unknown) => logError(`socklint: publishing ${uri} failed: ${describe(err)}`)),
  log: (message, problem) => (problem ? connection.console.warn(message) : logInfo(message)),
});
/** Documents the analyzer holds: open ones in a language it supports. */
const tracked = new Set<string>();
/** The analysis behind the diagnostics last handed out, so code actions need not redo it. */
const lastResults = new Map<string, AnalysisResult>();
/** Rule errors and skips repeat on every analysis of a document; the log gets each once. */
const logged = new Set<string>();

const documents = createDocuments({
  opened(document) {
    if (!analyzer?.supports(document.languageId)) return;
    try {
      analyzer.open(document.uri, document.languageId, document.version, document.getText());
      tracked.add(document.uri);
    } catch (err) {
      logError(`socklint: opening ${document.uri} failed: ${describe(err)}`);
    }
  },
  changed(document, changes) {
    lastResults.delete(document.uri);
    if (!analyzer || !tracked.has(document.uri)) return;
    try {
      analyzer.change(document.uri, document.version, document.getText(), changes);
    } catch (err) {
      logError(`socklint: applying an edit to ${document.uri} failed, re-reading it whole: ${describe(err)}`);
      resync(analyzer, document);
    }
  },
});

function resync(a: Analyzer, document: TextDocument): void {
  try {
    a.close(document.uri);
    a.open(document.uri, document.languageId, document.version, document.getText());
  } catch (err) {
    tracked.delete(document.uri);
    logError(`socklint: re-reading ${document.uri} failed, it will not be analysed: ${describe(err)}`);
  }
}

type Outcome = AnalysisResult | 'none' | 'cancelled' | 'outdated';

/** Settings in layers: defaults < the project's .socklintrc.json < the editor's settings. */
async function projectSettings(uri: string): Promise<ProjectSettings> {
  return projectConfigs.apply(uri, await settings.get(uri));
}

/** Analyses the current text under the document's current settings. */
async function lint(uri: string, isCancelled?: () => boolean): Promise<{ document: TextDocument; outcome: Outcome } | undefined> {
  const { settings: documentSettings, ignored } = await projectSettings(uri);
  // Read after the await: an edit may have arrived meanwhile, and only the newest text counts.
  const document = documents.get(uri);
  if (!document) return undefined;
  if (!analyzer || !tracked.has(uri) || !documentSettings.enable || ignored) return { document, outcome: 'none' };
  const result = analyzer.analyze(uri, documentSettings, isCancelled);
  if (!result) return { document, outcome: isCancelled?.() ? 'cancelled' : 'none' };
  logProblems(result);
  if (result.version !== document.version) return { document, outcome: 'outdated' };
  lastResults.set(uri, result);
  scheduleTypes(uri);
  return { document, outcome: result };
}

/** Pending typed passes, by document. */
const typeJobs = new Map<string, ReturnType<typeof setTimeout>>();
/** Long enough for a burst of keystrokes to settle: each typed pass re-checks the whole document. */
const TYPES_DELAY_MS = 250;

/**
 * The typed pass, after the syntactic diagnostics are out: the type checker resolves receivers
 * syntax left open, and the document's diagnostics are then refreshed (pushed again, or the pull
 * client is asked to pull again).
 */
function scheduleTypes(uri: string): void {
  if (!analyzer?.needsTypes(uri) || typeJobs.has(uri)) return;
  typeJobs.set(
    uri,
    setTimeout(async () => {
      try {
        if (!(await analyzer?.prepareTypesInBackground(uri))) return;
      } catch (err) {
        logError(`socklint: type checking ${uri} failed: ${describe(err)}`);
        return;
      } finally {
        typeJobs.delete(uri);
      }
      lastResults.delete(uri);
      if (!pullMode) pusher.schedule(uri);
      else if (refreshSupport) connection.languages.diagnostics.refresh().catch((err: unknown) => logError(`socklint: refresh failed: ${describe(err)}`));
    }, TYPES_DELAY_MS),
  );
}

function logProblems(result: AnalysisResult): void {
  for (const { ruleId, message } of result.ruleErrors) {
    logOnce(`socklint: rule ${ruleId} failed on ${result.uri}: ${message}`, logError);
  }
  if (result.skipped) logOnce(`socklint: ${result.uri} not analysed: ${result.skipped}`, logInfo);
}

function logOnce(message: string, log: (message: string) => void): void {
  if (logged.has(message)) return;
  logged.add(message);
  log(message);
}

const pusher = new DiagnosticsPusher(
  connection,
  async (uri) => {
    const linted = await lint(uri);
    if (!linted || linted.outcome === 'cancelled' || linted.outcome === 'outdated') return undefined;
    const { document, outcome } = linted;
    return { version: document.version, diagnostics: outcome === 'none' ? [] : toDiagnostics(document, outcome) };
  },
  logError,
);

connection.onInitialize(async (params): Promise<InitializeResult> => {
  const capabilities = params.capabilities;
  pullMode = capabilities.textDocument?.diagnostic !== undefined;
  refreshSupport = capabilities.workspace?.diagnostics?.refreshSupport === true;
  versionedEdits = capabilities.workspace?.workspaceEdit?.documentChanges === true;
  watchesFiles = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  projectConfigs.setFolders(params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []));
  settings = new SettingsStore(connection, capabilities.workspace?.configuration === true, params.initializationOptions, logError);
  try {
    analyzer = await Analyzer.create({ wasmDir: __dirname, log: logInfo });
  } catch (err) {
    logError(`socklint: the analyzer could not start, so no file will be analysed: ${describe(err)}`);
  }
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      ...(pullMode ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } } : {}),
    },
    serverInfo: { name: 'socklint' },
  };
});

const emptyReport: DocumentDiagnosticReport = { kind: DocumentDiagnosticReportKind.Full, items: [] };

connection.languages.diagnostics.on(
  guard('textDocument/diagnostic', logError, emptyReport, async (params, token): Promise<DocumentDiagnosticReport> => {
    const linted = await lint(params.textDocument.uri, () => token.isCancellationRequested);
    if (!linted) return emptyReport;
    const { document, outcome } = linted;
    if (outcome === 'cancelled') throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    if (outcome === 'outdated') {
      throw new ResponseError(LSPErrorCodes.ServerCancelled, 'the document changed during analysis', { retriggerRequest: true });
    }
    if (outcome === 'none') return emptyReport;
    return { kind: DocumentDiagnosticReportKind.Full, items: toDiagnostics(document, outcome) };
  }),
);

connection.onCodeAction(
  guard('textDocument/codeAction', logError, [] as CodeAction[], async (params, token) => {
    const ours = params.context.diagnostics.filter((d) => d.source === diagnosticSource);
    if (ours.length === 0 || !wantsQuickFixes(params.context.only)) return [];
    let document = documents.get(params.textDocument.uri);
    let result = lastResults.get(params.textDocument.uri);
    if (!document) return [];
    if (!result || result.version !== document.version) {
      const linted = await lint(document.uri, () => token.isCancellationRequested);
      if (!linted || typeof linted.outcome === 'string') return [];
      document = linted.document;
      result = linted.outcome;
    }
    const [current, analysis] = [document, result];
    return ours.flatMap((diagnostic) => {
      const finding = findingFor(current, analysis, diagnostic);
      return finding ? quickFixes(current, finding, diagnostic, versionedEdits) : [];
    });
  }),
);

/** After a settings change: every open document's diagnostics are redone (pushed, or pulled again). */
function reanalyseOpenDocuments(): void {
  lastResults.clear();
  if (!pullMode) {
    for (const document of documents.all()) pusher.schedule(document.uri);
  } else if (refreshSupport) {
    connection.languages.diagnostics.refresh().catch((err: unknown) => logError(`socklint: refresh failed: ${describe(err)}`));
  }
}

connection.onDidChangeConfiguration(
  guard('workspace/didChangeConfiguration', logError, undefined, (params) => {
    settings.changed(params.settings);
    reanalyseOpenDocuments();
  }),
);

connection.onInitialized(
  guard('initialized', logError, undefined, async () => {
    // Clients that cannot be asked to watch files apply a changed .socklintrc.json after a restart.
    if (watchesFiles) await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${rcFileName}` }] });
  }),
);

connection.onDidChangeWatchedFiles(
  guard('workspace/didChangeWatchedFiles', logError, undefined, (params) => {
    if (projectConfigs.filesChanged(params.changes.map((c) => c.uri))) reanalyseOpenDocuments();
  }),
);

documents.onDidChangeContent(
  guard('didChangeContent', logError, undefined, ({ document }) => {
    if (!pullMode) pusher.schedule(document.uri);
  }),
);

documents.onDidClose(
  guard('didClose', logError, undefined, ({ document }) => {
    lastResults.delete(document.uri);
    clearTimeout(typeJobs.get(document.uri));
    typeJobs.delete(document.uri);
    settings.forget(document.uri);
    if (!pullMode) pusher.clear(document.uri);
    if (analyzer && tracked.delete(document.uri)) analyzer.close(document.uri);
  }),
);

documents.listen(connection);
connection.listen();
