import type { Finding } from './findings';
import type { FileModel } from './ir';
import type { Settings } from './settings';

/** The id of "this function was not analysed": never a catalogue rule, but settable and suppressible like one. */
export const incompleteRuleId = 'socklint-incomplete';

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
      message: `socklint did not analyse ${what}: ${fn.incomplete} (a limit of the analysis). Socket mistakes inside it are not reported.`,
      severity: level ?? 'information',
      start: at.start,
      end: at.end,
      related: [],
      fixes: [],
    });
  }
  return out;
}
