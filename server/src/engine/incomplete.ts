import type { Finding } from './findings';
import type { FileModel } from './ir';
import { type RuleMeta, formatMessage } from './rule';
import type { Settings } from './settings';

/** The id of "this function was not analysed": never a catalogue rule, but settable and suppressible like one. */
export const incompleteRuleId = 'socklint-incomplete';

/** Its description and message, as a rule's (the SARIF driver lists it with the rules). */
export const incompleteMeta: RuleMeta = {
  id: incompleteRuleId,
  docs: { description: 'A function was not fully analysed because it exceeded a work limit; findings in it may be missing.' },
  defaultSeverity: 'information',
  languages: ['c', 'cpp', 'typescript', 'javascript'],
  fixable: false,
  messages: { incomplete: 'socklint did not analyse {{what}}: {{limit}} (a limit of the analysis). Socket mistakes inside it are not reported.' },
};

/**
 * One `information` finding on the name of each function a work limit left out (engine/limits.ts),
 * so a user sees where socklint is silent because it did not look, not because the code is right.
 * Lambdas inside such a function were never lowered and are not listed separately.
 */
export function incompleteFindings(model: FileModel, settings: Settings): Finding[] {
  const level = settings.rules[incompleteRuleId];
  if (level === 'off') return [];
  const out: Finding[] = [];
  for (const fn of model.functions) {
    if (!fn.incomplete) continue;
    const at = fn.nameSpan ?? fn.span;
    const what = fn.name.startsWith('<') ? `this ${fn.name === '<module>' ? 'module' : 'function'}` : `'${fn.name}'`;
    out.push({
      ruleId: incompleteRuleId,
      messageId: 'incomplete',
      message: formatMessage(incompleteMeta, 'incomplete', { what, limit: fn.incomplete }),
      severity: level ?? 'information',
      start: at.start,
      end: at.end,
      related: [],
      fixes: [],
    });
  }
  return out;
}
