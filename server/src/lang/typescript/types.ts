import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TS from 'typescript';
import type { SockKind } from './context';
import { tsApi } from './tsapi';

/** Answers "what is this?" for spans of one document, from the type checker. */
export interface TypeOracle {
  kindAt(start: number, end: number): SockKind | undefined;
}

/** What the checker found, by `start:end` span: plain data, so it can come from a worker thread. */
export type TypeAnswers = Record<string, SockKind>;

/** Answers for the text after `changes` (UTF-16 offsets, applied in order); spans an edit touched are dropped. */
export function shiftAnswers(answers: TypeAnswers, changes: ReadonlyArray<{ start: number; oldEnd: number; newText: string }>): TypeAnswers {
  let current = answers;
  for (const c of changes) {
    const delta = c.newText.length - (c.oldEnd - c.start);
    const next: TypeAnswers = {};
    for (const [key, kind] of Object.entries(current)) {
      const [s, e] = key.split(':').map(Number);
      if (e <= c.start) next[key] = kind;
      else if (s >= c.oldEnd) next[`${s + delta}:${e + delta}`] = kind;
    }
    current = next;
  }
  return current;
}

export function oracleFromAnswers(answers: TypeAnswers): TypeOracle {
  return { kindAt: (start, end) => (Object.prototype.hasOwnProperty.call(answers, `${start}:${end}`) ? answers[`${start}:${end}`] : undefined) };
}

/** Where the server keeps what it ships for type checking (see scripts/build.mjs). */
export interface TypeFiles {
  /** Folder holding TypeScript's `lib.es*.d.ts`. */
  libDir: string;
  /** A `node_modules/@types` folder holding `node`, used when the workspace has none. */
  bundledTypeRoot: string;
}

/**
 * The type checker, used only where syntax leaves a receiver open and never before a document's
 * first diagnostics: the server asks for it after publishing them. One program per document,
 * with @types/node from the workspace (the nearest node_modules/@types/node) or the bundled copy;
 * declaration files are parsed once and shared by every program.
 */
export class TypeService {
  private readonly shared = new Map<string, TS.SourceFile>();

  constructor(private readonly files: TypeFiles) {}

  /**
   * The kind of every span the lowering may ask about (initialisers, assigned values, parameter
   * names, receivers of method calls) that is a socket or a server.
   */
  answers(uri: string, text: string): TypeAnswers {
    const ts = tsApi();
    const out: TypeAnswers = {};
    const checked = this.check(uri, text);
    if (!checked) return out;
    const { sf, checker } = checked;
    const record = (n: TS.Node | undefined) => {
      if (!n) return;
      const k = kindOfNode(checker, n);
      if (k) out[`${n.getStart(sf)}:${n.end}`] = k;
    };
    const visit = (n: TS.Node): void => {
      if (ts.isVariableDeclaration(n)) record(n.initializer);
      else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) record(n.right);
      else if (ts.isParameter(n)) record(n.name);
      else if (ts.isForOfStatement(n) && ts.isVariableDeclarationList(n.initializer) && n.initializer.declarations.length === 1) record(n.initializer.declarations[0].name);
      else if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) record(n.expression.expression);
      ts.forEachChild(n, visit);
    };
    visit(sf);
    return out;
  }

  private check(uri: string, text: string): { sf: TS.SourceFile; checker: TS.TypeChecker } | undefined {
    const ts = tsApi();
    const fileName = fileNameOf(uri);
    const typeRoot = workspaceTypeRoot(path.dirname(fileName)) ?? this.files.bundledTypeRoot;
    const options: TS.CompilerOptions = {
      allowJs: true,
      checkJs: false,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts'],
      types: ['node'],
      typeRoots: [typeRoot],
      noResolve: false,
    };
    const host = ts.createCompilerHost(options, true);
    const libDir = this.files.libDir;
    host.getDefaultLibLocation = () => libDir;
    host.getDefaultLibFileName = (o) => path.join(libDir, ts.getDefaultLibFileName(o));
    const readFile = host.readFile.bind(host);
    host.readFile = (f) => (path.resolve(f) === fileName ? text : readFile(f));
    host.fileExists = (
      (exists) => (f: string) =>
        path.resolve(f) === fileName || exists(f)
    )(host.fileExists.bind(host));
    host.getSourceFile = (f, languageVersion) => {
      const resolved = path.resolve(f);
      if (resolved === fileName) return ts.createSourceFile(f, text, languageVersion, true);
      const cached = this.shared.get(resolved);
      if (cached) return cached;
      const content = readFile(f);
      if (content === undefined) return undefined;
      const sf = ts.createSourceFile(f, content, languageVersion, false);
      // Only declaration files are shared: the workspace's own sources change while you type.
      if (/\.d\.[cm]?ts$/.test(resolved)) this.shared.set(resolved, sf);
      return sf;
    };
    const program = ts.createProgram({ rootNames: [fileName], options, host });
    const sf = program.getSourceFile(fileName);
    if (!sf) return undefined;
    return { sf, checker: program.getTypeChecker() };
  }
}

function fileNameOf(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return path.resolve(fileURLToPath(uri));
    } catch {
      // fall through: an odd file URI is named like any other document
    }
  }
  const name = uri.replace(/^[a-z]+:\/*/i, '').replace(/[?#].*$/, '');
  return path.resolve('/__socklint__', /\.[cm]?[jt]sx?$/i.test(name) ? name : `${name}.ts`);
}

/** The nearest `node_modules/@types` above the file that holds @types/node. */
function workspaceTypeRoot(dir: string): string | undefined {
  for (let d = dir, i = 0; i < 64; i++) {
    const candidate = path.join(d, 'node_modules', '@types');
    if (fs.existsSync(path.join(candidate, 'node', 'package.json'))) return candidate;
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
  return undefined;
}

const KINDS: Record<string, SockKind> = {
  'net.Socket': 'stream',
  'tls.TLSSocket': 'stream',
  'dgram.Socket': 'dgram',
  'net.Server': 'server',
  'tls.Server': 'server',
};

function kindOfNode(checker: TS.TypeChecker, node: TS.Node | undefined): SockKind | undefined {
  if (!node) return undefined;
  return kindOfType(checker, checker.getTypeAtLocation(node), 0);
}

/** `net.Socket`, `tls.TLSSocket`…, a class derived from one, or a union with exactly one of them. */
function kindOfType(checker: TS.TypeChecker, type: TS.Type, depth: number): SockKind | undefined {
  if (depth > 6) return undefined;
  // `net.Socket | tls.TLSSocket`, `Socket | undefined`, `net.Socket & { id: number }`.
  if (type.isUnion() || type.isIntersection()) {
    const kinds = new Set(type.types.map((t) => kindOfType(checker, t, depth + 1)).filter((k) => k));
    return kinds.size === 1 ? [...kinds][0] : undefined;
  }
  const sym = type.getSymbol() ?? type.aliasSymbol;
  if (sym) {
    const m = /^"(?:node:)?(net|tls|dgram)"\.(\w+)$/.exec(checker.getFullyQualifiedName(sym));
    if (m && KINDS[`${m[1]}.${m[2]}`]) return KINDS[`${m[1]}.${m[2]}`];
  }
  if (type.isClassOrInterface()) {
    for (const base of checker.getBaseTypes(type)) {
      const k = kindOfType(checker, base, depth + 1);
      if (k) return k;
    }
  }
  return undefined;
}
