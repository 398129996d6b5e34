import { type Cfg, buildCfg } from './cfg';
import type { Build, FunctionModel, ParamValue, SocketEvent } from './ir';
import { type Effect, type Summary, summarize } from './summaries';
import { ENTRY, F, type Facts, type State, addFact, cloneFacts, cloneState, joinInto, optFact, share, unknownFacts, writable } from './state';

/** Options whose value may hold back a rule when it cannot be read: treated as set. */
const EXCLUSIVE = 'SO_EXCLUSIVEADDRUSE';

export interface FunctionFlow {
  fn: FunctionModel;
  cfg: Cfg;
  /** Facts of the event's handle just before it (undefined: unknown origin, nothing known). */
  before: Map<number, Facts | undefined>;
  /** Whole states at closure events, the entry states of lambdas and callbacks. */
  closureStates: Map<number, State>;
  /** Which block holds each event, for reachability questions. */
  blockOf: Map<number, number>;
  exitState?: State;
  /** Events replayed from helper summaries, in the order they occur. */
  replayed: SocketEvent[];
  /** Per block, the events as the analysis saw them: helper calls replaced by their replayed effects. */
  blockEvents: SocketEvent[][];
}

export interface FlowContext {
  summaries: Map<string, Summary>;
  byId: Map<number, SocketEvent>;
  nextId: () => number;
  /** Synthesised events per call event id, so fixpoint iterations reuse the same ones. */
  replayCache: Map<number, SocketEvent[]>;
  /** Which build of a portable file this analysis follows (undefined: all arms). */
  build?: Build;
  /** Names that were copied from one another in the function being analysed (`SOCKET d = c;`). */
  aliases?: Map<string, Set<string>>;
  /** Per function, the handles whose facts are kept (engine/tracked.ts); all of them when absent. */
  trackedByFn?: Map<number, Set<string>>;
  /** The set for the function being analysed. */
  tracked?: Set<string>;
}

/** Events that act on the socket itself, and so on every name that holds it. */
const throughAliases = new Set(['setsockopt', 'bind', 'listen', 'connect', 'shutdown', 'recv', 'close', 'escape', 'nonblocking', 'membership', 'disconnected']);

function aliasesOf(cfg: Cfg): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (!out.has(a)) out.set(a, new Set());
    out.get(a)!.add(b);
  };
  for (const b of cfg.blocks)
    for (const ev of b.events)
      if (ev.kind === 'copy' && ev.h !== ev.from) {
        link(ev.h, ev.from);
        link(ev.from, ev.h);
      }
  return out;
}

export function analyzeFunction(fn: FunctionModel, entry: State, ctx: FlowContext): FunctionFlow {
  const cfg = buildCfg(fn.body, ctx.build);
  ctx.aliases = aliasesOf(cfg);
  ctx.tracked = ctx.trackedByFn?.get(fn.index);
  const flow: FunctionFlow = { fn, cfg, before: new Map(), closureStates: new Map(), blockOf: new Map(), replayed: [], blockEvents: cfg.blocks.map(() => []) };
  for (const p of fn.params) {
    const f: Facts = entry.get(p) ? cloneFacts(entry.get(p)!) : unknownFacts();
    for (const m of [F.param, F.paramNoShut, F.paramNoDrain, F.paramNoClose, F.paramNoExcl]) addFact(f, m, ENTRY);
    entry.set(p, f);
  }
  const preds: number[][] = cfg.blocks.map(() => []);
  for (const b of cfg.blocks) for (const s of b.succ) preds[s].push(b.id);
  const outs: Array<State | undefined> = cfg.blocks.map(() => undefined);
  const work: number[] = [cfg.entry];
  const queued = new Set(work);
  let steps = 0;
  const limit = 200 + cfg.blocks.length * 50;
  while (work.length && steps++ < limit) {
    const b = work.shift()!;
    queued.delete(b);
    const inState = inOf(b, cfg, preds, outs, entry);
    const out = runBlock(cfg.blocks[b].events, inState, ctx, undefined);
    if (!outs[b] || !stateEquals(outs[b]!, out)) {
      outs[b] = out;
      for (const s of cfg.blocks[b].succ) {
        if (!queued.has(s)) {
          queued.add(s);
          work.push(s);
        }
      }
    }
  }
  // Final pass: record what each event sees, now that the states are stable.
  for (const b of cfg.blocks) {
    if (b.id !== cfg.entry && !preds[b.id].some((p) => outs[p])) continue; // unreachable block
    runBlock(b.events, inOf(b.id, cfg, preds, outs, entry), ctx, { flow, block: b.id });
  }
  flow.exitState = preds[cfg.exit].some((p) => outs[p]) ? inOf(cfg.exit, cfg, preds, outs, entry) : undefined;
  return flow;
}

export function summaryOf(flow: FunctionFlow, ctx: FlowContext): Summary {
  return summarize(flow.fn.name, flow.fn.params, flow.exitState, ctx.byId, flow.blockEvents.flat());
}

function inOf(b: number, cfg: Cfg, preds: number[][], outs: Array<State | undefined>, entry: State): State {
  if (b === cfg.entry) return cloneState(entry);
  let acc: State | undefined;
  for (const p of preds[b]) {
    const o = outs[p];
    if (!o) continue;
    if (!acc) acc = cloneState(o);
    else joinInto(acc, o, false);
  }
  return acc ?? new Map();
}

interface Recorder {
  flow: FunctionFlow;
  block: number;
}

function runBlock(events: SocketEvent[], state: State, ctx: FlowContext, rec: Recorder | undefined): State {
  for (const ev of events) {
    if (ev.kind === 'call') {
      for (const r of replay(ev, ctx)) step(r, state, ctx, rec, true);
      continue;
    }
    step(ev, state, ctx, rec, false);
    // A copy made earlier still holds the same socket: what happens to it through one name happens
    // through the other. Names copied but since given another socket lose the link at their create.
    const others = 'h' in ev && throughAliases.has(ev.kind) ? ctx.aliases?.get(ev.h) : undefined;
    if (others) for (const a of others) if (state.has(a)) transfer({ ...ev, h: a } as SocketEvent, state, ctx);
  }
  return state;
}

function step(ev: SocketEvent, state: State, ctx: FlowContext, rec: Recorder | undefined, replayed: boolean): void {
  if (rec) {
    rec.flow.blockOf.set(ev.id, rec.block);
    rec.flow.blockEvents[rec.block].push(ev);
    if ('h' in ev) rec.flow.before.set(ev.id, state.has(ev.h) ? share(state.get(ev.h)!) : undefined);
    if (ev.kind === 'closure') rec.flow.closureStates.set(ev.id, cloneState(state));
    if (replayed) rec.flow.replayed.push(ev);
  }
  transfer(ev, state, ctx);
}

/** The handle's facts for changing them (created as unknown-origin when the handle has none). */
function facts(state: State, h: string): Facts {
  let f = writable(state, h);
  if (!f) state.set(h, (f = unknownFacts()));
  return f;
}

/** Events that only add one fact to their handle. */
const addsFact: Partial<Record<SocketEvent['kind'], string>> = {
  bind: F.bound,
  connect: F.connected,
  escape: F.escaped,
  nonblocking: F.nonblocking,
  membership: F.membership,
};

export function transfer(ev: SocketEvent, state: State, ctx: FlowContext): void {
  if (ev.kind === 'escape') {
    // Code given a struct or object can close or shut down the sockets it holds.
    for (const key of [...state.keys()]) if (key.startsWith(`${ev.h}->`) || key.startsWith(`${ev.h}.`)) addFact(writable(state, key)!, F.escaped, ev.id);
  }
  if ((ev.kind === 'escape' || ev.kind === 'kill' || ev.kind === 'forget' || ev.kind === 'copy') && ctx.tracked && !ctx.tracked.has(ev.h)) return;
  const simple = addsFact[ev.kind];
  if (simple && 'h' in ev) {
    addFact(facts(state, ev.h), simple, ev.id);
    return;
  }
  switch (ev.kind) {
    case 'create': {
      const f: Facts = new Map();
      addFact(f, F.created, ev.id);
      addFact(f, F.noExclusive, ev.id);
      addFact(f, F.noReuse, ev.id);
      if (ev.sockType === 'dgram') addFact(f, F.dgram, ev.id);
      if (ev.sockType === 'dgram' && ev.dialect === 'node') addFact(f, F.notListening, ev.id);
      if (ev.sockType === 'stream') addFact(f, F.stream, ev.id);
      if (ev.accepted) addFact(f, F.connected, ev.id);
      if (ev.localFamily) addFact(f, F.localFamily, ev.id);
      state.set(ev.h, f);
      return;
    }
    case 'copy': {
      const src = state.get(ev.from);
      if (src) state.set(ev.h, share(src));
      else state.delete(ev.h);
      return;
    }
    case 'kill':
      state.set(ev.h, new Map());
      return;
    case 'forget':
      state.delete(ev.h);
      return;
    case 'setsockopt': {
      const f = facts(state, ev.h);
      if (!ev.option) return;
      addFact(f, optFact(ev.option), ev.id);
      const on = ev.enabled !== false;
      if (ev.option === EXCLUSIVE && on) {
        f.delete(F.noExclusive);
        f.delete(F.paramNoExcl);
        addFact(f, F.exclusive, ev.id);
      }
      // Set back to 0 (RULES.md "option values"): the option is clear again from here on.
      if (ev.option === EXCLUSIVE && ev.enabled === false) {
        f.delete(F.exclusive);
        addFact(f, F.noExclusive, ev.id);
      }
      if (ev.option === 'SO_REUSEADDR' && ev.enabled === false) {
        f.delete(F.reuseaddr);
        addFact(f, F.noReuse, ev.id);
      }
      // A computed SO_REUSEADDR value may be 0: only a known true one counts (rules stay silent).
      if (ev.option === 'SO_REUSEADDR' && ev.enabled === true) {
        addFact(f, F.reuseaddr, ev.id);
        f.delete(F.noReuse);
      }
      if (ev.option === 'SO_LINGER') addFact(f, F.linger, ev.id);
      return;
    }
    case 'listen': {
      const f = facts(state, ev.h);
      addFact(f, F.listening, ev.id);
      f.delete(F.notListening);
      return;
    }
    case 'disconnected': {
      const f = facts(state, ev.h);
      f.delete(F.connected);
      f.delete(F.shutUndrained);
      return;
    }
    case 'shutdown': {
      const f = facts(state, ev.h);
      if (ev.how === 'receive') return;
      f.delete(F.connected);
      f.delete(F.paramNoShut);
      // Only a send-side shutdown leaves data to drain; after SD_BOTH recv fails anyway.
      if (ev.how === 'send') addFact(f, F.shutUndrained, ev.id);
      return;
    }
    case 'recv': {
      const f = facts(state, ev.h);
      f.delete(F.shutUndrained);
      f.delete(F.paramNoDrain);
      return;
    }
    case 'close': {
      const f = facts(state, ev.h);
      const keep: Facts = f.has(F.param) ? new Map([[F.param, new Set(f.get(F.param))]]) : new Map();
      for (const m of [F.paramNoShut, F.paramNoDrain, F.paramNoExcl]) if (f.has(m)) keep.set(m, new Set(f.get(m)));
      state.set(ev.h, keep);
      return;
    }
    case 'outcome': {
      const of = ctx.byId.get(ev.of);
      if (of?.kind === 'call') {
        // A same-file helper that connects, found to have failed (`if (connect_timeout(s, …) != 0)`):
        // what failed is taken to be its connect, as a Winsock reader of the call would take it.
        if (!ev.ok) for (const r of ctx.replayCache.get(of.id) ?? []) if (r.kind === 'connect') writable(state, r.h)?.delete(F.connected);
        return;
      }
      if (!of || !('h' in of) || ev.ok) return;
      const f = writable(state, of.h);
      if (!f) return;
      if (of.kind === 'connect') f.delete(F.connected);
      else if (of.kind === 'bind') f.get(F.bound)?.delete(of.id);
      else if (of.kind === 'shutdown') f.delete(F.shutUndrained);
      else if (of.kind === 'create') state.set(of.h, new Map());
      return;
    }
    case 'call':
    case 'closure':
      return;
  }
}

/** The events a same-file helper performs on the arguments, replayed at the call. */
function replay(call: Extract<SocketEvent, { kind: 'call' }>, ctx: FlowContext): SocketEvent[] {
  const cached = ctx.replayCache.get(call.id);
  if (cached) return cached;
  const summary = ctx.summaries.get(call.callee);
  const out: SocketEvent[] = [];
  call.args.forEach((arg, i) => {
    if (!arg) return;
    const base = { site: call.site, stmt: call.stmt, region: call.region, fn: call.fn, h: arg.h, handleText: arg.text, viaHelper: call.callee, dialect: call.dialect };
    const effects: Effect[] = summary ? (summary.params[i] ?? []) : [{ kind: 'escape', callee: call.callee }];
    for (const e of effects) {
      const ev = { ...base, ...effectEvent(e, call.values, ctx.byId), id: ctx.nextId() } as SocketEvent;
      if (ev.site !== call.site) ev.helperCall = call.site;
      ctx.byId.set(ev.id, ev);
      out.push(ev);
    }
  });
  ctx.replayCache.set(call.id, out);
  return out;
}

function effectEvent(e: Effect, values: ReadonlyArray<number | undefined> = [], byId: Map<number, SocketEvent>): Partial<SocketEvent> {
  // A value the helper takes from a parameter, as this call passes it (undefined when not shown).
  const decided = (p: ParamValue | undefined): boolean | undefined => {
    const v = p ? values[p.param] : undefined;
    return v === undefined ? undefined : (v !== 0) !== p!.negate;
  };
  switch (e.kind) {
    case 'bind':
      return { kind: 'bind', port: e.port, resultUsed: true };
    case 'setsockopt': {
      const enabled = e.enabledFrom ? decided(e.enabledFrom) : e.enabled;
      if (!e.linger) return { kind: 'setsockopt', option: e.option, enabled };
      const onoff = e.linger.onoffFrom ? decided(e.linger.onoffFrom) : undefined;
      const seconds = e.linger.secondsFrom ? values[e.linger.secondsFrom.param] : e.linger.seconds;
      return { kind: 'setsockopt', option: e.option, enabled, linger: { onoff: onoff === undefined ? e.linger.onoff : onoff ? 1 : 0, seconds } };
    }
    case 'close': {
      // A Node destroy() inside the helper is reported there, where it stands now; the call is related.
      const at = e.at !== undefined ? byId.get(e.at) : undefined;
      return at?.kind === 'close' ? { kind: 'close', api: at.api, site: at.site, handleText: at.handleText, apiSpan: at.apiSpan, stmt: undefined } : { kind: 'close', api: e.api };
    }
    default:
      return { ...e } as Partial<SocketEvent>;
  }
}

export function stateEquals(a: State, b: State): boolean {
  if (a.size !== b.size) return false;
  for (const [h, fa] of a) {
    const fb = b.get(h);
    if (!fb || fa.size !== fb.size) return false;
    for (const [name, ids] of fa) {
      const other = fb.get(name);
      if (!other || other.size !== ids.size) return false;
      for (const id of ids) if (!other.has(id)) return false;
    }
  }
  return true;
}
