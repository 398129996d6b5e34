import { linesOf, normalizeEdits } from '../engine/edits';
import { type Fix, type TextEdit, unsafeFix } from '../engine/findings';
import type { EventOf, SocketEvent } from '../engine/ir';
import type { Rule, RuleContext } from '../engine/rule';
import { F, evidence, has } from '../engine/state';
import { eventsOf, nestedIn, relatedAt, standsAlone } from './shared';

type Setter = EventOf<'setsockopt'> | EventOf<'membership'>;

export const dgramOptionBeforeBind: Rule = {
  meta: {
    id: 'dgram-option-before-bind',
    docs: { description: 'Node binds datagram sockets asynchronously: setBroadcast, setTTL, addMembership and the other socket options throw until the socket is bound.' },
    defaultSeverity: 'error',
    languages: ['typescript', 'javascript'],
    fixable: true,
    messages: {
      beforeBind:
        "{{handle}}.{{method}}() runs before {{handle}} is bound: Node binds datagram sockets asynchronously (the socket itself only exists once the bind callback or 'listening' event comes), so {{consequence}} Call it in the bind callback or a 'listening' handler.",
    },
  },
  check(ctx) {
    for (const { ev, before } of ctx.analysis.visits()) {
      if (ev.kind !== 'setsockopt' && ev.kind !== 'membership') continue;
      // Only sockets made here by dgram.createSocket carry the fact; parameters never do.
      const unbound = evidence(before, F.notListening);
      // Unknown code given the socket may have bound it and waited ('await bindAndWait(sock)').
      if (!unbound.length || ev.api === 'createSocket' || has(before, F.escaped)) continue;
      const created = eventsOf(ctx, unbound, 'create');
      // A callback stored or registered for later may run once the bind is done: only code that
      // runs in the same synchronous stretch as createSocket surely comes before it.
      if (!created.some((c) => nestedIn(ctx, ev.fn, c.fn, (f) => !!f.synchronous))) continue;
      const method = ev.api ?? (ev.viaHelper ? `${ev.viaHelper}()` : 'the option');
      const binds = bindsOf(ctx, ev);
      ctx.report({
        site: ev.site,
        messageId: 'beforeBind',
        data: { handle: ev.handleText, method, consequence: consequence(ev) },
        related: [...created.map((c) => relatedAt(c.site, `${ev.handleText} is created here`)), ...binds.map((b) => relatedAt(b.site, `${ev.handleText} is bound here, asynchronously`))],
        fixes: moveIntoCallback(ctx, ev, binds),
      });
    }
  },
};

/** What goes wrong, as Node 20 on Linux does it. */
function consequence(ev: Setter): string {
  if (ev.kind === 'membership') return `instead of joining the group it binds the socket to a random port, and the bind that follows then fails with EINVAL in an 'error' event.`;
  if (ev.option === 'SO_RCVBUF' || ev.option === 'SO_SNDBUF') return 'the call throws ERR_SOCKET_BUFFER_SIZE (the buffer size cannot be set yet).';
  return 'the call throws EBADF.';
}

/** The binds of the socket in the function that makes the call, in source order. */
function bindsOf(ctx: RuleContext, ev: SocketEvent): EventOf<'bind'>[] {
  return ctx.model.events.filter((e): e is EventOf<'bind'> => e.kind === 'bind' && e.fn === ev.fn && 'h' in ev && e.h === ev.h);
}

/**
 * Moves the setter's statement to the end of the bind callback, or gives `bind` a callback holding
 * it. Only when both statements stand on their own lines in the same block: nothing the setter
 * reads can then go out of scope, and the callback runs after everything the block does before it.
 */
function moveIntoCallback(ctx: RuleContext, ev: Setter, binds: EventOf<'bind'>[]): Fix[] {
  const stmt = ev.stmt;
  if (!stmt || !stmt.inBlock || !stmt.ownLines || !standsAlone(ctx, ev) || binds.length !== 1) return [];
  const bind = binds[0];
  const target = bind.stmt;
  const cb = bind.callback;
  if (!target || !cb || cb.kind === 'other' || target.blockStart !== stmt.blockStart || !target.ownLines) return [];
  // The statement must not hold the bind itself, nor sit inside its callback already.
  if (stmt.start <= bind.site.start && stmt.end >= bind.site.end) return [];
  const eol = ctx.model.eol;
  const unit = ctx.model.functions[ev.fn]?.indentUnit ?? '  ';
  const edits: Array<TextEdit | undefined> = [{ start: stmt.lineStart, end: stmt.lineEnd, newText: '' }];
  if (cb.kind === 'block') {
    const moved = linesOf(ctx.text, stmt, cb.indent);
    // Appended at the end of the block: on a new line before the closing brace.
    edits.push(cb.closeLine !== undefined ? { start: cb.closeLine, end: cb.closeLine, newText: moved } : { start: cb.close, end: cb.close, newText: eol + moved + cb.closeIndent });
  } else {
    if (!ctx.codegen.bindCallback) return [];
    const statement = ctx.text.slice(stmt.start, stmt.end);
    const callback = ctx.codegen.bindCallback([statement], target.indent, unit, eol);
    edits.push({ start: cb.argsEnd, end: cb.argsEnd, newText: (cb.hasArgs ? ', ' : '') + callback });
  }
  const normalized = normalizeEdits(edits);
  if (!normalized) return [];
  return [unsafeFix(`Move ${ev.handleText}.${ev.api ?? 'call'}() into the bind callback`, normalized)];
}
