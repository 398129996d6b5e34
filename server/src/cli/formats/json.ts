import type { FileReport } from '../report';
import type { Summary } from '../summary';
import { toolVersion } from '../toolInfo';

/**
 * The `--format json` document. Version 1 of this shape is documented in the README; fields are
 * only ever added, and a change to an existing field would raise `version`.
 */
export function formatJson(reports: FileReport[], summary: Summary): string {
  const doc = {
    version: 1,
    tool: { name: 'socklint', version: toolVersion() },
    findings: reports.flatMap((r) =>
      r.findings.map((f) => ({
        file: r.display,
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        range: f.range,
        related: f.related.map((rel) => ({ file: r.display, message: rel.message, range: rel.range })),
        fixes: f.fixes.map((fix) => ({ title: fix.title, safe: fix.safe, preferred: fix.preferred, edits: fix.edits.map((e) => ({ file: r.display, range: e.range, newText: e.newText })) })),
        fingerprint: f.fingerprint,
      })),
    ),
    skipped: reports.filter((r) => r.skipped).map((r) => ({ file: r.display, reason: r.skipped })),
    failed: reports.filter((r) => r.errors.length).map((r) => ({ file: r.display, errors: r.errors })),
    summary: {
      files: summary.files,
      findings: summary.findings,
      error: summary.bySeverity.error,
      warning: summary.bySeverity.warning,
      information: summary.bySeverity.information,
      hint: summary.bySeverity.hint,
      fixable: summary.fixable,
      fixableUnsafe: summary.fixableUnsafe,
      incomplete: summary.incomplete,
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
