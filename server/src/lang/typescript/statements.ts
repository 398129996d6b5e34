import type * as TS from 'typescript';
import type { StmtInfo } from '../../engine/ir';
import { indentAt, lineEndAfterBreak, lineStart } from '../../engine/text';
import { tsApi } from './tsapi';

/** Containers whose statements can be removed, or have lines inserted before them. */
function isStatementList(node: TS.Node | undefined): boolean {
  const ts = tsApi();
  return !!node && (ts.isBlock(node) || ts.isSourceFile(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node));
}

/** Starts of the blocks a statement can move into without changing when it runs (innermost first). */
function plainBlocksAround(list: TS.Node | undefined, sf: TS.SourceFile): number[] {
  const ts = tsApi();
  const out: number[] = [];
  let cur = list;
  while (cur && isStatementList(cur)) {
    out.push(ts.isSourceFile(cur) ? 0 : cur.getStart(sf));
    if (!ts.isBlock(cur) || !cur.parent || !(ts.isBlock(cur.parent) || ts.isSourceFile(cur.parent) || ts.isModuleBlock(cur.parent))) break;
    cur = cur.parent;
  }
  return out;
}

export function identifiersIn(node: TS.Node, out: Set<string>): void {
  const ts = tsApi();
  const visit = (n: TS.Node): void => {
    if (ts.isIdentifier(n)) out.add(n.text);
    ts.forEachChild(n, visit);
  };
  visit(node);
}

/** The parser's own error list: not in the public API, but on every source file it makes. */
export function parseDiagnostics(sf: TS.SourceFile): readonly TS.Diagnostic[] {
  return (sf as { parseDiagnostics?: readonly TS.Diagnostic[] }).parseDiagnostics ?? [];
}

/**
 * Whether the parser reported an error inside the statement or at the token after it (an unclosed
 * `destroy(` is reported at the `}` that follows).
 */
function hasParseError(sf: TS.SourceFile, start: number, end: number): boolean {
  const found = parseDiagnostics(sf);
  if (!found.length) return false;
  const next = end + (/^\s*/.exec(sf.text.slice(end, end + 4096))?.[0].length ?? 0);
  return found.some((d) => d.start !== undefined && d.start >= start && d.start <= next);
}

/** A statement as fixes need it (see StmtInfo): offsets are the compiler's, i.e. UTF-16 indices. */
export function statementInfo(node: TS.Node, sf: TS.SourceFile): StmtInfo {
  const ts = tsApi();
  const text = sf.text;
  const start = node.getStart(sf);
  const ls = lineStart(text, start);
  const before = text.slice(ls, start);
  const end = node.end;
  const rest = text.slice(end, lineEndAfterBreak(text, end)).replace(/\r?\n$/, '');
  const afterOk = /^\s*(\/\/.*|\/\*.*\*\/\s*)?$/.test(rest);
  const lineEnd = afterOk ? lineEndAfterBreak(text, end) : end;
  const uses = new Set<string>();
  if (node.end - start < 20000) identifiersIn(node, uses);
  const parent = node.parent;
  return {
    start,
    end,
    lineStart: ls,
    lineEnd,
    ownLines: /^[ \t]*$/.test(before) && afterOk,
    indent: indentAt(text, start),
    // As in C: no fix edits a statement the parser had to repair.
    inBlock: isStatementList(parent) && !hasParseError(sf, start, end),
    uses: [...uses],
    blockStart: parent ? (ts.isSourceFile(parent) ? 0 : parent.getStart(sf)) : -1,
    plainBlocks: plainBlocksAround(parent, sf),
  };
}

/** The file's indentation step, read from its first indented lines (two spaces when none). */
export function indentUnitOf(text: string): string {
  let best: number | undefined;
  let seen = 0;
  // Comment continuation lines (` * text`) are aligned to the `/**`, not indented by a step.
  for (const m of text.matchAll(/^([ \t]+)[^\s*]/gm)) {
    if (m[1].startsWith('\t')) return '\t';
    best = best === undefined ? m[1].length : Math.min(best, m[1].length);
    if (++seen >= 50) break;
  }
  return best && best <= 8 ? ' '.repeat(best) : '  ';
}
