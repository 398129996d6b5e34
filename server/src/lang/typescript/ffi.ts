import type * as TS from 'typescript';
import type { Region, ShutdownHow, SockType, Stmt } from '../../engine/ir';
import { type FfiFunction, numericValue, skipOuter, stringProp } from './bindings';
import { type LowerContext, keyOf } from './context';
import { tsApi } from './tsapi';

/** A call into a native function, with the arguments it passes (ffi-rs passes them in `paramsValue`). */
export interface FfiCall extends FfiFunction {
  args: readonly TS.Expression[];
}

/** `bind(…)`, `ws2.bind(…)`, `load({ library, funcName: 'bind', paramsValue: […] })`. */
export function ffiCallOf(lw: LowerContext, e: TS.CallExpression): FfiCall | undefined {
  const ts = lw.ts;
  const b = lw.bindings;
  const callee = skipOuter(e.expression);
  if (ts.isIdentifier(callee) && b.ffiFunctions.has(callee.text) && !lw.kinds.has(callee.text)) return { ...b.ffiFunctions.get(callee.text)!, args: e.arguments };
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const fn = b.ffiObjects.get(callee.expression.text)?.get(callee.name.text);
    if (fn) return { ...fn, args: e.arguments };
  }
  const opts = e.arguments[0];
  if (b.isMember(callee, 'ffi-rs', 'load') && opts && ts.isObjectLiteralExpression(opts)) {
    const name = stringProp(opts, 'funcName');
    const library = stringProp(opts, 'library');
    const values = opts.properties.find((p): p is TS.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'paramsValue');
    if (!name || !values || !ts.isArrayLiteralExpression(values.initializer)) return undefined;
    const region: Region = (library !== undefined && b.ffiRsAliases.get(library)) || (library && /ws2|winsock/i.test(library) ? 'windows' : 'shared');
    return { name, region, args: values.initializer.elements };
  }
  return undefined;
}

/** Winsock's option numbers, by level (SOL_SOCKET = 0xffff), and Linux's (SOL_SOCKET = 1). */
const WINDOWS_OPTIONS: Record<number, Record<number, string>> = {
  0xffff: {
    4: 'SO_REUSEADDR',
    [-5]: 'SO_EXCLUSIVEADDRUSE',
    0x80: 'SO_LINGER',
    [~0x80]: 'SO_DONTLINGER',
    8: 'SO_KEEPALIVE',
    0x20: 'SO_BROADCAST',
    0x1001: 'SO_SNDBUF',
    0x1002: 'SO_RCVBUF',
    0x1005: 'SO_SNDTIMEO',
    0x1006: 'SO_RCVTIMEO',
  },
  41: { 27: 'IPV6_V6ONLY' },
  6: { 1: 'TCP_NODELAY' },
};
const LINUX_OPTIONS: Record<number, Record<number, string>> = {
  1: { 2: 'SO_REUSEADDR', 15: 'SO_REUSEPORT', 13: 'SO_LINGER', 9: 'SO_KEEPALIVE', 6: 'SO_BROADCAST', 7: 'SO_SNDBUF', 8: 'SO_RCVBUF', 20: 'SO_RCVTIMEO', 21: 'SO_SNDTIMEO' },
  41: { 26: 'IPV6_V6ONLY' },
  6: { 1: 'TCP_NODELAY' },
  0: { 15: 'IP_FREEBIND', 19: 'IP_TRANSPARENT' },
};
const OPTION_NAME = /^(?:SO|IP|IPV6|TCP)_[A-Z0-9_]+$/;

/** The option a setsockopt argument names: by constant name, `~SO_REUSEADDR`, or by value. */
function optionName(level: TS.Expression | undefined, opt: TS.Expression | undefined, region: Region, constants: Map<string, number>): string | undefined {
  const ts = tsApi();
  if (!opt) return undefined;
  const o = skipOuter(opt);
  if (ts.isIdentifier(o) && OPTION_NAME.test(o.text)) return o.text;
  if (ts.isPrefixUnaryExpression(o) && o.operator === ts.SyntaxKind.TildeToken && ts.isIdentifier(skipOuter(o.operand)) && (skipOuter(o.operand) as TS.Identifier).text === 'SO_REUSEADDR')
    return 'SO_EXCLUSIVEADDRUSE';
  const value = numericValue(o, constants);
  if (value === undefined) return undefined;
  const tables = region === 'posix' ? LINUX_OPTIONS : WINDOWS_OPTIONS;
  const l = numericValue(level, constants);
  const lv = level && ts.isIdentifier(skipOuter(level)) && (skipOuter(level) as TS.Identifier).text === 'SOL_SOCKET' && l === undefined ? (region === 'posix' ? 1 : 0xffff) : l;
  if (lv !== undefined) return tables[lv]?.[value];
  return tables[region === 'posix' ? 1 : 0xffff][value];
}

/** The integer an option buffer holds: `Buffer.from([1, 0, 0, 0])`, `new Int32Array([1])`, `[1]`, or a const naming one. */
function bufferValue(e: TS.Expression | undefined, lw: LowerContext, depth = 0): number | undefined {
  const ts = lw.ts;
  if (!e || depth > 4) return undefined;
  const v = skipOuter(e);
  const n = numericValue(v, lw.bindings.constants);
  if (n !== undefined) return n;
  if (v.kind === ts.SyntaxKind.TrueKeyword) return 1;
  if (v.kind === ts.SyntaxKind.FalseKeyword) return 0;
  if (ts.isIdentifier(v)) return bufferValue(lw.bindings.initializers.get(v.text), lw, depth + 1);
  if (ts.isArrayLiteralExpression(v)) return bufferValue(v.elements[0], lw, depth + 1);
  if ((ts.isCallExpression(v) || ts.isNewExpression(v)) && v.arguments?.length) return bufferValue(v.arguments[0], lw, depth + 1);
  return undefined;
}

function resultUsed(e: TS.Expression): boolean {
  const ts = tsApi();
  let p: TS.Node = e.parent;
  while (p && (ts.isParenthesizedExpression(p) || ts.isAwaitExpression(p))) p = p.parent;
  return !ts.isExpressionStatement(p);
}

const CREATE = new Set(['socket', 'WSASocket', 'WSASocketA', 'WSASocketW']);
const ACCEPT = new Set(['accept', 'WSAAccept']);

/** The BSD/Winsock events of a native call, as the C front end would make them. */
export function lowerFfi(lw: LowerContext, e: TS.CallExpression, call: FfiCall, target: string | undefined): Stmt[] {
  const out: Stmt[] = [];
  for (const a of call.args) out.push(...lw.expr(a));
  const site = lw.span(e);
  const region = call.region;
  const constants = lw.bindings.constants;
  if (CREATE.has(call.name) || ACCEPT.has(call.name)) {
    if (!target) return out;
    const type = numericValue(call.args[1], constants);
    const sockType: SockType = ACCEPT.has(call.name) || type === 1 ? 'stream' : type === 2 ? 'dgram' : type === 3 ? 'raw' : 'unknown';
    lw.kinds.set(target, 'ffi');
    out.push(lw.emit({ kind: 'create', h: target, handleText: target, api: call.name, sockType, accepted: ACCEPT.has(call.name), site, region }));
    return out;
  }
  const first = call.args[0];
  const h = first && keyOf(skipOuter(first));
  if (!h) return out;
  const base = { h, handleText: first!.getText(lw.sf), site, region };
  switch (call.name) {
    case 'bind':
      out.push(lw.emit({ ...base, kind: 'bind', port: undefined, resultUsed: resultUsed(e) }));
      break;
    case 'listen':
      out.push(lw.emit({ ...base, kind: 'listen' }));
      break;
    case 'connect':
    case 'WSAConnect':
      out.push(lw.emit({ ...base, kind: 'connect' }));
      break;
    case 'setsockopt': {
      const option = optionName(call.args[1], call.args[2], region, constants);
      const v = bufferValue(call.args[3], lw);
      out.push(lw.emit({ ...base, kind: 'setsockopt', option, enabled: v === undefined ? undefined : v !== 0, optionSpan: call.args[2] ? lw.span(call.args[2]) : undefined }));
      break;
    }
    case 'shutdown': {
      const v = numericValue(call.args[1], constants);
      const how: ShutdownHow = v === 1 ? 'send' : v === 0 ? 'receive' : v === 2 ? 'both' : 'unknown';
      out.push(lw.emit({ ...base, kind: 'shutdown', how }));
      break;
    }
    case 'closesocket':
    case 'close':
      out.push(lw.emit({ ...base, kind: 'close', api: call.name }));
      break;
    case 'recv':
    case 'recvfrom':
    case 'WSARecv':
      out.push(lw.emit({ ...base, kind: 'recv' }));
      break;
  }
  return out;
}
