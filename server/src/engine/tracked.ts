import type { FileModel, HandleKey, SocketEvent } from './ir';

/** Events that say a handle may hold a socket (or be compared as one): its facts are worth keeping. */
const socketKinds = new Set<SocketEvent['kind']>(['create', 'setsockopt', 'bind', 'listen', 'connect', 'shutdown', 'recv', 'close', 'disconnected', 'nonblocking', 'membership', 'compare']);

/**
 * Per function, the handles whose facts the dataflow keeps: those a socket event names, the
 * parameters, what is passed to a same-file helper, and every name copied to or from one of those;
 * a function's set includes its lambdas' (they start from its state). Every other name (a buffer
 * declared, a length handed to `memcpy`) can never hold facts a rule reads, and tracking it made
 * each block's state as large as the function's variable list.
 */
export function trackedHandles(model: FileModel): Map<number, Set<HandleKey>> {
  const own = model.functions.map((fn) => new Set<HandleKey>(fn.params));
  const copies = model.functions.map(() => [] as Array<[HandleKey, HandleKey]>);
  for (const ev of model.events) {
    const set = own[ev.fn];
    if (!set) continue;
    if (ev.kind === 'copy') copies[ev.fn].push([ev.h, ev.from]);
    else if (ev.kind === 'call') {
      for (const a of ev.args) if (a) set.add(a.h);
    } else if ('h' in ev && socketKinds.has(ev.kind)) set.add(ev.h);
  }
  own.forEach((set, i) => closeOverCopies(set, copies[i]));
  // Lambdas first into their parents (a parent always has a smaller index than its lambdas).
  for (let i = model.functions.length - 1; i >= 0; i--) {
    const parent = model.functions[i].parent;
    if (parent !== undefined && own[parent]) for (const h of own[i]) own[parent].add(h);
  }
  for (let i = 0; i < model.functions.length; i++) {
    const parent = model.functions[i].parent;
    if (parent !== undefined && own[parent]) for (const h of own[parent]) own[i].add(h);
  }
  const out = new Map<number, Set<HandleKey>>();
  model.functions.forEach((fn, i) => {
    closeOverCopies(own[i], copies[i]);
    out.set(fn.index, own[i]);
  });
  return out;
}

/** A name copied to or from a tracked one may hold the same socket. */
function closeOverCopies(set: Set<HandleKey>, links: Array<[HandleKey, HandleKey]>): void {
  for (let changed = links.length > 0; changed;) {
    changed = false;
    for (const [a, b] of links) {
      if (set.has(a) !== set.has(b)) {
        set.add(a);
        set.add(b);
        changed = true;
      }
    }
  }
}
