import type { Node } from 'web-tree-sitter';
import type { ShutdownHow, SockType, SocketEvent, Stmt } from '../../engine/ir';
import type { LowerContext, NewEvent } from './context';
import { handleOf, unwrap } from './syntax';

/**
 * Boost.Asio and standalone asio, lowered to the same socket events as the BSD calls they make
 * (RULES.md "C++ networking libraries"): `acceptor.open/bind/listen`, `set_option(reuse_address(true))`
 * (SO_REUSEADDR), a `boolean<SOL_SOCKET, SO_EXCLUSIVEADDRUSE>` option, `linger(true, n)`,
 * `accept(socket)`, `socket.shutdown(shutdown_send)`, `socket.close()`, and the acceptor
 * constructor taking an endpoint, which opens, sets SO_REUSEADDR (its `reuse_addr` argument,
 * true by default), binds and listens.
 */

// Not a member type of one (`tcp::acceptor::endpoint_type`).
const acceptorType = /\b(?:basic_socket_acceptor|acceptor)\b(?!\s*(?:<[^<>]*>\s*)?::)/;
const socketType = /\b(?:basic_stream_socket|basic_datagram_socket|basic_raw_socket|basic_socket)\b|(?:tcp|udp|icmp)\s*::\s*socket\b/;

export function isAsioAcceptor(type: string | undefined): boolean {
  return !!type && acceptorType.test(type) && !/\bsocket_acceptor_service\b/.test(type);
}

export function isAsioSocket(type: string | undefined): boolean {
  return !!type && (isAsioAcceptor(type) || socketType.test(type));
}

/** Names of options the file defines as `boolean<SOL_SOCKET, SO_…>` (typedef or using), by name. */
export function asioOptionAliases(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/typedef\s+[\w:\s]*?boolean\s*<\s*SOL_SOCKET\s*,\s*(SO_\w+)\s*>\s*(\w+)\s*;/g)) out.set(m[2], m[1]);
  for (const m of text.matchAll(/using\s+(\w+)\s*=\s*[\w:\s]*?boolean\s*<\s*SOL_SOCKET\s*,\s*(SO_\w+)\s*>\s*;/g)) out.set(m[1], m[2]);
  // An option class of the program's own (libtorrent's `exclusive_address_use`): its name() returns the option.
  for (const m of text.matchAll(/\b(?:struct|class)\s+(\w+)\s*\{((?:(?!\b(?:struct|class)\s+\w+\s*\{)[\s\S]){0,1500}?)\bname\s*\([^)]*\)\s*const\s*\{\s*return\s+(SO_\w+)\s*;/g)) out.set(m[1], m[3]);
  return out;
}

/** Names the file gives asio's Unix-domain protocols (`using stream_protocol = net::local::stream_protocol;`). */
export function asioLocalAliases(text: string): Set<string> {
  return new Set([...text.matchAll(/using\s+(\w+)\s*=\s*[\w:\s]*\blocal\s*::\s*(?:stream_protocol|seq_packet_protocol|datagram_protocol)\s*;/g)].map((m) => m[1]));
}

/** `boost::asio` or `asio`, as the file writes it, for generated code. */
export function asioNamespace(text: string): string {
  return /\bboost\s*::\s*asio\b|boost\/asio/.test(text) ? 'boost::asio' : 'asio';
}

const exclusiveOption = (ns: string) => `${ns}::detail::socket_option::boolean<SOL_SOCKET, SO_EXCLUSIVEADDRUSE>`;

type Push = (e: NewEvent) => SocketEvent;

/** A boolean argument: `true`/`false`, or a value the file decides; undefined when it cannot say. */
function truth(n: Node | null | undefined, ctx: LowerContext): boolean | undefined {
  const t = unwrap(n)?.text.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  const v = ctx.env.eval(n ?? undefined);
  return v === undefined ? undefined : v !== 0;
}

function sockTypeOf(type: string | undefined): SockType {
  return type && /\budp\b|datagram/.test(type) ? 'dgram' : 'stream';
}

/** The port of `tcp::endpoint(tcp::v4(), 8080)` (or `{address, 8080}`) when written as a number. */
function portOf(endpoint: Node | undefined): number | undefined {
  const e = unwrap(endpoint);
  if (!e || (e.type !== 'call_expression' && e.type !== 'compound_literal_expression' && e.type !== 'initializer_list')) return undefined;
  // `{address, 0}` is an endpoint too, where bind() takes one.
  const args = e.type === 'initializer_list' ? e.namedChildren : (e.childForFieldName('arguments')?.namedChildren ?? e.childForFieldName('value')?.namedChildren ?? []);
  const last = args[args.length - 1];
  return last?.type === 'number_literal' ? Number.parseInt(last.text, 10) : undefined;
}

/**
 * `tcp::acceptor acc(io, endpoint[, reuse_addr])` (also `{…}` and member initialisers): the
 * constructor opens, sets SO_REUSEADDR unless `reuse_addr` is false, binds and listens.
 */
export function lowerAcceptorConstruction(name: string, type: string, args: Node[], site: { start: number; end: number }, indent: string, ctx: LowerContext, ns: string): Stmt[] {
  const out: Stmt[] = [];
  const push: Push = (e) => {
    const ev = ctx.emit(e);
    out.push({ k: 'ev', ev });
    return ev;
  };
  const base = { site, h: name, handleText: name };
  // `local::stream_protocol::acceptor` binds a Unix socket path: no port to share or take.
  const local = /\blocal\s*::/.test(type) || [...(ctx.asio?.local ?? [])].some((alias) => type.startsWith(`${alias}::`));
  push({ ...base, kind: 'create', api: 'acceptor', sockType: sockTypeOf(type), accepted: false, ...(local ? { localFamily: true } : {}) });
  if (args.length < 2) return out;
  const enabled = args[2] ? truth(args[2], ctx) : true;
  const replacement = exclusiveConstruction(name, type, args, indent, ctx, ns);
  if (enabled !== false) push({ ...base, kind: 'setsockopt', option: 'SO_REUSEADDR', enabled, api: 'acceptor constructor', replacement });
  push({ ...base, kind: 'bind', port: portOf(args[1]), resultUsed: true, exclusiveLines: [] });
  push({ ...base, kind: 'listen' });
  return out;
}

/**
 * An acceptor made on the heap: `new tcp::acceptor(io, ep)`, `std::make_shared<tcp::acceptor>(io, ep)`
 * or `std::make_unique<…>(…)`. The same constructor runs as in a declaration.
 */
export function heapAcceptor(n: Node | null | undefined): { type: string; args: Node[]; node: Node } | undefined {
  const e = unwrap(n);
  if (!e) return undefined;
  const argsOf = (list: Node | null) => (list?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
  if (e.type === 'new_expression') {
    const type = e.childForFieldName('type')?.text;
    const list = e.childForFieldName('arguments');
    return isAsioAcceptor(type) && list ? { type: type!, args: argsOf(list), node: e } : undefined;
  }
  if (e.type !== 'call_expression') return undefined;
  const fn = e.childForFieldName('function');
  if (fn?.type !== 'template_function' && fn?.type !== 'qualified_identifier') return undefined;
  const m = /\bmake_(?:shared|unique)\s*<\s*([\s\S]+)>\s*$/.exec(fn.text);
  return m && isAsioAcceptor(m[1]) ? { type: m[1].trim(), args: argsOf(e.childForFieldName('arguments')), node: e } : undefined;
}

/**
 * `key` now holds a heap acceptor (assigned to it, or given to its `reset`): the constructor's events,
 * and, for a smart pointer declared where the analysis does not look (a header), its type from here on.
 */
export function lowerHeapAcceptor(key: string, pointer: string, heap: { type: string; args: Node[]; node: Node }, indent: string, ctx: LowerContext, ns: string): Stmt[] {
  if (!ctx.declaredType(key)) ctx.recordType(key, `${pointer}<${heap.type}>`);
  return lowerAcceptorConstruction(key, heap.type, heap.args, { start: heap.node.startIndex, end: heap.node.endIndex }, indent, ctx, ns);
}

/**
 * The fix for an acceptor constructed on an endpoint: construct it from a lambda that opens it,
 * sets the exclusive option, binds and listens (`reuse_addr = false` alone would leave the port
 * open to a socket that sets SO_REUSEADDR). Acceptors are movable, so `return a;` hands it over.
 */
function exclusiveConstruction(
  name: string,
  type: string,
  args: Node[],
  indent: string,
  ctx: LowerContext,
  ns: string,
): { title: string; edit: { start: number; end: number; newText: string } } | undefined {
  if (args.length < 2 || !ctx.asio) return undefined;
  const acceptor = type.replace(/\b(?:const|static|mutable)\b/g, '').trim();
  const inner = `${indent}        `;
  const option = `a.set_option(${exclusiveOption(ns)}(true));`;
  const lines = [
    `[&] {`,
    `${inner}${acceptor} a(${args[0].text});`,
    // A braced endpoint (`{address, port}`) has no type of its own: `auto` would make it an initializer_list.
    args[1].type === 'initializer_list' ? `${inner}const ${acceptor}::endpoint_type endpoint${args[1].text};` : `${inner}const auto endpoint = ${args[1].text};`,
    `${inner}a.open(endpoint.protocol());`,
    ...(ctx.asio.portable ? ['#ifdef SO_EXCLUSIVEADDRUSE', `${inner}${option}`, '#endif'] : [`${inner}${option}`]),
    `${inner}a.bind(endpoint);`,
    `${inner}a.listen();`,
    `${inner}return a;`,
    `${indent}    }()`,
  ];
  const start = args[0].startIndex;
  const end = args[args.length - 1].endIndex;
  return { title: `Construct ${name} with SO_EXCLUSIVEADDRUSE set before it binds`, edit: { start, end, newText: lines.join(ctx.eol) } };
}

/** `obj.method(args)` on an asio acceptor or socket; false when it is no call socklint follows. */
export function lowerAsioCall(call: Node, obj: Node, method: string, args: Node[], ctx: LowerContext, push: Push, ns: string): boolean {
  const h = handleOf(obj);
  if (!h) return false;
  const site = { start: call.startIndex, end: call.endIndex };
  const base = { site, h: h.key, handleText: h.text };
  let type = ctx.declaredType(h.key);
  if (!isAsioSocket(type) && method === 'set_option' && takesAsioOption(args[0], ctx)) {
    // A wrapper of the program's (vsomeip's tcp_acceptor) that takes asio's own options hands them
    // to the asio object it holds: from here on its calls are that object's.
    type = wrapped(type ?? h.key);
    ctx.recordType(h.key, type);
    // Its open() went by unseen: what it made is known now (a datagram socket is a service without listen()).
    push({ ...base, kind: 'create', api: 'open', sockType: sockTypeOf(type), accepted: false });
  }
  if (!isAsioSocket(type)) return false;
  switch (method) {
    case 'open':
      push({ ...base, kind: 'create', api: 'open', sockType: sockTypeOf(type), accepted: false });
      return true;
    case 'bind':
      push({ ...base, kind: 'bind', port: portOf(args[0]), resultUsed: true, exclusiveLines: [`${h.text}.set_option(${exclusiveOption(ns)}(true));`] });
      return true;
    case 'listen':
      push({ ...base, kind: 'listen' });
      return true;
    case 'connect': {
      const ev = push({ ...base, kind: 'connect' });
      // `sock.connect(ep, ec)`: the error_code holds the outcome, as a C call's result would
      // (`if (ec)`, `while (ec && …)` retry loops).
      const ec = args.length >= 2 ? handleOf(args[args.length - 1]) : undefined;
      if (ec) ctx.resultOf.set(ec.key, ev.id);
      return true;
    }
    case 'accept': {
      const into = handleOf(args[0]);
      if (!into) return true;
      push({ site, h: into.key, handleText: into.text, kind: 'create', api: 'accept', sockType: 'stream', accepted: true });
      return true;
    }
    case 'shutdown':
      push({ ...base, kind: 'shutdown', how: shutdownHow(args[0]) });
      return true;
    case 'close':
      push({
        ...base,
        kind: 'close',
        api: `${h.text}.close`,
        gracefulLines: gracefulClose(h.text, ns),
        gracefulWords: { shutdown: `${h.text}.shutdown(shutdown_send)`, drain: 'read_some until it fails with eof' },
      });
      return true;
    case 'read_some':
    case 'receive':
      push({ ...base, kind: 'recv' });
      return true;
    case 'set_option':
      setOption(call, args[0], base, ctx, push, ns);
      return true;
    default:
      return false;
  }
}

/** `set_option(boost::asio::socket_base::reuse_address(true))`: an option only asio's classes take. */
function takesAsioOption(arg: Node | undefined, ctx: LowerContext): boolean {
  const opt = unwrap(arg);
  if (!opt) return false;
  // `socket_base::reuse_address opt(true); s.set_option(opt);`
  const text = opt.type === 'call_expression' ? (opt.childForFieldName('function')?.text ?? '') : opt.type === 'identifier' ? (ctx.declaredType(opt.text) ?? '') : '';
  return /\b(?:asio::)?(?:socket_base|ip(?:::multicast)?)::(?:reuse_address|linger|keep_alive|broadcast|do_not_route|v6_only|join_group)$/.test(text.replace(/\s+/g, ''));
}

/** The asio class a wrapper stands for, from its type or name: an acceptor, a UDP or a TCP socket. */
function wrapped(typeOrName: string): string {
  if (/acceptor/i.test(typeOrName)) return 'asio::ip::tcp::acceptor';
  return /udp|datagram/i.test(typeOrName) ? 'asio::ip::udp::socket' : 'asio::ip::tcp::socket';
}

/** asio's graceful close: shut the sending side down, then read until the peer closes (or fails). */
function gracefulClose(handle: string, ns: string): string[] {
  const errorCode = ns === 'boost::asio' ? 'boost::system::error_code' : 'asio::error_code';
  return [
    '{',
    `    ${errorCode} drain_ec;`,
    `    ${handle}.shutdown(${ns}::socket_base::shutdown_send, drain_ec);`,
    '    char drain[256];',
    '    do {',
    `        ${handle}.read_some(${ns}::buffer(drain), drain_ec);`,
    '    } while (!drain_ec);',
    '}',
  ];
}

function shutdownHow(arg: Node | undefined): ShutdownHow {
  const t = arg?.text ?? '';
  if (/shutdown_send\b/.test(t)) return 'send';
  if (/shutdown_receive\b/.test(t)) return 'receive';
  if (/shutdown_both\b/.test(t)) return 'both';
  return 'unknown';
}

function setOption(call: Node, arg: Node | undefined, base: { site: { start: number; end: number }; h: string; handleText: string }, ctx: LowerContext, push: Push, ns: string): void {
  const opt = unwrap(arg);
  if (opt?.type === 'identifier') {
    // An option object made beforehand (`socket_base::reuse_address opt(true);`): its value is the one it was made with.
    const typeText = (ctx.declaredType(opt.text) ?? '').replace(/\s+/g, '');
    const last = typeText.replace(/.*::/, '');
    const option = /boolean<SOL_SOCKET,(SO_\w+)>$/.exec(typeText)?.[1] ?? ctx.asio?.options.get(last) ?? (last === 'reuse_address' ? 'SO_REUSEADDR' : undefined);
    const value = ctx.env.get(opt.text);
    if (option) push({ ...base, kind: 'setsockopt', option, enabled: value === undefined ? undefined : value !== 0, api: 'set_option' });
    return;
  }
  if (!opt || opt.type !== 'call_expression') return;
  const fnText = opt.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '';
  const last = fnText.replace(/.*::/, '');
  const values = opt.childForFieldName('arguments')?.namedChildren ?? [];
  const boolOption = /boolean<SOL_SOCKET,(SO_\w+)>$/.exec(fnText)?.[1] ?? ctx.asio?.options.get(last);
  if (last === 'reuse_address' || boolOption) {
    const option = boolOption ?? 'SO_REUSEADDR';
    // Portable code keeps reuse_address for its other builds, where the exclusive option does not exist.
    const replacement =
      option === 'SO_REUSEADDR' && !ctx.asio?.portable
        ? { title: 'Use SO_EXCLUSIVEADDRUSE instead of reuse_address', edit: { start: opt.startIndex, end: opt.endIndex, newText: `${exclusiveOption(ns)}(true)` } }
        : undefined;
    push({ ...base, kind: 'setsockopt', option, enabled: truth(values[0], ctx), api: 'set_option', replacement });
    return;
  }
  // `multicast::join_group(group)`: a multicast receiver, which shares its port by design.
  if (last === 'join_group') {
    push({ ...base, kind: 'membership', api: 'join_group' });
    return;
  }
  if (last === 'linger') {
    const onoff = truth(values[0], ctx);
    const seconds = ctx.env.eval(values[1] ?? undefined);
    push({ ...base, kind: 'setsockopt', option: 'SO_LINGER', enabled: onoff, linger: { onoff: onoff === undefined ? undefined : onoff ? 1 : 0, seconds }, api: 'set_option' });
  }
}
