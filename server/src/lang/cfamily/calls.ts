import type { Node } from 'web-tree-sitter';
import type { ShutdownHow, SockType, Stmt } from '../../engine/ir';
import type { WrapperKind } from '../../engine/settings';
import type { LowerContext } from './context';
import { macroValue, parseNumber } from './values';
import { addressOf, argsOf, calleeOf, firstNamed, handleOf, isCastCall, postorder, unwrap } from './syntax';
import { apiEntry, socketApi } from './api';
import { heapAcceptor, lowerAsioCall, lowerHeapAcceptor } from './asio';
import { indentAt } from '../../engine/text';

const noreturn = new Set(['exit', '_exit', '_Exit', 'abort', 'ExitProcess', 'quick_exit', 'terminate', 'longjmp']);

/**
 * Whether calling a name can make a function matter to a rule: a socket call the lowering turns
 * into an event (lowering of everything else is skipped; lang/cfamily/relevance.ts).
 */
export function isSocketCall(id: string): boolean {
  if (id.endsWith('DisconnectEx')) return true;
  const effect = Object.prototype.hasOwnProperty.call(socketApi, id) ? socketApi[id].effect : undefined;
  // Zeroing only follows values for the calls that matter; using a socket changes nothing.
  return effect !== undefined && effect !== 'uses' && effect !== 'zero';
}

/** Names that matter wherever they are written (a SOCKET-typed value may be compared with 0). */
export function isSocketName(id: string): boolean {
  return socketOnlyNames.has(id);
}
const socketOnlyNames = new Set(['SOCKET', 'INVALID_SOCKET', 'linger', 'SO_LINGER', 'SO_REUSEADDR', 'SO_EXCLUSIVEADDRUSE']);

export function isNoreturnCall(n: Node | null | undefined): boolean {
  const u = unwrap(n);
  if (!u || u.type !== 'call_expression') return false;
  const c = calleeOf(u);
  return !!c && noreturn.has(c.name);
}

/**
 * The socket API a call is (api.ts) when it does something the rules track, or undefined for
 * `std::bind`, `obj.bind(…)`, wrong arity, calls that only use the socket and the like.
 */
export function apiName(call: Node, ctx: LowerContext): string | undefined {
  const c = calleeOf(call);
  const wrapped = c && wrapperApi(ctx.wrappers.get(c.name), argsOf(call).length);
  if (wrapped) return wrapped;
  if (!c || !c.global) return undefined;
  const n = argsOf(call).length;
  const entry = apiEntry(c.name, n);
  if (!entry || entry.effect === 'uses') return undefined;
  if (ctx.functionArity.get(c.name)?.has(n)) return undefined; // a same-file function shadows it
  return c.name;
}

const effectOf = (name: string) => socketApi[name].effect;

/** A configured wrapper as the call it stands for: with the call's own arguments, or (close, shutdown, drain) the socket first. */
function wrapperApi(kind: WrapperKind | undefined, argc: number): string | undefined {
  if (!kind) return undefined;
  const name = kind === 'drain' ? 'recv' : kind;
  if (!Object.prototype.hasOwnProperty.call(socketApi, name)) return undefined;
  return socketApi[name].arity?.includes(argc) || (argc >= 1 && (kind === 'close' || kind === 'shutdown' || kind === 'drain')) ? name : undefined;
}

const knownOptions = new Set([
  'SO_REUSEADDR',
  'SO_EXCLUSIVEADDRUSE',
  'SO_REUSEPORT',
  'SO_REUSEPORT_LB',
  'SO_RANDOMIZE_PORT',
  'IPV6_V6ONLY',
  'IP_FREEBIND',
  'IP_TRANSPARENT',
  'SO_LINGER',
  'SO_DONTLINGER',
]);
export const membershipOptions = new Set(['IP_ADD_MEMBERSHIP', 'IPV6_ADD_MEMBERSHIP', 'IPV6_JOIN_GROUP', 'MCAST_JOIN_GROUP', 'IP_ADD_SOURCE_MEMBERSHIP', 'MCAST_JOIN_SOURCE_GROUP']);

/** The option a setsockopt sets, through macros and the `~SO_REUSEADDR` / `-5` spellings. */
export function optionName(n: Node | undefined, ctx: LowerContext, depth = 0): string | undefined {
  const u = unwrap(n);
  if (!u) return undefined;
  return optionFromText(u.text.replace(/\s+/g, ''), ctx, depth);
}

function optionFromText(t: string, ctx: LowerContext, depth: number): string | undefined {
  const s = t.replace(/^\((.*)\)$/, '$1').replace(/^\((?:int|unsigned|long)\)/, '');
  if (s === '~SO_REUSEADDR' || s === '(~SO_REUSEADDR)') return 'SO_EXCLUSIVEADDRUSE';
  if (s === '~SO_LINGER' || s === '(~SO_LINGER)') return 'SO_DONTLINGER';
  if (/^[A-Z_][A-Z0-9_]*$/.test(s)) {
    if (knownOptions.has(s) || membershipOptions.has(s) || /^(SO|IP|IPV6|TCP|MCAST)_/.test(s)) return s;
    const def = ctx.macros.get(s);
    if (def !== undefined && depth < 8) return optionFromText(def.replace(/\s+/g, ''), ctx, depth + 1);
    return undefined;
  }
  const v = macroValue(s, ctx.macros);
  if (v === -5) return 'SO_EXCLUSIVEADDRUSE';
  return undefined;
}

/** Address families without ports: nothing can share or take a port of theirs. */
const localFamilies = /^(?:AF|PF)_(?:UNIX|LOCAL|VSOCK|NETLINK|PACKET|CAN|BLUETOOTH|ALG)$/;

function sockTypeOf(n: Node | undefined, ctx: LowerContext): SockType {
  const t = unwrap(n)?.text ?? '';
  if (/\bSOCK_DGRAM\b/.test(t)) return 'dgram';
  if (/\bSOCK_STREAM\b/.test(t)) return 'stream';
  if (/\bSOCK_RAW\b/.test(t)) return 'raw';
  // `socket(ai->ai_family, ai->ai_socktype, …)` over getaddrinfo results: the type the hints asked for.
  const fromHints = /^(\w+)\s*->\s*ai_socktype$/.exec(t);
  const v = macroValue(t, ctx.macros) ?? (fromHints ? ctx.addrinfoTypes.get(fromHints[1]) : undefined) ?? ctx.env.eval(n);
  return v === 1 ? 'stream' : v === 2 ? 'dgram' : v === 3 ? 'raw' : 'unknown';
}

/** `getaddrinfo(node, service, &hints, &res)`: `res` holds addresses of the socket type `hints` asked for. */
function recordAddrinfo(name: string, args: Node[], ctx: LowerContext): void {
  if (!/^(?:getaddrinfo|GetAddrInfo[AW]?|GetAddrInfoEx[AW]?)$/.test(name) || args.length < 4) return;
  const hints = addressOf(args[2]);
  const res = addressOf(args[3]);
  if (!res || res.type !== 'identifier') return;
  const type = hints ? ctx.env.get(`${envKey(hints)}.ai_socktype`) : undefined;
  if (type === undefined || type === 0) ctx.addrinfoTypes.delete(res.text);
  else ctx.addrinfoTypes.set(res.text, type);
}

/** `ai = res`, `ai = ai->ai_next`: the walk over getaddrinfo's list keeps the hints' socket type. */
export function followAddrinfo(left: Node, right: Node, ctx: LowerContext): void {
  if (left.type !== 'identifier') return;
  const m = /^(\w+)(?:\s*->\s*ai_next)?$/.exec(right.text);
  const type = m ? ctx.addrinfoTypes.get(m[1]) : undefined;
  if (type !== undefined) ctx.addrinfoTypes.set(left.text, type);
  else ctx.addrinfoTypes.delete(left.text);
}

function shutdownHow(n: Node | undefined, ctx: LowerContext): ShutdownHow {
  const t = unwrap(n)?.text.trim() ?? '';
  const known = howFromText(t, ctx);
  if (known !== 'unknown') return known;
  const v = ctx.env.eval(n);
  return v === 1 ? 'send' : v === 0 ? 'receive' : v === 2 ? 'both' : 'unknown';
}

function howFromText(t: string, ctx: LowerContext): ShutdownHow {
  if (/^(SD_SEND|SHUT_WR)$/.test(t)) return 'send';
  if (/^(SD_RECEIVE|SHUT_RD)$/.test(t)) return 'receive';
  if (/^(SD_BOTH|SHUT_RDWR)$/.test(t)) return 'both';
  const v = macroValue(t, ctx.macros);
  return v === 1 ? 'send' : v === 0 ? 'receive' : v === 2 ? 'both' : 'unknown';
}

/**
 * `CLOSESOCKET(s)`, `sclose(s)`, `CLOSE_S(s)`: a wrapper macro defined in the file makes the socket
 * calls it expands to, in order, at the macro's call.
 */
function lowerMacroAlias(call: Node, name: string, args: Node[], ctx: LowerContext, push: (e: Parameters<LowerContext['emit']>[0]) => unknown): boolean {
  const alias = ctx.macroAliases.get(name);
  if (!alias || args.length !== alias.arity) return false;
  const events: Array<Parameters<LowerContext['emit']>[0]> = [];
  for (const c of alias.calls) {
    const argOf = (i: number): Node | string | undefined => {
      const a = c.args[i];
      if (!a) return c.args.length ? undefined : args[i];
      return 'param' in a ? args[a.param] : a.text;
    };
    const target = argOf(0);
    const h = typeof target === 'string' ? undefined : handleOf(target);
    if (!h) return false;
    const base = { site: { start: call.startIndex, end: call.endIndex }, h: h.key, handleText: h.text };
    if (c.api === 'close' || c.api === 'closesocket') {
      events.push({ ...base, kind: 'close', api: c.api });
      continue;
    }
    if (c.api === 'recv') {
      events.push({ ...base, kind: 'recv' });
      continue;
    }
    const how = argOf(1);
    const parsed: ShutdownHow = c.api === 'WSASendDisconnect' ? 'send' : typeof how === 'string' ? howFromText(how, ctx) : shutdownHow(how, ctx);
    events.push({ ...base, kind: 'shutdown', how: parsed });
  }
  for (const e of events) push(e);
  return true;
}

/** The handle a `socket()`/`accept()` result is stored in: `s = socket(…)`, `SOCKET s = accept(…)`. */
function assignTarget(call: Node, parentOf: ParentOf): Node | undefined {
  let child = call;
  let p = parentOf(call);
  while (p && (p.type === 'parenthesized_expression' || p.type === 'cast_expression')) {
    child = p;
    p = parentOf(p);
  }
  if (!p) return undefined;
  if (p.type === 'assignment_expression' && p.childForFieldName('right')?.id === child.id) return p.childForFieldName('left') ?? undefined;
  if (p.type === 'init_declarator' && p.childForFieldName('value')?.id === child.id) return declaredName(p.childForFieldName('declarator'));
  return undefined;
}

/** The identifier a declarator declares, under pointers and references. */
export function declaredName(d: Node | null | undefined): Node | undefined {
  let cur = d ?? undefined;
  for (let i = 0; cur && i < 50; i++) {
    if (cur.type === 'identifier' || cur.type === 'field_identifier') return cur;
    cur = cur.childForFieldName('declarator') ?? cur.namedChildren.find((c) => c?.type === 'identifier') ?? undefined;
  }
  return undefined;
}

/** Whether the program looks at what the call returned; `(void)bind(…)` counts as looking. */
function resultUsed(call: Node, parentOf: ParentOf): boolean {
  let p = parentOf(call);
  while (p && p.type === 'parenthesized_expression') p = parentOf(p);
  return !!p && p.type !== 'expression_statement' && p.type !== 'comma_expression';
}

/** The variable a call's result goes to (`rc = bind(…)`, `int rc = bind(…)`). */
function resultVar(call: Node, parentOf: ParentOf): string | undefined {
  const t = assignTarget(call, parentOf);
  return t ? handleOf(t)?.key : undefined;
}

function envKey(n: Node): string {
  return n.text.replace(/\s+/g, '').replace(/->/g, '.');
}

/**
 * Socket events of an expression, in evaluation order (arguments before the call). Lambdas are not
 * entered: each becomes a function of its own, created at this point.
 */
export function lowerExpression(expr: Node | null | undefined, ctx: LowerContext): Stmt[] {
  if (!expr) return [];
  const out: Stmt[] = [];
  const parents = new Map<number, Node>();
  const nodes = postorder(
    expr,
    (n) => n.type === 'lambda_expression',
    () => ctx.work(4096),
    parents,
  );
  const parentOf = (n: Node): Node | null => parents.get(n.id) ?? (n.id === expr.id ? n.parent : null);
  for (const n of nodes) {
    if (n.type === 'lambda_expression') {
      const target = ctx.lambda(n);
      out.push({ k: 'ev', ev: ctx.emit({ kind: 'closure', target, site: span(n) }) });
    } else if (n.type === 'call_expression') lowerCall(n, ctx, out, parentOf);
    else if (n.type === 'binary_expression') lowerComparison(n, ctx, out, parentOf);
    else if (n.type === 'assignment_expression') lowerAssignment(n, ctx, out);
  }
  return out;
}

function span(n: Node) {
  return { start: n.startIndex, end: n.endIndex };
}

type ParentOf = (n: Node) => Node | null;

function lowerCall(call: Node, ctx: LowerContext, out: Stmt[], parentOf: ParentOf): void {
  if (isCastCall(call)) return;
  const callee = calleeOf(call);
  const args = argsOf(call);
  const site = span(call);
  const push = (e: Parameters<LowerContext['emit']>[0]) => {
    const ev = ctx.emit(e, call);
    out.push({ k: 'ev', ev });
    const v = resultVar(call, parentOf);
    if (v && ev.kind !== 'create') ctx.resultOf.set(v, ev.id);
    return ev;
  };
  if (callee?.local && ctx.functionArity.get(callee.name)?.has(args.length)) {
    push({
      kind: 'call',
      callee: callee.name,
      site,
      args: args.map((a) => {
        const h = handleOf(a);
        return h ? { h: h.key, text: h.text } : undefined;
      }),
      // What the caller passes where the helper's option values come from (`set_reuse(s, 1)`).
      values: args.map((a) => ctx.env.eval(a)),
    });
    return;
  }
  if (callee?.global) recordAddrinfo(callee.name, args, ctx);
  const fnNode = call.childForFieldName('function');
  if (ctx.asio && callee && !callee.global && fnNode?.type === 'field_expression') {
    const obj = fnNode.childForFieldName('argument');
    // `acc.reset(new tcp::acceptor(io, ep))`: the smart pointer now holds an acceptor bound by its constructor.
    const heap = callee.name === 'reset' && args.length === 1 ? heapAcceptor(args[0]) : undefined;
    const held = heap && handleOf(obj);
    if (heap && held) {
      out.push(...lowerHeapAcceptor(held.key, 'std::unique_ptr', heap, indentAt(ctx.text, call.startIndex), ctx, ctx.asio.ns));
      return;
    }
    if (obj && lowerAsioCall(call, obj, callee.name, args, ctx, (e) => push(e), ctx.asio.ns)) return;
  }
  const name = apiName(call, ctx);
  if (!name && callee && lowerMacroAlias(call, callee.name, args, ctx, push)) return;
  const h0 = args.length ? handleOf(args[0]) : undefined;
  const withHandle = <T extends object>(e: T) => ({ ...e, site, h: h0!.key, handleText: h0!.text });
  if (name && effectOf(name) === 'create') {
    const target = handleOf(assignTarget(call, parentOf));
    if (!target) return;
    const accepted = name.startsWith('accept') || name === 'WSAAccept';
    const family = accepted ? undefined : unwrap(args[0])?.text.trim();
    const localFamily = !!family && localFamilies.test(family);
    const ev = ctx.emit({ kind: 'create', api: name, sockType: accepted ? 'stream' : sockTypeOf(args[1], ctx), accepted, localFamily, site, h: target.key, handleText: target.text }, call);
    ctx.resultOf.set(target.key, ev.id);
    ctx.createdVars.add(target.key);
    out.push({ k: 'ev', ev });
    return;
  }
  // `make_socket(AF_UNIX, SOCK_STREAM, 0)`: a factory of the program's given a family without ports
  // makes a socket no port rule concerns (libzmq's open_socket for its ipc listeners).
  if (!name && callee) {
    const family = args.map((a) => unwrap(a)?.text.trim() ?? '').find((t) => localFamilies.test(t));
    const target = family ? handleOf(assignTarget(call, parentOf)) : undefined;
    if (target) {
      const type = args.map((a) => sockTypeOf(a, ctx)).find((t) => t !== 'unknown') ?? 'unknown';
      const ev = ctx.emit({ kind: 'create', api: callee.name, sockType: type, accepted: false, localFamily: true, site, h: target.key, handleText: target.text }, call);
      ctx.resultOf.set(target.key, ev.id);
      ctx.createdVars.add(target.key);
      out.push({ k: 'ev', ev });
      return;
    }
  }
  if (name && effectOf(name) === 'zero') {
    const target = addressOf(args[0]);
    if (target) {
      const zero = name !== 'memset' || ctx.env.eval(args[1]) === 0;
      if (zero) ctx.env.zero(envKey(target), false);
      else ctx.env.invalidate(envKey(target));
    }
    return;
  }
  if (name && h0) {
    switch (effectOf(name)) {
      case 'setsockopt': {
        const option = optionName(args[2], ctx);
        if (option && membershipOptions.has(option)) {
          push(withHandle({ kind: 'membership' as const }));
          return;
        }
        const valueVar = addressOf(args[3]);
        let key: string | undefined;
        let value: number | undefined;
        if (valueVar?.type === 'compound_literal_expression') {
          // `&(struct linger){1, 0}`, `&(int){1}`: the value is written in place.
          const init = valueVar.childForFieldName('value');
          key = '(literal)';
          if (init?.type === 'initializer_list') {
            ctx.env.initStruct(key, valueVar.childForFieldName('type')?.text ?? '', init);
            value = ctx.env.eval(firstNamed(init));
          }
        } else if (valueVar) {
          key = envKey(valueVar);
          value = ctx.env.eval(valueVar);
        } else value = ctx.env.eval(args[3]);
        const onoffFrom = key !== undefined && option === 'SO_LINGER' ? ctx.env.paramValue(`${key}.l_onoff`) : undefined;
        const secondsFrom = key !== undefined && option === 'SO_LINGER' ? ctx.env.paramValue(`${key}.l_linger`) : undefined;
        const linger =
          option === 'SO_LINGER' && key !== undefined
            ? {
                onoff: ctx.env.get(`${key}.l_onoff`),
                seconds: ctx.env.get(`${key}.l_linger`),
                valueVar: key,
                ...(onoffFrom ? { onoffFrom } : {}),
                ...(secondsFrom && !secondsFrom.negate && !secondsFrom.truth ? { secondsFrom } : {}),
              }
            : undefined;
        const written = unwrap(args[2]);
        const optionByName = !!option && written?.type === 'identifier' && written.text === option;
        // `int opt = on ? 1 : 0;` with `on` a parameter: each call decides (RULES.md "option values").
        const enabledFrom = value === undefined && key !== undefined && option !== 'SO_LINGER' ? ctx.env.paramValue(key) : undefined;
        push(
          withHandle({
            kind: 'setsockopt' as const,
            option,
            enabled: value === undefined ? undefined : value !== 0,
            ...(enabledFrom ? { enabledFrom } : {}),
            linger,
            optionSpan: span(args[2]),
            optionByName,
          }),
        );
        return;
      }
      case 'bind': {
        // `&addr`, or a `struct sockaddr_in *` whose fields were set through `p->sin_port`.
        const plain = unwrap(args[1]);
        const addr = addressOf(args[1]) ?? (plain?.type === 'identifier' ? plain : undefined);
        let port: number | undefined;
        let address: 'wildcard' | 'specific' | undefined;
        if (addr) {
          const k = envKey(addr);
          address = localAddress(k, ctx);
          // Whichever family's port field the code set (an IPv4 arm may have left the other unknown).
          const v4 = `${k}.sin_port`;
          const v6 = `${k}.sin6_port`;
          // The field the code set and that is known wins; one set to something computed makes the
          // port unknown; neither set leaves what zeroing the struct gave (port 0).
          if (ctx.env.known(v4)) port = ctx.env.get(v4);
          else if (ctx.env.known(v6)) port = ctx.env.get(v6);
          else port = ctx.env.assigned(v4) || ctx.env.assigned(v6) ? undefined : ctx.env.get(v4);
        }
        push(withHandle({ kind: 'bind' as const, port, ...(address ? { address } : {}), resultUsed: resultUsed(call, parentOf), callIsStatement: parentOf(call)?.type === 'expression_statement' }));
        return;
      }
      case 'listen':
        push(withHandle({ kind: 'listen' as const }));
        return;
      case 'connect':
        push(withHandle({ kind: 'connect' as const }));
        return;
      case 'shutdown':
        push(withHandle({ kind: 'shutdown' as const, how: args.length === 1 ? 'send' : shutdownHow(args[1], ctx) })); // a 1-argument wrapper shuts down sending
        return;
      case 'shutdownSend':
        push(withHandle({ kind: 'shutdown' as const, how: 'send' as const }));
        return;
      case 'close':
        push(withHandle({ kind: 'close' as const, api: callee?.name ?? name })); // a wrapper's own name, for messages
        return;
      case 'ioctl': {
        if (name === 'fcntl') {
          if (args.length === 3 && /O_NONBLOCK/.test(args[2].text)) push(withHandle({ kind: 'nonblocking' as const }));
          return;
        }
        if (!/FIONBIO/.test(args[1].text)) return;
        const v = addressOf(args[2]);
        if (ctx.env.eval(v ?? args[2]) !== 0) push(withHandle({ kind: 'nonblocking' as const }));
        return;
      }
      case 'nonblocking':
        push(withHandle({ kind: 'nonblocking' as const }));
        return;
      case 'recv':
        push(withHandle({ kind: 'recv' as const }));
        return;
      default:
        return;
    }
  }
  if (callee && /DisconnectEx$/.test(callee.name) && h0) {
    push(withHandle({ kind: 'shutdown' as const, how: 'send' as const }));
    return;
  }
  if (callee && (callee.name === 'fork' || callee.name === 'vfork') && args.length === 0) {
    // After fork each process holds its own reference: the parent's close drops only its copy, so
    // what happens to the connection is no longer this path's to judge.
    for (const key of ctx.createdVars) push({ kind: 'escape', callee: callee.name, site, h: key, handleText: key });
    return;
  }
  // The known socket API only uses the socket (api.ts): no reason to hold back. Nor does a macro of
  // the program's that only reads its arguments (a validity test).
  if (callee && (socketApi[callee.name]?.effect === 'uses' || noreturn.has(callee.name) || (callee.global && callee.local && ctx.macroAliases.readsOnly(callee.name)))) return;
  // Assertions and logging print or test what they are given (`ck_assert_int_ge(fd, 0)`,
  // `log_errno(LOG_WARNING, "accept %d", fd)`): a socket passed to them is still the caller's.
  const readsOnly = !!callee && callee.global && checksOrLogs.test(callee.name) && !actsOnSockets.test(callee.name);
  // Unknown code may close, shut down or keep the socket: the rules hold back for what it receives.
  for (const a of args) {
    const h = handleOf(a);
    if (h && !readsOnly) push({ kind: 'escape', callee: callee?.name ?? '?', site, h: h.key, handleText: h.text });
    const addr = addressOf(a);
    if (addr) {
      ctx.env.invalidate(envKey(addr));
      const ha = handleOf(addr);
      // Given its address, unknown code may also store another socket in it.
      if (ha) push({ kind: 'forget', site, h: ha.key, handleText: ha.text });
      if (ha) push({ kind: 'escape', callee: callee?.name ?? '?', site, h: ha.key, handleText: ha.text });
    }
  }
}

/**
 * Names of test assertions (`assert`, `ck_assert_int_eq`, `ASSERT_EQ`, `EXPECT_TRUE`, `CU_ASSERT`,
 * `g_assert_cmpint`, `REQUIRE`, `CHECK_EQ`), printf-like and logging calls (`log_error`, `LOG_WARN`,
 * `syslog`, `ssh_log`).
 */
const checksOrLogs =
  /^(?:(?:ck_|g_|CU_|TEST_|BOOST_|z)?(?:assert|ASSERT|Assert)\w*|(?:EXPECT|REQUIRE|CHECK|VERIFY)(?:_\w+)?|\w*printf|\w*PRINTF|syslog|(?:\w+_)?(?:log|LOG|Log)(?:_(?:debug|info|warn|warning|error|err|errno|fatal|trace|msg|write))?|LOG_?[A-Z]*|\w+_(?:debug|DEBUG|trace|TRACE|warn|WARN|info|INFO))$/;

/** Names that say they do something to a socket, whatever else they say (`drain_and_log`, `close_on_error`). */
const actsOnSockets = /close|shutdown|free|destroy|disconnect|release|drain|kill|drop|reset|abort|cleanup/i;

const againstZero: Record<string, { op: string; negated: boolean }> = {
  '<': { op: '<', negated: false },
  '<=': { op: '<=', negated: false },
  '>=': { op: '>=', negated: true },
  '>': { op: '>', negated: true },
};
const mirrored: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=' };

/** `s < 0`, `0 > s`…: with an unsigned SOCKET these tests never see INVALID_SOCKET. */
function lowerComparison(n: Node, ctx: LowerContext, out: Stmt[], parentOf: ParentOf): void {
  const op = n.childForFieldName('operator')?.type ?? '';
  if (!(op in againstZero)) return;
  const l = n.childForFieldName('left');
  const r = n.childForFieldName('right');
  const zero = (x: Node | null) => {
    const u = unwrap(x);
    return u?.type === 'number_literal' && parseNumber(u.text) === 0;
  };
  const side = zero(r) ? l : zero(l) ? r : undefined;
  // `(int)s < 0` is a signed test and works; only the handle itself is unsigned.
  if (!side || side.type === 'cast_expression') return;
  // `(s = socket(…)) < 0` compares what was just assigned to s.
  const inner = unwrap(side);
  const assigned = inner?.type === 'assignment_expression' && inner.childForFieldName('operator')?.type === '=' ? inner.childForFieldName('left') : undefined;
  const h = handleOf(assigned ?? side);
  if (!h) return;
  const norm = zero(r) ? againstZero[op] : againstZero[mirrored[op]];
  const type = ctx.declaredType(h.key);
  // RULES.md: only a value whose declaration is seen can be called unsigned; `auto s = socket(…)`
  // is SOCKET on Windows, a field or variable declared out of sight is not judged.
  const socketTyped = type === 'SOCKET' || (type !== undefined && ctx.socketAliases.has(type)) || (type === 'auto' && ctx.createdVars.has(h.key));
  const parent = parentOf(n);
  const parenthesize =
    !!parent &&
    ((parent.type === 'binary_expression' && !['&&', '||'].includes(parent.childForFieldName('operator')?.type ?? '')) || parent.type === 'unary_expression' || parent.type === 'cast_expression');
  const operand = assigned ? side.text : undefined;
  out.push({ k: 'ev', ev: ctx.emit({ kind: 'compare', op: norm.op, negated: norm.negated, socketTyped, parenthesize, site: span(n), h: h.key, handleText: h.text, operand }) });
}

function lowerAssignment(n: Node, ctx: LowerContext, out: Stmt[]): void {
  const left = n.childForFieldName('left');
  const rightRaw = n.childForFieldName('right');
  const right = unwrap(rightRaw);
  if (!left || !right) return;
  const op = n.childForFieldName('operator')?.type ?? n.child(1)?.type;
  const key = envKey(left);
  const value = op === '=' ? ctx.env.eval(right) : undefined;
  ctx.env.assign(key, value);
  if (op === '=') ctx.env.noteParam(key, right);
  if (op === '=') followAddrinfo(left, right, ctx);
  // Once a pointer to it exists, its fields can change through the pointer.
  const pointee = addressOf(rightRaw);
  if (pointee) ctx.env.invalidate(envKey(pointee));
  const h = handleOf(left);
  if (!h || op !== '=') return;
  const site = span(n);
  const base = { site, h: h.key, handleText: h.text };
  const heap = ctx.asio && heapAcceptor(right);
  if (heap && ctx.asio) {
    ctx.resultOf.delete(h.key);
    ctx.createdVars.delete(h.key);
    out.push(...lowerHeapAcceptor(h.key, 'std::shared_ptr', heap, indentAt(ctx.text, n.startIndex), ctx, ctx.asio.ns));
    return;
  }
  if (right.type === 'call_expression') {
    const name = apiName(right, ctx);
    if (name && effectOf(name) === 'create') return; // lowerCall made the create event
    // A factory given AF_UNIX made it (lowerCall too).
    if (ctx.createdVars.has(h.key) && ctx.resultOf.get(h.key) === ctx.eventOfNode.get(right.id)) return;
    ctx.createdVars.delete(h.key);
    const ev = ctx.eventOfNode.get(right.id);
    if (ev !== undefined) ctx.resultOf.set(h.key, ev);
    else ctx.resultOf.delete(h.key);
    out.push({ k: 'ev', ev: ctx.emit({ ...base, kind: 'forget' }) });
    return;
  }
  ctx.resultOf.delete(h.key);
  ctx.createdVars.delete(h.key);
  const from = handleOf(right);
  if (from) out.push({ k: 'ev', ev: ctx.emit({ ...base, kind: 'copy', from: from.key }) });
  else if (value !== undefined || /INVALID_SOCKET|^-1$/.test(right.text)) out.push({ k: 'ev', ev: ctx.emit({ ...base, kind: 'kill' }) });
  else out.push({ k: 'ev', ev: ctx.emit({ ...base, kind: 'forget' }) });
}

/** The address a sockaddr named `k` holds: the wildcard, a specific one, or unknown (set by code socklint cannot read). */
function localAddress(k: string, ctx: LowerContext): 'wildcard' | 'specific' | undefined {
  const v6 = ctx.env.assigned(`${k}.sin6_port`) || ctx.env.assigned(`${k}.sin6_family`);
  const keys = v6 ? [`${k}.sin6_addr`] : [`${k}.sin_addr.s_addr`, `${k}.sin_addr`];
  for (const key of keys) {
    if (!ctx.env.assigned(key) && !ctx.env.assigned(`${key}.*`)) continue;
    const v = ctx.env.get(key);
    return v === undefined ? undefined : v === 0 ? 'wildcard' : 'specific';
  }
  // Never written: what zeroing the struct left, the wildcard (or nothing known).
  return ctx.env.get(keys[0]) === 0 ? 'wildcard' : undefined;
}
