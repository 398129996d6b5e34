import { reachableBlocks } from './cfg';
import { type FlowContext, type FunctionFlow, analyzeFunction, summaryOf } from './dataflow';
import type { Build, FileModel, FunctionModel, SocketEvent } from './ir';
import type { Facts, State } from './state';
import { trackedHandles } from './tracked';
import { type FlowCache, summaryKey } from './flowCache';
import { type Steps, runToEnd } from './steps';

export interface Visit {
  ev: SocketEvent;
  /** Facts of the event's handle just before it; undefined when nothing is known (unknown origin). */
  before: Facts | undefined;
  flow: FunctionFlow;
}

/** The dataflow result for a whole file: what every socket event sees, and reachability. */
export class FileAnalysis {
  readonly flows: FunctionFlow[] = [];
  readonly byId = new Map<number, SocketEvent>();

  constructor(
    readonly model: FileModel,
    readonly build?: Build,
  ) {
    for (const ev of model.events) this.byId.set(ev.id, ev);
  }

  private visitList?: Visit[];

  /** Every event with a handle, helper effects included, in source order (made once: every rule asks). */
  visits(): Visit[] {
    this.visitList ??= this.collectVisits();
    return this.visitList;
  }

  private collectVisits(): Visit[] {
    const out: Visit[] = [];
    for (const flow of this.flows) {
      if (!flow || flow.fn.incomplete) continue;
      for (const evs of flow.blockEvents) for (const ev of evs) if ('h' in ev) out.push({ ev, before: flow.before.get(ev.id), flow });
    }
    return out.sort((a, b) => a.ev.site.start - b.ev.site.start || a.ev.id - b.ev.id);
  }

  event(id: number): SocketEvent | undefined {
    return this.byId.get(id);
  }

  /** What is known of the handles just before `ev`. */
  factsBefore(ev: SocketEvent): Facts | undefined {
    return this.flows[ev.fn]?.before.get(ev.id);
  }

  /** Events that can run after `ev` in its function (helper effects included). */
  reachableAfter(ev: SocketEvent): SocketEvent[] {
    const flow = this.flows[ev.fn];
    const block = flow?.blockOf.get(ev.id);
    if (!flow || block === undefined) return [];
    const own = flow.blockEvents[block];
    const out = own.slice(own.indexOf(ev) + 1);
    for (const b of reachableBlocks(flow.cfg, block)) for (const e of b === block ? own.slice(0, own.indexOf(ev) + 1) : flow.blockEvents[b]) out.push(e);
    return out;
  }
}

/**
 * Runs the dataflow over every function: helpers before their callers (so calls replay their
 * summaries), lambdas after the function that creates them (they start from its state there).
 */
export function analyzeModel(model: FileModel, build?: Build, isCancelled?: () => boolean, cache?: FlowCache): FileAnalysis {
  return runToEnd(analyzeModelSteps(model, build, isCancelled, cache));
}

/** The same, yielding after each function whose dataflow it computes (engine/steps.ts). */
export function* analyzeModelSteps(model: FileModel, build?: Build, isCancelled?: () => boolean, cache?: FlowCache): Steps<FileAnalysis> {
  const analysis = new FileAnalysis(model, build);
  let next = model.events.reduce((m, e) => Math.max(m, e.id), 0) + 1;
  const ids = model.ids;
  const ctx: FlowContext = { summaries: new Map(), byId: analysis.byId, nextId: ids ? () => ids.next++ : () => next++, replayCache: new Map(), build, trackedByFn: trackedHandles(model) };
  // A function defined once per platform arm is one function in each build.
  const inBuild = (fn: FunctionModel) => !build || !fn.build || fn.build === build;
  const nameCount = new Map<string, number>();
  for (const fn of model.functions) if (fn.parent === undefined && inBuild(fn)) nameCount.set(fn.name, (nameCount.get(fn.name) ?? 0) + 1);
  const children = new Map<number, FunctionModel[]>();
  for (const fn of model.functions) {
    if (fn.parent === undefined) continue;
    const list = children.get(fn.parent) ?? [];
    list.push(fn);
    children.set(fn.parent, list);
  }
  const closureOwner = new Map<number, number>(); // lambda fn index → closure event id
  for (const ev of model.events) if (ev.kind === 'closure') closureOwner.set(ev.target, ev.id);

  const calleesOf = familyCallees(model);
  const summaryKeys = new Map<string, string>();
  let computed = false;
  const run = (fn: FunctionModel, entry: State) => {
    const inputs = cache ? [...(calleesOf.get(fn.index) ?? [])].map((c) => `${c}:${summaryKeys.get(c) ?? '-'}`).join('\n') : '';
    const cached = cache?.get(fn, build, inputs);
    const family: FunctionFlow[] = [];
    if (cached) {
      for (const flow of cached.flows) {
        analysis.flows[flow.fn.index] = flow;
        for (const r of flow.replayed) analysis.byId.set(r.id, r);
      }
    } else {
      const flow = analyzeFunction(fn, entry, ctx);
      analysis.flows[fn.index] = flow;
      family.push(flow);
      const queue = [...(children.get(fn.index) ?? [])];
      while (queue.length) {
        if (isCancelled?.()) return;
        const child = queue.shift()!;
        const at = closureOwner.get(child.index);
        const parentFlow = analysis.flows[child.parent!];
        const state: State = new Map(at !== undefined ? (parentFlow?.closureStates.get(at) ?? []) : []);
        for (const p of child.params) state.delete(p);
        const childFlow = analyzeFunction(child, state, ctx);
        analysis.flows[child.index] = childFlow;
        family.push(childFlow);
        for (const c of children.get(child.index) ?? []) queue.push(c);
      }
    }
    const summarised = fn.parent === undefined && nameCount.get(fn.name) === 1 && !fn.incomplete;
    computed = !cached;
    const summary = cached ? cached.summary : summarised ? summaryOf(analysis.flows[fn.index], ctx) : undefined;
    if (!cached) cache?.set(fn, build, { inputs, flows: family, summary });
    if (summarised && summary) {
      ctx.summaries.set(fn.name, summary);
      summaryKeys.set(fn.name, summaryKey(summary));
    }
  };
  for (const fn of calleesFirst(model, inBuild)) {
    if (isCancelled?.()) break;
    if (!inBuild(fn)) continue;
    run(fn, new Map());
    if (computed) yield;
  }
  return analysis;
}

/** Per top-level function, the names its calls (and its lambdas' calls) name. */
function familyCallees(model: FileModel): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const ev of model.events) {
    if (ev.kind !== 'call') continue;
    let owner = model.functions[ev.fn];
    while (owner && owner.parent !== undefined) owner = model.functions[owner.parent];
    if (!owner) continue;
    const set = out.get(owner.index) ?? new Set();
    set.add(ev.callee);
    out.set(owner.index, set);
  }
  return out;
}

/** Top-level functions ordered so that same-file callees come before callers; cycles are cut anywhere. */
function calleesFirst(model: FileModel, keep: (fn: FunctionModel) => boolean): FunctionModel[] {
  const tops = model.functions.filter((f) => f.parent === undefined && keep(f));
  const byName = new Map<string, FunctionModel>();
  for (const f of tops) if (!byName.has(f.name)) byName.set(f.name, f);
  const calls = familyCallees(model);
  const order: FunctionModel[] = [];
  const state = new Map<number, 'open' | 'done'>();
  for (const root of tops) {
    if (state.has(root.index)) continue;
    const stack: Array<{ fn: FunctionModel; it: Iterator<string> }> = [{ fn: root, it: (calls.get(root.index) ?? new Set()).values() }];
    state.set(root.index, 'open');
    while (stack.length) {
      const top = stack[stack.length - 1];
      const n = top.it.next();
      if (n.done) {
        stack.pop();
        state.set(top.fn.index, 'done');
        order.push(top.fn);
        continue;
      }
      const callee = byName.get(n.value);
      if (!callee || state.has(callee.index)) continue;
      state.set(callee.index, 'open');
      stack.push({ fn: callee, it: (calls.get(callee.index) ?? new Set()).values() });
    }
  }
  return order;
}
