import type { Build, SocketEvent, Stmt } from './ir';

/** A basic block: events in order, then edges to its successors. */
export interface Block {
  id: number;
  events: SocketEvent[];
  succ: number[];
}

export interface Cfg {
  blocks: Block[];
  entry: number;
  exit: number;
}

interface LoopCtx {
  breakTo: number;
  continueTo?: number;
}

/**
 * Builds the control-flow graph of one function from the lowered statements. `#if` arms are
 * branches without a condition; goto jumps to its label's block; `noreturn` ends a path without
 * reaching the exit, so code after `exit(1)` or `throw` is not "after" anything.
 */
export function buildCfg(body: Stmt, build?: Build): Cfg {
  const blocks: Block[] = [];
  const labels = new Map<string, number>();
  const pendingGotos: Array<{ from: number; label: string }> = [];
  const newBlock = (): number => {
    blocks.push({ id: blocks.length, events: [], succ: [] });
    return blocks.length - 1;
  };
  const edge = (a: number, b: number) => {
    if (!blocks[a].succ.includes(b)) blocks[a].succ.push(b);
  };
  const entry = newBlock();
  const exit = newBlock();
  const ctxs: LoopCtx[] = [];

  /** Lowers `s` starting in block `cur`; returns the block where control continues, or -1 when none does. */
  const lower = (s: Stmt, cur: number): number => {
    if (cur < 0) cur = newBlock(); // unreachable code still gets blocks, so labels inside it work
    switch (s.k) {
      case 'ev':
        blocks[cur].events.push(s.ev);
        return cur;
      case 'seq': {
        let c = cur;
        for (const child of s.body) c = lower(child, c);
        return c;
      }
      case 'if': {
        const c = lowerList(s.cond, cur);
        const join = newBlock();
        const t = newBlock();
        edge(c, t);
        const tEnd = lower(s.then, t);
        if (tEnd >= 0) edge(tEnd, join);
        if (s.else) {
          const e = newBlock();
          edge(c, e);
          const eEnd = lower(s.else, e);
          if (eEnd >= 0) edge(eEnd, join);
        } else edge(c, join);
        return join;
      }
      case 'alt': {
        const join = newBlock();
        const arms = s.arms.filter((_, i) => !build || !s.builds?.[i] || s.builds[i] === build);
        if (arms.length === 0) edge(cur, join);
        for (const arm of arms) {
          const a = newBlock();
          edge(cur, a);
          const end = lower(arm, a);
          if (end >= 0) edge(end, join);
        }
        return join;
      }
      case 'loop': {
        const head = newBlock();
        const after = newBlock();
        const update = newBlock();
        const bodyStart = newBlock();
        if (s.doWhile) {
          edge(cur, bodyStart);
          ctxs.push({ breakTo: after, continueTo: head });
          const bEnd = lower(s.body, bodyStart);
          ctxs.pop();
          if (bEnd >= 0) edge(bEnd, head);
          const condEnd = lowerList(s.cond, head);
          edge(condEnd, bodyStart);
          if (!s.infinite) edge(condEnd, after);
          return after;
        }
        edge(cur, head);
        const condEnd = lowerList(s.cond, head);
        edge(condEnd, bodyStart);
        if (!s.infinite) edge(condEnd, after);
        ctxs.push({ breakTo: after, continueTo: update });
        const bEnd = lower(s.body, bodyStart);
        ctxs.pop();
        if (bEnd >= 0) edge(bEnd, update);
        const uEnd = lowerList(s.update, update);
        edge(uEnd, head);
        return after;
      }
      case 'switch': {
        const c = lowerList(s.cond, cur);
        const after = newBlock();
        ctxs.push({ breakTo: after, continueTo: nearestContinue() });
        let fall = -1;
        for (const cs of s.cases) {
          const start = newBlock();
          edge(c, start);
          if (fall >= 0) edge(fall, start);
          fall = lowerList(cs, start);
        }
        ctxs.pop();
        if (fall >= 0) edge(fall, after);
        if (!s.hasDefault) edge(c, after);
        return after;
      }
      case 'return': {
        const c = lowerList(s.value, cur);
        edge(c, exit);
        return -1;
      }
      case 'break': {
        const t = ctxs[ctxs.length - 1];
        if (t) edge(cur, t.breakTo);
        return -1;
      }
      case 'continue': {
        const t = nearestContinue();
        if (t !== undefined) edge(cur, t);
        return -1;
      }
      case 'goto':
        pendingGotos.push({ from: cur, label: s.label });
        return -1;
      case 'label': {
        const b = labels.get(s.name) ?? newBlock();
        labels.set(s.name, b);
        edge(cur, b);
        return b;
      }
      case 'noreturn':
        return -1;
    }
  };
  const lowerList = (list: Stmt[], cur: number): number => {
    let c = cur < 0 ? newBlock() : cur;
    for (const s of list) {
      const n = lower(s, c);
      c = n < 0 ? newBlock() : n;
    }
    return c;
  };
  const nearestContinue = (): number | undefined => {
    for (let i = ctxs.length - 1; i >= 0; i--) if (ctxs[i].continueTo !== undefined) return ctxs[i].continueTo;
    return undefined;
  };
  // Labels are declared by their statement; a goto may come first, so label blocks are created on demand.
  const preLabel = (name: string) => {
    if (!labels.has(name)) labels.set(name, newBlock());
  };
  collectLabels(body, preLabel);
  const end = lower(body, entry);
  if (end >= 0) edge(end, exit);
  for (const g of pendingGotos) {
    const target = labels.get(g.label);
    if (target !== undefined) edge(g.from, target);
    else edge(g.from, exit); // a goto to a label we never saw (macro-made): leave the function
  }
  return { blocks, entry, exit };
}

function collectLabels(body: Stmt, add: (name: string) => void): void {
  const stack: Stmt[] = [body];
  while (stack.length) {
    const s = stack.pop()!;
    switch (s.k) {
      case 'label':
        add(s.name);
        break;
      case 'seq':
        for (const c of s.body) stack.push(c);
        break;
      case 'if':
        stack.push(s.then);
        if (s.else) stack.push(s.else);
        break;
      case 'alt':
        for (const a of s.arms) stack.push(a);
        break;
      case 'loop':
        stack.push(s.body);
        break;
      case 'switch':
        for (const c of s.cases) for (const x of c) stack.push(x);
        break;
      default:
        break;
    }
  }
}

/** Blocks reachable from `from` (excluding it unless a cycle returns to it). */
export function reachableBlocks(cfg: Cfg, from: number): Set<number> {
  const seen = new Set<number>();
  const stack = [...cfg.blocks[from].succ];
  while (stack.length) {
    const b = stack.pop()!;
    if (seen.has(b)) continue;
    seen.add(b);
    for (const s of cfg.blocks[b].succ) stack.push(s);
  }
  return seen;
}
