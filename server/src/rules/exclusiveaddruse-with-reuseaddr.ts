import { deleteLines } from '../engine/edits';
import type { Fix } from '../engine/findings';
import type { EventOf } from '../engine/ir';
import type { Rule, RuleContext } from '../engine/rule';
import { F, evidence } from '../engine/state';
import { eventsOf, relatedAt, standsAlone } from './shared';

export const exclusiveWithReuse: Rule = {
  meta: {
    id: 'exclusiveaddruse-with-reuseaddr',
    docs: { description: 'SO_EXCLUSIVEADDRUSE and SO_REUSEADDR on one socket: the second setsockopt fails with WSAEINVAL.' },
    defaultSeverity: 'error',
    languages: ['c', 'cpp', 'typescript', 'javascript'],
    fixable: true,
    messages: {
      bothOptions:
        '{{handle}} already has {{first}} set, so this setsockopt({{option}}) fails with WSAEINVAL (10022): the two options exclude each other. Keep SO_EXCLUSIVEADDRUSE and drop SO_REUSEADDR.',
    },
  },
  check(ctx) {
    for (const { ev, before } of ctx.analysis.visits()) {
      // Only a value known to be true conflicts: a computed one may be 0.
      if (ev.kind !== 'setsockopt' || ev.enabled !== true) continue;
      const other = ev.option === 'SO_EXCLUSIVEADDRUSE' ? F.reuseaddr : ev.option === 'SO_REUSEADDR' ? F.exclusive : undefined;
      if (!other) continue;
      const first = eventsOf(ctx, evidence(before, other), 'setsockopt');
      if (!first.length) continue;
      const reuse = ev.option === 'SO_REUSEADDR' ? ev : first[0];
      ctx.report({
        site: ev.site,
        messageId: 'bothOptions',
        data: { handle: ev.handleText, first: first[0].option ?? '', option: ev.option ?? '' },
        related: first.map((f) => relatedAt(f.site, `${f.option} is set here`)),
        fixes: removeReuse(ctx, reuse, reuse === ev),
      });
    }
  },
};

/**
 * Removing the failing second call changes nothing at run time, so that fix is safe; removing an
 * earlier SO_REUSEADDR that took effect changes behaviour. Portable shared code keeps SO_REUSEADDR
 * for its POSIX build, so there the fix is not offered.
 */
function removeReuse(ctx: RuleContext, reuse: EventOf<'setsockopt'>, failing: boolean): Fix[] {
  if (!standsAlone(ctx, reuse) || (ctx.model.portable && reuse.region === 'shared')) return [];
  const edit = deleteLines(reuse.stmt);
  if (!edit) return [];
  return [{ title: 'Remove the SO_REUSEADDR setsockopt', edits: [edit], safe: failing, preferred: true }];
}
