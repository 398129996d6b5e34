import * as path from 'node:path';
import { Edit, Language, Parser, type Point, type Tree } from 'web-tree-sitter';

export type GrammarId = 'c' | 'cpp';

const wasmFiles: Record<GrammarId, string> = { c: 'tree-sitter-c.wasm', cpp: 'tree-sitter-cpp.wasm' };

/** Loads web-tree-sitter and both grammars from one folder (next to the bundle in production). */
export class Grammars {
  private constructor(private readonly langs: Record<GrammarId, Language>) {}

  static async load(wasmDir: string): Promise<Grammars> {
    await Parser.init({ locateFile: (name: string) => path.join(wasmDir, name) });
    const c = await Language.load(path.join(wasmDir, wasmFiles.c));
    const cpp = await Language.load(path.join(wasmDir, wasmFiles.cpp));
    return new Grammars({ c, cpp });
  }

  parser(id: GrammarId): Parser {
    const p = new Parser();
    p.setLanguage(this.langs[id]);
    return p;
  }
}

/** A UTF-16 offset change, as LSP incremental sync reports it. */
export interface OffsetChange {
  start: number;
  oldEnd: number;
  newText: string;
}

function pointAt(text: string, offset: number): Point {
  let row = 0;
  let last = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    last = i + 1;
  }
  return { row, column: offset - last };
}

/**
 * Tells the old tree about each edit so the next parse reuses unchanged subtrees. Indices and
 * columns are UTF-16 units: that is how web-tree-sitter measures a JS string.
 */
export function applyChangesToTree(tree: Tree, oldText: string, changes: OffsetChange[]): string {
  let text = oldText;
  for (const c of changes) {
    const start = Math.max(0, Math.min(c.start, text.length));
    const oldEnd = Math.max(start, Math.min(c.oldEnd, text.length));
    const next = text.slice(0, start) + c.newText + text.slice(oldEnd);
    const newEnd = start + c.newText.length;
    tree.edit(
      new Edit({
        startIndex: start,
        oldEndIndex: oldEnd,
        newEndIndex: newEnd,
        startPosition: pointAt(text, start),
        oldEndPosition: pointAt(text, oldEnd),
        newEndPosition: pointAt(next, newEnd),
      }),
    );
    text = next;
  }
  return text;
}
