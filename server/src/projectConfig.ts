import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type LoadedRcFile, findRcFile, isIgnored, layerSettings, rcFileName, readRcFile } from './config/rcFile';
import type { Settings } from './engine/settings';
import { directiveRuleId } from './engine/suppression';
import { ruleIds } from './rules';

/** What the project's configuration file makes of a document's editor settings. */
export interface ProjectSettings {
  settings: Settings;
  /** The document matches an `ignore` glob: it is not analysed. */
  ignored: boolean;
  /** The configuration file in force, if any (also when it has errors and is not used). */
  rcPath?: string;
}

export interface ProjectConfigHost {
  /** Diagnostics on the configuration file itself (an empty list clears them). */
  publish(uri: string, diagnostics: Diagnostic[]): void;
  /** A line for the output channel; `problem` when the file has errors. */
  log(message: string, problem: boolean): void;
}

/**
 * The `.socklintrc.json` files of the workspace, read once and re-read when the client reports a
 * change (workspace/didChangeWatchedFiles). A file with errors is reported on itself and in the
 * log, and the documents under it are analysed with the defaults and editor settings alone.
 */
export class ProjectConfigs {
  private folders: string[] = [];
  /** Configuration file by folder of a document (null: none up to the workspace folder). */
  private readonly nearest = new Map<string, string | null>();
  private readonly loaded = new Map<string, LoadedRcFile>();
  private readonly knownRuleIds = [...ruleIds, directiveRuleId];

  constructor(private readonly host: ProjectConfigHost) {}

  /** Workspace folders as URIs; only `file:` folders have files to read. */
  setFolders(uris: string[]): void {
    this.folders = uris.flatMap((u) => (toPath(u) ? [toPath(u)!] : [])).sort((a, b) => b.length - a.length);
    this.nearest.clear();
  }

  folderPaths(): string[] {
    return [...this.folders].sort();
  }

  apply(uri: string, editor: Settings): ProjectSettings {
    const file = toPath(uri);
    if (!file) return { settings: editor, ignored: false };
    const dir = path.dirname(file);
    let rcPath = this.nearest.get(dir);
    if (rcPath === undefined) {
      rcPath = findRcFile(file, this.folderOf(file)) ?? null;
      this.nearest.set(dir, rcPath);
    }
    if (!rcPath) return { settings: editor, ignored: false };
    const rc = this.load(rcPath);
    const usable = rc.problems.length === 0;
    return { settings: usable ? layerSettings(rc.config, editor) : editor, ignored: usable && isIgnored(rc.config, rcPath, file), rcPath };
  }

  /**
   * The client reports created, changed or deleted files: forget what depended on them. Returns
   * whether any configuration file was among them, so the caller re-analyses the open documents.
   */
  filesChanged(uris: string[]): boolean {
    const touched = uris.flatMap((u) => (path.basename(toPath(u) ?? '') === rcFileName ? [u] : []));
    if (!touched.length) return false;
    // A file created or deleted anywhere can change which one is nearest: everything is re-read.
    this.nearest.clear();
    this.loaded.clear();
    for (const u of touched) {
      const p = toPath(u)!;
      if (fs.existsSync(p)) this.load(p);
      else this.host.publish(u, []);
    }
    return true;
  }

  /** The workspace folder holding the file, if any. */
  folderOf(file: string): string | undefined {
    return this.folders.find((f) => file === f || file.startsWith(f.endsWith(path.sep) ? f : f + path.sep));
  }

  private load(rcPath: string): LoadedRcFile {
    let rc = this.loaded.get(rcPath);
    if (rc) return rc;
    rc = readRcFile(rcPath, this.knownRuleIds);
    this.loaded.set(rcPath, rc);
    const uri = pathToFileURL(rcPath).toString();
    const text = TextDocument.create(uri, 'jsonc', 0, rc.text);
    const diagnostics: Diagnostic[] = rc.problems.map((p) => ({
      range: { start: text.positionAt(p.offset), end: text.positionAt(p.offset + p.length) },
      severity: DiagnosticSeverity.Error,
      source: 'socklint',
      message: p.message,
    }));
    this.host.publish(uri, diagnostics);
    if (rc.problems.length) {
      const first = rc.problems[0];
      const at = text.positionAt(first.offset);
      const more = rc.problems.length > 1 ? ` (and ${rc.problems.length - 1} more)` : '';
      this.host.log(
        `socklint: ${rcPath}:${at.line + 1}:${at.character + 1}: ${first.message}${more} The file is not used until this is fixed: files under it are analysed with the default settings and the editor's.`,
        true,
      );
    } else this.host.log(`socklint: using ${rcPath}`, false);
    return rc;
  }
}

function toPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.resolve(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}
