import * as vscode from 'vscode';
import expectedJson from '../expected.json';

export interface ExpectedDiagnostic {
  code: string;
  severity: string;
  range: [number, number, number, number];
  related: [number, number][];
}

export const expected = expectedJson as unknown as {
  files: Record<string, { languageId: string; diagnostics: ExpectedDiagnostic[] }>;
  quickFix: { file: string; code: string; title: string; movedLine: string; beforeLine: string; remaining: string[] };
};

const severityNames = new Map<vscode.DiagnosticSeverity, string>([
  [vscode.DiagnosticSeverity.Error, 'error'],
  [vscode.DiagnosticSeverity.Warning, 'warning'],
  [vscode.DiagnosticSeverity.Information, 'information'],
  [vscode.DiagnosticSeverity.Hint, 'hint'],
]);

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === 'object' ? code.value : code);
}

/** A diagnostic in the shape of expected.json, so a mismatch prints as a readable diff. */
export function comparable(diagnostic: vscode.Diagnostic): ExpectedDiagnostic {
  const { start, end } = diagnostic.range;
  return {
    code: codeOf(diagnostic),
    severity: severityNames.get(diagnostic.severity) ?? String(diagnostic.severity),
    range: [start.line, start.character, end.line, end.character],
    related: (diagnostic.relatedInformation ?? []).map((r) => [r.location.range.start.line, r.location.range.start.character]),
  };
}

export function sortedComparable(diagnostics: readonly vscode.Diagnostic[]): ExpectedDiagnostic[] {
  return diagnostics.map(comparable).sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1] || a.code.localeCompare(b.code));
}

export function expectedRange(d: ExpectedDiagnostic): vscode.Range {
  return new vscode.Range(d.range[0], d.range[1], d.range[2], d.range[3]);
}
