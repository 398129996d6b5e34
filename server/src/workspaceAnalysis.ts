import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analyzer } from './analyzer';
import { toDiagnostics } from './diagnostics';
import { describe } from './guard';
import { languageIdForPath } from './lang/languages';
import type { ProjectSettings } from './projectConfig';

export const analyzeWorkspaceCommand = 'socklint.server.analyzeWorkspace';

/** Bounds on a scan, counted (never timed): a huge tree is cut and the cut is said. */
const MAX_FILES = 20_000;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface WorkspaceHost {
  connection: Connection;
  analyzer(): Analyzer | undefined;
  /** Workspace folders as file system paths. */
  folders(): string[];
  isOpen(uri: string): boolean;
  settingsFor(uri: string): Promise<ProjectSettings>;
  log(message: string): void;
}

export interface ScanSummary {
  files: number;
  withFindings: number;
  findings: number;
  cancelled: boolean;
  /** Files left out because the scan reached MAX_FILES. */
  cut: number;
}

/**
 * Findings for the workspace's files that are not open, published to the Problems panel. The scan
 * yields to the event loop after each file, so requests for the file being edited are answered in
 * between; it reports progress and can be cancelled (by the user, or by a newer scan). Open
 * documents are the editor's business: their workspace results are withdrawn when they open and
 * redone from disk when they close.
 */
export class WorkspaceResults {
  private readonly published = new Set<string>();
  private generation = 0;
  /** Set once a scan ran: closed documents then go back to their on-disk results. */
  private active = false;

  constructor(private readonly host: WorkspaceHost) {}

  async scan(): Promise<ScanSummary> {
    const mine = ++this.generation;
    this.active = true;
    const progress = await this.host.connection.window.createWorkDoneProgress();
    progress.begin('socklint: analysing the workspace', 0, 'listing files', true);
    const { files, cut } = listFiles(this.host.folders());
    const summary: ScanSummary = { files: 0, withFindings: 0, findings: 0, cancelled: false, cut };
    const seen = new Set<string>();
    try {
      for (const [i, file] of files.entries()) {
        if (progress.token.isCancellationRequested || mine !== this.generation) {
          summary.cancelled = true;
          break;
        }
        const uri = pathToFileURL(file).toString();
        seen.add(uri);
        const count = await this.analyseFile(uri, file);
        summary.files++;
        if (count > 0) summary.withFindings++;
        summary.findings += count;
        progress.report(Math.floor(((i + 1) * 100) / files.length), `${i + 1}/${files.length} ${path.basename(file)}`);
        // Let the edited file's requests through between files.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      progress.done();
    }
    // Files deleted (or newly ignored) since the last scan lose their results.
    if (!summary.cancelled) for (const uri of [...this.published]) if (!seen.has(uri)) this.withdraw(uri);
    this.host.log(
      `socklint: workspace analysis ${summary.cancelled ? 'cancelled after' : 'done:'} ${summary.files} file(s), ${summary.findings} finding(s) in ${summary.withFindings}` +
        (cut ? `; ${cut} file(s) beyond the first ${MAX_FILES} were not analysed` : ''),
    );
    return summary;
  }

  /** Results for the workspace turned off: a running scan stops, and what it published is withdrawn. */
  stop(): void {
    this.generation++;
    this.active = false;
    for (const uri of [...this.published]) this.withdraw(uri);
  }

  /** Whether a scan ran: settings changes then redo it. */
  get isActive(): boolean {
    return this.active;
  }

  /** A document opened in the editor: its diagnostics come from the open text from now on. */
  opened(uri: string): void {
    if (this.published.has(uri)) this.withdraw(uri);
  }

  /** A document closed: back to what is on disk, when workspace results are on. */
  async closed(uri: string): Promise<void> {
    if (!this.active || !uri.startsWith('file:')) return;
    const file = fileURLToPath(uri);
    if (fs.existsSync(file)) await this.analyseFile(uri, file);
  }

  /** Number of findings published for the file. */
  private async analyseFile(uri: string, file: string): Promise<number> {
    const analyzer = this.host.analyzer();
    const languageId = languageIdForPath(file);
    if (!analyzer || !languageId || this.host.isOpen(uri)) return 0;
    const { settings, ignored } = await this.host.settingsFor(uri);
    // Settings come asynchronously: the file may have been opened meanwhile.
    if (this.host.isOpen(uri)) return 0;
    if (ignored || !settings.enable) {
      if (this.published.has(uri)) this.withdraw(uri);
      return 0;
    }
    let text: string;
    try {
      if (fs.statSync(file).size > MAX_FILE_BYTES) return 0;
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      this.host.log(`socklint: cannot read ${file}: ${describe(err)}`);
      return 0;
    }
    const result = analyzer.analyzeText(uri, languageId, text, settings);
    const diagnostics = toDiagnostics(TextDocument.create(uri, languageId, 0, text), result);
    if (diagnostics.length) this.published.add(uri);
    else if (!this.published.has(uri)) return 0;
    else this.published.delete(uri);
    await this.host.connection.sendDiagnostics({ uri, diagnostics });
    return diagnostics.length;
  }

  private withdraw(uri: string): void {
    this.published.delete(uri);
    void this.host.connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
  }
}

/** Source files under the folders, in a stable order; dependency and hidden folders are skipped. */
function listFiles(folders: string[]): { files: string[]; cut: number } {
  const files: string[] = [];
  let cut = 0;
  const visit = (dir: string): void => {
    let names: string[];
    try {
      names = fs.readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const full = path.join(dir, name);
      let stat: fs.Stats;
      try {
        stat = fs.lstatSync(full);
      } catch {
        continue;
      }
      if (stat.isDirectory()) visit(full);
      else if (stat.isFile() && languageIdForPath(name)) {
        if (files.length < MAX_FILES) files.push(full);
        else cut++;
      }
    }
  };
  for (const folder of folders) visit(folder);
  return { files, cut };
}

/** `socklint.analyzeWorkspace` from a settings payload (`{ socklint: {...} }` or the section itself); undefined when absent. */
export function analyzeWorkspaceFlag(raw: unknown): boolean | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const record = raw as Record<string, unknown>;
  const section = record.socklint && typeof record.socklint === 'object' ? (record.socklint as Record<string, unknown>) : record;
  return typeof section.analyzeWorkspace === 'boolean' ? section.analyzeWorkspace : undefined;
}
