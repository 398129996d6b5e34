import type { ParamValue, SocketEvent } from './ir';
import { F, type Facts, type State, evidence, has, optFact } from './state';

/** One thing a same-file helper does to the socket passed as one of its parameters. */
export type Effect =
  | { kind: 'escape'; callee: string }
  | {
      kind: 'setsockopt';
      option: string;
      enabled: boolean | undefined;
      /** The value (SO_LINGER: its l_onoff) is one of the helper's parameters: each call decides it. */
      enabledFrom?: ParamValue;
      linger?: { onoff: number | undefined; seconds: number | undefined; onoffFrom?: ParamValue; secondsFrom?: ParamValue };
    }
  | { kind: 'bind'; port: number | undefined }
  | { kind: 'listen' }
  | { kind: 'connect' }
  | { kind: 'nonblocking' }
  | { kind: 'membership' }
  | { kind: 'shutdown'; how: 'send' | 'both'; drainsItself?: boolean }
  | { kind: 'recv' }
  /** `at`: the id of Node's `destroy()` event inside the helper. The finding belongs there, where
   * `end()` would go, not at each call. An id, not a copy of its position: the helper's events move
   * with the text while a cached summary stays as it was. */
  | { kind: 'close'; api: string; at?: number };

export interface Summary {
  name: string;
  /** Effects per parameter position, in the order they are replayed at a call site. */
  params: Effect[][];
}

/**
 * What a function does to each parameter, read off its state at exit. Graceful-close steps count
 * only when they happen on every path (the parameter markers are gone); options and binds count
 * when they happen on some path, because the rules that use them ask "on some path".
 */
export function summarize(name: string, params: string[], exit: State | undefined, byId: Map<number, SocketEvent>, closes: SocketEvent[] = []): Summary {
  const out: Effect[][] = [];
  for (const p of params) {
    const f: Facts | undefined = exit?.get(p);
    const effects: Effect[] = [];
    if (!f) {
      out.push(effects);
      continue;
    }
    const escapes = evidence(f, F.escaped);
    if (escapes.length) {
      const ev = byId.get(escapes[0]);
      effects.push({ kind: 'escape', callee: ev && ev.kind === 'escape' ? ev.callee : name });
    }
    const isParam = has(f, F.param);
    if (isParam && !has(f, F.paramNoExcl)) effects.push({ kind: 'setsockopt', option: 'SO_EXCLUSIVEADDRUSE', enabled: true });
    for (const [fact, ids] of f) {
      if (!fact.startsWith('opt:') || fact === optFact('SO_EXCLUSIVEADDRUSE')) continue;
      const ev = byId.get([...ids][0]);
      if (ev && ev.kind === 'setsockopt' && ev.option) {
        const from = ev.enabledFrom ? { enabledFrom: ev.enabledFrom } : {};
        // Linger values the helper decides itself are reported inside it; those its parameters decide, at each call.
        const l = ev.linger && (ev.linger.onoffFrom || ev.linger.secondsFrom) ? ev.linger : undefined;
        const linger = l ? { linger: { onoff: l.onoff, seconds: l.seconds, ...(l.onoffFrom ? { onoffFrom: l.onoffFrom } : {}), ...(l.secondsFrom ? { secondsFrom: l.secondsFrom } : {}) } } : {};
        effects.push({ kind: 'setsockopt', option: ev.option, enabled: ev.enabled, ...from, ...linger });
      }
    }
    const binds = evidence(f, F.bound);
    if (binds.length) {
      const ev = byId.get(binds[0]);
      effects.push({ kind: 'bind', port: ev && ev.kind === 'bind' ? ev.port : undefined });
    }
    if (has(f, F.listening)) effects.push({ kind: 'listen' });
    if (evidence(f, F.connected).length) effects.push({ kind: 'connect' });
    if (has(f, F.nonblocking)) effects.push({ kind: 'nonblocking' });
    if (has(f, F.membership)) effects.push({ kind: 'membership' });
    // A shutdown that leaves nothing to drain was SD_BOTH (a send-side one leaves shutUndrained until a recv).
    if (isParam && !has(f, F.paramNoShut)) {
      // Node's end() keeps reading: a helper that ends a stream leaves no drain owed to its caller.
      const undrained = evidence(f, F.shutUndrained).map((id) => byId.get(id));
      const drainsItself = undrained.length > 0 && undrained.every((e) => e?.kind === 'shutdown' && e.drainsItself);
      effects.push({ kind: 'shutdown', how: has(f, F.shutUndrained) || !has(f, F.paramNoDrain) ? 'send' : 'both', ...(drainsItself ? { drainsItself } : {}) });
    }
    if (isParam && !has(f, F.paramNoDrain)) effects.push({ kind: 'recv' });
    if (isParam && !has(f, F.paramNoClose)) {
      const own = closes.filter((c): c is Extract<SocketEvent, { kind: 'close' }> => c.kind === 'close' && c.h === p);
      const one = own.length > 0 && own.every((c) => c.api === 'destroy' && c.dialect === 'node' && c.site.start === own[0].site.start) ? own[0] : undefined;
      effects.push({ kind: 'close', api: name, ...(one && !one.viaHelper ? { at: one.id } : {}) });
    }
    out.push(effects);
  }
  return { name, params: out };
}
