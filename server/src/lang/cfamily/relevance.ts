/**
 * Which functions of a file can matter to a rule, decided from the names they contain before any
 * of them is lowered. Lowering walks the syntax tree node by node, across the JS/WASM boundary; in
 * a real 15,000-line server most functions parse headers or format logs and never touch a socket,
 * so they are kept as empty functions instead.
 *
 * A function matters when it names something socklint knows (a socket call, SOCKET, a macro that
 * expands to one), when it calls a function that matters (it may pass that function a socket), or
 * when a function that matters calls it (its summary says what it does to the socket it is given).
 * Everything else cannot see a socket: no socket is made in it or handed to it.
 */

export interface FunctionNames {
  name: string;
  /** Every name written in the function (engine-independent: read from its text). */
  ids: Set<string>;
  /** The names it calls (`name(`). */
  calls: Set<string>;
}

/**
 * Indices of the functions that matter. `knownCall` says whether calling a name is socket API
 * (`socket(`, but not a field named `socket`); `known` whether writing it anywhere matters (SOCKET,
 * INVALID_SOCKET, a macro that stands for socket code).
 */
export function relevantFunctions(fns: readonly FunctionNames[], knownCall: (id: string) => boolean, known: (id: string) => boolean): boolean[] {
  const relevant = fns.map((f) => [...f.calls].some(knownCall) || [...f.ids].some(known));
  const byName = new Map<string, number[]>();
  fns.forEach((f, i) => {
    const list = byName.get(f.name);
    if (list) list.push(i);
    else byName.set(f.name, [i]);
  });
  // Callers of what matters, transitively: they may hold the socket they pass on.
  const callersOf = new Map<string, number[]>();
  fns.forEach((f, i) => {
    for (const id of f.calls) if (id !== f.name && byName.has(id)) (callersOf.get(id) ?? callersOf.set(id, []).get(id)!).push(i);
  });
  const up = fns.map((_, i) => i).filter((i) => relevant[i]);
  while (up.length) {
    const i = up.pop()!;
    for (const caller of callersOf.get(fns[i].name) ?? []) {
      if (relevant[caller]) continue;
      relevant[caller] = true;
      up.push(caller);
    }
  }
  // Callees of what matters, transitively: their summaries decide what a call does to a socket.
  const down = fns.map((_, i) => i).filter((i) => relevant[i]);
  while (down.length) {
    const i = down.pop()!;
    for (const id of fns[i].calls) {
      for (const callee of byName.get(id) ?? []) {
        if (relevant[callee]) continue;
        relevant[callee] = true;
        down.push(callee);
      }
    }
  }
  return relevant;
}

/**
 * Names that make a macro matter: it expands (directly or through other macros) to something
 * `known`. Macro bodies are text, so following their names is enough.
 */
export function relevantMacros(bodies: ReadonlyMap<string, string>, known: (id: string) => boolean): Set<string> {
  // Each macro is reached from the names in its body, once: a chain of defines costs its length
  // (a fixpoint pass per link made a 20,000-define chain take 26 s).
  const usedBy = new Map<string, string[]>();
  const out = new Set<string>();
  const queue: string[] = [];
  const reach = (name: string): void => {
    if (out.has(name)) return;
    out.add(name);
    queue.push(name);
  };
  for (const [name, body] of bodies) {
    for (const n of new Set(body.match(/\b[A-Za-z_]\w*/g) ?? [])) {
      if (known(n)) reach(name);
      else {
        let users = usedBy.get(n);
        if (!users) usedBy.set(n, (users = []));
        users.push(name);
      }
    }
  }
  while (queue.length) {
    for (const user of usedBy.get(queue.pop()!) ?? []) reach(user);
  }
  return out;
}
