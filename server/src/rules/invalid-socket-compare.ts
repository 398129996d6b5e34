import { type Fix, safeFix } from '../engine/findings';
import type { EventOf } from '../engine/ir';
import type { Rule, RuleContext } from '../engine/rule';

export const invalidSocketCompare: Rule = {
  meta: {
    id: 'invalid-socket-compare',
    docs: { description: 'SOCKET is unsigned: `s < 0` is never true, so the error check never fires. Compare with INVALID_SOCKET.' },
    defaultSeverity: 'error',
    languages: ['c', 'cpp'],
    fixable: true,
    messages: {
      unsignedCompare: 'SOCKET is an unsigned type, so `{{comparison}}` is {{always}} and never detects INVALID_SOCKET. Compare with INVALID_SOCKET instead.',
    },
  },
  check(ctx) {
    for (const { ev } of ctx.analysis.visits()) {
      if (ev.kind !== 'compare' || !ev.socketTyped || !ctx.isWindows(ev)) continue;
      const always = ev.op === '<' ? 'always false' : ev.op === '>=' ? 'always true' : 'true only for 0';
      ctx.report({
        site: ev.site,
        messageId: 'unsignedCompare',
        data: { comparison: ctx.text.slice(ev.site.start, ev.site.end), always },
        fixes: fix(ctx, ev),
      });
    }
  },
};

function fix(ctx: RuleContext, ev: EventOf<'compare'>): Fix[] {
  const test = ctx.codegen.invalidSocketTest(ev.operand ?? ev.handleText, ev.negated);
  if (!test) return [];
  const newText = ev.parenthesize ? `(${test})` : test;
  return [safeFix(`Compare ${ev.handleText} with INVALID_SOCKET`, [{ start: ev.site.start, end: ev.site.end, newText }])];
}
