import { applyEdits } from '../engine/edits';
import type { AnalysisResult, Finding, Fix, TextEdit } from '../engine/findings';
import type { FixMode } from './args';

/** A fix's edits can make another finding's fix applicable; more passes than this means fixes that never settle. */
const maxPasses = 10;

export interface FixOutcome {
  text: string;
  result: AnalysisResult;
  /** Passes that changed the text. */
  passes: number;
  note?: string;
}

/**
 * Applies one fix per finding (the preferred one when it is allowed, else the first allowed),
 * skipping a fix whose edits overlap one already taken, then analyses again and repeats until no
 * allowed fix is left: the result is what a second `--fix` run would leave unchanged.
 */
export function applyFixes(text: string, first: AnalysisResult, mode: Exclude<FixMode, 'none'>, analyse: (text: string) => AnalysisResult): FixOutcome {
  let current = { text, result: first };
  for (let pass = 0; pass < maxPasses; pass++) {
    const edits = chooseEdits(current.result.findings, mode);
    if (!edits.length) return { ...current, passes: pass };
    const next = applyEdits(current.text, edits);
    const result = analyse(next);
    if (result.skipped || result.ruleErrors.length) {
      return { ...current, passes: pass, note: `fixes stopped after pass ${pass + 1}: the fixed text could not be analysed (${result.skipped ?? result.ruleErrors[0].message.split('\n')[0]}), so that pass is not applied` };
    }
    current = { text: next, result };
  }
  return { ...current, passes: maxPasses, note: `fixes did not settle after ${maxPasses} passes; the text after the last pass is kept` };
}

export function chooseFix(finding: Finding, mode: Exclude<FixMode, 'none'>): Fix | undefined {
  const allowed = finding.fixes.filter((f) => f.edits.length > 0 && (mode === 'all' || f.safe));
  return allowed.find((f) => f.preferred) ?? allowed[0];
}

function chooseEdits(findings: Finding[], mode: Exclude<FixMode, 'none'>): TextEdit[] {
  const taken: TextEdit[] = [];
  const ordered = findings.slice().sort((a, b) => a.start - b.start || a.end - b.end);
  for (const finding of ordered) {
    const fix = chooseFix(finding, mode);
    if (!fix || fix.edits.some((e) => taken.some((t) => conflicts(e, t)))) continue;
    // Two findings can offer the very same fix (one move serving two options): take it once.
    const fresh = fix.edits.filter((e) => !taken.some((t) => same(e, t)));
    taken.push(...fresh);
  }
  return taken;
}

function same(a: TextEdit, b: TextEdit): boolean {
  return a.start === b.start && a.end === b.end && a.newText === b.newText;
}

/** Overlapping spans, or two insertions at one point (whose order would be a guess). */
function conflicts(a: TextEdit, b: TextEdit): boolean {
  if (same(a, b)) return false;
  return (a.start < b.end && b.start < a.end) || a.start === b.start;
}
