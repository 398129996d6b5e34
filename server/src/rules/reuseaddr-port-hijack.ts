import { indentLines } from '../engine/edits';
import { type Fix, unsafeFix } from '../engine/findings';
import type { EventOf, SocketEvent } from '../engine/ir';
import type { Rule, RuleContext } from '../engine/rule';
import { F, evidence, has } from '../engine/state';
import { laterOnSameSocket, nestedIn, relatedAt, standsAlone, unicastService } from './shared';

export const reuseaddrPortHijack: Rule = {
  meta: {
    id: 'reuseaddr-port-hijack',
    docs: { description: 'On Windows SO_REUSEADDR lets a service socket share a port another socket is serving; which one gets the packets is undefined.' },
    defaultSeverity: 'warning',
    languages: ['c', 'cpp', 'typescript', 'javascript'],
    fixable: true,
    messages: {
      sharedPort:
        'SO_REUSEADDR on {{handle}}: on Windows it lets this socket bind a port another socket is already serving, and lets others bind this one; which socket then receives the traffic is undefined. A service should use SO_EXCLUSIVEADDRUSE instead (POSIX "fast restart" is not what SO_REUSEADDR means on Windows).',
      acceptorConstructor:
        'The acceptor constructor sets SO_REUSEADDR on {{handle}} (its reuse_addr argument defaults to true): on Windows it lets this socket bind a port another socket is already serving, and lets others bind this one; which socket then receives the traffic is undefined. A service should use SO_EXCLUSIVEADDRUSE instead (POSIX "fast restart" is not what SO_REUSEADDR means on Windows).',
      nodeReuseAddr:
        'reuseAddr: true lets another socket bind the port {{port}}{{handle}} serves: on Windows (SO_REUSEADDR) and BSD/macOS (SO_REUSEPORT) the last socket to bind takes the datagrams, and on Linux another process of the same user can. Only multicast receivers that join a group with addMembership() need it; a unicast service should bind exclusively.',
    },
  },
  check(ctx) {
    for (const { ev, before } of ctx.analysis.visits()) {
      if (ev.kind !== 'setsockopt' || ev.option !== 'SO_REUSEADDR' || ev.enabled !== true) continue;
      // dgram.createSocket({ reuseAddr: true }): libuv also sets SO_REUSEPORT, so it matters on every platform.
      if (ev.api === 'createSocket') {
        checkNode(ctx, ev);
        continue;
      }
      if (!ctx.isWindows(ev)) continue;
      // Already bound: the option does nothing (setsockopt-after-bind). Already exclusive: it fails
      // with WSAEINVAL (exclusiveaddruse-with-reuseaddr). Either way it cannot share the port.
      if (has(before, F.escaped) || has(before, F.bound) || has(before, F.exclusive) || has(before, F.localFamily)) continue;
      const later = laterOnSameSocket(ctx, ev);
      // SO_EXCLUSIVEADDRUSE follows: exclusiveaddruse-with-reuseaddr reports that call failing,
      // points back here, and its fix (drop this SO_REUSEADDR) is the one that also ends the sharing.
      // Only while this SO_REUSEADDR is still on: set back to 0 first, there is no conflict to report.
      const stillOn = (e: SocketEvent) => evidence(ctx.analysis.factsBefore(e), F.reuseaddr).includes(ev.id);
      if (later.some((e) => e.kind === 'setsockopt' && e.option === 'SO_EXCLUSIVEADDRUSE' && e.enabled === true && stillOn(e))) continue;
      const bind = later.find((e): e is EventOf<'bind'> => e.kind === 'bind' && e.port !== 0);
      if (!bind || !unicastService(before, later)) continue;
      ctx.report({
        site: ev.site,
        messageId: ev.api === 'acceptor constructor' ? 'acceptorConstructor' : 'sharedPort',
        data: { handle: ev.handleText },
        related: [relatedAt(bind.site, `${ev.handleText} is bound here`)],
        fixes: useExclusive(ctx, ev),
      });
    }
  },
};

/**
 * `dgram.createSocket({ reuseAddr: true })`: libuv sets SO_REUSEADDR (and SO_REUSEPORT on BSD), so
 * on every platform another process can bind the same port and take the traffic. Node's bind is
 * asynchronous and group joins usually sit in its callback, so the whole function and its callbacks
 * are searched, not only what follows in this one.
 */
function checkNode(ctx: RuleContext, ev: EventOf<'setsockopt'>): void {
  // As the analysis saw them: a same-file helper's effects are replayed at its calls.
  const related = ctx.analysis.flows
    .filter((f) => f && !f.fn.incomplete && nestedIn(ctx, f.fn.index, ev.fn))
    .flatMap((f) => f.blockEvents.flat())
    .filter((e) => 'h' in e && e.h === ev.h);
  if (related.some((e) => e.kind === 'membership' || e.kind === 'connect' || e.kind === 'escape')) return;
  const bind = related.find((e): e is EventOf<'bind'> => e.kind === 'bind');
  if (!bind || bind.port === 0) return;
  const fixes: Fix[] = ev.removal && !ev.viaHelper ? [unsafeFix('Remove reuseAddr: true', [{ start: ev.removal.start, end: ev.removal.end, newText: '' }])] : [];
  ctx.report({
    site: ev.site,
    messageId: 'nodeReuseAddr',
    data: { port: bind.port === undefined ? '' : `${bind.port} `, handle: ev.handleText },
    related: [relatedAt(bind.site, `${ev.handleText} is bound here`)],
    fixes,
  });
}

function useExclusive(ctx: RuleContext, ev: EventOf<'setsockopt'>): Fix[] {
  if (ev.replacement && !ev.viaHelper) return [unsafeFix(ev.replacement.title, [ev.replacement.edit])];
  const span = ev.optionSpan;
  if (!span || ev.viaHelper) return [];
  const title = 'Use SO_EXCLUSIVEADDRUSE instead of SO_REUSEADDR';
  if (!(ctx.model.portable && ev.region === 'shared')) {
    return [unsafeFix(title, [{ start: span.start, end: span.end, newText: 'SO_EXCLUSIVEADDRUSE' }])];
  }
  // Portable code keeps SO_REUSEADDR for its POSIX build, where it means fast restart.
  const stmt = ev.stmt;
  if (!stmt || !stmt.inBlock || !stmt.ownLines || !standsAlone(ctx, ev)) return [];
  const original = ctx.text.slice(stmt.start, stmt.end);
  const windows = original.slice(0, span.start - stmt.start) + 'SO_EXCLUSIVEADDRUSE' + original.slice(span.end - stmt.start);
  const eol = ctx.model.eol;
  const split = ctx.codegen.platformSplit([windows], [original], '_WIN32');
  if (!split) return [];
  const newText = indentLines(split, stmt.indent, eol).slice(0, -eol.length);
  return [unsafeFix(title, [{ start: stmt.lineStart, end: stmt.end, newText }])];
}
