import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { isDeclarationFile, languageIdForPath } from '../lang/languages';
import { UsageError } from './errors';

export interface SourceFile {
  /** Absolute path. */
  path: string;
  /** As reports show it: relative to the current folder with `/` separators, or absolute outside it. */
  display: string;
  /** Empty when `skipped` is set. */
  languageId: string;
  /** Named on the command line, rather than found in a folder. */
  named: boolean;
  /**
   * Why a named file is left out before it is read (its name says it is not source). It still
   * reaches the report, as a file skipped while reading does, so that no named file goes unmentioned.
   */
  skipped?: string;
}

export interface WalkOptions {
  cwd: string;
  /** `--ignore` globs, relative to `cwd`. */
  ignore: string[];
  /** `--ext` mappings: `.inc` → languageId. */
  ext: Record<string, string>;
  /** Whether the configuration governing a path leaves it out (its `ignore` globs). */
  configIgnores?: (abs: string) => boolean;
  note: (message: string) => void;
}

/** A `.gitignore` and the folder its patterns are relative to. */
interface GitIgnore {
  dir: string;
  rules: Ignore;
}

/**
 * The files to analyse, in a fixed order (arguments in order, folder entries sorted by name).
 * Folders honour `.gitignore` files from the repository root down, the configuration's and the
 * command line's ignore globs, and skip `node_modules` and names starting with `.`; a file named on
 * the command line is analysed whatever the globs say, as Ruff does, or a note says why not.
 */
export function collectFiles(targets: string[], opts: WalkOptions): SourceFile[] {
  const out: SourceFile[] = [];
  const seen = new Set<string>();
  const cliIgnore = matcher(opts.ignore);
  const add = (abs: string, file: Omit<SourceFile, 'path' | 'display'>) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    out.push({ path: abs, display: displayPath(abs, opts.cwd), ...file });
  };
  const languageOf = (file: string) => opts.ext[path.extname(file).toLowerCase()] ?? languageIdForPath(file);

  const visited = new Set<string>();
  const walk = (dir: string, gitignores: GitIgnore[]) => {
    // A symbolic link back up the tree would otherwise be walked forever.
    const real = realPath(dir);
    if (visited.has(real)) return;
    visited.add(real);
    const here = [...gitignores, ...readGitignore(dir, opts)];
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      opts.note(`${displayPath(dir, opts.cwd)}: folder skipped, it cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const abs = path.join(dir, entry.name);
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(abs));
      if (ignoredByGit(here, abs, isDir) || cliIgnore(rel(opts.cwd, abs), isDir) || opts.configIgnores?.(abs)) continue;
      if (isDir) walk(abs, here);
      else {
        const languageId = languageOf(abs);
        if (languageId && (entry.isFile() || entry.isSymbolicLink())) add(abs, { languageId, named: false });
      }
    }
  };

  for (const target of targets) {
    const abs = path.resolve(opts.cwd, target);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      throw new UsageError(`no such file or folder: ${target}`);
    }
    if (st.isDirectory()) {
      const before = out.length;
      const above = gitignoresAbove(abs, opts);
      // Named, an ignored folder is analysed: the patterns above that ignore it would also ignore all it holds.
      walk(abs, ignoredByGit(above, abs, true) ? [] : above);
      if (out.length === before) opts.note(`${target}: no C, C++, TypeScript or JavaScript files found in this folder (after .gitignore and ignore globs)`);
    } else {
      const languageId = languageOf(abs);
      add(abs, languageId ? { languageId, named: true } : { languageId: '', named: true, skipped: whyNotSource(abs) });
    }
  }
  return out;
}

function whyNotSource(file: string): string {
  // Its extension is a known one: the file is left out for holding only types, so --ext is no advice here.
  if (isDeclarationFile(file)) return 'skipped, declaration files (.d.ts, .d.mts, .d.cts) hold no code';
  return `skipped, not a C, C++, TypeScript or JavaScript file (map its extension with --ext, such as --ext ${path.extname(file) || '.inc'}=c)`;
}

export function displayPath(abs: string, cwd: string): string {
  const r = path.relative(cwd, abs);
  return r && !r.startsWith('..') && !path.isAbsolute(r) ? r.split(path.sep).join('/') : abs;
}

function rel(base: string, abs: string): string {
  return path.relative(base, abs).split(path.sep).join('/');
}

/** A test of a relative path against globs; a glob without `/` matches a name at any depth. */
export function matcher(globs: string[]): (relPath: string, isDir: boolean) => boolean {
  if (!globs.length) return () => false;
  const cleaned = globs.map((g) => g.replace(/^\.\//, ''));
  // picomatch's `basename` option applies to every pattern once set, so the two kinds are split.
  const byName = compile(cleaned.filter((g) => !g.replace(/\/$/, '').includes('/')).map((g) => g.replace(/\/$/, '')));
  const byPath = compile(cleaned.filter((g) => g.replace(/\/$/, '').includes('/')));
  return (relPath, isDir) => {
    if (relPath.startsWith('../') || relPath === '..') return false;
    return byName(relPath.slice(relPath.lastIndexOf('/') + 1)) || byPath(relPath) || (isDir && byPath(`${relPath}/`));
  };
}

function compile(globs: string[]): (s: string) => boolean {
  return globs.length ? picomatch(globs, { dot: true }) : () => false;
}

function ignoredByGit(gitignores: GitIgnore[], abs: string, isDir: boolean): boolean {
  let ignored = false;
  // Deeper files override shallower ones, as git reads them: a later `!pattern` can re-include.
  for (const g of gitignores) {
    const r = rel(g.dir, abs);
    if (!r || r.startsWith('..')) continue;
    const result = g.rules.test(isDir ? `${r}/` : r);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

function readGitignore(dir: string, opts: Pick<WalkOptions, 'cwd' | 'note'>): GitIgnore[] {
  const file = path.join(dir, '.gitignore');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') opts.note(`${displayPath(file, opts.cwd)}: cannot be read (${code}), its patterns are not applied`);
    return [];
  }
  return [{ dir, rules: ignore().add(text) }];
}

/** The `.gitignore` files between the repository root (the nearest folder with `.git`) and `dir`, excluded. */
function gitignoresAbove(dir: string, opts: Pick<WalkOptions, 'cwd' | 'note'>): GitIgnore[] {
  const chain: string[] = [];
  for (let d = path.dirname(dir), child = dir; d !== child; child = d, d = path.dirname(d)) {
    if (fs.existsSync(path.join(child, '.git'))) break;
    chain.unshift(d);
    if (fs.existsSync(path.join(d, '.git'))) break;
  }
  if (!chain.length || !fs.existsSync(path.join(chain[0], '.git'))) return [];
  return chain.flatMap((d) => readGitignore(d, opts));
}

function realPath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
