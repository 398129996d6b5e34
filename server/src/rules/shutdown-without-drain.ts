import { insertBefore, uniqueName } from '../engine/edits';
import { type Fix, unsafeFix } from '../engine/findings';
import type { EventOf } from '../engine/ir';
import type { Rule, RuleContext } from '../engine/rule';
import { F, evidence, has } from '../engine/state';
import { eventsOf, relatedAt, posixFlavour } from './shared';

export const shutdownWithoutDrain: Rule = {
  meta: {
    id: 'shutdown-without-drain',
    docs: { description: 'shutdown(SD_SEND) followed by close with no recv loop between discards what the peer still sends.' },
    defaultSeverity: 'information',
    languages: ['c', 'cpp', 'typescript', 'javascript'],
    fixable: true,
    messages: {
      notDrained:
        '{{handle}} is closed after its send side was shut down ({{how}}) without reading until recv returns 0: what the peer still sends is discarded and the connection may be reset. Drain it first: call recv until it returns 0 (or fails), then close.',
    },
  },
  check(ctx) {
    for (const { ev, before } of ctx.analysis.visits()) {
      if (ev.kind !== 'close' || has(before, F.escaped)) continue;
      const shutdowns = eventsOf(ctx, evidence(before, F.shutUndrained), 'shutdown').filter((s) => !s.drainsItself);
      if (!shutdowns.length) continue;
      const how = posixFlavour(ctx, ev) ? 'SHUT_WR' : 'SD_SEND';
      ctx.report({
        site: ev.site,
        messageId: 'notDrained',
        data: { handle: ev.handleText, how },
        related: shutdowns.map((s) => relatedAt(s.site, `the send side of ${ev.handleText} is shut down here`)),
        fixes: drainFix(ctx, ev),
      });
    }
  },
};

function drainFix(ctx: RuleContext, ev: EventOf<'close'>): Fix[] {
  const fn = ctx.model.functions[ev.fn];
  const lines = ctx.codegen.drain(ev.handleText, uniqueName('drain', fn));
  const edit = lines && insertBefore(ev.stmt, lines, ctx.model.eol);
  if (!edit) return [];
  return [unsafeFix(`Drain ${ev.handleText} (recv until 0) before closing`, [edit])];
}
