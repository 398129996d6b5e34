import type { Span } from './findings';

/**
 * Finds the comments of a C, C++, TypeScript or JavaScript text without a parser, the way
 * suppression directives need them: `//` and `/* *\/` comments, skipping string and character
 * literals (C++ raw strings, JS template literals with `${}` nesting, JS regular expression
 * literals), so that `"// socklint-disable"` inside a string is not a comment.
 *
 * It is a lexer, not a parser: a construct it misreads (a JS regex after `)` or a postfix `++`)
 * can only hide comments on the rest of that line, because literals it is unsure of end at the line.
 */

/** The two comment dialects: C and C++ (line continuations, raw strings, digit separators) and JS/TS. */
export type CommentSyntax = 'c' | 'js';

export interface Comment extends Span {
  kind: 'line' | 'block';
  /** The text between the delimiters: after `//` or `/*`, before the line break or `*\/`. */
  valueStart: number;
  valueEnd: number;
}

const jsLanguages = new Set(['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'js', 'jsx', 'ts', 'tsx', 'mjs', 'cjs', 'mts', 'cts']);

/** LSP languageId or FileModel language → comment dialect; anything not JS/TS is read as C. */
export function commentSyntaxOf(language: string): CommentSyntax {
  return jsLanguages.has(language.toLowerCase()) ? 'js' : 'c';
}

const SLASH = 47;
const STAR = 42;
const BACKSLASH = 92;
const NL = 10;
const CR = 13;
const DQUOTE = 34;
const SQUOTE = 39;
const BACKTICK = 96;

/** JS keywords after which a `/` starts a regular expression rather than a division. */
const regexAfterWord = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === NL || c === CR || c === 11 || c === 12;
}

function lineEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === NL || c === CR) break;
    i++;
  }
  return i;
}

export function scanComments(text: string, syntax: CommentSyntax): Comment[] {
  const comments: Comment[] = [];
  const n = text.length;
  const js = syntax === 'js';
  /** JS: brace depths at which a template literal's `${` was opened, innermost last. */
  const templates: number[] = [];
  let braces = 0;
  /** JS: whether a `/` here would start a regular expression. */
  let regexAllowed = true;
  let i = 0;
  if (js && text.startsWith('#!')) i = lineEnd(text, 0);

  /** From just after an opening backtick or a closing `}`: to the end of the template or its next `${`. */
  const template = (from: number): number => {
    let j = from;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === BACKSLASH) j += 2;
      else if (c === BACKTICK) return j + 1;
      else if (c === 36 && text.charCodeAt(j + 1) === 123) {
        templates.push(braces);
        braces++;
        return j + 2;
      } else j++;
    }
    return n;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === SLASH) {
      const next = text.charCodeAt(i + 1);
      if (next === SLASH) {
        let end = lineEnd(text, i + 2);
        // A C line comment whose line ends in a backslash goes on on the next line.
        while (!js && end < n && text.charCodeAt(end - 1) === BACKSLASH) {
          const after = text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === NL ? end + 2 : end + 1;
          end = lineEnd(text, after);
        }
        comments.push({ kind: 'line', start: i, end, valueStart: i + 2, valueEnd: end });
        i = end;
        continue;
      }
      if (next === STAR) {
        const close = text.indexOf('*/', i + 2);
        const end = close < 0 ? n : close + 2;
        comments.push({ kind: 'block', start: i, end, valueStart: i + 2, valueEnd: close < 0 ? n : close });
        i = end;
        continue;
      }
      if (js && regexAllowed) {
        const end = regexEnd(text, i);
        if (end > 0) {
          i = end;
          regexAllowed = false;
          continue;
        }
      }
      i++;
      regexAllowed = true;
      continue;
    }
    if (c === DQUOTE || c === SQUOTE) {
      if (!js && c === SQUOTE && isDigitSeparator(text, i)) {
        i++;
        continue;
      }
      i = !js && c === DQUOTE ? cString(text, i) : quoted(text, i, c);
      regexAllowed = false;
      continue;
    }
    if (js && c === BACKTICK) {
      i = template(i + 1);
      regexAllowed = templates.length > 0 && text.charCodeAt(i - 1) === 123;
      continue;
    }
    if (isWordChar(c)) {
      let j = i + 1;
      while (j < n && isWordChar(text.charCodeAt(j))) j++;
      regexAllowed = js && regexAfterWord.has(text.slice(i, j));
      i = j;
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (js && c === 123) braces++;
    else if (js && c === 125) {
      braces--;
      if (templates.length && templates[templates.length - 1] === braces) {
        templates.pop();
        i = template(i + 1);
        regexAllowed = templates.length > 0 && text.charCodeAt(i - 1) === 123;
        continue;
      }
    }
    regexAllowed = c !== 41 && c !== 93; // after `)` and `]` a slash divides
    i++;
  }
  return comments;
}

/** A quoted literal from its opening quote; an unterminated one ends at the line break. */
function quoted(text: string, start: number, quote: number): number {
  let j = start + 1;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH) {
      j += text.charCodeAt(j + 1) === CR && text.charCodeAt(j + 2) === NL ? 3 : 2;
    } else if (c === quote) return j + 1;
    else if (c === NL || c === CR) return j;
    else j++;
  }
  return text.length;
}

/** A C string literal, or a C++ raw string `R"delim( ... )delim"` with any encoding prefix. */
function cString(text: string, start: number): number {
  let k = start;
  while (k > 0 && isWordChar(text.charCodeAt(k - 1))) k--;
  if (/^(?:u8|[uUL])?R$/.test(text.slice(k, start))) {
    const open = text.indexOf('(', start + 1);
    const delim = open < 0 ? '' : text.slice(start + 1, open);
    if (open >= 0 && delim.length <= 16 && !/[\s\\()"]/.test(delim)) {
      const close = text.indexOf(`)${delim}"`, open + 1);
      return close < 0 ? text.length : close + delim.length + 2;
    }
  }
  return quoted(text, start, DQUOTE);
}

/** C++14 `1'000'000`: a quote inside a number is a digit separator, not a character literal. */
function isDigitSeparator(text: string, at: number): boolean {
  let k = at;
  while (k > 0 && (isWordChar(text.charCodeAt(k - 1)) || text.charCodeAt(k - 1) === 46)) k--;
  const first = text.charCodeAt(k);
  return k < at && ((first >= 48 && first <= 57) || first === 46) && isWordChar(text.charCodeAt(at + 1));
}

/** End of a JS regular expression literal starting at `start`, or -1 when the line holds none. */
function regexEnd(text: string, start: number): number {
  let j = start + 1;
  let inClass = false;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === NL || c === CR) return -1;
    if (c === BACKSLASH) {
      j += 2;
      continue;
    }
    if (c === 91) inClass = true;
    else if (c === 93) inClass = false;
    else if (c === SLASH && !inClass) {
      j++;
      while (j < text.length && isWordChar(text.charCodeAt(j))) j++;
      return j;
    }
    j++;
  }
  return -1;
}
