import { type Fix, unsafeFix } from '../engine/findings';
import type { EventOf } from '../engine/ir';
import type { Rule, RuleContext } from '../engine/rule';
import { F, evidence, has } from '../engine/state';
import { eventsOf, gracefulCloseEdit, nodeEndFixes, posixFlavour, relatedAt } from './shared';

export const closeWithoutShutdown: Rule = {
  meta: {
    id: 'close-without-shutdown',
    docs: { description: 'Closing a connected socket without shutdown(SD_SEND) and a drain can lose data and keep an exclusive port busy.' },
    defaultSeverity: 'warning',
    languages: ['c', 'cpp', 'typescript', 'javascript'],
    fixable: true,
    messages: {
      noShutdown:
        '{{via}} the connected socket {{handle}} without {{shutdown}} first: data still in flight can be lost and the peer may see a reset, and an exclusive port may not be re-bound while the connection lingers. Call {{shutdown}}, {{drain}}, then close.',
      destroyWithoutEnd:
        "{{handle}}.destroy() closes the connected socket without {{handle}}.end() first: data still queued is discarded and the peer may see a reset (ECONNRESET) instead of the end of the stream. Call {{handle}}.end() and let the peer close, with a timer that destroys the socket if it never does; destroy() belongs in 'error' and 'timeout' handlers.",
    },
  },
  check(ctx) {
    const pairEmulation = new Map<number, boolean>();
    for (const { ev, before } of ctx.analysis.visits()) {
      // An abortive close (Node's resetAndDestroy()) is linger-misuse's finding.
      if (ev.kind !== 'close' || ev.abortive) continue;
      const connected = evidence(before, F.connected);
      if (!connected.length || has(before, F.escaped) || has(before, F.dgram) || has(before, F.listening)) continue;
      // SO_LINGER with l_onoff set makes this close abortive or blocking: linger-misuse reports the
      // option, relates this close, and its fix closes gracefully here.
      if (eventsOf(ctx, evidence(before, F.linger), 'setsockopt').some((l) => !!l.linger?.onoff)) continue;
      if (!pairEmulation.has(ev.fn)) pairEmulation.set(ev.fn, isSocketPairEmulation(ctx, ev.fn));
      if (pairEmulation.get(ev.fn)) continue;
      // Node's destroy(): its graceful close is end(), which the stream finishes by itself.
      if (ev.api === 'destroy') {
        reportNode(ctx, ev, connected);
        continue;
      }
      const how = posixFlavour(ctx, ev) ? 'SHUT_WR' : 'SD_SEND';
      const via = ev.viaHelper ? `${ev.viaHelper}() closes` : `${ev.api}() closes`;
      const words = ev.gracefulWords ?? { shutdown: `shutdown(${ev.handleText}, ${how})`, drain: 'recv until it returns 0' };
      ctx.report({
        site: ev.site,
        messageId: 'noShutdown',
        data: { via, handle: ev.handleText, shutdown: words.shutdown, drain: words.drain },
        related: connected
          .map((id) => ctx.analysis.event(id))
          .filter((e) => !!e)
          .map((e) => relatedAt(e!.site, e!.kind === 'create' ? `${ev.handleText} is accepted here` : `${ev.handleText} is connected here`)),
        fixes: fix(ctx, ev),
      });
    }
  },
};

/**
 * `socketpair()` emulations (libuv, Python, curl on Windows) bind a listener to port 0, connect to
 * it and accept their own connection: both ends are in hand, and closing them on error paths loses
 * nothing anyone is waiting for.
 */
function isSocketPairEmulation(ctx: RuleContext, fn: number): boolean {
  const evs = ctx.model.events.filter((e) => e.fn === fn);
  return evs.some((e) => e.kind === 'bind' && e.port === 0) && evs.some((e) => e.kind === 'listen') && evs.some((e) => e.kind === 'connect') && evs.some((e) => e.kind === 'create' && e.accepted);
}

function reportNode(ctx: RuleContext, ev: EventOf<'close'>, connected: number[]): void {
  const h = ev.handleText;
  const nodeOrigin: Record<string, string> = {
    parameter: `${h} is declared a connected socket here`,
    field: `${h} is declared a connected socket here`,
    typed: `${h} gets a connected socket here (its type is net.Socket)`,
    upgrade: `${h} is the socket of an upgrade request received here`,
    request: `${h} is the connection this request came on`,
  };
  ctx.report({
    site: ev.site,
    messageId: 'destroyWithoutEnd',
    data: { handle: h },
    related: eventsOf(ctx, connected, 'create')
      .map((e) => relatedAt(e.site, nodeOrigin[e.api] ?? `${h} is the connection received here`))
      .concat(eventsOf(ctx, connected, 'connect').map((e) => relatedAt(e.site, `${h} connects here`)))
      .concat(ev.helperCall && ev.viaHelper ? [relatedAt(ev.helperCall, `${ev.viaHelper}() is given the connected socket here`)] : []),
    fixes: nodeEndFixes(ctx, ev, false),
  });
}

function fix(ctx: RuleContext, ev: EventOf<'close'>): Fix[] {
  const edit = gracefulCloseEdit(ctx, ev);
  if (!edit) return [];
  const how = posixFlavour(ctx, ev) ? 'SHUT_WR' : 'SD_SEND';
  return [unsafeFix(`Shut down ${ev.handleText} (${how}) and drain it before closing`, [edit])];
}
