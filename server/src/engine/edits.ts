import type { TextEdit } from './findings';
import type { FunctionModel, StmtInfo } from './ir';

/** Indents generated lines under `indent`; preprocessor lines stay at column 0. */
export function indentLines(lines: string[], indent: string, eol: string): string {
  return lines.map((l) => (l.startsWith('#') ? l : l.length ? indent + l : l) + eol).join('');
}

/** An edit that puts `lines` on their own lines just before `stmt`, or undefined when that is not safe. */
export function insertBefore(stmt: StmtInfo | undefined, lines: string[], eol: string): TextEdit | undefined {
  if (!stmt || !stmt.inBlock || !stmt.ownLines) return undefined;
  return { start: stmt.lineStart, end: stmt.lineStart, newText: indentLines(lines, stmt.indent, eol) };
}

/** Removes the statement's whole lines. */
export function deleteLines(stmt: StmtInfo | undefined): TextEdit | undefined {
  if (!stmt || !stmt.inBlock || !stmt.ownLines) return undefined;
  return { start: stmt.lineStart, end: stmt.lineEnd, newText: '' };
}

/** The statement's lines re-indented from its own indentation to `indent`. */
export function linesOf(text: string, stmt: StmtInfo, indent: string): string {
  const raw = text.slice(stmt.lineStart, stmt.lineEnd);
  return reindent(raw, stmt.indent, indent);
}

/** Text as its lines, without their line ends (a trailing line end opens no extra line). */
export function splitLines(text: string): string[] {
  return text.replace(/(?:\r\n|\r|\n)$/, '').split(/\r\n|\r|\n/);
}

export function reindent(raw: string, from: string, to: string): string {
  const parts = raw.split(/(\r\n|\r|\n)/);
  let out = '';
  for (let i = 0; i < parts.length; i += 2) {
    const line = parts[i];
    const br = parts[i + 1] ?? '';
    if (line.length === 0) out += br;
    else if (line.startsWith(from)) out += to + line.slice(from.length) + br;
    else out += to + line.trimStart() + br;
  }
  return out;
}

/** `base`, or `base2`, `base3`… whichever the function does not use yet. */
export function uniqueName(base: string, fn: FunctionModel | undefined, taken: Set<string> = new Set()): string {
  const used = (n: string) => fn?.identifiers.has(n) || taken.has(n);
  if (!used(base)) return base;
  for (let i = 2; ; i++) if (!used(`${base}${i}`)) return `${base}${i}`;
}

/** Edits sorted and checked not to overlap, so a fix is applied the same in every client. */
export function normalizeEdits(edits: Array<TextEdit | undefined>): TextEdit[] | undefined {
  if (edits.some((e) => !e)) return undefined;
  const sorted = (edits as TextEdit[]).slice().sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) if (sorted[i].start < sorted[i - 1].end) return undefined;
  return sorted;
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = edits.slice().sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
