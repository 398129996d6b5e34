import type * as TS from 'typescript';
import type { Span } from '../../engine/findings';
import type { BindCallback, Stmt } from '../../engine/ir';
import { indentAt, lineStart } from '../../engine/text';
import { LISTEN_METHODS, clearedTimers, numericValue, skipOuter } from './bindings';
import { ffiCallOf, lowerFfi } from './ffi';
import { type FunctionLike, type LowerContext, type Prelude, anonKey as anonKeyOf } from './context';
import { tsApi } from './tsapi';

/** What a tracked name holds: a Node stream socket, a datagram socket, a server, or a native socket. */
export type { SockKind } from './context';

/** Listener events after which a stream connection is over or failing: cleanup, not a close. */
const ENDED_EVENTS = new Set(['error', 'timeout', 'close', 'end', 'finish']);
/** Listener events that only fire once a datagram socket is bound. */
const BOUND_EVENTS = new Set(['listening', 'message', 'connect']);
/** dgram setters that throw until the socket is bound, and the option each one sets. */
const DGRAM_SETTERS: Record<string, string | 'membership'> = {
  setBroadcast: 'SO_BROADCAST',
  setTTL: 'IP_TTL',
  setMulticastTTL: 'IP_MULTICAST_TTL',
  setMulticastLoopback: 'IP_MULTICAST_LOOP',
  setMulticastInterface: 'IP_MULTICAST_IF',
  setRecvBufferSize: 'SO_RCVBUF',
  setSendBufferSize: 'SO_SNDBUF',
  addMembership: 'membership',
  addSourceSpecificMembership: 'membership',
};
/** Calls that only look at a socket: passing it to them hands it to no one. */
const HARMLESS = /^(?:console\.\w+|String|Number|Boolean|JSON\.stringify|util\.inspect|inspect|assert(?:\.\w+)?|clearTimeout|clearInterval|Array\.isArray|Object\.is)$/;

function isFunction(e: TS.Expression | undefined): e is TS.ArrowFunction | TS.FunctionExpression {
  const ts = tsApi();
  return !!e && (ts.isArrowFunction(e) || ts.isFunctionExpression(e));
}

function anonKey(lw: LowerContext, e: TS.Node): string {
  return anonKeyOf(e, lw.sf);
}

export function lowerCall(lw: LowerContext, e: TS.CallExpression, target: string | undefined): Stmt[] {
  const ts = lw.ts;
  const b = lw.bindings;
  const callee = skipOuter(e.expression);
  const ffi = ffiCallOf(lw, e);
  if (ffi) return lowerFfi(lw, e, ffi, target);
  const ref = b.refOf(callee);
  if (ref?.member) {
    const name = `${ref.module}.${ref.member}`;
    if (name === 'net.connect' || name === 'net.createConnection' || name === 'tls.connect') return connection(lw, e, target, ref.member);
    if (name === 'net.createServer' || name === 'tls.createServer') return server(lw, e.arguments, target ?? anonKey(lw, e), e);
    if (name === 'http.createServer' || name === 'https.createServer') return httpServer(lw, e, target ?? anonKey(lw, e));
    if (name === 'dgram.createSocket') return createSocket(lw, e, target ?? anonKey(lw, e));
    if (name === 'events.once') return once(lw, e);
  }
  if (ts.isPropertyAccessExpression(callee)) {
    const receiver = skipOuter(callee.expression);
    // The receiver is evaluated first; when it is a call, lowering it may make the socket.
    const prefix = ts.isCallExpression(receiver) || ts.isNewExpression(receiver) ? lw.expr(receiver) : undefined;
    const h = lw.handleOf(callee.expression) ?? typedReceiver(lw, callee, e);
    if (h) return [...(prefix ?? []), ...socketMethod(lw, h, callee, e)];
    const failure = prefix ? undefined : (failureListener(lw, callee, e) ?? tunnelListener(lw, callee, e));
    if (failure) return failure;
    if (prefix) return [...prefix, ...genericCall(lw, e.expression, e.arguments, e, true)];
  }
  const helper = ts.isIdentifier(callee) && lw.file.topFunctions.has(callee.text) && !lw.kinds.has(callee.text) ? callee.text : ownMethod(lw, callee, e);
  if (helper) {
    const out: Stmt[] = [];
    for (const a of e.arguments) out.push(...argument(lw, a));
    const args = e.arguments.map((a) => {
      const key = lw.keyOf(a);
      return (key && ts.isIdentifier(skipOuter(a))) || key?.startsWith('this.') ? { h: key!, text: a.getText(lw.sf) } : undefined;
    });
    // What the helper does replays here, in Node's terms when it is given Node sockets.
    const node = args.some((a) => a && lw.kinds.get(a.h) !== undefined && lw.kinds.get(a.h) !== 'ffi');
    out.push(lw.emit({ kind: 'call', callee: helper, args, site: lw.span(e), ...(node ? { dialect: 'node' as const } : {}) }));
    return out;
  }
  // An IIFE runs right here.
  if (isFunction(callee)) return [...e.arguments.flatMap((a) => argument(lw, a)), ...lw.lambda(callee, undefined, [], true)];
  const timeout = connectTimeout(lw, e, target);
  if (timeout) return timeout;
  return genericCall(lw, e.expression, e.arguments ?? [], e);
}

export function lowerNew(lw: LowerContext, e: TS.NewExpression, target: string | undefined): Stmt[] {
  const b = lw.bindings;
  const callee = skipOuter(e.expression);
  const args = e.arguments ?? [];
  const key = target ?? anonKey(lw, e);
  if (b.isMember(callee, 'net', 'Socket') || b.isMember(callee, 'tls', 'TLSSocket')) {
    // `new tls.TLSSocket(conn)` wraps a socket that may already be connected: it carries its state.
    const wrapped = args[0] && lw.handleOf(args[0]);
    const out: Stmt[] = [];
    for (const a of args) out.push(...lw.expr(a));
    lw.kinds.set(key, 'stream');
    if (wrapped && lw.kinds.get(wrapped) === 'stream') out.push(lw.emit({ kind: 'copy', h: key, handleText: key, from: wrapped, site: lw.span(e), dialect: 'node' }));
    else out.push(lw.emit({ kind: 'create', h: key, handleText: key, api: 'Socket', sockType: 'stream', accepted: false, site: lw.span(e), dialect: 'node' }));
    return out;
  }
  if (b.isMember(callee, 'net', 'Server') || b.isMember(callee, 'tls', 'Server')) return server(lw, args, key, e);
  if (b.isMember(callee, 'http', 'Server') || b.isMember(callee, 'https', 'Server')) return httpServer(lw, e, key);
  return genericCall(lw, e.expression, args, e);
}

/**
 * `this.m(…)` inside a class that defines `m` with a body: the method is lowered as `Class.m`, so
 * the call replays its summary like a call of a same-file function. A `function` in between has
 * its own `this`.
 */
function ownMethod(lw: LowerContext, callee: TS.Expression, e: TS.Node): string | undefined {
  const ts = lw.ts;
  if (!ts.isPropertyAccessExpression(callee) || callee.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  const m = callee.name.text;
  for (let n: TS.Node | undefined = e.parent; n; n = n.parent) {
    if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) return undefined;
    if (!ts.isClassDeclaration(n)) continue;
    return n.name && methodNames(n).has(m) ? `${n.name.text}.${m}` : undefined;
  }
  return undefined;
}

/** Names of a class's methods with bodies (and function-valued properties), read once per class. */
const methodNamesOf = new WeakMap<TS.ClassDeclaration, Set<string>>();
function methodNames(cls: TS.ClassDeclaration): Set<string> {
  const ts = tsApi();
  let names = methodNamesOf.get(cls);
  if (names) return names;
  names = new Set();
  for (const member of cls.members) {
    if (!member.name || !(ts.isIdentifier(member.name) || ts.isPrivateIdentifier(member.name))) continue;
    if (ts.isMethodDeclaration(member) ? !!member.body : ts.isPropertyDeclaration(member) && !!member.initializer && isFunction(skipOuter(member.initializer))) names.add(member.name.text);
  }
  methodNamesOf.set(cls, names);
  return names;
}

/** Methods whose receiver matters enough to ask the type checker about it when syntax cannot tell. */
const TYPED_METHODS = new Set(['destroy', 'resetAndDestroy', ...Object.keys(DGRAM_SETTERS)]);
const TYPED_EVENTS = new Set(['connection', 'secureConnection', 'listening', 'upgrade']);

function typedReceiver(lw: LowerContext, callee: TS.PropertyAccessExpression, e: TS.CallExpression): string | undefined {
  const m = callee.name.text;
  const ev = eventName(e.arguments[0]);
  if (!TYPED_METHODS.has(m) && !(LISTEN_METHODS.has(m) && ev && TYPED_EVENTS.has(ev))) return undefined;
  const receiver = skipOuter(callee.expression);
  const key = lw.keyOf(receiver);
  if (!key) return undefined;
  const kind = lw.ask(receiver);
  if (!kind) return undefined;
  lw.kinds.set(key, kind);
  return key;
}

/** Arguments of a call into unknown code: callbacks are functions of their own, sockets escape. */
function genericCall(lw: LowerContext, calleeExpr: TS.Expression, args: readonly TS.Expression[], e: TS.Expression, receiverDone = false): Stmt[] {
  const ts = lw.ts;
  const out: Stmt[] = [];
  const callee = skipOuter(calleeExpr);
  if (ts.isPropertyAccessExpression(callee)) {
    if (!receiverDone) out.push(...lw.expr(callee.expression));
  } else if (!ts.isIdentifier(callee)) out.push(...lw.expr(callee));
  const name = calleeText(lw, callee);
  const synchronous = ts.isPropertyAccessExpression(callee) && SYNCHRONOUS_CALLBACKS.has(callee.name.text);
  const boundTo = ownMethodBinding(lw, callee);
  for (const a of args) {
    out.push(...argument(lw, a, synchronous));
    const h = lw.handleOf(a);
    if (h && !HARMLESS.test(name) && h !== boundTo) out.push(lw.emit({ kind: 'escape', h, handleText: a.getText(lw.sf), callee: name, site: lw.span(e), dialect: 'node' }));
  }
  return out;
}

/**
 * `socket.emit.bind(socket)`: a socket's own method bound to it. The bound function does what the
 * method does when called (`on`, `emit`, `unref`); the socket is handed to no code of its own.
 */
function ownMethodBinding(lw: LowerContext, callee: TS.Expression): string | undefined {
  const ts = lw.ts;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'bind') return undefined;
  const method = skipOuter(callee.expression);
  if (!ts.isPropertyAccessExpression(method) || method.name.text === 'destroy' || method.name.text === 'resetAndDestroy') return undefined;
  return lw.handleOf(method.expression);
}

function calleeText(lw: LowerContext, callee: TS.Expression): string {
  const text = callee.getText(lw.sf);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function argument(lw: LowerContext, a: TS.Expression, synchronous = false): Stmt[] {
  const v = skipOuter(a);
  return isFunction(v) ? lw.lambda(v, undefined, [], synchronous) : lw.expr(a);
}

/** Array methods whose callbacks run before the call returns. */
const SYNCHRONOUS_CALLBACKS = new Set(['forEach', 'map', 'filter', 'some', 'every', 'reduce', 'reduceRight', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flatMap', 'sort']);

/** `net.connect(…)`, `tls.connect(…)`: a socket connecting from the start. */
function connection(lw: LowerContext, e: TS.CallExpression, target: string | undefined, api: string): Stmt[] {
  const key = target ?? anonKey(lw, e);
  const site = lw.span(e);
  lw.kinds.set(key, 'stream');
  const out: Stmt[] = [
    lw.emit({ kind: 'create', h: key, handleText: key, api, sockType: 'stream', accepted: false, site, dialect: 'node' }),
    lw.emit({ kind: 'connect', h: key, handleText: key, site, dialect: 'node' }),
  ];
  // The connect listener runs once connected: it sees the socket as it is now.
  for (const a of e.arguments) out.push(...argument(lw, a));
  return out;
}

/** `net.createServer(listener)`: the listener's first parameter is an accepted connection. */
function server(lw: LowerContext, args: readonly TS.Expression[], key: string, made: TS.Expression): Stmt[] {
  lw.kinds.set(key, 'server');
  // The server's own socket: its listen() is then known to be this one's (a hover says where it was made).
  const out: Stmt[] = [lw.emit({ kind: 'create', h: key, handleText: key, api: 'createServer', sockType: 'stream', accepted: false, site: lw.span(made), dialect: 'node' })];
  for (const a of args) {
    const v = skipOuter(a);
    out.push(...(isFunction(v) ? connectionListener(lw, v) : lw.expr(a)));
  }
  return out;
}

/** `http.createServer(listener)`: a server whose listener gets requests; its 'upgrade' listeners get sockets. */
function httpServer(lw: LowerContext, e: TS.CallExpression | TS.NewExpression, key: string): Stmt[] {
  lw.kinds.set(key, 'server');
  const out: Stmt[] = [lw.emit({ kind: 'create', h: key, handleText: key, api: 'createServer', sockType: 'stream', accepted: false, site: lw.span(e), dialect: 'node' })];
  for (const a of e.arguments ?? []) {
    const v = skipOuter(a);
    out.push(...(isFunction(v) ? requestListener(lw, v) : lw.expr(a)));
  }
  return out;
}

/** `(req, res) => …` of an http server: `req.socket` is the connection the request came on (RULES.md). */
function requestListener(lw: LowerContext, fn: FunctionLike): Stmt[] {
  const p = fn.parameters[0];
  if (!p || !lw.ts.isIdentifier(p.name)) return lw.lambda(fn);
  return lw.lambda(fn, undefined, [{ key: `${p.name.text}.socket`, site: p, api: 'request' }]);
}

function connectionListener(lw: LowerContext, fn: FunctionLike, position = 0, api = 'connection'): Stmt[] {
  const p = fn.parameters[position];
  if (!p || !lw.ts.isIdentifier(p.name)) return lw.lambda(fn);
  return lw.lambda(fn, undefined, [{ key: p.name.text, site: p, api }]);
}

/** `dgram.createSocket({ type, reuseAddr })`: reuseAddr is SO_REUSEADDR set before any bind. */
function createSocket(lw: LowerContext, e: TS.CallExpression, key: string): Stmt[] {
  const ts = lw.ts;
  const site = lw.span(e);
  lw.kinds.set(key, 'dgram');
  const out: Stmt[] = [];
  const opts = e.arguments[0] && skipOuter(e.arguments[0]);
  out.push(...(opts && ts.isObjectLiteralExpression(opts) ? [] : lw.expr(e.arguments[0])));
  out.push(lw.emit({ kind: 'create', h: key, handleText: key, api: 'createSocket', sockType: 'dgram', accepted: false, site, dialect: 'node' }));
  if (opts && ts.isObjectLiteralExpression(opts)) {
    for (const p of opts.properties) {
      if (ts.isPropertyAssignment(p)) out.push(...lw.expr(p.initializer));
      const name = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name)) ? p.name.text : undefined;
      if (name !== 'reuseAddr' || !(ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p))) continue;
      const value = ts.isPropertyAssignment(p) ? skipOuter(p.initializer) : undefined;
      const enabled = value?.kind === ts.SyntaxKind.TrueKeyword ? true : value?.kind === ts.SyntaxKind.FalseKeyword ? false : undefined;
      const span = lw.span(p);
      out.push(
        lw.emit({
          kind: 'setsockopt',
          h: key,
          handleText: key,
          option: 'SO_REUSEADDR',
          enabled,
          site: span,
          optionSpan: span,
          removal: propertyRemoval(lw, opts, p),
          api: 'createSocket',
          dialect: 'node',
        }),
      );
    }
  }
  const listener = e.arguments[1] && skipOuter(e.arguments[1]);
  if (isFunction(listener)) out.push(...lw.lambda(listener, boundPrelude(key)));
  else if (e.arguments[1]) out.push(...lw.expr(e.arguments[1]));
  return out;
}

/** The property with the comma that separates it from its neighbour. */
function propertyRemoval(lw: LowerContext, obj: TS.ObjectLiteralExpression, p: TS.ObjectLiteralElementLike): Span {
  const props = obj.properties;
  const i = props.indexOf(p);
  if (i + 1 < props.length) return { start: p.getStart(lw.sf), end: props[i + 1].getStart(lw.sf) };
  if (i > 0) return { start: props[i - 1].end, end: p.end };
  return lw.span(p);
}

/** `once(s, 'listening')` (events.once): awaited, s is bound from here on. */
function once(lw: LowerContext, e: TS.CallExpression): Stmt[] {
  const ts = lw.ts;
  const out: Stmt[] = [];
  for (const a of e.arguments) out.push(...lw.expr(a));
  const h = lw.handleOf(e.arguments[0]);
  const ev = e.arguments[1];
  if (h && lw.kinds.get(h) === 'dgram' && ev && ts.isStringLiteralLike(ev) && ev.text === 'listening') {
    out.push(lw.emit({ kind: 'listen', h, handleText: h, site: lw.span(e), dialect: 'node' }));
  }
  // `await once(s, 'close')`: what follows runs once the connection is over.
  const awaited = e.parent && ts.isAwaitExpression(e.parent);
  if (h && awaited && lw.kinds.get(h) === 'stream' && ev && ts.isStringLiteralLike(ev) && (ev.text === 'close' || ev.text === 'end')) {
    out.push(lw.emit({ kind: 'disconnected', h, handleText: h, reason: `await once(${ev.text})`, site: lw.span(e), dialect: 'node' }));
  }
  return out;
}

function boundPrelude(h: string) {
  return (child: LowerContext): Stmt[] => [child.emit({ kind: 'listen', h, handleText: h, site: child.span(child.fnNode), dialect: 'node' })];
}

/**
 * A listener that runs once `h` has ended or failed. In an 'error' or 'timeout' listener the whole
 * exchange has failed: tearing down the other streams it relayed to (a proxy's other side) is
 * cleanup too. A 'close' or 'end' listener says only that `h` is over; another stream is still
 * healthy, and destroying it loses what is queued for it.
 */
function endedPrelude(h: string | undefined, reason: string) {
  return (child: LowerContext): Stmt[] => {
    const failed = reason === 'error' || reason === 'timeout' ? [...child.kinds].filter(([k, kind]) => kind === 'stream' && k !== h).map(([k]) => k) : [];
    const ended = h === undefined ? failed : [h, ...failed];
    return ended.map((x) =>
      child.emit({ kind: 'disconnected', h: x, handleText: x, reason: x === h ? reason : `${reason} of ${h ?? 'the exchange'}`, site: child.span(child.fnNode), dialect: 'node' }),
    );
  };
}

/**
 * `x.on('error', fn)` on an emitter socklint does not know as a socket (an HTTP request, a proxy's
 * other side it cannot type): `fn` still runs when the exchange failed, so it tears the streams down.
 */
function failureListener(lw: LowerContext, callee: TS.PropertyAccessExpression, e: TS.CallExpression): Stmt[] | undefined {
  const ev = eventName(e.arguments[0]);
  const fn = e.arguments[1] && skipOuter(e.arguments[1]);
  if (!LISTEN_METHODS.has(callee.name.text) || (ev !== 'error' && ev !== 'timeout') || !isFunction(fn)) return undefined;
  return [...lw.expr(callee.expression), ...lw.lambda(fn, endedPrelude(undefined, ev)), ...e.arguments.slice(2).flatMap((a) => argument(lw, a))];
}

/**
 * `req.on('connect', (res, socket, head) => …)`, `req.on('upgrade', …)`: an http client request's
 * tunnel or upgraded connection arrives second, as on a server (RULES.md: sockets from 'upgrade'
 * and 'connect' listeners). The three parameters tell it from a net socket's own 'connect'.
 */
function tunnelListener(lw: LowerContext, callee: TS.PropertyAccessExpression, e: TS.CallExpression): Stmt[] | undefined {
  const ev = eventName(e.arguments[0]);
  const fn = e.arguments[1] && skipOuter(e.arguments[1]);
  if (!LISTEN_METHODS.has(callee.name.text) || (ev !== 'connect' && ev !== 'upgrade') || !isFunction(fn) || fn.parameters.length !== 3) return undefined;
  return [...lw.expr(callee.expression), ...connectionListener(lw, fn, 1, 'upgrade'), ...e.arguments.slice(2).flatMap((a) => argument(lw, a))];
}

/** `fn` as a listener: a function of its own with `prelude`, or, when named, nothing to follow. */
function listener(lw: LowerContext, fn: TS.Expression | undefined, prelude?: Prelude): Stmt[] {
  const v = fn && skipOuter(fn);
  if (isFunction(v)) return lw.lambda(v, prelude);
  const name = v && (lw.ts.isIdentifier(v) ? v.text : lw.ts.isPropertyAccessExpression(v) && v.expression.kind === lw.ts.SyntaxKind.ThisKeyword ? lw.keyOf(v) : undefined);
  if (prelude && name) lw.namedListener(name, prelude);
  return lw.expr(fn);
}

function eventName(e: TS.Expression | undefined): string | undefined {
  const ts = tsApi();
  return e && ts.isStringLiteralLike(e) ? e.text : undefined;
}

/** The call as a statement of its own (`s.destroy();`): how it ends, and whether it is optional. */
function ownStatement(lw: LowerContext, e: TS.CallExpression, callee: TS.PropertyAccessExpression): { semicolon: boolean; optional: boolean; named: boolean } | undefined {
  const ts = lw.ts;
  const parent = e.parent;
  if (!parent || !ts.isExpressionStatement(parent) || parent.expression !== e) return undefined;
  return { semicolon: parent.getLastToken(lw.sf)?.kind === ts.SyntaxKind.SemicolonToken, optional: !!callee.questionDotToken, named: lw.keyOf(callee.expression) !== undefined };
}

/** A method called on a tracked socket. */
function socketMethod(lw: LowerContext, h: string, callee: TS.PropertyAccessExpression, e: TS.CallExpression): Stmt[] {
  const kind = lw.kinds.get(h)!;
  const m = callee.name.text;
  const args = e.arguments;
  const site = lw.span(e);
  const receiver = skipOuter(callee.expression);
  // A socket nobody named is shown as the call that made it (`net.connect(80)`).
  const handleText = lw.ts.isCallExpression(receiver) || lw.ts.isNewExpression(receiver) ? (h.startsWith('<socket@') ? callee.expression.getText(lw.sf) : h) : callee.expression.getText(lw.sf);
  const base = { h, handleText, site, dialect: 'node' as const };
  const rest = (from: number) => args.slice(from).flatMap((a) => argument(lw, a));
  if (LISTEN_METHODS.has(m)) {
    const ev = eventName(args[0]);
    const out = lw.expr(args[0]);
    if (kind === 'stream' && ev && ENDED_EVENTS.has(ev)) return [...out, ...listener(lw, args[1], endedPrelude(h, ev)), ...rest(2)];
    if (kind === 'dgram' && ev && BOUND_EVENTS.has(ev)) return [...out, ...listener(lw, args[1], boundPrelude(h)), ...rest(2)];
    if (kind === 'server' && (ev === 'connection' || ev === 'secureConnection') && isFunction(skipOuter(args[1] ?? callee)))
      return [...out, ...connectionListener(lw, skipOuter(args[1]) as FunctionLike), ...rest(2)];
    if (kind === 'server' && ev === 'request' && isFunction(skipOuter(args[1] ?? callee))) return [...out, ...requestListener(lw, skipOuter(args[1]) as FunctionLike), ...rest(2)];
    // An http server's 'upgrade' and 'connect' (CONNECT method) listeners get the request's socket second.
    if (kind === 'server' && (ev === 'upgrade' || ev === 'connect') && isFunction(skipOuter(args[1] ?? callee)))
      return [...out, ...connectionListener(lw, skipOuter(args[1]) as FunctionLike, 1, 'upgrade'), ...rest(2)];
    return [...out, ...rest(1)];
  }
  if (kind === 'stream') {
    switch (m) {
      case 'end':
      case 'destroySoon':
        // The callback of end() runs once the data is flushed: after the shutdown. The stream goes
        // on reading what the peer still sends: there is no recv loop to write.
        return [lw.emit({ ...base, kind: 'shutdown', how: 'send', drainsItself: true }), ...rest(0)];
      case 'destroy': {
        const err = args[0] && !isNothing(args[0]);
        const out = rest(0);
        if (err) out.push(lw.emit({ ...base, kind: 'disconnected', reason: 'destroy(err)' }));
        out.push(lw.emit({ ...base, kind: 'close', api: 'destroy', apiSpan: lw.span(callee.name), ownStatement: ownStatement(lw, e, callee) }));
        return out;
      }
      case 'resetAndDestroy':
        return [...rest(0), lw.emit({ ...base, kind: 'close', api: 'resetAndDestroy', abortive: true, apiSpan: lw.span(callee.name), ownStatement: ownStatement(lw, e, callee) })];
      case 'connect':
        return [lw.emit({ ...base, kind: 'connect' }), ...rest(0)];
      case 'setTimeout':
        return [...lw.expr(args[0]), ...listener(lw, args[1], endedPrelude(h, 'timeout'))];
      case 'pipe':
      case 'unpipe':
        return escaping(lw, args, `${handleText}.${m}`, e);
      default:
        return rest(0);
    }
  }
  if (kind === 'dgram') {
    const setter = Object.prototype.hasOwnProperty.call(DGRAM_SETTERS, m) ? DGRAM_SETTERS[m] : undefined;
    if (setter === 'membership') return [...rest(0), lw.emit({ ...base, kind: 'membership', api: m })];
    if (setter) {
      const v = args[0] && skipOuter(args[0]);
      const enabled = v?.kind === lw.ts.SyntaxKind.TrueKeyword ? true : v?.kind === lw.ts.SyntaxKind.FalseKeyword ? false : undefined;
      return [...rest(0), lw.emit({ ...base, kind: 'setsockopt', option: setter, enabled, api: m })];
    }
    switch (m) {
      case 'bind':
        return dgramBind(lw, base, e);
      case 'connect': {
        const cb = args.length && isFunction(skipOuter(args[args.length - 1])) ? args[args.length - 1] : undefined;
        const out = args.filter((a) => a !== cb).flatMap((a) => lw.expr(a));
        out.push(lw.emit({ ...base, kind: 'connect' }));
        if (cb) out.push(...listener(lw, cb, boundPrelude(h)));
        return out;
      }
      case 'close':
        return [lw.emit({ ...base, kind: 'close', api: 'close', apiSpan: lw.span(callee.name) }), ...rest(0)];
      default:
        return rest(0);
    }
  }
  if (kind === 'server' && m === 'listen') return [...rest(0), lw.emit({ ...base, kind: 'listen' })];
  return rest(0);
}

function escaping(lw: LowerContext, args: readonly TS.Expression[], name: string, e: TS.Expression): Stmt[] {
  const out: Stmt[] = [];
  for (const a of args) {
    out.push(...argument(lw, a));
    const h = lw.handleOf(a);
    if (h) out.push(lw.emit({ kind: 'escape', h, handleText: a.getText(lw.sf), callee: name, site: lw.span(e), dialect: 'node' }));
  }
  return out;
}

function isNothing(e: TS.Expression): boolean {
  const ts = tsApi();
  const v = skipOuter(e);
  return v.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(v) && v.text === 'undefined') || ts.isVoidExpression(v);
}

/** `s.bind(port?, address?, callback?)` / `s.bind(options, callback?)`. */
function dgramBind(lw: LowerContext, base: { h: string; handleText: string; site: Span; dialect: 'node' }, e: TS.CallExpression): Stmt[] {
  const ts = lw.ts;
  const args = e.arguments;
  const last = args.length ? skipOuter(args[args.length - 1]) : undefined;
  const cb = isFunction(last) ? last : undefined;
  const plain = cb ? args.slice(0, -1) : args;
  const out = plain.flatMap((a) => lw.expr(a));
  let port: number | undefined = 0;
  const first = plain[0] && skipOuter(plain[0]);
  if (first && ts.isObjectLiteralExpression(first)) {
    const p = first.properties.find((x): x is TS.PropertyAssignment => ts.isPropertyAssignment(x) && ts.isIdentifier(x.name) && x.name.text === 'port');
    const shorthand = first.properties.some((x) => ts.isShorthandPropertyAssignment(x) && x.name.text === 'port');
    port = p ? numericValue(p.initializer, lw.bindings.constants) : shorthand ? lw.bindings.constants.get('port') : 0;
  } else if (first) {
    port = numericValue(first, lw.bindings.constants);
  }
  const callback = bindCallback(lw, e, cb, last);
  out.push(lw.emit({ ...base, kind: 'bind', port, resultUsed: true, callback, exclusiveUnavailable: true }));
  if (cb) out.push(...lw.lambda(cb, boundPrelude(base.h)));
  return out;
}

function bindCallback(lw: LowerContext, e: TS.CallExpression, cb: TS.ArrowFunction | TS.FunctionExpression | undefined, last: TS.Expression | undefined): BindCallback {
  const ts = lw.ts;
  const text = lw.sf.text;
  if (cb) {
    if (!ts.isBlock(cb.body)) return { kind: 'other' };
    const body = cb.body;
    const open = body.getStart(lw.sf) + 1;
    const close = body.end - 1;
    const firstStmt = body.statements[0];
    const closeIndent = indentAt(text, close);
    const indent = firstStmt ? indentAt(text, firstStmt.getStart(lw.sf)) : closeIndent + lw.fn.indentUnit;
    const lineOfClose = lineStart(text, close);
    const closeLine = /^[ \t]*$/.test(text.slice(lineOfClose, close)) ? lineOfClose : undefined;
    return { kind: 'block', open, close, indent, closeIndent, closeLine };
  }
  // A function given by name in last place is the callback already, but not one a fix can edit.
  if (last && e.arguments.length > 1 && ts.isIdentifier(last)) {
    const init = lw.bindings.initializers.get(last.text);
    if (lw.file.topFunctions.has(last.text) || (init && isFunction(skipOuter(init)))) return { kind: 'other' };
  }
  return { kind: 'none', argsEnd: e.end - 1, hasArgs: e.arguments.length > 0, indent: indentAt(text, e.getStart(lw.sf)) };
}

/** A function declared in the function being lowered (or a const holding one), by name. */
function localFunction(lw: LowerContext, name: string): TS.Node | undefined {
  const ts = lw.ts;
  let found: TS.Node | undefined;
  const visit = (n: TS.Node): void => {
    if (found) return;
    if (ts.isFunctionDeclaration(n) && n.name?.text === name && n.body) found = n;
    else if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === name && n.initializer && isFunction(skipOuter(n.initializer))) found = n.initializer;
    else ts.forEachChild(n, visit);
  };
  visit(lw.fnNode);
  return found;
}

/**
 * `const timer = setTimeout(() => sock.destroy(), ms)` where `sock`'s 'connect' listener calls
 * `clearTimeout(timer)`: a connect timeout. Its callback runs only while the socket has not
 * connected, so destroying it there closes no connection.
 */
function connectTimeout(lw: LowerContext, e: TS.CallExpression, target: string | undefined): Stmt[] | undefined {
  const ts = lw.ts;
  const callee = skipOuter(e.expression);
  const fn = e.arguments[0] && skipOuter(e.arguments[0]);
  if (!target || !ts.isIdentifier(callee) || callee.text !== 'setTimeout' || !isFunction(fn)) return undefined;
  const sockets = new Set<string>();
  // `clearTimeout(timer)`, `clearTimeout(self.connectTimer)`
  const clears = (body: TS.Node): boolean => clearedTimers(body).some((arg) => lw.keyOf(arg) === target);
  const visit = (n: TS.Node): void => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && LISTEN_METHODS.has(n.expression.name.text)) {
      const ev = eventName(n.arguments[0]);
      const listener = n.arguments[1] && skipOuter(n.arguments[1]);
      const h = lw.handleOf(n.expression.expression);
      // The listener inline, or a function of this scope given by name (`socket.once('connect', onConnect)`).
      const body = listener && (isFunction(listener) ? listener : ts.isIdentifier(listener) ? localFunction(lw, listener.text) : undefined);
      if (h && (ev === 'connect' || ev === 'secureConnect' || ev === 'ready') && body && clears(body)) sockets.add(h);
    }
    ts.forEachChild(n, visit);
  };
  visit(lw.fnNode);
  if (!sockets.size) return undefined;
  const before = (child: LowerContext): Stmt[] =>
    [...sockets].map((h) => child.emit({ kind: 'disconnected', h, handleText: h, reason: 'connect timeout', site: child.span(child.fnNode), dialect: 'node' }));
  return [...lw.lambda(fn, before), ...e.arguments.slice(1).flatMap((a) => argument(lw, a))];
}
