import { insertBefore, uniqueName } from '../engine/edits';
import { type Fix, unsafeFix } from '../engine/findings';
import type { EventOf, SocketEvent } from '../engine/ir';
import type { Rule, RuleContext } from '../engine/rule';
import { F, type Facts, evidence, has } from '../engine/state';
import { moveFix } from './setsockopt-after-bind';
import { eventsOf, laterOnSameSocket, relatedAt } from './shared';

export const missingExclusiveAddrUse: Rule = {
  meta: {
    id: 'missing-exclusiveaddruse',
    docs: { description: 'A Windows service socket bound without SO_EXCLUSIVEADDRUSE can have its port taken by a socket using SO_REUSEADDR.' },
    defaultSeverity: 'warning',
    languages: ['c', 'cpp', 'typescript', 'javascript'],
    fixable: true,
    messages: {
      missing:
        '{{handle}} is bound without SO_EXCLUSIVEADDRUSE: another socket that sets SO_REUSEADDR can bind the same port and take its traffic. Set SO_EXCLUSIVEADDRUSE before bind(); the port then cannot be re-bound while accepted connections are still active, so close them gracefully (see close-without-shutdown).',
    },
  },
  check(ctx) {
    for (const { ev, before } of ctx.analysis.visits()) {
      if (ev.kind !== 'bind' || ev.exclusiveUnavailable || !ctx.isWindows(ev) || ev.port === 0) continue;
      // With SO_REUSEADDR set, reuseaddr-port-hijack reports it and its fix (use SO_EXCLUSIVEADDRUSE
      // instead) is the one that works: adding the option next to SO_REUSEADDR would fail with WSAEINVAL.
      // Only when every path sets it: an `#ifdef __GNUC__` arm setting it leaves the other build without either.
      const reuseEverywhere = has(before, F.reuseaddr) && !has(before, F.noReuse);
      if (has(before, F.escaped) || has(before, F.membership) || reuseEverywhere || has(before, F.localFamily)) continue;
      const later = laterOnSameSocket(ctx, ev);
      // Only what runs while this bind holds: on a retry after it failed, an option is set for the next bind.
      const whileBound = (e: SocketEvent) => evidence(ctx.analysis.factsBefore(e), F.bound).includes(ev.id);
      // Set, but after this bind: one mistake, which setsockopt-after-bind reports at that call
      // (this bind as related information). Saying the option is missing would be wrong.
      if (later.some((e) => e.kind === 'setsockopt' && e.option === 'SO_EXCLUSIVEADDRUSE' && e.enabled !== false && whileBound(e))) continue;
      const listen = later.find((e) => e.kind === 'listen');
      // SO_REUSEADDR set after this bind (setsockopt-after-bind reports it): inserting
      // SO_EXCLUSIVEADDRUSE here would make that call fail with WSAEINVAL, so the fix is the one that
      // moves it before the bind as SO_EXCLUSIVEADDRUSE, and it settles both findings.
      const lateReuse = later.find((e): e is EventOf<'setsockopt'> => e.kind === 'setsockopt' && e.option === 'SO_REUSEADDR' && e.enabled === true && whileBound(e));
      const local = has(before, F.created) && !has(before, F.unknown);
      if (local) {
        // A datagram socket that joins a group, or connect()s to one peer (a client with a chosen source
        // address), is no service.
        const dgram = has(before, F.dgram) && !later.some((e) => e.kind === 'membership' || e.kind === 'connect');
        if (!has(before, F.noExclusive) || (!listen && !dgram)) continue;
      } else if (!fromElsewhereNeedsIt(ctx, ev, before, !!listen)) continue;
      const created = eventsOf(ctx, evidence(before, F.created), 'create');
      ctx.report({
        site: ev.site,
        messageId: 'missing',
        data: { handle: ev.handleText },
        related: [...created.map((c) => relatedAt(c.site, `${ev.handleText} is created here`)), ...(listen ? [relatedAt(listen.site, `${ev.handleText} listens here`)] : [])],
        // SO_REUSEADDR set later for a retry: with SO_EXCLUSIVEADDRUSE inserted here it would fail
        // with WSAEINVAL, a new finding. Which option the retry should use is the author's call.
        // Set on some paths only: SO_EXCLUSIVEADDRUSE inserted before the bind would fail with WSAEINVAL on those.
        fixes: lateReuse ? moveFix(ctx, lateReuse, ev, before, true) : retryReuse(later) || has(before, F.reuseaddr) ? [] : insertFix(ctx, ev),
      });
    }
  },
};

/**
 * A socket made elsewhere (a parameter, a field) may have had the option set by its creator. It is
 * reported only when this function both binds and listens on it with the option set on no path, and
 * the function is not called from this file: there the call site, which sees the creation, decides.
 * A socket that a lambda receives as a parameter is never reported: its caller is out of sight.
 */
function fromElsewhereNeedsIt(ctx: RuleContext, ev: EventOf<'bind'>, before: Facts | undefined, listens: boolean): boolean {
  if (!listens || has(before, F.exclusive)) return false;
  if (has(before, F.param)) {
    if (!has(before, F.paramNoExcl)) return false;
    const fn = ctx.model.functions[ev.fn];
    // A lambda or callback is called by code that cannot be followed, which may well set the option.
    if (!fn || fn.parent !== undefined || fn.name === '<lambda>') return false;
    if (ctx.model.events.some((e) => e.kind === 'call' && e.callee === fn.name)) return false;
  }
  return true;
}

function retryReuse(later: SocketEvent[]): boolean {
  return later.some((e) => e.kind === 'setsockopt' && e.option === 'SO_REUSEADDR' && e.enabled === true);
}

function insertFix(ctx: RuleContext, ev: EventOf<'bind'>): Fix[] {
  const fn = ctx.model.functions[ev.fn];
  const name = uniqueName('exclusive', fn);
  // The bind's own failure handling is what the program wants when the port cannot be claimed safely.
  const copied = ev.failureBody === undefined ? undefined : ctx.codegen.retargetFailure(ev.failureBody, 'bind', 'setsockopt(SO_EXCLUSIVEADDRUSE)');
  const onError = copied ?? (fn?.failureReturn ? [fn.failureReturn] : undefined);
  // The front end's own API when it has one (asio's set_option); none when nothing can go before the bind.
  let lines = ev.exclusiveLines ?? ctx.codegen.exclusiveUse(ev.handleText, name, onError, fn?.indentUnit ?? '    ');
  if (!lines?.length) return [];
  if (lines && ctx.model.portable && ev.region === 'shared') lines = ctx.codegen.windowsOnly(lines, 'SO_EXCLUSIVEADDRUSE');
  if (!lines) return [];
  const edit = insertBefore(ev.stmt, lines, ctx.model.eol);
  if (!edit) return [];
  return [unsafeFix(`Set SO_EXCLUSIVEADDRUSE on ${ev.handleText} before bind()`, [edit])];
}
