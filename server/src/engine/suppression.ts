import { type Comment, commentSyntaxOf, scanComments } from './comments';
import type { Finding, Fix, Severity, Span, TextEdit } from './findings';
import { LineIndex, eolOf, indentAt, lineEndAfterBreak, lineStart } from './text';

/**
 * Suppression comments, as ESLint has them:
 *
 *   // socklint-disable-next-line <ids> [-- reason]   the next line
 *   // socklint-disable-line <ids> [-- reason]        the line the comment is on
 *   // socklint-disable <ids> … // socklint-enable [<ids>]   a region (to the end of the file
 *                                                     when no enable follows)
 *
 * in `//` and block comments of C, C++, TypeScript and JavaScript. Ids are separated by commas
 * and/or spaces; no ids means every rule. A finding is suppressed when the line it starts on is
 * covered (regions: when it starts inside the region). Unknown ids and directives that suppress
 * nothing are reported as findings of the fixed id `socklint-directive`, with fixes removing them.
 * docs/suppression.md is the user-facing description.
 */

/** The rule id of problems with directives themselves; never a catalogue id. */
export const directiveRuleId = 'socklint-directive';

export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable' | 'enable';

export interface DirectiveId extends Span {
  id: string;
}

export interface Directive {
  kind: DirectiveKind;
  comment: Comment;
  /** `socklint-disable-next-line` etc. */
  keyword: Span;
  /** Empty: every rule. */
  ids: DirectiveId[];
  /** The text after `--`, when there is some. */
  reason?: Span;
  /** 0-based lines that a `disable-line`/`disable-next-line` covers; regions use `comment.start`. */
  firstLine: number;
  lastLine: number;
}

const keywordPattern = /socklint-(disable-next-line|disable-line|disable|enable)/y;
const reasonSeparator = /(^|\s)-{2,}(?=\s|$)/g;
const idPattern = /[^\s,]+/g;

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';
}

/** Every directive in the text, in text order. */
export function parseDirectives(text: string, language: string, lines: LineIndex = new LineIndex(text)): Directive[] {
  const directives: Directive[] = [];
  // Cheap test first: most files have no directive at all.
  if (!text.includes('socklint-')) return directives;
  for (const comment of scanComments(text, commentSyntaxOf(language))) {
    const directive = parseComment(text, comment, lines);
    if (directive) directives.push(directive);
  }
  return directives;
}

function parseComment(text: string, comment: Comment, lines: LineIndex): Directive | undefined {
  let p = comment.valueStart;
  while (p < comment.valueEnd && (isBlank(text[p]) || (comment.kind === 'block' && text[p] === '*'))) p++;
  keywordPattern.lastIndex = p;
  const m = keywordPattern.exec(text);
  if (!m) return undefined;
  const keywordEnd = p + m[0].length;
  if (keywordEnd > comment.valueEnd || (keywordEnd < comment.valueEnd && !isBlank(text[keywordEnd]))) return undefined;
  const rest = text.slice(keywordEnd, comment.valueEnd);
  reasonSeparator.lastIndex = 0;
  const sep = reasonSeparator.exec(rest);
  const idsText = sep ? rest.slice(0, sep.index) : rest;
  const ids: DirectiveId[] = [];
  idPattern.lastIndex = 0;
  for (let t = idPattern.exec(idsText); t; t = idPattern.exec(idsText)) {
    // ` * ` at the start of the lines of a block comment is decoration, not an id.
    if (/^\*+$/.test(t[0])) continue;
    ids.push({ id: t[0], start: keywordEnd + t.index, end: keywordEnd + t.index + t[0].length });
  }
  let reason: Span | undefined;
  if (sep) {
    let start = keywordEnd + sep.index + sep[0].length;
    let end = comment.valueEnd;
    while (start < end && isBlank(text[start])) start++;
    while (end > start && (isBlank(text[end - 1]) || (comment.kind === 'block' && text[end - 1] === '*'))) end--;
    if (start < end) reason = { start, end };
  }
  const kind = m[1] as DirectiveKind;
  const startLine = lines.position(comment.start).line;
  const endLine = lines.position(Math.max(comment.start, comment.end - 1)).line;
  const [firstLine, lastLine] = kind === 'disable-next-line' ? [endLine + 1, endLine + 1] : [startLine, endLine];
  return { kind, comment, keyword: { start: p, end: keywordEnd }, ids, reason, firstLine, lastLine };
}

/** `socklint-disable-next-line a, b` up to its last id: where directive problems are shown. */
export function directiveSpan(d: Directive): Span {
  return { start: d.keyword.start, end: d.ids.length ? d.ids[d.ids.length - 1].end : d.keyword.end };
}

function names(d: Directive, id: string): boolean {
  return d.ids.length === 0 || d.ids.some((x) => x.id === id);
}

export interface SuppressionOptions {
  /** Every rule id a directive may name: the whole catalogue, including rules turned off. */
  knownIds: Iterable<string>;
  /** Rules that ran to completion on this text: only their directives can be called unused. */
  ranIds: Iterable<string>;
  /** Severity of the `socklint-directive` findings; undefined reports none. */
  severity: Severity | undefined;
}

/**
 * The findings that no directive suppresses, plus the directive problems (unknown ids, directives
 * that suppress nothing), in text order.
 */
export function applySuppressions(text: string, language: string, findings: readonly Finding[], options: SuppressionOptions): Finding[] {
  if (!text.includes('socklint-')) return [...findings];
  const lines = new LineIndex(text);
  const directives = parseDirectives(text, language, lines);
  if (!directives.length) return [...findings];
  const used = new Set<string>();
  const use = (d: number, id: string) => used.add(`${d}\u0000${id}`);
  const isUsed = (d: number, id: string) => used.has(`${d}\u0000${id}`);
  const regions = directives.map((d, index) => ({ d, index })).filter(({ d }) => d.kind === 'disable' || d.kind === 'enable');

  const kept: Finding[] = [];
  for (const finding of findings) {
    const line = lines.position(finding.start).line;
    let suppressed = false;
    directives.forEach((d, index) => {
      if ((d.kind === 'disable-line' || d.kind === 'disable-next-line') && line >= d.firstLine && line <= d.lastLine && names(d, finding.ruleId)) {
        suppressed = true;
        use(index, d.ids.length ? finding.ruleId : '');
      }
    });
    // Regions: the last disable/enable before the finding that names its rule decides.
    let last: { d: Directive; index: number } | undefined;
    for (const r of regions) {
      if (r.d.comment.start > finding.start) break;
      if (names(r.d, finding.ruleId)) last = r;
    }
    if (last?.d.kind === 'disable') {
      suppressed = true;
      use(last.index, last.d.ids.length ? finding.ruleId : '');
    }
    if (!suppressed) kept.push(finding);
  }

  const severity = options.severity;
  if (severity) {
    const known = new Set(options.knownIds);
    const ran = new Set(options.ranIds);
    const allRan = [...known].every((id) => ran.has(id));
    const unclosed = enablesClosingNothing(directives);
    directives.forEach((d, index) => {
      /** '' stands for an id-less directive (every rule). */
      const isUnused = (id: string): boolean => {
        if (d.kind === 'enable') return unclosed.has(`${index}\u0000${id}`);
        return (id ? ran.has(id) : allRan) && !isUsed(index, id);
      };
      kept.push(...directiveProblems(text, d, known, isUnused, severity));
    });
  }
  kept.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  return kept;
}

/** `enable` ids (and id-less enables, as '') that end no region: nothing was disabled there. */
function enablesClosingNothing(directives: readonly Directive[]): Set<string> {
  const out = new Set<string>();
  const disabled = new Set<string>();
  let all = false;
  const except = new Set<string>();
  const isDisabled = (id: string) => disabled.has(id) || (all && !except.has(id));
  directives.forEach((d, index) => {
    if (d.kind === 'disable') {
      if (d.ids.length === 0) {
        all = true;
        except.clear();
      }
      for (const { id } of d.ids) {
        disabled.add(id);
        except.delete(id);
      }
    } else if (d.kind === 'enable') {
      if (d.ids.length === 0) {
        if (!all && disabled.size === 0) out.add(`${index}\u0000`);
        all = false;
        disabled.clear();
        except.clear();
      }
      for (const { id } of d.ids) {
        if (!isDisabled(id)) out.add(`${index}\u0000${id}`);
        disabled.delete(id);
        if (all) except.add(id);
      }
    }
  });
  return out;
}

function directiveProblems(text: string, d: Directive, known: ReadonlySet<string>, isUnused: (id: string) => boolean, severity: Severity): Finding[] {
  const keyword = `socklint-${d.kind}`;
  const problem = (span: Span, messageId: 'unusedDirective' | 'unknownRule' | 'unusedRule', message: string, fixes: Fix[]): Finding => ({
    ruleId: directiveRuleId,
    messageId,
    message,
    severity,
    start: span.start,
    end: span.end,
    related: [],
    fixes,
  });
  const removeAll: Fix = { title: `Remove this ${keyword} comment`, edits: [removeComment(text, d.comment)], safe: true };

  if (d.ids.length === 0) {
    if (!isUnused('')) return [];
    const message = d.kind === 'enable' ? `Unused ${keyword}: no socklint-disable before it is still open.` : `Unused ${keyword}: no socklint rule reports a problem ${where(d)}.`;
    return [problem(directiveSpan(d), 'unusedDirective', message, [{ ...removeAll, preferred: true }])];
  }

  const unknown = d.ids.filter((x) => !known.has(x.id));
  const unused = d.ids.filter((x) => known.has(x.id) && isUnused(x.id));
  const bad = unknown.length + unused.length;
  if (bad === 0) return [];
  const allBad = bad === d.ids.length;
  const removeId = (x: DirectiveId): Fix =>
    allBad ? { ...removeAll, preferred: true } : { title: `Remove '${x.id}' from this ${keyword} comment`, edits: [removeIdEdit(d, x)], safe: true, preferred: true };
  const out: Finding[] = [];
  for (const x of unknown) {
    const guess = closest(x.id, known);
    const message = `Unknown rule id '${x.id}' in ${keyword}${guess ? `: did you mean '${guess}'?` : '.'}`;
    const fixes: Fix[] = [];
    // Not safe for bulk fixing: the corrected id starts suppressing findings.
    if (guess) fixes.push({ title: `Change '${x.id}' to '${guess}'`, edits: [{ start: x.start, end: x.end, newText: guess }], safe: false, preferred: true });
    const remove = removeId(x);
    fixes.push(guess ? { ...remove, preferred: false } : remove);
    out.push(problem(x, 'unknownRule', message, fixes));
  }
  if (unused.length && unused.length === d.ids.length) {
    const ids = unused.map((x) => x.id).join(', ');
    const message =
      d.kind === 'enable'
        ? `Unused ${keyword}: ${ids} ${unused.length === 1 ? 'is' : 'are'} not disabled here.`
        : `Unused ${keyword}: ${ids} ${unused.length === 1 ? 'reports' : 'report'} no problem ${where(d)}.`;
    out.push(problem(directiveSpan(d), 'unusedDirective', message, [{ ...removeAll, preferred: true }]));
  } else {
    for (const x of unused) {
      const message = d.kind === 'enable' ? `'${x.id}' is not disabled here, so this ${keyword} has nothing to end.` : `'${x.id}' in this ${keyword} is unused: it reports no problem ${where(d)}.`;
      out.push(problem(x, 'unusedRule', message, [removeId(x)]));
    }
  }
  return out;
}

function where(d: Directive): string {
  if (d.kind === 'disable-next-line') return 'on the next line';
  if (d.kind === 'disable-line') return d.firstLine === d.lastLine ? 'on this line' : 'on these lines';
  return 'in this region';
}

/** The known id closest to a misspelt one, when it is close and no other known id is as close. */
export function closest(id: string, known: ReadonlySet<string>): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(id.length / 4)));
  const lower = id.toLowerCase();
  let best: string | undefined;
  let bestDistance = limit + 1;
  let ties = 0;
  for (const k of known) {
    const dist = editDistance(lower, k, limit);
    if (dist < bestDistance) {
      best = k;
      bestDistance = dist;
      ties = 0;
    } else if (dist === bestDistance) ties++;
  }
  return bestDistance <= limit && ties === 0 ? best : undefined;
}

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** Removes one id and the separator next to it; the directive keeps at least one other id. */
function removeIdEdit(d: Directive, x: DirectiveId): TextEdit {
  const k = d.ids.indexOf(x);
  if (k < d.ids.length - 1) return { start: x.start, end: d.ids[k + 1].start, newText: '' };
  return { start: d.ids[k - 1].end, end: x.end, newText: '' };
}

/**
 * Removes a comment: its whole line(s) when nothing else is on them, otherwise the comment and the
 * blanks that would be left dangling, keeping the code around it apart.
 */
export function removeComment(text: string, comment: Span): TextEdit {
  const ls = lineStart(text, comment.start);
  let le = comment.end;
  while (le < text.length && text[le] !== '\n' && text[le] !== '\r') le++;
  const before = text.slice(ls, comment.start);
  const after = text.slice(comment.end, le);
  if (!before.trim() && !after.trim()) return { start: ls, end: lineEndAfterBreak(text, comment.end), newText: '' };
  if (!after.trim()) {
    let start = comment.start;
    while (start > ls && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
    return { start, end: le, newText: '' };
  }
  let end = comment.end;
  while (end < le && (text[end] === ' ' || text[end] === '\t')) end++;
  const spaceBefore = comment.start > ls && (text[comment.start - 1] === ' ' || text[comment.start - 1] === '\t');
  if (end === comment.end && !spaceBefore && before.trim()) return { start: comment.start, end, newText: ' ' };
  return { start: comment.start, end, newText: '' };
}

// ---------------------------------------------------------------------------------------------
// "Disable <id> for this line" / "Disable <id> for this file" fixes, offered after a finding's own.
// Never safe: applied in bulk they would silence every finding instead of fixing it.

/** Inserts `, id` after the directive's last id. */
function mergeEdit(d: Directive, id: string): TextEdit {
  const at = d.ids[d.ids.length - 1].end;
  return { start: at, end: at, newText: `, ${id}` };
}

/**
 * `// socklint-disable-next-line <id>` on its own line above the finding's line, with that line's
 * indentation; or the id merged into a `disable-next-line`/`disable-line` directive that already
 * covers the line. Inside a macro (the line above ends in `\`), a `/* socklint-disable-line *\/`
 * goes at the end of the line instead, so the macro is not cut short.
 */
export function disableForLineFix(text: string, language: string, finding: Pick<Finding, 'ruleId' | 'start'>): Fix {
  const id = finding.ruleId;
  const title = `Disable ${id} for this line`;
  const lines = new LineIndex(text);
  const line = lines.position(finding.start).line;
  const covering = parseDirectives(text, language, lines).find((d) => (d.kind === 'disable-next-line' || d.kind === 'disable-line') && d.ids.length > 0 && line >= d.firstLine && line <= d.lastLine);
  if (covering) return { title, edits: [mergeEdit(covering, id)], safe: false };
  const start = lineStart(text, finding.start);
  const eol = eolOf(text);
  let prevEnd = start;
  if (text[prevEnd - 1] === '\n') prevEnd--;
  if (text[prevEnd - 1] === '\r') prevEnd--;
  if (start > 0 && text[prevEnd - 1] === '\\' && commentSyntaxOf(language) === 'c') {
    let end = finding.start;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    let at = end;
    if (text[at - 1] === '\\') at--;
    while (at > finding.start && (text[at - 1] === ' ' || text[at - 1] === '\t')) at--;
    const tail = text[at] === '\\' ? ' ' : '';
    return { title, edits: [{ start: at, end: at, newText: ` /* socklint-disable-line ${id} */${tail}` }], safe: false };
  }
  return { title, edits: [{ start, end: start, newText: `${indentAt(text, finding.start)}// socklint-disable-next-line ${id}${eol}` }], safe: false };
}

/**
 * `// socklint-disable <id>` on its own line just before the first line of code, so it sits below a
 * leading licence or header comment (and a `#!` line); or the id merged into a `socklint-disable`
 * already placed there.
 */
export function disableForFileFix(text: string, language: string, ruleId: string): Fix {
  const title = `Disable ${ruleId} for this file`;
  const syntax = commentSyntaxOf(language);
  const comments = scanComments(text, syntax);
  let code = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (syntax === 'js' && text.startsWith('#!', code)) code = lineEndAfterBreak(text, code);
  for (let k = 0; ;) {
    while (code < text.length && isBlank(text[code])) code++;
    while (k < comments.length && comments[k].start < code) k++;
    if (k < comments.length && comments[k].start === code) code = comments[k++].end;
    else break;
  }
  const header = parseDirectives(text, language).find((d) => d.kind === 'disable' && d.ids.length > 0 && d.comment.end <= code);
  if (header) return { title, edits: [mergeEdit(header, ruleId)], safe: false };
  const eol = eolOf(text);
  if (code >= text.length) {
    const sep = text.length && !text.endsWith('\n') && !text.endsWith('\r') ? eol : '';
    return { title, edits: [{ start: text.length, end: text.length, newText: `${sep}// socklint-disable ${ruleId}${eol}` }], safe: false };
  }
  const at = Math.max(lineStart(text, code), text.charCodeAt(0) === 0xfeff ? 1 : 0);
  return { title, edits: [{ start: at, end: at, newText: `// socklint-disable ${ruleId}${eol}` }], safe: false };
}
