/**
 * Long analyses are written as generators that yield between units of work (a function lowered,
 * a function's dataflow): the command line runs them straight through, the server gives the event
 * loop a turn at each yield so that a small document's request is answered while a large one is
 * being analysed, and drops the work when the document changed meanwhile. Where the yields fall
 * depends only on the text, and so does the result.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs every step at once. */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs the steps, giving the event loop a turn at the first step boundary after `sliceMs` of work;
 * undefined when `stop()` says the result is no longer wanted (checked at each turn). The clock
 * decides only when other requests get their turn, never what the analysis finds.
 */
export async function runInTurns<T>(steps: Steps<T>, stop: () => boolean, sliceMs = 4): Promise<T | undefined> {
  let since = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - since >= sliceMs) {
      await turn();
      since = performance.now();
      if (stop()) {
        steps.return(undefined as T);
        return undefined;
      }
    }
  }
}
