import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Analyzer } from '../analyzer';
import type { AnalysisResult, Finding, Span } from '../engine/findings';
import { bulkFix, fixAllText } from '../engine/fixAll';
import { LineIndex } from '../engine/text';
import type { FileJob, FileReport, Range, ReportedFinding } from './report';

/** Files above this size are skipped with a note: generated or data files, not hand-written socket code. */
export const maxFileBytes = 16 * 1024 * 1024;

const bom = '\uFEFF';

/** The same, for any input: an unexpected failure costs this file only, never the run. */
export function runFileJobSafely(analyzer: Analyzer, job: FileJob, logs: string[]): FileReport {
  try {
    return runFileJob(analyzer, job, logs);
  } catch (e) {
    return { ...emptyReport(job, logs), errors: [`analysis failed: ${e instanceof Error ? e.message : String(e)}`] };
  }
}

export function emptyReport(job: Pick<FileJob, 'index' | 'path' | 'display' | 'languageId'>, logs: string[]): FileReport {
  return { index: job.index, path: job.path, display: job.display, languageId: job.languageId, findings: [], errors: [], notes: [], logs };
}

/**
 * Reads, analyses and (with `job.fix`) fixes one file. The same code runs in a worker thread and in
 * the main thread, so the answer cannot depend on how many workers there are.
 */
function runFileJob(analyzer: Analyzer, job: FileJob, logs: string[]): FileReport {
  const report = emptyReport(job, logs);
  const read = readSource(job.path);
  if ('skipped' in read) return { ...report, skipped: read.skipped };
  const uri = pathToFileURL(job.path).toString();
  // Editors hide a byte order mark, so offsets (and columns) are counted without it, as the server counts them.
  const hasBom = read.text.startsWith(bom);
  const text = hasBom ? read.text.slice(1) : read.text;
  // Nobody waits on a first result here, so TS/JS files get the typed pass straight away.
  const analyse = (t: string) => analyzer.analyzeText(uri, job.languageId, t, job.settings, { types: true });
  const first = analyse(text);
  const failure = failureOf(first);
  if (failure.length) return { ...report, errors: failure };

  let final = { text, result: first };
  const safeOnly = job.fix === 'safe';
  if (job.fix !== 'none' && !read.utf8) {
    if (first.findings.some((f) => bulkFix(f, safeOnly))) report.notes.push('not fixed: the file is not valid UTF-8, and rewriting it would change other bytes');
  } else if (job.fix !== 'none') {
    // The editor's fix-all loop: one fix per finding, overlapping ones wait for the next pass.
    let last = first;
    const fixed = fixAllText(text, first.findings, (t) => (last = analyse(t)).findings, { safeOnly });
    if (failureOf(last).length) {
      report.notes.push(`not fixed: the fixed text could not be analysed (${failureOf(last)[0]}), so the file is left as it was`);
    } else if (fixed.applied > 0) {
      final = { text: fixed.text, result: last };
      report.fixed = { before: read.text, after: hasBom ? bom + fixed.text : fixed.text };
      if (last.findings.some((f) => bulkFix(f, safeOnly))) report.notes.push('fixes did not settle within the pass limit: running --fix again would change the file further');
    }
  }
  report.findings = reportFindings(final.text, final.result.findings);
  return report;
}

function failureOf(result: AnalysisResult): string[] {
  const errors = result.ruleErrors.map((e) => `rule ${e.ruleId} failed: ${e.message.split('\n')[0]}`);
  if (result.skipped) errors.unshift(`not analysed: ${result.skipped}`);
  return errors;
}

type Source = { text: string; utf8: boolean } | { skipped: string };

function readSource(file: string): Source {
  let bytes: Buffer;
  try {
    const st = fs.statSync(file);
    // A FIFO or a device would block the read forever (or never end): only regular files are source.
    if (!st.isFile()) return { skipped: 'skipped, not a regular file' };
    const size = st.size;
    if (size > maxFileBytes) return { skipped: `skipped, ${(size / 1024 / 1024).toFixed(1)} MiB is over the ${maxFileBytes / 1024 / 1024} MiB limit` };
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { skipped: `skipped, cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
  }
  if (bytes.subarray(0, 8192).includes(0)) return { skipped: 'skipped, binary content (a NUL byte)' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), utf8: true };
  } catch {
    // Latin-1 comments are common in old C; the code itself is ASCII, so it is still analysed.
    return { text: bytes.toString('utf8'), utf8: false };
  }
}

export function reportFindings(text: string, findings: Finding[]): ReportedFinding[] {
  const lines = new LineIndex(text);
  const range = (s: Span): Range => {
    const a = lines.position(s.start);
    const b = lines.position(s.end);
    return { start: { line: a.line + 1, column: a.character + 1 }, end: { line: b.line + 1, column: b.character + 1 } };
  };
  const seen = new Map<string, number>();
  const sorted = findings.slice().sort((a, b) => a.start - b.start || a.end - b.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  return sorted.map((f) => {
    const r = range(f);
    const lineText = text
      .slice(lines.offset(r.start.line - 1, 0), lines.offset(r.start.line, 0))
      .replace(/\s+/g, ' ')
      .trim();
    const key = `${f.ruleId}\0${lineText}`;
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    return {
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      range: r,
      related: f.related.map((rel) => ({ message: rel.message, range: range(rel) })),
      fixes: f.fixes.map((fix) => ({ title: fix.title, safe: fix.safe, preferred: fix.preferred === true, edits: fix.edits.map((e) => ({ range: range(e), newText: e.newText })) })),
      fingerprint: `${createHash('sha256').update(key).digest('hex').slice(0, 32)}:${occurrence}`,
    };
  });
}
