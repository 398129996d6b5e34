import { insertBefore, uniqueName } from '../engine/edits';
import type { Fix } from '../engine/findings';
import type { EventOf } from '../engine/ir';
import type { Rule, RuleContext } from '../engine/rule';
import { F, evidence, has } from '../engine/state';
import { hrefless } from './shared';

export const missingExclusiveAddrUse: Rule = {
  meta: {
    id: 'missing-exclusiveaddruse',
    description: 'A Windows service socket bound without SO_EXCLUSIVEADDRUSE can have its port taken by a socket using SO_REUSEADDR.',
    defaultSeverity: 'warning',
    languages: ['c', 'cpp'],
    fixable: true,
  },
  check(ctx) {
    for (const { ev, before } of ctx.analysis.visits()) {
      if (ev.kind !== 'bind' || !ctx.isWindows(ev) || ev.port === 0) continue;
      // Only sockets this function made: one from elsewhere may have had the option set by its creator.
      if (!has(before, F.created) || has(before, F.unknown)) continue;
      if (!has(before, F.noExclusive) || has(before, F.escaped) || has(before, F.membership)) continue;
      const later = ctx.analysis.reachableAfter(ev).filter((e) => 'h' in e && e.h === ev.h);
      const listen = later.find((e) => e.kind === 'listen');
      const dgram = has(before, F.dgram) && !later.some((e) => e.kind === 'membership');
      if (!listen && !dgram) continue;
      const created = evidence(before, F.created).map((id) => ctx.analysis.event(id)).filter((e) => !!e);
      ctx.report({
        site: ev.site,
        message:
          `${ev.handleText} is bound without SO_EXCLUSIVEADDRUSE: another socket that sets SO_REUSEADDR can bind the same port and take its traffic. ` +
          'Set SO_EXCLUSIVEADDRUSE before bind(); the port then cannot be re-bound while accepted connections are still active, so close them gracefully (see close-without-shutdown).',
        related: [
          ...created.map((c) => hrefless(c!.site, `${ev.handleText} is created here`)),
          ...(listen ? [hrefless(listen.site, `${ev.handleText} listens here`)] : []),
        ],
        fixes: insertFix(ctx, ev),
      });
    }
  },
};

function insertFix(ctx: RuleContext, ev: EventOf<'bind'>): Fix[] {
  const fn = ctx.model.functions[ev.fn];
  const name = uniqueName('exclusive', fn);
  // The bind's own failure handling is what the program wants when the port cannot be claimed safely.
  const copied = ev.failureBody?.split('\n').map((l) => l.replace(/"(?:[^"\\]|\\.)*"/g, (s) => s.replace(/\bbind\b/g, 'setsockopt(SO_EXCLUSIVEADDRUSE)')));
  const onError = copied ?? (fn?.failureReturn ? [fn.failureReturn] : undefined);
  let lines = ctx.codegen.exclusiveUse(ev.handleText, name, onError, fn?.indentUnit ?? '    ');
  if (ctx.model.portable && ev.region === 'shared') lines = ctx.codegen.windowsOnly(lines, 'SO_EXCLUSIVEADDRUSE');
  const edit = insertBefore(ev.stmt, lines, ctx.model.eol);
  if (!edit) return [];
  return [{ title: `Set SO_EXCLUSIVEADDRUSE on ${ev.handleText} before bind()`, edits: [edit], safe: false, preferred: true }];
}
