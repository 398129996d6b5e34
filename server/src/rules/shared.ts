import { insertBefore, uniqueName } from '../engine/edits';
import { type Fix, type TextEdit, unsafeFix } from '../engine/findings';
import type { EventOf, FunctionModel, SocketEvent, StmtInfo } from '../engine/ir';
import type { RuleContext } from '../engine/rule';
import { firstAtOrAfter } from '../engine/sorted';
import { F, type Facts, has } from '../engine/state';

/** Per model, its events by start offset: rules ask what a statement holds once per finding. */
const byStart = new WeakMap<object, SocketEvent[]>();

/** Events whose statement is the one given; fixes that move or delete a statement need them alone. */
export function eventsIn(ctx: RuleContext, stmt: StmtInfo): SocketEvent[] {
  let sorted = byStart.get(ctx.model);
  if (!sorted) byStart.set(ctx.model, (sorted = [...ctx.model.events].sort((a, b) => a.site.start - b.site.start || a.id - b.id)));
  const out: SocketEvent[] = [];
  for (let i = firstAtOrAfter(sorted, stmt.start, (e) => e.site.start); i < sorted.length && sorted[i].site.start <= stmt.end; i++) if (sorted[i].site.end <= stmt.end) out.push(sorted[i]);
  return out;
}

/**
 * What happens to the socket `ev` acts on, later: events on its handle and on names copied from it
 * (`server_sock = sock; listen(server_sock, 10);`).
 */
export function laterOnSameSocket(ctx: RuleContext, ev: SocketEvent & { h: string }): SocketEvent[] {
  const later = ctx.analysis.reachableAfter(ev);
  const names = new Set([ev.h]);
  for (let grew = true; grew;) {
    grew = false;
    for (const e of later) {
      if (e.kind !== 'copy' || !names.has(e.from) || names.has(e.h)) continue;
      names.add(e.h);
      grew = true;
    }
  }
  return later.filter((e) => 'h' in e && names.has(e.h));
}

/**
 * A unicast service socket, from the facts before its SO_REUSEADDR (or bind) and the same handle's
 * events after: it listens, or it is a datagram socket that connects nowhere, and it joins no
 * multicast group. A client binding a local port, or a multicast receiver, is none.
 */
export function unicastService(before: Facts | undefined, later: SocketEvent[]): boolean {
  if (has(before, F.membership) || later.some((e) => e.kind === 'membership')) return false;
  return later.some((e) => e.kind === 'listen') || (has(before, F.dgram) && !later.some((e) => e.kind === 'connect'));
}

/** A statement holding this event and nothing but its own error handling can be moved or deleted. */
export function standsAlone(ctx: RuleContext, ev: SocketEvent): boolean {
  if (!ev.stmt || ev.viaHelper) return false;
  const allowed = new Set(['outcome', 'close', 'kill', 'forget', 'escape', 'copy']);
  return eventsIn(ctx, ev.stmt).every((e) => e.id === ev.id || allowed.has(e.kind));
}

export function posixFlavour(ctx: RuleContext, ev: SocketEvent): boolean {
  if (ev.kind === 'close' && (ev.api === 'close' || ev.api === 'closesocket')) return ev.api === 'close';
  return !ctx.isWindows(ev);
}

/** Inserts shutdown(SD_SEND/SHUT_WR) and a drain loop before a close. */
export function gracefulCloseEdit(ctx: RuleContext, close: EventOf<'close'>, taken = new Set<string>()): TextEdit | undefined {
  const fn = ctx.model.functions[close.fn];
  const buf = uniqueName('drain', fn, taken);
  taken.add(buf);
  const lines = close.gracefulLines ?? ctx.codegen.gracefulClose(close.handleText, posixFlavour(ctx, close), buf, fn?.indentUnit ?? '    ');
  if (!lines) return undefined;
  return insertBefore(close.stmt, lines, ctx.model.eol);
}

/** Seconds the Node backstop timer waits (see the TypeScript codegen). */
const BACKSTOP_SECONDS = 5;

/**
 * Replaces a whole `s.destroy();` / `s.resetAndDestroy();` statement with `s.end();` and a timer that
 * destroys the socket if the peer never finishes closing. Only for a call that is its statement.
 */
function nodeBackstopEdit(ctx: RuleContext, close: EventOf<'close'>): TextEdit | undefined {
  const stmt = close.stmt;
  if (!stmt || !stmt.inBlock || !stmt.ownLines || !ctx.codegen.endWithBackstop) return undefined;
  // Only a name can be written twice: `net.connect(80).destroy()` written again would connect again.
  const own = close.ownStatement;
  if (!own?.named) return undefined;
  const { semicolon: semi, optional } = own;
  const lines = ctx.codegen.endWithBackstop(close.handleText, optional).map((l) => (semi ? l : l.replace(/;$/, '')));
  return { start: stmt.start, end: stmt.end, newText: lines.join(ctx.model.eol + stmt.indent) };
}

/**
 * Node's graceful close in place of `destroy()` / `resetAndDestroy()`: `end()`, and, for a call that
 * is its own statement, `end()` plus a timer that destroys a peer that never closes. With
 * `preferBackstop` the timer version is the fix (and the only one when it can be written).
 */
export function nodeEndFixes(ctx: RuleContext, close: EventOf<'close'>, preferBackstop: boolean): Fix[] {
  if (!close.apiSpan || close.viaHelper) return [];
  const h = close.handleText;
  const end: Fix = unsafeFix(`Replace ${h}.${close.api}() with ${h}.end()`, [{ start: close.apiSpan.start, end: close.apiSpan.end, newText: 'end' }]);
  const edit = nodeBackstopEdit(ctx, close);
  if (!edit) return [end];
  const backstop: Fix = {
    title: `Replace ${h}.${close.api}() with ${h}.end() and a ${BACKSTOP_SECONDS} s timer that destroys it if the peer never closes`,
    edits: [edit],
    safe: false,
    preferred: preferBackstop,
  };
  return preferBackstop ? [backstop] : [end, backstop];
}

/** `fn` is `outer` or a function nested in it, each one on the way satisfying `through`. */
export function nestedIn(ctx: RuleContext, fn: number, outer: number, through: (f: FunctionModel) => boolean = () => true): boolean {
  for (let f: number | undefined = fn, i = 0; f !== undefined && i < 64; i++) {
    if (f === outer) return true;
    const model: FunctionModel | undefined = ctx.model.functions[f];
    if (!model || !through(model)) return false;
    f = model.parent;
  }
  return false;
}

/** The event whose fact made the rule fire, as an event of the expected kind. */
export function eventsOf<K extends SocketEvent['kind']>(ctx: RuleContext, ids: number[], kind: K): EventOf<K>[] {
  return ids.map((id) => ctx.analysis.event(id)).filter((e): e is EventOf<K> => !!e && e.kind === kind);
}

/** A related location for a finding: where the other statement involved stands. */
export function relatedAt(span: { start: number; end: number }, message: string) {
  return { start: span.start, end: span.end, message };
}
