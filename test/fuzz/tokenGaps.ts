/**
 * Offsets between two tokens, where a comment or a space can go without changing what the program
 * means: not inside a string, comment, number or multi-character operator, not in a preprocessor
 * line (where a newline would end the directive), and in TS/JS not inside JSX text.
 */
import { tsApi } from '../../server/src/lang/typescript/tsapi';
import type * as TS from 'typescript';
import type { Family } from './corpus';

/** Tokens that never combine with a neighbour into a longer one. */
const SINGLE = new Set(['(', ')', '{', '}', '[', ']', ',', ';']);

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/**
 * C and C++: a lexical scan. A gap is an offset outside strings, character literals, comments and
 * preprocessor lines, with whitespace or a single-character token on one side of it.
 */
function cGaps(text: string): number[] {
  const gaps: number[] = [];
  let lineStart = true;
  let i = 0;
  const boundary = (at: number): boolean => isSpace(text[at - 1]) || isSpace(text[at]) || SINGLE.has(text[at - 1]) || SINGLE.has(text[at]);
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      lineStart = true;
      i++;
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (lineStart && c === '#') {
      // The whole directive, with its continued lines.
      while (i < text.length && !(text[i] === '\n' && text[i - 1] !== '\\')) i++;
      continue;
    }
    lineStart = false;
    if (i > 0 && boundary(i)) gaps.push(i);
    if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === '"' || c === "'") {
      i++;
      while (i < text.length && text[i] !== c && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
    } else i++;
    if (i < text.length && boundary(i) && !isSpace(text[i])) gaps.push(i);
  }
  return [...new Set(gaps)].filter((g) => g > 0 && g < text.length).sort((a, b) => a - b);
}

/** TS/JS: the gaps between leaf tokens of the compiler's own parse, outside JSX. */
function tsGaps(text: string, ext: string): number[] {
  const ts = tsApi();
  const kind = ext === 'tsx' ? ts.ScriptKind.TSX : ext === 'ts' ? ts.ScriptKind.TS : ts.ScriptKind.JSX;
  const sf = ts.createSourceFile(`fuzz.${ext}`, text, ts.ScriptTarget.Latest, true, kind);
  const leaves: TS.Node[] = [];
  const walk = (n: TS.Node): void => {
    // getChildren lists JSDoc comments too: what is inside them is no token.
    if (n.kind >= ts.SyntaxKind.FirstJSDocNode && n.kind <= ts.SyntaxKind.LastJSDocNode) return;
    const children = n.getChildren(sf);
    if (children.length === 0) {
      if (n.kind !== ts.SyntaxKind.EndOfFileToken) leaves.push(n);
    } else children.forEach(walk);
  };
  walk(sf);
  const inJsx = (n: TS.Node): boolean => {
    for (let p: TS.Node | undefined = n; p; p = p.parent) if (p.kind >= ts.SyntaxKind.JsxElement && p.kind <= ts.SyntaxKind.JsxExpression) return true;
    return false;
  };
  const gaps: number[] = [];
  for (let k = 1; k < leaves.length; k++) {
    const before = leaves[k - 1];
    const after = leaves[k];
    if (inJsx(before) || inJsx(after)) continue;
    const at = after.getStart(sf);
    if (at >= before.end && at > 0) gaps.push(at);
  }
  return gaps;
}

export function tokenGaps(family: Family, ext: string, text: string): number[] {
  return family === 'c' ? cGaps(text) : tsGaps(text, ext);
}
