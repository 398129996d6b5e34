import { linesOf, normalizeEdits, reindent, splitLines } from '../engine/edits';
import { type Fix, type TextEdit, safeFix, unsafeFix } from '../engine/findings';
import type { EventOf, StmtInfo } from '../engine/ir';
import type { Rule, RuleContext } from '../engine/rule';
import { F, type Facts, evidence, has } from '../engine/state';
import { eventsOf, relatedAt, standsAlone, unicastService } from './shared';

/** Options that decide how the address is claimed: set after bind, they do nothing. */
export const BEFORE_BIND_OPTIONS = new Set(['SO_REUSEADDR', 'SO_EXCLUSIVEADDRUSE', 'SO_REUSEPORT', 'SO_REUSEPORT_LB', 'SO_RANDOMIZE_PORT', 'IPV6_V6ONLY', 'IP_FREEBIND', 'IP_TRANSPARENT']);

export const setsockoptAfterBind: Rule = {
  meta: {
    id: 'setsockopt-after-bind',
    docs: { description: 'Options that decide how a port is claimed must be set before bind, or they have no effect.' },
    defaultSeverity: 'warning',
    languages: ['c', 'cpp', 'typescript', 'javascript'],
    fixable: true,
    messages: {
      afterBind: '{{option}} is set after {{handle}} was bound, so it has no effect: the option must be set before bind() to change how the address is claimed.',
    },
  },
  check(ctx) {
    for (const { ev, before } of ctx.analysis.visits()) {
      if (ev.kind !== 'setsockopt' || !ev.option || !BEFORE_BIND_OPTIONS.has(ev.option)) continue;
      // Unknown code cannot unbind a socket, so an escape does not hold this rule back; a handle
      // whose address escaped may hold another socket, and the dataflow already forgot it.
      const binds = evidence(before, F.bound);
      if (!binds.length) continue;
      const bound = eventsOf(ctx, binds, 'bind');
      if (!bound.length) continue;
      ctx.report({
        site: ev.site,
        messageId: 'afterBind',
        data: { option: ev.option, handle: ev.handleText },
        related: bound.map((b) => relatedAt(b.site, `${ev.handleText} is bound here`)),
        fixes: moveFix(ctx, ev, bound[0], before),
      });
    }
  },
};

/**
 * Moves the late statement (and the declarations it reads) to just before the bind. A late
 * SO_REUSEADDR on a Windows service moves as SO_EXCLUSIVEADDRUSE: moved as it is, it would start
 * working and let another socket take the port (reuseaddr-port-hijack). missing-exclusiveaddruse
 * offers the same edit for that bind, so one fix settles both findings.
 */
export function moveFix(ctx: RuleContext, ev: EventOf<'setsockopt'>, bind: EventOf<'bind'>, before: Facts | undefined, onlyAsExclusive = false): Fix[] {
  const stmt = ev.stmt;
  const target = bind.stmt;
  if (!stmt || !target || ev.fn !== bind.fn || !standsAlone(ctx, ev)) return [];
  if (!stmt.inBlock || !stmt.ownLines || !target.inBlock || !target.ownLines) return [];
  // Out of plain `{ }` blocks only: leaving an if or a loop would change when the option is set.
  if (!stmt.plainBlocks.includes(target.blockStart) || stmt.start < target.end) return [];
  const fn = ctx.model.functions[ev.fn];
  // Declarations between the bind and the late statement that it reads move along, in order.
  const between = fn.decls.filter((d) => d.stmt.start >= target.end && d.stmt.end <= stmt.start);
  const declaredBetween = new Set(between.flatMap((d) => d.names));
  const moving: StmtInfo[] = [];
  const needed = new Set(stmt.uses.filter((u) => declaredBetween.has(u)));
  for (const d of between) {
    if (!d.names.some((n) => needed.has(n))) continue;
    if (!d.stmt.plainBlocks.includes(target.blockStart) || !d.stmt.ownLines || d.names.some((n) => !needed.has(n))) return [];
    if (d.stmt.uses.some((u) => declaredBetween.has(u) && !d.names.includes(u))) return [];
    moving.push(d.stmt);
  }
  moving.push(stmt);
  // A value changed between the bind and the option would be read too early after the move.
  for (const name of stmt.uses) {
    if (name === ev.handleText) continue;
    // For a declaration that moves along, what counts is what happens after it.
    const decl = moving.find((m) => m !== stmt && fn.decls.some((d) => d.stmt === m && d.names.includes(name)));
    if (declaredBetween.has(name) && !decl) continue;
    if (ctx.codegen.modifies(ctx.text.slice(decl ? decl.end : target.end, stmt.start), name)) return [];
  }
  let rewritten: Rewrite | undefined;
  if (windowsService(ctx, ev, bind, before)) {
    // Another late SO_REUSEADDR would then fail with WSAEINVAL next to the exclusive option.
    const others = ctx.analysis.reachableAfter(bind).filter((e) => e.kind === 'setsockopt' && e.h === bind.h && e.option === 'SO_REUSEADDR' && e.enabled !== false && e.id !== ev.id);
    if (others.length) return [];
    rewritten = asExclusive(ctx, ev, stmt, target.indent);
    if (!rewritten) return [];
  } else if (onlyAsExclusive) return [];
  const moved = moving.map((s) => (s === stmt && rewritten ? rewritten.text : linesOf(ctx.text, s, target.indent))).join('');
  const edits: TextEdit[] = [{ start: target.lineStart, end: target.lineStart, newText: moved }, ...moving.map((s) => ({ start: s.lineStart, end: s.lineEnd, newText: '' }))];
  const normalized = normalizeEdits(edits);
  if (!normalized) return [];
  // Writing SO_EXCLUSIVEADDRUSE changes what the program does; moving the option only fixes when it is set.
  if (rewritten) return [unsafeFix(rewritten.title, normalized)];
  return [safeFix(`Move setsockopt(${ev.option}) before bind()`, normalized)];
}

/** SO_REUSEADDR = true set late on a socket that, in Windows code, serves a fixed port. */
function windowsService(ctx: RuleContext, ev: EventOf<'setsockopt'>, bind: EventOf<'bind'>, before: Facts | undefined): boolean {
  if (ev.option !== 'SO_REUSEADDR' || ev.enabled !== true || !ctx.isWindows(ev) || bind.port === 0 || has(before, F.localFamily)) return false;
  return unicastService(
    before,
    ctx.analysis.reachableAfter(bind).filter((e) => 'h' in e && e.h === bind.h),
  );
}

interface Rewrite {
  title: string;
  /** The statement's lines, rewritten and indented for their new place. */
  text: string;
}

/**
 * The statement's lines with SO_EXCLUSIVEADDRUSE for SO_REUSEADDR; in code shared with a POSIX
 * build, an `#ifdef _WIN32` split that keeps SO_REUSEADDR (fast restart) for the other build.
 */
function asExclusive(ctx: RuleContext, ev: EventOf<'setsockopt'>, stmt: StmtInfo, indent: string): Rewrite | undefined {
  const edit = ev.replacement?.edit ?? (ev.optionSpan && ev.optionByName ? { ...ev.optionSpan, newText: 'SO_EXCLUSIVEADDRUSE' } : undefined);
  if (!edit || edit.start < stmt.lineStart || edit.end > stmt.lineEnd) return undefined;
  const raw = ctx.text.slice(stmt.lineStart, stmt.lineEnd);
  const windows = raw.slice(0, edit.start - stmt.lineStart) + edit.newText + raw.slice(edit.end - stmt.lineStart);
  if (!(ctx.model.portable && ev.region === 'shared')) {
    return { title: 'Move setsockopt before bind() as SO_EXCLUSIVEADDRUSE', text: reindent(windows, stmt.indent, indent) };
  }
  if (ev.replacement) return undefined;
  const eol = ctx.model.eol;
  const lines = (t: string): string[] => splitLines(reindent(t, stmt.indent, indent));
  const split = ctx.codegen.platformSplit(lines(windows), lines(raw), '_WIN32');
  if (!split) return undefined;
  const text = split.join(eol) + eol;
  return { title: 'Move setsockopt before bind(), as SO_EXCLUSIVEADDRUSE on Windows', text };
}
