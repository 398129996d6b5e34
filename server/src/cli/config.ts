import * as fs from 'node:fs';
import * as path from 'node:path';
import { type HeaderSource, diskHeaders } from '../lang/cfamily/includes';
import { type LoadedRcFile, findRcFile, isIgnored, layerSettings, readRcFile } from '../config/rcFile';
import { type Settings, defaultSettings } from '../engine/settings';
import { LineIndex } from '../engine/text';
import type { CliOptions } from './args';
import { UsageError } from './errors';
import { settableRuleIds } from './report';
import { displayPath } from './walk';

/**
 * The `.socklintrc.json` that governs each file: the one given with `--config`, or the nearest one
 * in the file's folder or above, as the language server finds it. A file with a problem stops the
 * run (status 2) with its position, rather than linting with half a configuration.
 */
export class Configs {
  private readonly byPath = new Map<string, LoadedRcFile>();
  private readonly explicit: LoadedRcFile | undefined;
  /** Where the search stops, as the editor stops at the workspace folder: the repository holding the current folder. */
  private readonly root: string | undefined;

  constructor(
    private readonly opts: Pick<CliOptions, 'config' | 'rules' | 'platform'>,
    private readonly cwd: string,
  ) {
    this.explicit = opts.config ? this.load(path.resolve(cwd, opts.config)) : undefined;
    this.root = repositoryRoot(cwd);
  }

  forFile(file: string): LoadedRcFile | undefined {
    if (this.explicit) return this.explicit;
    const found = findRcFile(file, this.root);
    return found ? this.load(found) : undefined;
  }

  /** Whether the governing configuration's `ignore` globs leave `file` (or folder) out of a walk. */
  ignores(file: string): boolean {
    const rc = this.forFile(file);
    return !!rc && isIgnored(rc.config, rc.path, file);
  }

  /** Defaults < configuration file < command line. */
  settings(file: string): Settings {
    const rc = this.forFile(file);
    const cli: Settings = { ...defaultSettings, rules: this.opts.rules, platform: this.opts.platform ?? 'auto' };
    const layered = layerSettings(rc?.config, cli);
    return this.opts.platform ? { ...layered, platform: this.opts.platform } : layered;
  }

  private load(file: string): LoadedRcFile {
    let rc = this.byPath.get(file);
    if (!rc) {
      rc = readRcFile(file, settableRuleIds);
      this.byPath.set(file, rc);
    }
    const problem = rc.problems[0];
    if (problem) {
      const p = new LineIndex(rc.text).position(problem.offset);
      const more = rc.problems.length > 1 ? ` (and ${rc.problems.length - 1} more)` : '';
      throw new UsageError(`${displayPath(file, this.cwd)}:${p.line + 1}:${p.character + 1}: ${problem.message}${more}`);
    }
    return rc;
  }
}

export function repositoryRoot(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/** Headers for the command line: from the disk, searched up to the file's repository root. */
export function cliHeaders(): HeaderSource {
  const roots = new Map<string, string | undefined>();
  return diskHeaders(
    (file) => {
      const dir = path.dirname(file);
      if (!roots.has(dir)) roots.set(dir, repositoryRoot(dir));
      return roots.get(dir);
    },
    { snapshot: true },
  );
}
