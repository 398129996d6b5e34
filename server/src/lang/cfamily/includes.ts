import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node, Tree } from 'web-tree-sitter';
import { asioOptionAliases } from './asio';
import { declaredName } from './calls';
import { type PlatformMacros, scanPreprocessor } from './preprocessor';
import { walkKinds } from './syntax';

/** A `#define` as lowering reads it: `params` is set for a function-like macro. */
export interface Definition {
  name: string;
  value: string;
  params?: string[];
}

/** What a workspace header tells the files that include it (RULES.md "Platform", "Macros"). */
export interface HeaderFacts {
  file: string;
  defines: Definition[];
  /** Its platform macros (`#ifdef _WIN32` … `#define PROJ_WINDOWS`). */
  platform: PlatformMacros;
  /** It includes a Winsock header that every build of it includes: an includer is Windows code. */
  winsock: boolean;
  /** It includes a Winsock header in some build (an `#ifdef _WIN32` arm): the project builds for Windows. */
  winsockSomewhere: boolean;
  /** It includes POSIX socket headers: an includer builds elsewhere too. */
  posix: boolean;
  /** It sets the Windows API level (`#define _WIN32_WINNT …`) outside other systems' and compilers' arms. */
  windowsTarget: boolean;
  /** Names it defines or typedefs: shims (`#define closesocket close`) are no sign of Winsock in an includer. */
  own: string[];
  /** Type names it makes SOCKET (`typedef SOCKET sock_t;`). */
  socketAliases: string[];
  /** Declared types of struct fields and file-scope variables (`SOCKET fd;` in a connection struct). */
  fieldTypes: Array<[string, string]>;
  /** asio socket options it names (`using exclusive = boolean<SOL_SOCKET, SO_EXCLUSIVEADDRUSE>`, an option class). */
  asioOptions: Array<[string, string]>;
  /** Its own `#include "…"` lines, in order, and whether each is inside an `#if` arm: read once per text. */
  includes: QuotedInclude[];
}

export interface QuotedInclude {
  name: string;
  conditional: boolean;
}

/** Where header text comes from: the editor's open documents first, then the disk. */
export interface HeaderSource {
  /** The file's text, or undefined when it does not exist, is not a file or is too big to read. */
  read(file: string): string | undefined;
  /** The folder the search for quoted includes goes up to (the workspace folder, the project). */
  root?(file: string): string | undefined;
}

/** How far the search goes: enough for a project's own platform and socket headers, never a whole SDK. */
export const includeLimits = { headers: 64, depth: 8, bytes: 1 << 20, ancestors: 4 };

const quotedInclude = /^[ \t]*#[ \t]*include[ \t]*"([^"\r\n]+)"/gm;

/**
 * The workspace headers a file includes with `#include "…"`, transitively and in include order,
 * each once. A name is looked up beside the including file, then in each folder above it up to the
 * root (and its `include/` folder), as projects' `-I` paths usually point there. System headers
 * (`<…>`) are never read: what socklint knows of them is built in.
 */
export function includedHeaders(file: string, text: string, source: HeaderSource, facts: (file: string, text: string) => HeaderFacts): HeaderFacts[] {
  const out: HeaderFacts[] = [];
  const seen = new Set<string>([path.resolve(file)]);
  const root = source.root?.(file);
  const visit = (from: string, includes: readonly QuotedInclude[], depth: number, conditional: boolean) => {
    for (const inc of includes) {
      if (out.length >= includeLimits.headers) return;
      const found = resolve(inc.name, path.dirname(from), root, source, seen);
      if (!found) continue;
      seen.add(found.file);
      // A header reached only through an `#if` arm (a platform selector's `#elif defined(X_WINDOWS)`)
      // lends its macros, but its Winsock include or Windows API level does not make every
      // includer Windows code.
      const under = conditional || inc.conditional;
      const f = facts(found.file, found.text);
      out.push(under && (f.winsock || f.windowsTarget) ? { ...f, winsock: false, windowsTarget: false } : f);
      if (depth + 1 < includeLimits.depth) visit(found.file, f.includes, depth + 1, under);
    }
  };
  visit(path.resolve(file), quotedIncludes(text), 0, false);
  return out;
}

/** A text's `#include "…"` lines, each with whether an `#if` arm holds it. */
export function quotedIncludes(text: string, conditionsAt = enclosingConditions(text)): QuotedInclude[] {
  return [...text.matchAll(quotedInclude)].map((m) => ({ name: m[1], conditional: conditionsAt(m.index ?? 0).length > 0 }));
}

const directiveLine = /^[ \t]*#[ \t]*(if|ifdef|ifndef|elif|elifdef|elifndef|else|endif|define)\b[ \t]*(\w*)(.*)$/gm;

/**
 * The conditions of the `#if` arms around an offset, the file's include guard aside (`#ifndef X` /
 * `#define X` as its first two directives). `#elif` and `#else` arms carry their chain's conditions.
 */
export function enclosingConditions(text: string): (offset: number) => string[] {
  const ranges: Array<{ start: number; end: number; cond: string }> = [];
  const open: Array<{ start: number; guard: boolean; conds: string[] }> = [];
  let count = 0;
  let guardName: string | undefined;
  for (const m of text.matchAll(directiveLine)) {
    const [, word, name, rest] = m;
    const at = m.index ?? 0;
    count++;
    if (count === 1 && word === 'ifndef') guardName = name;
    const guard = count === 1 && word === 'ifndef';
    if (count === 2 && !(word === 'define' && name === guardName) && open[0]?.guard) open[0].guard = false;
    if (word === 'if' || word === 'ifdef' || word === 'ifndef') open.push({ start: at, guard, conds: [`${word} ${name}${rest}`] });
    else if (word.startsWith('elif') && open.length) open[open.length - 1].conds.push(`${word} ${name}${rest}`);
    else if (word === 'endif') {
      const top = open.pop();
      if (top && !top.guard) ranges.push({ start: top.start, end: at, cond: top.conds.join(' ') });
    }
  }
  for (const top of open) if (!top.guard) ranges.push({ start: top.start, end: text.length, cond: top.conds.join(' ') });
  return (offset) => ranges.filter((r) => offset > r.start && offset < r.end).map((r) => r.cond);
}

const windowsVersionDefine = /^[ \t]*#[ \t]*define[ \t]+(?:_WIN32_WINNT|WINVER)\b/gm;

/**
 * `#ifdef _WIN32` / `#define _WIN32_WINNT 0x0602` (or under `#ifndef _WIN32_WINNT`): the Windows API
 * level the program's Windows build compiles against, so the code has a Windows build. `code` has
 * other systems' arms blanked; one compiler's arm (`#ifdef __MINGW32__`) says no more than its
 * Winsock include would (RULES.md "Platform").
 */
export function setsWindowsVersion(code: string, conditionsAt: (at: number) => string[]): boolean {
  return [...code.matchAll(windowsVersionDefine)].some((m) => !conditionsAt(m.index ?? 0).some(compilerOnly));
}

/** Only one Windows compiler's arm: `#ifdef _MSC_VER` (a precompiled header), not the platform. */
const compilerOnly = (cond: string) => /\b(?:_MSC_VER|__MINGW32__|__MINGW64__)\b/.test(cond) && !/\b(?:_WIN32|_WIN64|WIN32|WIN64|_WINDOWS)\b|WINDOWS\b/.test(cond);

function resolve(name: string, dir: string, root: string | undefined, source: HeaderSource, seen: Set<string>): { file: string; text: string } | undefined {
  if (path.isAbsolute(name)) return undefined;
  const stop = root ? path.resolve(root) : undefined;
  let at = dir;
  for (let i = 0; i <= includeLimits.ancestors; i++) {
    for (const candidate of i === 0 ? [path.join(at, name)] : [path.join(at, name), path.join(at, 'include', name)]) {
      const file = path.resolve(candidate);
      // Never outside the root: a header of another project is not this one's.
      if (stop && file !== stop && !file.startsWith(stop + path.sep)) continue;
      if (seen.has(file)) return undefined;
      const text = source.read(file);
      if (text !== undefined && text.length <= includeLimits.bytes) return { file, text };
    }
    if (stop && path.resolve(at) === stop) break;
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  return undefined;
}

const winsockHeaders = /#\s*include\s*[<"](?:winsock2|ws2tcpip|mswsock|winsock)\.h[>"]/gi;
const posixHeaders = /#\s*include\s*[<"](?:sys\/socket|netinet\/in|arpa\/inet|netdb|sys\/un)\.h[>"]/;
const typedefName = /\btypedef\b[^;{}]*?\b(\w+)\s*;/g;

const DEF = 1;
const TYPEDEF = 2;
const FIELD = 3;
function headerKind(type: string): number {
  if (type === 'preproc_def' || type === 'preproc_function_def') return DEF;
  if (type === 'type_definition') return TYPEDEF;
  if (type === 'field_declaration' || type === 'declaration') return FIELD;
  // Inline functions' bodies define nothing an includer reads.
  return type === 'compound_statement' || type === 'comment' || type === 'string_literal' ? -1 : 0;
}

/** Reads a parsed header once; the tree can be deleted afterwards. */
export function headerFacts(file: string, text: string, tree: Tree): HeaderFacts {
  const { macros, nonWindows } = scanPreprocessor(text);
  const conditionsAt = enclosingConditions(text);
  let code = text;
  for (const [start, end] of nonWindows) code = code.slice(0, start) + ' '.repeat(Math.max(0, end - start)) + code.slice(end);
  const winsockIncludes = [...code.matchAll(winsockHeaders)];
  const facts: HeaderFacts = {
    file,
    defines: [],
    platform: macros,
    // As in the file itself (RULES.md "Platform"): a Winsock include outside non-Windows arms, but not
    // one only a compiler's arm makes (`#ifdef _MSC_VER`, a precompiled header's).
    winsock: winsockIncludes.some((m) => !conditionsAt(m.index ?? 0).some(compilerOnly)),
    winsockSomewhere: winsockIncludes.length > 0,
    posix: posixHeaders.test(text),
    windowsTarget: setsWindowsVersion(code, conditionsAt),
    own: [...text.matchAll(typedefName)].map((m) => m[1]),
    socketAliases: [],
    fieldTypes: [],
    asioOptions: /\basio\b|SO_\w+\s*;/.test(text) ? [...asioOptionAliases(text)] : [],
    includes: quotedIncludes(text, conditionsAt),
  };
  walkKinds(tree.rootNode, headerKind, (kind, cursor) => {
    const n = cursor.currentNode;
    if (kind === DEF) {
      const d = definitionOf(n);
      if (d) {
        facts.defines.push(d);
        facts.own.push(d.name);
      }
      return false;
    }
    const type = n.childForFieldName('type')?.text;
    if (kind === TYPEDEF) {
      if (type === 'SOCKET') for (const d of n.childrenForFieldName('declarator')) if (d?.type === 'type_identifier') facts.socketAliases.push(d.text);
      return true;
    }
    if (type)
      for (const d of n.childrenForFieldName('declarator')) {
        const name = declaredName(d?.type === 'init_declarator' ? d.childForFieldName('declarator') : d);
        if (name) facts.fieldTypes.push([name.text, type]);
      }
    return true;
  });
  for (const d of facts.defines) if (d.params === undefined && d.value.trim() === 'SOCKET') facts.socketAliases.push(d.name);
  return facts;
}

/** A header that could not be parsed says nothing of its own. */
export function emptyHeader(file: string, text: string): HeaderFacts {
  return {
    file,
    defines: [],
    platform: { windows: new Set(), other: new Set(), always: new Set() },
    winsock: false,
    winsockSomewhere: false,
    posix: false,
    windowsTarget: false,
    own: [],
    socketAliases: [],
    fieldTypes: [],
    asioOptions: [],
    // Its includes are still followed, as they would be for a header that parsed.
    includes: quotedIncludes(text),
  };
}

/** Reads headers from the disk: regular files up to the size limit, as UTF-8. */
export function diskHeaders(root?: (file: string) => string | undefined, options: { snapshot?: boolean } = {}): HeaderSource {
  // Every analysis asks again (a keystroke in the includer): a header is read again only when it changed on disk.
  const texts = new Map<string, { mtimeMs: number; size: number; text: string }>();
  // A command-line run reads the disk as it is when it starts: a name found missing (most lookups,
  // one per folder searched) is not looked up again.
  const missing = options.snapshot ? new Set<string>() : undefined;
  return {
    read(file) {
      if (missing?.has(file)) return undefined;
      const text = readHeader(file);
      if (text === undefined) missing?.add(file);
      return text;
    },
    root,
  };

  function readHeader(file: string): string | undefined {
    try {
      const st = fs.statSync(file);
      if (!st.isFile() || st.size > includeLimits.bytes) return undefined;
      const known = texts.get(file);
      if (known && known.mtimeMs === st.mtimeMs && known.size === st.size) return known.text;
      const text = fs.readFileSync(file, 'utf8');
      texts.set(file, { mtimeMs: st.mtimeMs, size: st.size, text });
      if (texts.size > 1024) texts.delete(texts.keys().next().value!);
      return text;
    } catch {
      return undefined;
    }
  }
}

/** A `#define` node as a definition. */
export function definitionOf(n: Node): Definition | undefined {
  const name = n.childForFieldName('name')?.text;
  if (!name) return undefined;
  const value = n.childForFieldName('value')?.text ?? '';
  if (n.type !== 'preproc_function_def') return { name, value };
  return { name, value, params: (n.childForFieldName('parameters')?.namedChildren ?? []).map((p) => p?.text ?? '') };
}

/** The platform macros of the headers and then the file, as one set (the file's own `#undef`s come last). */
export function mergePlatform(headers: readonly HeaderFacts[]): PlatformMacros {
  const out: PlatformMacros = { windows: new Set(), other: new Set(), always: new Set(), values: new Map() };
  for (const h of headers) {
    for (const n of h.platform.windows) out.windows.add(n);
    for (const n of h.platform.other) out.other.add(n);
    for (const n of h.platform.always) out.always.add(n);
    for (const [n, v] of h.platform.values ?? []) out.values!.set(n, v);
  }
  return out;
}
