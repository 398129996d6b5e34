/**
 * Statement heads written once per `#if` arm around one shared body:
 *
 *     #ifdef _WIN32
 *         if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof on) == -1) {
 *     #else
 *         if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == -1) {
 *     #endif
 *             close(s);
 *         }
 *
 * No C grammar parses that: the `{` opens in an arm and closes outside it, so the parser nests the
 * rest of the function inside the arm, or gives up on it. Such a group is parsed as its first arm
 * alone. The other arms and the directives become blanks of the same length (line breaks kept), so
 * every offset, line and column stays where it was.
 */

const directive = /^[ \t]*#[ \t]*(if|ifdef|ifndef|elif|elifdef|elifndef|else|endif)\b/;

/** At most this many lines per arm: a head, not a block of code. */
const maxArmLines = 4;
/** …and characters: a generated line is no head, and the scans stay linear. */
const maxArmChars = 2000;

export interface SplitHeads {
  /** The text to parse. */
  text: string;
  /** The blanked ranges (directives and other arms): a fix must not edit across them. */
  ranges: Array<[number, number]>;
  /**
   * The groups it joined, by their text: two versions of a document whose key is the same joined the
   * same groups (a group's masking depends on its own text only), wherever an edit moved them, so a
   * tree parsed from one can be reused for the other.
   */
  key: string;
}

export function joinSplitHeads(text: string): SplitHeads {
  if (!text.includes('#') || !/^[ \t]*#[ \t]*el/m.test(text)) return { text, key: '', ranges: [] };
  const lines = lineStarts(text);
  const blanks: Array<[number, number]> = [];
  const joined: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = directiveAt(text, lines, i);
    if (open !== 'if' && open !== 'ifdef' && open !== 'ifndef') continue;
    const group = groupFrom(text, lines, i);
    if (!group) continue;
    const arms = group.arms.map(([from, to]) => text.slice(lines[from], lineEnd(text, lines, to - 1)));
    if (arms.some((a) => a.length > maxArmChars)) continue;
    const balances = arms.map(openedBy);
    const sameBraces = balances[0] > 0 && balances.every((b) => b === balances[0]);
    // `#ifdef X / if (bind(fd, a, n) < 0) / #else / if (bind(fd, b, m) < 0) / #endif / {`: bare heads.
    if (!sameBraces && !arms.every(isBareHead)) continue;
    // The first arm stands for all of them, outside any arm: only when the others say the same to
    // the rules (they differ in casts, or in calls no rule reads), and never for code under `#if 0`.
    if (/^[ \t]*#[ \t]*if[ \t]+(?:0|false)\b/.test(text.slice(lines[i], lineEnd(text, lines, i)))) continue;
    if (!sameToRules(arms)) continue;
    // Keep the first arm's lines; blank the directives and every other arm.
    blanks.push([lines[i], lineEnd(text, lines, i)]);
    for (let a = 1; a < group.arms.length; a++) blanks.push([lines[group.arms[a][0] - 1], lineEnd(text, lines, group.arms[a][1] - 1)]);
    blanks.push([lines[group.end], lineEnd(text, lines, group.end)]);
    joined.push(text.slice(lines[i], lineEnd(text, lines, group.end)));
    i = group.end;
  }
  if (!blanks.length) return { text, key: '', ranges: [] };
  let out = '';
  let at = 0;
  for (const [start, end] of blanks) {
    out += text.slice(at, start) + text.slice(start, end).replace(/[^\r\n]/g, ' ');
    at = end;
  }
  out += text.slice(at);
  return { text: out, key: joined.join('\u0000'), ranges: blanks };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineEnd(text: string, lines: number[], i: number): number {
  const next = i + 1 < lines.length ? lines[i + 1] - 1 : text.length;
  return next > lines[i] && text[next - 1] === '\r' ? next - 1 : next;
}

function directiveAt(text: string, lines: number[], i: number): string | undefined {
  return directive.exec(text.slice(lines[i], lineEnd(text, lines, i)))?.[1];
}

/**
 * The `#if` group opening at line `i`, when it is flat (no directive inside an arm, no line
 * continued into the next) and has at least two short arms: each arm as [first line, end line).
 */
function groupFrom(text: string, lines: number[], i: number): { arms: Array<[number, number]>; end: number } | undefined {
  const arms: Array<[number, number]> = [];
  let from = i + 1;
  for (let j = i + 1; j < lines.length && j <= i + 1 + (maxArmLines + 1) * 4; j++) {
    if (/\\\s*$/.test(text.slice(lines[j - 1], lineEnd(text, lines, j - 1)))) return undefined;
    const d = directiveAt(text, lines, j);
    if (!d) {
      if (j - from >= maxArmLines) return undefined;
      continue;
    }
    if (d === 'if' || d === 'ifdef' || d === 'ifndef') return undefined;
    if (j === from) return undefined;
    arms.push([from, j]);
    if (d === 'endif') return arms.length >= 2 ? { arms, end: j } : undefined;
    from = j + 1;
  }
  return undefined;
}

/** Calls and names a rule reads: arms that differ in these are not interchangeable. */
const ruleNames = /\b(?:setsockopt|bind|listen|accept4?|WSAAccept|connect|WSAConnect|closesocket|close|shutdown|SO_\w+|IPV6_V6ONLY|linger|socket|WSASocketW?|INVALID_SOCKET)\b/;

/** Casts and spacing aside, the arms are one text; or none of them has anything a rule reads. */
function sameToRules(arms: string[]): boolean {
  const normal = (code: string) =>
    stripped(code)
      .replace(/\(\s*(?:const\s+|unsigned\s+|struct\s+)*\w+(?:\s*\*)*\s*\)/g, '')
      .replace(/\s+/g, '');
  const first = normal(arms[0]);
  return arms.every((a) => normal(a) === first) || arms.every((a) => !ruleNames.test(stripped(a)));
}

/** `if (…)`, `while (…)`, `for (…)`, `} else if (…)` with nothing after the condition: a head without its body. */
function isBareHead(code: string): boolean {
  const bare = stripped(code).trim();
  const m = /^(?:\}\s*)?(?:else\s+)?(?:if|while|for)\s*\(/.exec(bare);
  if (!m || !bare.endsWith(')')) return false;
  let depth = 0;
  for (let i = m[0].length - 1; i < bare.length; i++) {
    if (bare[i] === '(') depth++;
    else if (bare[i] === ')' && --depth === 0) return i === bare.length - 1;
  }
  return false;
}

/** Brackets and braces the code opens and leaves open (strings, characters and comments aside). */
function openedBy(code: string): number {
  const bare = stripped(code);
  let open = 0;
  let braces = 0;
  for (const ch of bare) {
    if (ch === '(' || ch === '[') open++;
    else if (ch === ')' || ch === ']') open--;
    else if (ch === '{') braces++;
    else if (ch === '}') braces--;
  }
  // A head leaves a `{` open (and nothing else); an argument list split over arms is handled elsewhere.
  return open === 0 ? braces : 0;
}

/** The code without its strings, characters and comments (arms are a few short lines). */
function stripped(code: string): string {
  return code.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ' ');
}
