import type { Severity } from '../engine/findings';
import { type FileReport, incompleteRuleId } from './report';

export interface Summary {
  files: number;
  filesWithFindings: number;
  findings: number;
  bySeverity: Record<Severity, number>;
  /** Findings with a fix that --fix would apply, and with one only --fix-unsafe would. */
  fixable: number;
  fixableUnsafe: number;
  incomplete: number;
  skipped: number;
  failed: number;
}

export function summarise(reports: FileReport[]): Summary {
  const s: Summary = {
    files: reports.length,
    filesWithFindings: 0,
    findings: 0,
    bySeverity: { error: 0, warning: 0, information: 0, hint: 0 },
    fixable: 0,
    fixableUnsafe: 0,
    incomplete: 0,
    skipped: 0,
    failed: 0,
  };
  for (const r of reports) {
    if (r.skipped) s.skipped++;
    if (r.errors.length) s.failed++;
    if (r.findings.length) s.filesWithFindings++;
    for (const f of r.findings) {
      s.findings++;
      s.bySeverity[f.severity]++;
      if (f.ruleId === incompleteRuleId) s.incomplete++;
      const usable = f.fixes.filter((x) => x.edits.length > 0);
      if (usable.some((x) => x.safe)) s.fixable++;
      else if (usable.length) s.fixableUnsafe++;
    }
  }
  return s;
}
