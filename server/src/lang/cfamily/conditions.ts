import type { Node } from 'web-tree-sitter';
import type { Stmt } from '../../engine/ir';
import type { LowerContext } from './context';
import { handleOf, unwrap } from './syntax';

export interface BranchFacts {
  then: Array<{ of: number; ok: boolean }>;
  else: Array<{ of: number; ok: boolean }>;
}

const failureConst = /^(SOCKET_ERROR|INVALID_SOCKET|-1|\(SOCKET\)\s*-1|~0)$/;

/** The event whose success a condition operand tests: a call, `(rc = call)`, or a variable holding a result. */
function tracked(n: Node | null | undefined, ctx: LowerContext): { id: number; create: boolean } | undefined {
  const u = unwrap(n);
  if (!u) return undefined;
  if (u.type === 'call_expression') {
    const id = ctx.eventOfNode.get(u.id);
    return id !== undefined ? { id, create: false } : undefined;
  }
  if (u.type === 'assignment_expression') {
    const right = unwrap(u.childForFieldName('right'));
    const h = handleOf(u.childForFieldName('left'));
    if (right?.type === 'call_expression') {
      const id = ctx.eventOfNode.get(right.id);
      if (id !== undefined) return { id, create: ctx.resultOf.get(h?.key ?? '') === id && isCreateVar(h?.key, ctx) };
    }
    return undefined;
  }
  const h = handleOf(u);
  if (!h) return undefined;
  const id = ctx.resultOf.get(h.key);
  return id !== undefined ? { id, create: isCreateVar(h.key, ctx) } : undefined;
}

function isCreateVar(key: string | undefined, ctx: LowerContext): boolean {
  return !!key && ctx.createdVars.has(key);
}

/**
 * What each branch of a condition tells about the calls it tests: `if (connect(…) == SOCKET_ERROR)`
 * means connect failed in `then` and succeeded in `else`. Calls returning 0 on success are failed
 * when the result is true (`if (bind(…))`); socket handles are failed when equal to INVALID_SOCKET.
 */
export function branchFacts(cond: Node | null | undefined, ctx: LowerContext, depth = 0): BranchFacts {
  const none: BranchFacts = { then: [], else: [] };
  const u = unwrap(cond);
  if (!u || depth > 20) return none;
  if (u.type === 'condition_clause') return branchFacts(u.childForFieldName('value'), ctx, depth + 1);
  if (u.type === 'unary_expression' && u.child(0)?.type === '!') {
    const inner = branchFacts(u.childForFieldName('argument'), ctx, depth + 1);
    return { then: inner.else, else: inner.then };
  }
  if (u.type === 'binary_expression') {
    const op = u.childForFieldName('operator')?.type ?? '';
    const l = u.childForFieldName('left');
    const r = u.childForFieldName('right');
    if (op === '||') {
      const a = branchFacts(l, ctx, depth + 1);
      const b = branchFacts(r, ctx, depth + 1);
      return { then: [], else: [...a.else, ...b.else] };
    }
    if (op === '&&') {
      const a = branchFacts(l, ctx, depth + 1);
      const b = branchFacts(r, ctx, depth + 1);
      return { then: [...a.then, ...b.then], else: [] };
    }
    let t = tracked(l, ctx);
    let c = unwrap(r)?.text.trim();
    let flipped = false;
    if (!t) {
      t = tracked(r, ctx);
      c = unwrap(l)?.text.trim();
      flipped = true;
    }
    if (!t || c === undefined) return none;
    const o = flipped ? flip(op) : op;
    const fail = failureConst.test(c) || failureMacro(c, ctx);
    let failedWhenTrue: boolean | undefined;
    if (fail && o === '==') failedWhenTrue = true;
    else if (fail && o === '!=') failedWhenTrue = false;
    else if (!t.create && c === '0' && (o === '<' || o === '!=')) failedWhenTrue = true;
    else if (!t.create && c === '0' && (o === '>=' || o === '==')) failedWhenTrue = false;
    else if (t.create && c === '0' && o === '<') failedWhenTrue = true;
    else if (t.create && c === '0' && o === '>=') failedWhenTrue = false;
    if (failedWhenTrue === undefined) return none;
    return { then: [{ of: t.id, ok: !failedWhenTrue }], else: [{ of: t.id, ok: failedWhenTrue }] };
  }
  const t = tracked(u, ctx);
  if (t && !t.create) return { then: [{ of: t.id, ok: false }], else: [{ of: t.id, ok: true }] };
  return none;
}

/**
 * Handles a condition proves to hold no socket on one branch: `if (s != INVALID_SOCKET) closesocket(s);`
 * leaves `s` invalid on the else path, so a helper written that way closes its parameter on every
 * path that had one to close (its summary says so), and the caller's socket counts as closed.
 */
export function invalidHandles(cond: Node | null | undefined, depth = 0): { then: Array<{ key: string; text: string }>; else: Array<{ key: string; text: string }> } {
  const none = { then: [], else: [] };
  const u = unwrap(cond);
  if (!u || depth > 20) return none;
  if (u.type === 'condition_clause') return invalidHandles(u.childForFieldName('value'), depth + 1);
  if (u.type === 'unary_expression' && u.child(0)?.type === '!') {
    const inner = invalidHandles(u.childForFieldName('argument'), depth + 1);
    return { then: inner.else, else: inner.then };
  }
  if (u.type !== 'binary_expression') return none;
  const op = u.childForFieldName('operator')?.type ?? '';
  const l = u.childForFieldName('left');
  const r = u.childForFieldName('right');
  if (op === '&&') return { then: [...invalidHandles(l, depth + 1).then, ...invalidHandles(r, depth + 1).then], else: [] };
  if (op === '||') return { then: [], else: [...invalidHandles(l, depth + 1).else, ...invalidHandles(r, depth + 1).else] };
  let h = handleOf(l);
  let c = unwrap(r)?.text.trim();
  let o = op;
  if (!h || c === undefined || !invalidConst.test(c)) {
    h = handleOf(r);
    c = unwrap(l)?.text.trim();
    o = flip(op);
  }
  if (!h || c === undefined || !invalidConst.test(c)) return none;
  const zero = c === '0';
  if ((!zero && o === '==') || (zero && o === '<')) return { then: [h], else: [] };
  if ((!zero && o === '!=') || (zero && (o === '>=' || o === '>'))) return { then: [], else: [h] };
  return none;
}

const invalidConst = /^(INVALID_SOCKET|-1|\(SOCKET\)\s*-1|~0|0)$/;

/** A project's name for the failure value: `#define JB_INVALID_SOCKET INVALID_SOCKET` (or `(-1)`). */
function failureMacro(name: string, ctx: LowerContext, depth = 0): boolean {
  const value =
    /^\w+$/.test(name) && depth < 4
      ? ctx.macros
          .get(name)
          ?.trim()
          .replace(/^\((.*)\)$/, '$1')
          .trim()
      : undefined;
  return value !== undefined && (failureConst.test(value) || failureMacro(value, ctx, depth + 1));
}

function flip(op: string): string {
  return op === '<' ? '>' : op === '>' ? '<' : op === '<=' ? '>=' : op === '>=' ? '<=' : op;
}

export function outcomeStmts(list: Array<{ of: number; ok: boolean }>, site: { start: number; end: number }, ctx: LowerContext): Stmt[] {
  return list.map((o) => ({ k: 'ev', ev: ctx.emit({ kind: 'outcome', of: o.of, ok: o.ok, site }) }) as Stmt);
}
