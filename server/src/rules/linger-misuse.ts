import { deleteLines, normalizeEdits } from '../engine/edits';
import { type Fix, type TextEdit, unsafeFix } from '../engine/findings';
import type { EventOf, StmtInfo } from '../engine/ir';
import type { Rule, RuleContext } from '../engine/rule';
import { F, type Facts, evidence, has } from '../engine/state';
import { eventsOf, gracefulCloseEdit, nodeEndFixes, relatedAt, standsAlone } from './shared';

export const lingerMisuse: Rule = {
  meta: {
    id: 'linger-misuse',
    docs: { description: 'SO_LINGER with l_onoff set makes closesocket abortive (RST, data lost) or blocking.' },
    defaultSeverity: 'warning',
    languages: ['c', 'cpp', 'typescript', 'javascript'],
    fixable: true,
    messages: {
      posixAbortive:
        'SO_LINGER with l_onoff = 1 and l_linger = 0 makes close({{handle}}) abortive: the connection is reset (RST), unsent data is lost and the peer sees ECONNRESET. Close gracefully instead: shutdown(SHUT_WR), recv until 0, then close.',
      posixBlocking:
        'SO_LINGER with {{timeout}} timeout makes close({{handle}}) block until the data is sent or the timeout expires, after which unsent data is discarded. Close gracefully instead: shutdown(SHUT_WR), recv until 0, then close.',
      abortive:
        'SO_LINGER with l_onoff = 1 and l_linger = 0 makes closing {{handle}} abortive: the connection is reset (RST), unsent data is lost and the peer sees WSAECONNRESET (10054). Close gracefully instead: shutdown(SD_SEND), recv until 0, then closesocket.',
      nonblocking:
        'SO_LINGER with a timeout on the non-blocking socket {{handle}}: closesocket fails with WSAEWOULDBLOCK (10035) while data is unsent and leaves the socket open. Close gracefully instead: shutdown(SD_SEND), recv until 0, then closesocket.',
      blocking:
        'SO_LINGER with {{timeout}} timeout makes closesocket block until the data is sent or the timeout expires (then the connection is reset), and on a non-blocking socket fail with WSAEWOULDBLOCK (10035). Close gracefully instead: shutdown(SD_SEND), recv until 0, then closesocket.',
      resetAndDestroy:
        '{{handle}}.{{api}}() closes the connection abortively (SO_LINGER with a zero timeout): the peer gets a reset (RST, ECONNRESET / WSAECONNRESET 10054) and data not yet sent or acknowledged is lost. Call {{handle}}.end() to close gracefully, with a timer that destroys the socket if the peer never closes.',
    },
  },
  check(ctx) {
    for (const { ev, before } of ctx.analysis.visits()) {
      if (ev.kind === 'close' && ev.abortive) {
        reportAbortiveClose(ctx, ev, before);
        continue;
      }
      if (ev.kind !== 'setsockopt' || ev.option !== 'SO_LINGER' || !ev.linger) continue;
      const { onoff, seconds } = ev.linger;
      // Values a helper takes from its parameters are its callers' to decide: reported at each call.
      if (!ev.viaHelper && (ev.linger.onoffFrom || ev.linger.secondsFrom)) continue;
      if (onoff === undefined || onoff === 0) continue;
      // Lingering governs how a connection closes: a datagram socket has none to reset or wait for.
      if (has(before, F.dgram) && !has(before, F.stream)) continue;
      const closes = ctx.analysis.reachableAfter(ev).filter((e): e is EventOf<'close'> => e.kind === 'close' && e.h === ev.h);
      const nonblocking = has(before, F.nonblocking);
      const windows = ctx.isWindows(ev);
      const messageId = seconds === 0 ? (windows ? 'abortive' : 'posixAbortive') : !windows ? 'posixBlocking' : nonblocking ? 'nonblocking' : 'blocking';
      ctx.report({
        site: ev.site,
        messageId,
        data: { handle: ev.handleText, timeout: seconds === undefined ? 'a' : `a ${seconds}-second` },
        related: closes.map((c) => relatedAt(c.site, `${ev.handleText} is closed here`)),
        fixes: removeFix(ctx, ev, closes),
      });
    }
  },
};

/** Node's `resetAndDestroy()`: SO_LINGER {1, 0} and a close in one call. */
function reportAbortiveClose(ctx: RuleContext, ev: EventOf<'close'>, before: Facts | undefined): void {
  const h = ev.handleText;
  ctx.report({
    site: ev.site,
    related: [
      ...eventsOf(ctx, evidence(before, F.connected), 'connect').map((c) => relatedAt(c.site, `${h} connects here`)),
      ...eventsOf(ctx, evidence(before, F.created), 'create').map((c) => relatedAt(c.site, c.accepted ? `${h} is the connection received here` : `${h} is created here`)),
    ],
    fixes: nodeEndFixes(ctx, ev, true),
    messageId: 'resetAndDestroy',
    data: { handle: h, api: ev.api },
  });
}

function removeFix(ctx: RuleContext, ev: EventOf<'setsockopt'>, closes: EventOf<'close'>[]): Fix[] {
  if (!ev.stmt || !standsAlone(ctx, ev)) return [];
  const edits: Array<TextEdit | undefined> = [deleteLines(ev.stmt)];
  const fn = ctx.model.functions[ev.fn];
  const v = ev.linger?.valueVar;
  if (v && fn) {
    // The linger variable goes too when nothing else reads it: an unused variable is a warning.
    const users = fn.statements.filter((s) => s.uses.includes(v) && s.start !== ev.stmt!.start);
    const setup = users.filter((s) => s.lingerSetupOf === v);
    const enclosingOnly = users.filter((s) => !setup.includes(s)).every((s) => s.start <= ev.stmt!.start && s.end >= ev.stmt!.end);
    if (enclosingOnly) for (const s of innermost(setup)) edits.push(deleteLines(s));
  }
  const taken = new Set<string>();
  for (const c of closes) {
    if (c.site.start >= ev.stmt.start && c.site.end <= ev.stmt.end) continue; // its error branch goes with it
    const seen = ctx.analysis.flows[c.fn]?.before.get(c.id);
    if (evidence(seen, F.connected).length && !has(seen, F.escaped)) edits.push(gracefulCloseEdit(ctx, c, taken));
  }
  const normalized = normalizeEdits(edits);
  if (!normalized) return [];
  return [unsafeFix('Remove SO_LINGER and close gracefully', normalized)];
}

function innermost(list: StmtInfo[]): StmtInfo[] {
  return list.filter((s) => !list.some((o) => o !== s && o.start <= s.start && o.end >= s.end));
}
