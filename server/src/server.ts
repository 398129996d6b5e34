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
import { fixAllAction, fixAllKind, isFixAllData, quickFixActions, resolveFixAll, showDocumentationCommand, wants } from './codeActions';
import { type CommandHost, fixAllCommand, runCommand } from './commands';
import { diagnosticSource, toDiagnostics } from './diagnostics';
import { createDocuments } from './documents';
import type { AnalysisResult } from './engine/findings';
import { describe, guard } from './guard';
import { rcFileName } from './config/rcFile';
import { socketHover } from './hover';
import { editorHeaders, headerGlob, pathOf } from './headerSource';
import { statusNotification, statusOf } from './status';
import { analyzeWorkspaceCommand, analyzeWorkspaceFlag, WorkspaceResults } from './workspaceAnalysis';
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
/** The client resolves a code action's edit on demand (codeAction/resolve), as VS Code does. */
let lazyFixAll = false;
let clientAnswersConfiguration = false;
/** The client shows a status item from socklint/status notifications (our VS Code client asks). */
let statusNotifications = false;
/** socklint.analyzeWorkspace as the client sent it (for clients that push settings). */
let pushedWorkspaceFlag: boolean | undefined;
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
  const result = await analyzer.analyzeInTurns(uri, documentSettings, isCancelled);
  if (!result) return { document, outcome: isCancelled?.() ? 'cancelled' : tracked.has(uri) ? 'outdated' : 'none' };
  logProblems(result);
  if (statusNotifications) void connection.sendNotification(statusNotification, statusOf(result, analyzer.modelOf(uri), documentSettings)).catch(() => undefined);
  // The document may have changed while the analysis gave other requests their turn.
  if (result.version !== documents.get(uri)?.version) return { document, outcome: 'outdated' };
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
  // Traces ($/logTrace, sent only when the client turns tracing on) say when a version's
  // diagnostics are final: for a user debugging socklint, and for the tests.
  const traceTypes = (version: number | undefined, what: string): void => connection.tracer.log(`socklint: ${uri} v${version}: ${what}`);
  if (!analyzer?.needsTypes(uri)) return traceTypes(documents.get(uri)?.version, 'no typed pass needed');
  if (typeJobs.has(uri)) return;
  typeJobs.set(
    uri,
    setTimeout(async () => {
      const version = documents.get(uri)?.version;
      try {
        const changed = await analyzer?.prepareTypesInBackground(uri);
        traceTypes(version, changed ? 'typed pass done, diagnostics refreshed' : 'typed pass done, nothing new');
        if (!changed) return;
      } catch (err) {
        traceTypes(version, 'typed pass failed');
        logError(`socklint: type checking ${uri} failed: ${describe(err)}`);
        return;
      } finally {
        typeJobs.delete(uri);
        // An edit during the pass was analysed while this job still ran, so it scheduled nothing.
        if (documents.get(uri) && documents.get(uri)?.version !== version) scheduleTypes(uri);
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
  lazyFixAll = capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true;
  clientAnswersConfiguration = capabilities.workspace?.configuration === true;
  const options = params.initializationOptions as { statusNotifications?: unknown } | undefined;
  statusNotifications = options?.statusNotifications === true;
  pushedWorkspaceFlag = analyzeWorkspaceFlag(params.initializationOptions);
  projectConfigs.setFolders(params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []));
  settings = new SettingsStore(connection, capabilities.workspace?.configuration === true, params.initializationOptions, logError);
  try {
    analyzer = await Analyzer.create({
      wasmDir: __dirname,
      log: logInfo,
      headers: editorHeaders(
        () => documents.all(),
        (file) => projectConfigs.folderOf(file),
      ),
    });
  } catch (err) {
    logError(`socklint: the analyzer could not start, so no file will be analysed: ${describe(err)}`);
  }
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, fixAllKind], resolveProvider: true },
      executeCommandProvider: { commands: [fixAllCommand, showDocumentationCommand, analyzeWorkspaceCommand] },
      hoverProvider: true,
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

/** The document with the analysis of its current text: the last one, or a new one. */
async function current(uri: string, isCancelled?: () => boolean): Promise<{ document: TextDocument; result: AnalysisResult } | undefined> {
  const document = documents.get(uri);
  const result = lastResults.get(uri);
  if (!document) return undefined;
  if (result && result.version === document.version) return { document, result };
  const linted = await lint(uri, isCancelled);
  if (!linted || typeof linted.outcome === 'string') return undefined;
  return { document: linted.document, result: linted.outcome };
}

/** Findings of a text as it would be after some fixes, under the document's settings: fix-all passes. */
async function reanalyser(document: TextDocument): Promise<(text: string) => AnalysisResult['findings']> {
  const { settings: documentSettings } = await projectSettings(document.uri);
  const scratch = `${document.uri}#socklint-fix-all`;
  return (text) => analyzer?.analyzeText(scratch, document.languageId, text, documentSettings).findings ?? [];
}

connection.onCodeAction(
  guard('textDocument/codeAction', logError, [] as CodeAction[], async (params, token) => {
    const ours = params.context.diagnostics.filter((d) => d.source === diagnosticSource);
    const quick = ours.length > 0 && wants(params.context.only, CodeActionKind.QuickFix);
    // Source actions come only when asked for (on save, or the Source Action menu).
    const fixAll = wants(params.context.only, fixAllKind, false);
    if (!quick && !fixAll) return [];
    const now = await current(params.textDocument.uri, () => token.isCancellationRequested);
    if (!now) return [];
    const reanalyse = await reanalyser(now.document);
    const actions = quick ? quickFixActions(now.document, now.result, ours, reanalyse, { versioned: versionedEdits, lazyFixAll }) : [];
    const all = fixAll ? fixAllAction(now.document, now.result, reanalyse, versionedEdits) : undefined;
    return all ? [...actions, all] : actions;
  }),
);

connection.onHover(
  guard('textDocument/hover', logError, null, async (params, token) => {
    // A document's model is kept only while it is among those being worked on: hovering counts.
    analyzer?.focus(params.textDocument.uri);
    let now = await current(params.textDocument.uri, () => token.isCancellationRequested);
    if (now && !analyzer?.modelOf(now.document.uri)) {
      lastResults.delete(now.document.uri);
      now = await current(params.textDocument.uri, () => token.isCancellationRequested);
    }
    const model = now && analyzer?.modelOf(now.document.uri);
    if (!now || !model) return null;
    const { settings: documentSettings } = await projectSettings(now.document.uri);
    return socketHover(now.document, model, documentSettings, now.document.offsetAt(params.position), now.result.findings) ?? null;
  }),
);

connection.onCodeActionResolve(async (action) => {
  // Not through guard(): on a failure the answer is the action as it came.
  try {
    if (!isFixAllData(action.data)) return action;
    const now = await current(action.data.fixAll.uri);
    return now ? resolveFixAll(action, now.document, now.result, await reanalyser(now.document), versionedEdits) : action;
  } catch (err) {
    logError(`socklint: codeAction/resolve failed: ${describe(err)}`);
    return action;
  }
});

const commandHost: CommandHost = {
  connection,
  current: (uri) => current(uri),
  reanalyser,
  versionedEdits: () => versionedEdits,
  analyzeWorkspace: () => workspace.scan(),
  log: logError,
};

connection.onExecuteCommand(guard('workspace/executeCommand', logError, undefined, (params) => runCommand(commandHost, params.command, params.arguments ?? [])));

/** A header changed (typed in, or on disk): the open files that include it are analysed again. */
function includedHeaderChanged(uri: string): void {
  const file = pathOf(uri);
  const includers = file && analyzer ? analyzer.includersOf(file).filter((u) => u !== uri) : [];
  if (!includers.length) return;
  for (const u of includers) lastResults.delete(u);
  if (!pullMode) for (const u of includers) pusher.schedule(u);
  else if (refreshSupport) connection.languages.diagnostics.refresh().catch((err: unknown) => logError(`socklint: refresh failed: ${describe(err)}`));
}

/** After a settings change: every open document's diagnostics are redone (pushed, or pulled again). */
function reanalyseOpenDocuments(): void {
  lastResults.clear();
  if (!pullMode) {
    for (const document of documents.all()) pusher.schedule(document.uri);
  } else if (refreshSupport) {
    connection.languages.diagnostics.refresh().catch((err: unknown) => logError(`socklint: refresh failed: ${describe(err)}`));
  }
}

const workspace = new WorkspaceResults({
  connection,
  analyzer: () => analyzer,
  folders: () => projectConfigs.folderPaths(),
  isOpen: (uri) => documents.get(uri) !== undefined,
  settingsFor: projectSettings,
  log: logInfo,
});

/** socklint.analyzeWorkspace: asked of clients that answer, otherwise as last pushed. */
async function wantsWorkspaceResults(): Promise<boolean> {
  if (!clientAnswersConfiguration) return pushedWorkspaceFlag === true;
  const raw: unknown = await connection.workspace.getConfiguration({ section: 'socklint' });
  return analyzeWorkspaceFlag(raw) === true;
}

/** Whether `socklint.analyzeWorkspace` was on at the last look: turning it off clears its results. */
let workspaceWanted = false;

/** A scan after a settings change, when results for the workspace are on (or were asked for). */
async function refreshWorkspaceResults(): Promise<void> {
  const wanted = await wantsWorkspaceResults();
  const turnedOff = workspaceWanted && !wanted;
  workspaceWanted = wanted;
  if (turnedOff) workspace.stop();
  else if (workspace.isActive || wanted) await workspace.scan();
}

connection.onDidChangeConfiguration(
  guard('workspace/didChangeConfiguration', logError, undefined, async (params) => {
    settings.changed(params.settings);
    pushedWorkspaceFlag = analyzeWorkspaceFlag(params.settings) ?? pushedWorkspaceFlag;
    reanalyseOpenDocuments();
    await refreshWorkspaceResults();
  }),
);

connection.onInitialized(
  guard('initialized', logError, undefined, async () => {
    // Clients that cannot be asked to watch files apply a changed .socklintrc.json after a restart.
    if (watchesFiles) await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${rcFileName}` }, { globPattern: headerGlob }] });
    workspaceWanted = await wantsWorkspaceResults();
    if (workspaceWanted) await workspace.scan();
  }),
);

connection.onDidChangeWatchedFiles(
  guard('workspace/didChangeWatchedFiles', logError, undefined, async (params) => {
    for (const change of params.changes) includedHeaderChanged(change.uri);
    if (!projectConfigs.filesChanged(params.changes.map((c) => c.uri))) return;
    reanalyseOpenDocuments();
    if (workspace.isActive) await workspace.scan();
  }),
);

documents.onDidOpen(guard('didOpen', logError, undefined, ({ document }) => workspace.opened(document.uri)));

documents.onDidChangeContent(
  guard('didChangeContent', logError, undefined, ({ document }) => {
    if (!pullMode) pusher.schedule(document.uri);
    includedHeaderChanged(document.uri);
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
    void workspace.closed(document.uri).catch((err: unknown) => logError(`socklint: re-reading ${document.uri} failed: ${describe(err)}`));
  }),
);

documents.listen(connection);
connection.listen();
