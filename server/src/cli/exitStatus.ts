import type { CliOptions } from './args';
import { type FileReport, incompleteRuleId, severityRank } from './report';
import type { Summary } from './summary';

/**
 * 2 when a file could not be analysed or (without --allow-incomplete) a function was not fully
 * analysed; 1 when a finding reaches the failing level; 0 otherwise.
 */
export function exitStatus(reports: FileReport[], summary: Summary, opts: Pick<CliOptions, 'allowIncomplete' | 'exitZero' | 'failLevel' | 'maxWarnings'>, note: (m: string) => void): number {
  if (summary.incomplete && !opts.allowIncomplete) {
    const where = reports.flatMap((r) => r.findings.filter((f) => f.ruleId === incompleteRuleId).map((f) => `${r.display}:${f.range.start.line}:${f.range.start.column}: ${f.message}`));
    const shown = 10;
    note(`${summary.incomplete} function${summary.incomplete === 1 ? ' was' : 's were'} not fully analysed, so findings may be missing; pass --allow-incomplete to accept this`);
    for (const w of where.slice(0, shown)) note(`  ${w}`);
    if (where.length > shown) note(`  … and ${where.length - shown} more`);
  }
  if (summary.failed || (summary.incomplete && !opts.allowIncomplete)) return 2;
  if (opts.exitZero) return 0;
  const failRank = severityRank[opts.failLevel];
  const counted = reports.flatMap((r) => r.findings).filter((f) => f.ruleId !== incompleteRuleId);
  const fails = counted.some((f) => {
    if (f.severity === 'warning' && opts.maxWarnings !== undefined) return false;
    return severityRank[f.severity] <= failRank;
  });
  const tooManyWarnings = opts.maxWarnings !== undefined && counted.filter((f) => f.severity === 'warning').length > opts.maxWarnings;
  if (tooManyWarnings) note(`${summary.bySeverity.warning} warnings, more than --max-warnings ${opts.maxWarnings}`);
  return fails || tooManyWarnings ? 1 : 0;
}
