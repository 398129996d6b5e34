import type { Severity } from '../engine/findings';
import type { Settings } from '../engine/settings';
import { ruleIds } from '../rules';
import type { FixMode } from './args';

/** 1-based line and column; columns count UTF-16 code units, as LSP and SARIF's default do. */
export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface ReportedEdit {
  range: Range;
  newText: string;
}

export interface ReportedFix {
  title: string;
  safe: boolean;
  preferred: boolean;
  edits: ReportedEdit[];
}

export interface ReportedFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  related: Array<{ message: string; range: Range }>;
  fixes: ReportedFix[];
  /** Stable across commits that do not touch the finding's line: rule, line text and occurrence. */
  fingerprint: string;
}

/** One file to analyse, as the main thread hands it to a worker. */
export interface FileJob {
  index: number;
  path: string;
  display: string;
  languageId: string;
  settings: Settings;
  fix: FixMode;
}

export interface FileReport {
  index: number;
  path: string;
  display: string;
  languageId: string;
  findings: ReportedFinding[];
  /** Why the file was not analysed (unreadable, binary, too large): a note, not a failure. */
  skipped?: string;
  /** The analysis failed or a rule threw: the run cannot vouch for this file. */
  errors: string[];
  /** What the user should know about this file beyond its findings (fixes that did not settle). */
  notes: string[];
  /** What the analyzer logged while working on this file, in order (shown with --verbose). */
  logs: string[];
  /** Set when fixes changed the text: the file's bytes before and after, as strings. */
  fixed?: { before: string; after: string };
}

import { incompleteRuleId } from '../engine/incomplete';

export { incompleteRuleId };

/** What `--rule` and a configuration file may name: the rules, and the incomplete-analysis finding. */
export const settableRuleIds: readonly string[] = [...ruleIds, incompleteRuleId];

export const severityRank: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };
