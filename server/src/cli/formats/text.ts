import type { Severity } from '../../engine/findings';
import type { FileReport } from '../report';
import type { Summary } from '../summary';

const sgr = (code: string) => (s: string) => `\x1b[${code}m${s}\x1b[0m`;
const paint: Record<Severity | 'path' | 'rule' | 'bold', (s: string) => string> = {
  error: sgr('31'),
  warning: sgr('33'),
  information: sgr('36'),
  hint: sgr('2'),
  path: sgr('1'),
  rule: sgr('2'),
  bold: sgr('1'),
};
const plain = (s: string) => s;

/**
 * `file:line:col severity rule-id message`, one line per finding (so editors and CI logs link it),
 * files in order with a blank line between them, then a summary line.
 */
export function formatText(reports: FileReport[], summary: Summary, color: boolean): string {
  const c = (k: keyof typeof paint) => (color ? paint[k] : plain);
  const blocks: string[] = [];
  for (const r of reports) {
    if (!r.findings.length) continue;
    blocks.push(r.findings.map((f) => `${c('path')(`${r.display}:${f.range.start.line}:${f.range.start.column}`)} ${c(f.severity)(f.severity)} ${c('rule')(f.ruleId)} ${f.message}`).join('\n'));
  }
  const lines = blocks.length ? [blocks.join('\n\n'), ''] : [];
  lines.push(summaryLine(summary, c));
  if (summary.fixable || summary.fixableUnsafe) {
    const parts = [];
    if (summary.fixable) parts.push(`${summary.fixable} fixable with --fix`);
    if (summary.fixableUnsafe) parts.push(`${summary.fixableUnsafe} more with --fix-unsafe`);
    lines.push(parts.join(', '));
  }
  return `${lines.join('\n')}\n`;
}

function summaryLine(s: Summary, c: (k: keyof typeof paint) => (x: string) => string): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const counts = (['error', 'warning', 'information', 'hint'] as const)
    .filter((k) => s.bySeverity[k])
    .map((k) => c(k)(k === 'information' ? `${s.bySeverity[k]} information` : plural(s.bySeverity[k], k)));
  const head = c('bold')(`${plural(s.findings, 'finding')} in ${plural(s.files, 'file')}`);
  const skipped = s.skipped ? `, ${s.skipped} skipped` : '';
  return `${head}${counts.length ? ` (${counts.join(', ')})` : ''}${skipped}`;
}
