import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { Diagnostic, Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult, Finding, Severity, Span } from './engine/findings';
import { docUrl } from './rules/index';

export const diagnosticSource = 'socklint';

/** Carried in `Diagnostic.data` so a code action request can find the finding behind it. */
export interface DiagnosticData {
  version: number;
  index: number;
}

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function rangeOf(document: TextDocument, span: Span): Range {
  return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
}

export function toDiagnostics(document: TextDocument, result: AnalysisResult): Diagnostic[] {
  return result.findings.map((finding, index) => {
    const data: DiagnosticData = { version: result.version, index };
    return {
      range: rangeOf(document, finding),
      severity: severities[finding.severity] ?? DiagnosticSeverity.Warning,
      code: finding.ruleId,
      codeDescription: { href: docUrl(finding.ruleId) },
      source: diagnosticSource,
      message: finding.message,
      relatedInformation: finding.related.map((related) => ({
        location: { uri: document.uri, range: rangeOf(document, related) },
        message: related.message,
      })),
      data,
    };
  });
}

/**
 * The finding a diagnostic was made from: by its `data` when the analysis is the one that
 * produced it, otherwise by rule id and range (clients may drop `data`, or the analysis was redone).
 */
export function findingFor(document: TextDocument, result: AnalysisResult, diagnostic: Diagnostic): Finding | undefined {
  const start = document.offsetAt(diagnostic.range.start);
  const end = document.offsetAt(diagnostic.range.end);
  const matches = (f: Finding | undefined): f is Finding => f !== undefined && f.ruleId === diagnostic.code && f.start === start && f.end === end;
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  if (data && data.version === result.version && typeof data.index === 'number') {
    const byIndex = result.findings[data.index];
    if (matches(byIndex)) return byIndex;
  }
  return result.findings.find(matches);
}
