// Where the bench edits a document: a statement and a comment inside function bodies near the
// middle of the file, and the one-character edits it makes there. Pure text helpers (unit-tested).

const keywords = new Set(['if', 'for', 'while', 'switch', 'return', 'do', 'else', 'case', 'sizeof', 'catch', 'function', 'typeof']);

/** A complete one-line statement in a body: indented, a call or an assignment, brackets balanced. */
function isStatement(line) {
  const m = /^(\s+)([A-Za-z_$][\w$.]*)\s*(\(|=[^=])/.exec(line);
  if (!m || keywords.has(m[2])) return false;
  const trimmed = line.trimEnd();
  if (!/[;)]$/.test(trimmed)) return false;
  let depth = 0;
  for (const ch of trimmed) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** An indented comment line (so inside a body or a declaration), `//` or `/*`. */
function isComment(line) {
  return /^\s+(\/\/|\/\*)\s?\S/.test(line);
}

/** The line nearest the middle of `lines` that satisfies `test`, searching both ways. */
function nearestMiddle(lines, test) {
  const mid = lines.length >> 1;
  for (let d = 0; d < lines.length; d++) {
    for (const line of [mid + d, mid - d]) if (line >= 0 && line < lines.length && test(lines[line])) return line;
  }
  return undefined;
}

/**
 * The edit spots of a text: `statement` (line, and the end of its first word, where a character
 * is typed) and `comment` (line, and a column inside the comment). Undefined where none is found.
 */
export function editSpots(text) {
  const lines = text.split('\n');
  const statementLine = nearestMiddle(lines, isStatement);
  const commentLine = nearestMiddle(lines, isComment);
  const spots = {};
  if (statementLine !== undefined) {
    const line = lines[statementLine];
    const word = /^(\s+)([A-Za-z_$][\w$.]*)/.exec(line);
    spots.statement = { line: statementLine, wordEnd: word[0].length, lineEnd: line.length, indent: word[1] };
  }
  if (commentLine !== undefined) {
    const line = lines[commentLine];
    spots.comment = { line: commentLine, column: /^\s+(\/\/|\/\*)\s?/.exec(line)[0].length };
  }
  return spots;
}

const at = (line, character) => ({ line, character });

/**
 * One round of edits, each undone by the next: type a character in the statement and delete it,
 * the same in the comment, then a new line after the statement and its removal. After a round the
 * text is what it was before it. Each edit is { kind, range, text }.
 */
export function editRound(spots) {
  const round = [];
  const { statement, comment } = spots;
  if (statement) {
    const { line, wordEnd, lineEnd, indent } = statement;
    round.push({ kind: 'type', range: { start: at(line, wordEnd), end: at(line, wordEnd) }, text: 'x' });
    round.push({ kind: 'delete', range: { start: at(line, wordEnd), end: at(line, wordEnd + 1) }, text: '' });
    round.push({ kind: 'newline', range: { start: at(line, lineEnd), end: at(line, lineEnd) }, text: `\n${indent}` });
    round.push({ kind: 'join', range: { start: at(line, lineEnd), end: at(line + 1, indent.length) }, text: '' });
  }
  if (comment) {
    const { line, column } = comment;
    round.push({ kind: 'comment', range: { start: at(line, column), end: at(line, column) }, text: 'x' });
    round.push({ kind: 'comment', range: { start: at(line, column), end: at(line, column + 1) }, text: '' });
  }
  return round;
}
