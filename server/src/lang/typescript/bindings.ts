import type * as TS from 'typescript';
import type { Region } from '../../engine/ir';
import { tsApi } from './tsapi';

/** Node modules whose members socklint follows; `node:net` and `net` are the same module. */
export type NodeModule = 'net' | 'tls' | 'dgram' | 'events' | 'http' | 'https' | 'stream';
export type FfiModule = 'koffi' | 'ffi-napi' | 'ffi-rs';
type Module = NodeModule | FfiModule;

const MODULES: Record<string, Module> = {
  net: 'net',
  tls: 'tls',
  dgram: 'dgram',
  events: 'events',
  http: 'http',
  https: 'https',
  stream: 'stream',
  koffi: 'koffi',
  'ffi-napi': 'ffi-napi',
  '@lwahonen/ffi-napi': 'ffi-napi',
  'ffi-rs': 'ffi-rs',
};

export function moduleOf(specifier: string): Module | undefined {
  const name = specifier.replace(/^node:/, '');
  return Object.prototype.hasOwnProperty.call(MODULES, name) ? MODULES[name] : undefined;
}

/** What a name stands for: a whole module (`net`), or one member of it (`createServer`). */
export interface ModuleRef {
  module: Module;
  member?: string;
}

/** A native function reached through an FFI binding, by its C name, and where its library runs. */
export interface FfiFunction {
  name: string;
  region: Region;
}

/**
 * What the file's imports, requires and FFI bindings make of its names. Syntax only: a name is
 * resolved when the file itself shows where it comes from.
 */
export class Bindings {
  readonly names = new Map<string, ModuleRef>();
  /** Library handles: `koffi.load('ws2_32.dll')`, and where that library runs. */
  readonly ffiLibraries = new Map<string, Region>();
  /** Callable names bound to native functions (`const bind = lib.func('bind', …)`). */
  readonly ffiFunctions = new Map<string, FfiFunction>();
  /** Objects whose properties are native functions (`ffi.Library('ws2_32', { bind: … })`). */
  readonly ffiObjects = new Map<string, Map<string, FfiFunction>>();
  /** ffi-rs library aliases opened with `open({ library, path })`. */
  readonly ffiRsAliases = new Map<string, Region>();
  /** Numeric constants declared with `const` anywhere in the file (`const SO_EXCLUSIVEADDRUSE = ~4`). */
  readonly constants = new Map<string, number>();
  /** Same-file functions that receive connections (`net.createServer(onConnection)`), with the
   * position of the socket parameter (an http server's 'upgrade' listener gets it second). */
  readonly connectionHandlers = new Map<string, number>();
  /** Names called as plain functions (`f(…)`, `this.f(…)`) somewhere in the file. */
  readonly calledNames = new Set<string>();
  /** Names called as a method of anything (`this.pool.discard(s)`, `obj.m(…)`): a method so named may be called from the file. */
  readonly memberCalls = new Set<string>();
  /** Initialisers by variable name, for values read through a variable (`const on = Buffer.from([1, 0, 0, 0])`). */
  readonly initializers = new Map<string, TS.Expression>();

  /** The module member an expression names: `net.connect`, `connect` (imported), `require('net').connect`. */
  refOf(e: TS.Expression): ModuleRef | undefined {
    const ts = tsApi();
    e = skipOuter(e);
    if (ts.isIdentifier(e)) return this.names.get(e.text);
    if (ts.isPropertyAccessExpression(e)) {
      const base = this.refOf(e.expression);
      if (base && !base.member) return { module: base.module, member: e.name.text };
      return undefined;
    }
    const req = requireOf(e);
    if (req) return { module: req };
    // `(secure ? tls : net).createServer(…)`: either module makes the same kind of server and socket.
    if (ts.isConditionalExpression(e)) {
      const [a, b] = [this.refOf(e.whenTrue), this.refOf(e.whenFalse)];
      const streams = (r: ModuleRef | undefined) => !!r && !r.member && (r.module === 'net' || r.module === 'tls');
      if (streams(a) && streams(b)) return a;
    }
    return undefined;
  }

  isModule(e: TS.Expression, module: Module): boolean {
    const r = this.refOf(e);
    return !!r && r.module === module && !r.member;
  }

  isMember(e: TS.Expression, module: Module, ...members: string[]): string | undefined {
    const r = this.refOf(e);
    return r && r.module === module && r.member && members.includes(r.member) ? r.member : undefined;
  }
}

export function skipOuter(e: TS.Expression): TS.Expression {
  const ts = tsApi();
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
    else if (ts.isAwaitExpression(e)) e = e.expression;
    else return e;
  }
}

/** `require('net')` → the module. */
export function requireOf(e: TS.Expression): Module | undefined {
  const ts = tsApi();
  if (!ts.isCallExpression(e) || !ts.isIdentifier(e.expression) || e.expression.text !== 'require') return undefined;
  const a = e.arguments[0];
  return a && ts.isStringLiteralLike(a) ? moduleOf(a.text) : undefined;
}

function regionOfLibrary(name: string): Region {
  if (/ws2_32|wsock32|mswsock|winsock/i.test(name)) return 'windows';
  if (/(^|[\\/])libc(\.|$)|\.so(\.|$)|\.dylib$|^c$/i.test(name)) return 'posix';
  return 'shared';
}

const CALLING_CONVENTIONS = new Set(['__cdecl', '__stdcall', '__fastcall', '__thiscall']);

/** The C name a koffi `func(...)` declaration binds: `'bind'`, `'__stdcall', 'bind'`, or a prototype string. */
function koffiName(args: readonly TS.Expression[]): string | undefined {
  const ts = tsApi();
  const strings = args.filter((a): a is TS.StringLiteralLike => ts.isStringLiteralLike(a)).map((a) => a.text);
  let first = strings[0];
  if (first === undefined) return undefined;
  if (CALLING_CONVENTIONS.has(first)) first = strings[1] ?? '';
  const proto = /([A-Za-z_]\w*)\s*\(/.exec(first);
  if (proto) return proto[1];
  return /^[A-Za-z_]\w*$/.test(first) ? first : undefined;
}

/** Reads one numeric constant expression, following constants already known. */
export function numericValue(e: TS.Expression | undefined, constants: Map<string, number>): number | undefined {
  const ts = tsApi();
  if (!e) return undefined;
  e = skipOuter(e);
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (ts.isIdentifier(e)) return constants.get(e.text);
  if (ts.isPrefixUnaryExpression(e)) {
    const v = numericValue(e.operand, constants);
    if (v === undefined) return undefined;
    if (e.operator === ts.SyntaxKind.TildeToken) return ~v;
    if (e.operator === ts.SyntaxKind.MinusToken) return -v;
    if (e.operator === ts.SyntaxKind.PlusToken) return v;
    return undefined;
  }
  if (ts.isBinaryExpression(e)) {
    const a = numericValue(e.left, constants);
    const b = numericValue(e.right, constants);
    if (a === undefined || b === undefined) return undefined;
    switch (e.operatorToken.kind) {
      case ts.SyntaxKind.BarToken:
        return a | b;
      case ts.SyntaxKind.AmpersandToken:
        return a & b;
      case ts.SyntaxKind.PlusToken:
        return a + b;
      case ts.SyntaxKind.MinusToken:
        return a - b;
      case ts.SyntaxKind.LessThanLessThanToken:
        return a << b;
      default:
        return undefined;
    }
  }
  return undefined;
}

/** Scans the whole file once: imports, requires, FFI libraries and functions, constants. */
export function collectBindings(sf: TS.SourceFile): Bindings {
  const ts = tsApi();
  const b = new Bindings();
  const bindName = (name: TS.BindingName, ref: ModuleRef) => {
    if (ts.isIdentifier(name)) b.names.set(name.text, ref);
    else if (ts.isObjectBindingPattern(name) && !ref.member) {
      for (const el of name.elements) {
        const prop = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : ts.isIdentifier(el.name) ? el.name.text : undefined;
        if (prop && ts.isIdentifier(el.name)) b.names.set(el.name.text, { module: ref.module, member: prop });
      }
    }
  };
  const visit = (node: TS.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const module = moduleOf(node.moduleSpecifier.text);
      const clause = node.importClause;
      if (module && clause) {
        if (clause.name) b.names.set(clause.name.text, { module });
        const nb = clause.namedBindings;
        if (nb && ts.isNamespaceImport(nb)) b.names.set(nb.name.text, { module });
        if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) b.names.set(el.name.text, { module, member: (el.propertyName ?? el.name).text });
      }
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      const module = moduleOf(node.moduleReference.expression.text);
      if (module) b.names.set(node.name.text, { module });
    } else if (ts.isVariableDeclaration(node) && node.initializer) {
      if (ts.isIdentifier(node.name)) b.initializers.set(node.name.text, node.initializer);
      declaration(node.name, node.initializer, node);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left)) {
      // `let connect; … connect = net.connect.bind(net);` on each branch: the same as a const.
      const bound = boundMember(node.right);
      const before = b.names.get(node.left.text);
      if (bound && (!before || before.member === bound.member)) b.names.set(node.left.text, before ?? bound);
    } else if (ts.isCallExpression(node)) {
      const c = skipOuter(node.expression);
      if (ts.isIdentifier(c)) b.calledNames.add(c.text);
      else if (ts.isPropertyAccessExpression(c) && c.expression.kind === ts.SyntaxKind.ThisKeyword) b.calledNames.add(c.name.text);
      if (ts.isPropertyAccessExpression(c)) b.memberCalls.add(c.name.text);
    }
    ts.forEachChild(node, visit);
  };
  const declaration = (name: TS.BindingName, init: TS.Expression, decl: TS.VariableDeclaration) => {
    const e = skipOuter(init);
    const req = requireOf(e);
    if (req) return bindName(name, { module: req });
    if (ts.isPropertyAccessExpression(e)) {
      const r = requireOf(skipOuter(e.expression));
      if (r) return bindName(name, { module: r, member: e.name.text });
    }
    if (!ts.isIdentifier(name)) {
      // `const { createServer } = net;`
      const ref = b.refOf(e);
      if (ref && !ref.member) bindName(name, ref);
      return;
    }
    const isConst = !!(decl.parent && ts.isVariableDeclarationList(decl.parent) && decl.parent.flags & ts.NodeFlags.Const);
    if (isConst) {
      const v = numericValue(e, b.constants);
      if (v !== undefined) b.constants.set(name.text, v);
    }
    if (ts.isCallExpression(e)) ffiDeclaration(name.text, e);
    if (ts.isObjectLiteralExpression(e)) ffiObjectLiteral(name.text, e);
    const alias = b.refOf(e);
    if (alias && ts.isIdentifier(e)) b.names.set(name.text, alias);
    // `const connect = secure ? tls.connect.bind(tls) : net.connect.bind(net)`: a module function under another name.
    const bound = boundMember(e);
    if (bound) b.names.set(name.text, bound);
  };
  const boundMember = (e: TS.Expression): ModuleRef | undefined => {
    e = skipOuter(e);
    if (ts.isConditionalExpression(e)) {
      const [a, c] = [boundMember(e.whenTrue), boundMember(e.whenFalse)];
      return a && c && a.member === c.member ? a : undefined;
    }
    if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression) || e.expression.name.text !== 'bind') return undefined;
    const ref = b.refOf(e.expression.expression);
    return ref?.member ? ref : undefined;
  };
  const ffiDeclaration = (name: string, call: TS.CallExpression) => {
    const callee = skipOuter(call.expression);
    const lib = ts.isPropertyAccessExpression(callee) ? skipOuter(callee.expression) : undefined;
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    const firstString = call.arguments[0] && ts.isStringLiteralLike(call.arguments[0]) ? call.arguments[0].text : undefined;
    // koffi.load('ws2_32.dll')
    if (lib && method === 'load' && b.isModule(lib, 'koffi') && firstString !== undefined) {
      b.ffiLibraries.set(name, regionOfLibrary(firstString));
      return;
    }
    // ffi.Library('ws2_32', { bind: [...] })
    if (lib && method === 'Library' && b.isModule(lib, 'ffi-napi') && firstString !== undefined) {
      const region = regionOfLibrary(firstString);
      const decls = call.arguments[1];
      if (decls && ts.isObjectLiteralExpression(decls)) {
        const fns = new Map<string, FfiFunction>();
        for (const p of decls.properties) {
          const key = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name)) ? p.name.text : undefined;
          if (key) fns.set(key, { name: key, region });
        }
        b.ffiObjects.set(name, fns);
      }
      return;
    }
    // lib.func('bind', …) / lib.func('int __stdcall bind(…)') / lib.stdcall('bind', …)
    if (lib && ts.isIdentifier(lib) && b.ffiLibraries.has(lib.text) && (method === 'func' || method === 'stdcall' || method === 'cdecl' || method === 'fastcall')) {
      const fn = koffiName(call.arguments);
      if (fn) b.ffiFunctions.set(name, { name: fn, region: b.ffiLibraries.get(lib.text)! });
      return;
    }
    // ffi-rs: open({ library: 'ws2', path: 'ws2_32.dll' })
    if (b.isMember(callee, 'ffi-rs', 'open')) {
      const opts = call.arguments[0];
      const lib = opts && ts.isObjectLiteralExpression(opts) ? stringProp(opts, 'library') : undefined;
      const path = opts && ts.isObjectLiteralExpression(opts) ? stringProp(opts, 'path') : undefined;
      if (lib !== undefined) b.ffiRsAliases.set(lib, regionOfLibrary(path ?? lib));
    }
  };
  // `const ws = { bind: lib.func('bind', …), … }`
  const ffiObjectLiteral = (name: string, obj: TS.ObjectLiteralExpression) => {
    const fns = new Map<string, FfiFunction>();
    for (const p of obj.properties) {
      if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name))) continue;
      const v = skipOuter(p.initializer);
      if (!ts.isCallExpression(v)) continue;
      const callee = skipOuter(v.expression);
      if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression) || !b.ffiLibraries.has(callee.expression.text)) continue;
      const fn = koffiName(v.arguments);
      if (fn) fns.set(p.name.text, { name: fn, region: b.ffiLibraries.get(callee.expression.text)! });
    }
    if (fns.size) b.ffiObjects.set(name, fns);
  };
  visit(sf);
  collectConnectionHandlers(sf, b);
  return b;
}

export function stringProp(obj: TS.ObjectLiteralExpression, key: string): string | undefined {
  const ts = tsApi();
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p) && p.name && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name)) && p.name.text === key && ts.isStringLiteralLike(p.initializer)) return p.initializer.text;
  }
  return undefined;
}

/** Functions named as connection listeners: `net.createServer(onConn)`, `server.on('connection', onConn)`. */
function collectConnectionHandlers(sf: TS.SourceFile, b: Bindings): void {
  const ts = tsApi();
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = skipOuter(node.expression);
      let listener: TS.Expression | undefined;
      let position = 0;
      if (b.isMember(callee, 'net', 'createServer') || b.isMember(callee, 'tls', 'createServer'))
        listener = node.arguments[node.arguments.length - 1]; // `createServer([options,] listener)`
      else if (ts.isPropertyAccessExpression(callee) && LISTEN_METHODS.has(callee.name.text)) {
        const ev = node.arguments[0];
        if (ev && ts.isStringLiteralLike(ev) && (ev.text === 'connection' || ev.text === 'secureConnection')) listener = node.arguments[1];
        // `server.on('upgrade', (req, socket, head) => …)`: no other emitter names an event so.
        if (ev && ts.isStringLiteralLike(ev) && ev.text === 'upgrade') [listener, position] = [node.arguments[1], 1];
      }
      if (listener && ts.isIdentifier(listener)) b.connectionHandlers.set(listener.text, position);
      // `server.on('connection', this._onConnection.bind(this))`, `this.onConnection`: a method of the class.
      const method = listener && methodRef(listener);
      if (method) b.connectionHandlers.set(`this.${method}`, position);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

/** `this.m`, `this.m.bind(this)`: where the method is named. */
export function thisMethodRef(e: TS.Expression): TS.PropertyAccessExpression | undefined {
  const ts = tsApi();
  let v = skipOuter(e);
  if (ts.isCallExpression(v) && ts.isPropertyAccessExpression(v.expression) && v.expression.name.text === 'bind') v = skipOuter(v.expression.expression);
  return ts.isPropertyAccessExpression(v) && v.expression.kind === ts.SyntaxKind.ThisKeyword ? v : undefined;
}

function methodRef(e: TS.Expression): string | undefined {
  return thisMethodRef(e)?.name.text;
}

/** What the code clears with `clearTimeout(…)`, nested functions included. */
export function clearedTimers(node: TS.Node): TS.Expression[] {
  const ts = tsApi();
  const out: TS.Expression[] = [];
  const walk = (n: TS.Node): void => {
    const callee = ts.isCallExpression(n) ? skipOuter(n.expression) : undefined;
    if (callee && ts.isIdentifier(callee) && callee.text === 'clearTimeout' && (n as TS.CallExpression).arguments[0]) out.push(skipOuter((n as TS.CallExpression).arguments[0]));
    ts.forEachChild(n, walk);
  };
  walk(node);
  return out;
}

/** Methods that register an event listener: `(event, listener)`. */
export const LISTEN_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
