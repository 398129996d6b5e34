import type { Region, SocketEvent } from './ir';

/**
 * How much work the front ends do for one function, counted in units that do not depend on the
 * machine: syntax nodes visited, statements nested, events made. The same text always hits the same
 * limit, so a loaded CI runner and an idle laptop report the same findings. The numbers are far
 * above any hand-written function (the largest seen in real servers visit ~60,000 nodes); what
 * reaches them is generated code or an attack on the analyser, and the function is then reported
 * as not analysed (`socklint-incomplete`) instead of silently dropped.
 */
export const limits = {
  /** Statement or expression nesting. */
  nesting: 256,
  /** Lambdas and callbacks nested in each other. */
  lambdaNesting: 32,
  /** Socket events one function may produce. */
  eventsPerFunction: 20_000,
  /** Syntax nodes the lowering of one function may visit. */
  workPerFunction: 1_000_000,
} as const;

/** Thrown when a function passes one of the limits: the function is then left out, and said so. */
export class LoweringLimit extends Error {}

/** Counts work units for one function and throws LoweringLimit past the limit. */
export class WorkCounter {
  private used = 0;

  constructor(private readonly limit: number = limits.workPerFunction) {}

  tick(units = 1): void {
    this.used += units;
    if (this.used > this.limit) throw new LoweringLimit(`more than ${this.limit.toLocaleString('en-US')} syntax nodes`);
  }
}

type Distribute<T> = T extends SocketEvent ? Omit<T, 'id' | 'region' | 'fn' | 'stmt'> : never;
/** An event as a front end makes it, before the lowering gives it its id, region and statement. */
export type NewEvent = Distribute<SocketEvent>;
/** The same, where the front end may set the region itself (TypeScript). */
export type NewEventWithRegion = Distribute<SocketEvent> & { region?: Region };
