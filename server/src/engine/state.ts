import type { HandleKey } from './ir';

/**
 * What may be true of one handle at a program point: fact name → the events that made it true on
 * some path. May-facts merge by union, so "not X on every path" is tracked as the may-fact "noX".
 */
export type Facts = Map<string, Set<number>>;
/** Per handle. A handle with no entry has an unknown origin (a parameter, a field set elsewhere). */
export type State = Map<HandleKey, Facts>;

/** Evidence id for facts that hold at function entry rather than at an event. */
export const ENTRY = -1;

export const F = {
  unknown: 'unknown',
  created: 'created',
  dgram: 'dgram',
  stream: 'stream',
  bound: 'bound',
  listening: 'listening',
  connected: 'connected',
  shutUndrained: 'shutUndrained',
  noExclusive: 'noExclusive',
  exclusive: 'exclusive',
  reuseaddr: 'reuseaddr',
  /** On some path SO_REUSEADDR is not set (created without it, or set back to 0). */
  noReuse: 'noReuse',
  linger: 'linger',
  escaped: 'escaped',
  nonblocking: 'nonblocking',
  membership: 'membership',
  localFamily: 'localFamily',
  /** A datagram socket Node has not reported bound yet on some path (its bind is asynchronous). */
  notListening: 'notListening',
  /** Parameter markers, for summaries: "on some path the parameter was not yet …". */
  param: 'p:param',
  paramNoShut: 'p:noShut',
  paramNoDrain: 'p:noDrain',
  paramNoClose: 'p:noClose',
  paramNoExcl: 'p:noExcl',
} as const;

export const optFact = (option: string) => `opt:${option}`;

export function cloneFacts(f: Facts): Facts {
  const out: Facts = new Map();
  for (const [k, v] of f) out.set(k, new Set(v));
  return out;
}

/**
 * Facts objects that more than one holder may see (a state and a recorded snapshot, two states,
 * two names that hold the same socket). They are never changed again: whoever changes facts takes
 * them through `writable`, which copies a shared object first. Snapshots and state copies are then
 * free, where copying every handle's facts at every event and block was most of the analysis time.
 */
const shared = new WeakSet<Facts>();

/** Marks facts as seen by more than one holder and returns them, for storing without a copy. */
export function share(f: Facts): Facts {
  shared.add(f);
  return f;
}

/** A copy of the state that shares every facts object with the original (copy on write). */
export function cloneState(s: State): State {
  const out: State = new Map();
  for (const [h, f] of s) out.set(h, share(f));
  return out;
}

/** The handle's facts, ready to be changed: copied first when another holder may see them. */
export function writable(state: State, h: HandleKey): Facts | undefined {
  const f = state.get(h);
  if (!f || !shared.has(f)) return f;
  const own = cloneFacts(f);
  state.set(h, own);
  return own;
}

/** Evidence kept per fact: enough to point at the statements involved, bounded for huge functions. */
export const MAX_EVIDENCE = 8;

export function addFact(f: Facts, name: string, id: number): void {
  let set = f.get(name);
  if (!set) f.set(name, (set = new Set()));
  if (set.size < MAX_EVIDENCE) set.add(id);
}

/** What is known of a handle of unknown origin: only that. */
export function unknownFacts(): Facts {
  return new Map([[F.unknown, new Set([ENTRY])]]);
}

/** Union of two states; a handle known on one side only is of unknown origin on the other. */
export function joinInto(target: State, src: State, targetWasEmpty: boolean): boolean {
  let changed = false;
  if (targetWasEmpty) {
    for (const [h, f] of src) target.set(h, share(f));
    return src.size > 0;
  }
  for (const [h, f] of src) {
    let t = target.get(h);
    if (t === f) continue;
    if (!t) {
      t = unknownFacts();
      target.set(h, t);
      changed = true;
    }
    if (!adds(t, f)) continue;
    t = writable(target, h)!;
    for (const [name, ids] of f) {
      let set = t.get(name);
      if (!set) t.set(name, (set = new Set()));
      for (const id of ids) {
        if (set.size < MAX_EVIDENCE && !set.has(id)) {
          set.add(id);
          changed = true;
        }
      }
    }
  }
  for (const [h, t] of target) {
    if (!src.has(h) && !t.has(F.unknown)) {
      writable(target, h)!.set(F.unknown, new Set([ENTRY]));
      changed = true;
    }
  }
  return changed;
}

/** Whether joining `src` into `t` would add evidence. */
function adds(t: Facts, src: Facts): boolean {
  for (const [name, ids] of src) {
    const set = t.get(name);
    if (!set) return true;
    if (set.size >= MAX_EVIDENCE) continue;
    for (const id of ids) if (!set.has(id)) return true;
  }
  return false;
}

export function has(f: Facts | undefined, name: string): boolean {
  return !!f && (f.get(name)?.size ?? 0) > 0;
}

export function evidence(f: Facts | undefined, name: string): number[] {
  return f ? [...(f.get(name) ?? [])].filter((id) => id !== ENTRY) : [];
}
