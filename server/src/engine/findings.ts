/**
 * What an analysis produces. Offsets are UTF-16 code-unit indices into the document text
 * (JavaScript string indices): web-tree-sitter and the TypeScript compiler both report those for
 * JS strings, and LSP positions are UTF-16 too, so `text.ts` is the single place that turns an
 * offset into a line/character pair.
 */

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Span {
  start: number;
  end: number;
}

export interface TextEdit extends Span {
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Safe fixes keep behaviour apart from the defect; only they may be applied in bulk. */
  safe: boolean;
  /** The fix a user most likely wants (LSP `isPreferred`). At most one per finding. */
  preferred?: boolean;
}

/** A fix that keeps behaviour apart from the defect: fix-all and `--fix` may apply it unasked (ruff's `Fix::safe_edit`). */
export function safeFix(title: string, edits: TextEdit[], preferred = true): Fix {
  return { title, edits, safe: true, preferred };
}

/** A fix that changes what the program does: offered one at a time, applied in bulk only with `--fix-unsafe` (ruff's `Fix::unsafe_edit`). */
export function unsafeFix(title: string, edits: TextEdit[], preferred = true): Fix {
  return { title, edits, safe: false, preferred };
}

export interface RelatedSpan extends Span {
  message: string;
}

export interface Finding extends Span {
  ruleId: string;
  /** Which of the rule's messages (`meta.messages`) this is: stable, for tests and tools. */
  messageId: string;
  message: string;
  severity: Severity;
  related: RelatedSpan[];
  fixes: Fix[];
}

export interface RuleError {
  ruleId: string;
  message: string;
}

export interface AnalysisResult {
  uri: string;
  version: number;
  findings: Finding[];
  /** A rule that threw loses only its own findings; the error is reported here for logging. */
  ruleErrors: RuleError[];
  /** Set when the document could not be analysed at all (unsupported language, time budget). */
  skipped?: string;
  timeMs: number;
}
