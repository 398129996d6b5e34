import type { FunctionFlow } from './dataflow';
import type { Build, FunctionModel } from './ir';
import type { Summary } from './summaries';

interface Entry {
  /** What the family's dataflow read from outside itself: the summaries of the helpers it calls. */
  inputs: string;
  /** The function's flow, then its lambdas' in the order they were analysed. */
  flows: FunctionFlow[];
  summary?: Summary;
}

/**
 * Dataflow results per top-level function and its lambdas, kept across analyses of one document.
 * A function the lowering cache handed back unchanged (the same FunctionModel object) whose
 * helpers still have the same summaries has the same flow: it is reused, not recomputed. A helper
 * whose summary changed makes each of its callers run again, and so on up the call graph.
 */
export class FlowCache {
  private readonly byBuild = new Map<string, WeakMap<FunctionModel, Entry>>();
  /** Families reused and recomputed by the last analysis, for tests and the bench. */
  reused = 0;
  computed = 0;

  private table(build: Build | undefined): WeakMap<FunctionModel, Entry> {
    const key = build ?? 'all';
    let t = this.byBuild.get(key);
    if (!t) this.byBuild.set(key, (t = new WeakMap()));
    return t;
  }

  get(fn: FunctionModel, build: Build | undefined, inputs: string): Entry | undefined {
    const e = this.table(build).get(fn);
    if (e && e.inputs === inputs) {
      this.reused++;
      return e;
    }
    return undefined;
  }

  set(fn: FunctionModel, build: Build | undefined, entry: Entry): void {
    this.computed++;
    this.table(build).set(fn, entry);
  }

  begin(): void {
    this.reused = 0;
    this.computed = 0;
  }
}

/** A summary as text, to compare what a caller's flow was computed with. */
export function summaryKey(s: Summary | undefined): string {
  return s ? JSON.stringify(s.params) : '-';
}
