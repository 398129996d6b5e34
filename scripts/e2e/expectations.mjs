// test/e2e/expected.json, and LSP diagnostics in its shape, for the suites that run outside VS Code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function loadExpected(root) {
  return JSON.parse(readFileSync(join(root, 'test/e2e/expected.json'), 'utf8'));
}

const severities = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

/** An LSP Diagnostic as expected.json writes one, so a mismatch prints as a readable diff. */
export function comparable(d) {
  const { start, end } = d.range;
  return {
    code: d.code,
    severity: severities[d.severity] ?? String(d.severity),
    range: [start.line, start.character, end.line, end.character],
    related: (d.relatedInformation ?? []).map((r) => [r.location.range.start.line, r.location.range.start.character]),
  };
}

export function sortedComparable(diagnostics) {
  return diagnostics.map(comparable).sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1] || a.code.localeCompare(b.code));
}
