import { indentLines } from '../engine/edits';
import { type Fix, unsafeFix } from '../engine/findings';
import type { EventOf } from '../engine/ir';
import type { Rule, RuleContext } from '../engine/rule';
import { F, has } from '../engine/state';

export const bindResultUnchecked: Rule = {
  meta: {
    id: 'bind-result-unchecked',
    docs: { description: 'Errors from exclusive use surface at bind (WSAEADDRINUSE, WSAEACCES); a discarded result hides a stolen or busy port.' },
    defaultSeverity: 'warning',
    languages: ['c', 'cpp', 'typescript', 'javascript'],
    fixable: true,
    messages: {
      discarded:
        'The result of bind({{handle}}) is discarded: when the port is busy or held exclusively by another socket, bind fails with {{codes}} and the program carries on with an unbound socket. Check it.',
      discardedEphemeral: 'The result of bind({{handle}}) is discarded: when no local address or port can be had the program carries on with an unbound socket. Check it.',
    },
  },
  check(ctx) {
    for (const { ev, before } of ctx.analysis.visits()) {
      // Node's bind reports failure through its callback and 'error' event: its front end marks the result used.
      if (ev.kind !== 'bind' || ev.resultUsed || ev.viaHelper) continue;
      const codes = ctx.isWindows(ev) ? 'WSAEADDRINUSE (10048) or WSAEACCES (10013)' : 'EADDRINUSE or EACCES';
      ctx.report({
        site: ev.site,
        messageId: ev.port === 0 ? 'discardedEphemeral' : 'discarded',
        data: { handle: ev.handleText, codes },
        fixes: checkFix(ctx, ev, has(before, F.created) && !has(before, F.unknown)),
      });
    }
  },
};

function checkFix(ctx: RuleContext, ev: EventOf<'bind'>, ownSocket: boolean): Fix[] {
  const stmt = ev.stmt;
  const fn = ctx.model.functions[ev.fn];
  if (!stmt || !stmt.inBlock || !stmt.ownLines || !ev.callIsStatement || !fn?.failureReturn) return [];
  const call = ctx.text.slice(ev.site.start, ev.site.end);
  const flavour = ctx.model.portable && ev.region === 'shared' ? 'portable' : ctx.isWindows(ev) ? 'winsock' : 'posix';
  // A socket this function made would leak on the new early return; one from the caller is theirs.
  const close = ownSocket && flavour !== 'portable' ? [`${flavour === 'winsock' ? 'closesocket' : 'close'}(${ev.handleText});`] : [];
  const lines = ctx.codegen.checkedCall(call, flavour, [...close, fn.failureReturn], fn.indentUnit);
  if (!lines) return [];
  const eol = ctx.model.eol;
  const newText = indentLines(lines, stmt.indent, eol).slice(stmt.indent.length, -eol.length);
  return [unsafeFix(`Check the result of bind(${ev.handleText})`, [{ start: stmt.start, end: stmt.end, newText }])];
}
