import { applyEdits } from './edits';
import type { Finding, Fix, TextEdit } from './findings';

export interface FixAllOptions {
  /** Only fixes marked safe (fix-on-save, as ruff does); otherwise each finding's preferred fix. */
  safeOnly: boolean;
  /** Only findings of this rule ("Fix all <rule-id> problems in this file"). */
  ruleId?: string;
}

/** Passes at most: a fix can uncover another (ESLint stops at 10 too). */
const MAX_PASSES = 10;

/**
 * Applies fixes, re-analysing between passes, until none is left: fixes that overlap one another
 * wait for the next pass instead of being dropped, so running it again on the result finds nothing
 * to do. `analyse` gives the findings of a text; the first pass uses `findings` as they are.
 */
export function fixAllText(text: string, findings: readonly Finding[], analyse: (text: string) => readonly Finding[], opts: FixAllOptions): { text: string; applied: number } {
  let current = text;
  let applied = 0;
  let pending = findings;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const edits = chooseEdits(pending, opts);
    if (!edits.length) break;
    const next = applyEdits(
      current,
      edits.flatMap((e) => e),
    );
    if (next === current) break;
    applied += edits.length;
    current = next;
    pending = analyse(current);
  }
  return { text: current, applied };
}

/** The fix a bulk action applies for one finding, if any. */
export function bulkFix(finding: Finding, safeOnly: boolean): Fix | undefined {
  const usable = finding.fixes.filter((f) => f.edits.length > 0 && (!safeOnly || f.safe));
  return usable.find((f) => f.preferred) ?? usable[0];
}

/** One fix per finding, in document order, leaving out any that touches an edit already taken. */
function chooseEdits(findings: readonly Finding[], opts: FixAllOptions): TextEdit[][] {
  const taken: TextEdit[] = [];
  const out: TextEdit[][] = [];
  for (const finding of findings) {
    if (opts.ruleId !== undefined && finding.ruleId !== opts.ruleId) continue;
    const fix = bulkFix(finding, opts.safeOnly);
    if (!fix || fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    taken.push(...fix.edits);
    out.push(fix.edits);
  }
  return out;
}

/** Touching counts as overlapping: two insertions at one offset would be ordered by the client. */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** The smallest single edit that turns `before` into `after` (one edit keeps versioned application simple). */
export function diffEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
    endB--;
    endA--;
  }
  // Never split a surrogate pair: positions inside one do not exist for an editor.
  if (start > 0 && isLowSurrogate(before.charCodeAt(start))) start--;
  if (endB < before.length && isLowSurrogate(before.charCodeAt(endB))) {
    endB++;
    endA++;
  }
  return { start, end: endB, newText: after.slice(start, endA) };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
