// The baseline parser: web-tree-sitter from node_modules with the grammars the server ships
// (server/out/*.wasm), so the bench compares socklint with a bare parse of the same grammar.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Edit, Language, Parser } from 'web-tree-sitter';

const cppExtensions = new Set(['cc', 'cpp', 'cxx', 'c++', 'hpp', 'hh', 'hxx', 'ipp', 'inl']);

/** The grammar socklint's CLI uses for a path (lang/languages.ts), or undefined if it is not C/C++. */
export function grammarFor(path) {
  const ext = extname(path).slice(1).toLowerCase();
  if (ext === 'c' || ext === 'h') return 'c';
  return cppExtensions.has(ext) ? 'cpp' : undefined;
}

/** The C and C++ files the CLI would analyse under `dir`, in its order (it skips node_modules and dot folders). */
export function sourceFiles(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (grammarFor(path)) out.push(path);
  }
  return out;
}

export function lineCount(text) {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n - 1 : n;
}

/** Parsers for both grammars, loaded from `wasmDir` (server/out). */
export async function loadParsers(wasmDir) {
  await Parser.init();
  const parsers = {};
  for (const grammar of ['c', 'cpp']) {
    const parser = new Parser();
    parser.setLanguage(await Language.load(join(wasmDir, `tree-sitter-${grammar}.wasm`)));
    parsers[grammar] = parser;
  }
  return parsers;
}

/** Visits every node of the tree with one TreeCursor, reading each node's type id. */
export function walk(tree) {
  const cursor = tree.walk();
  let nodes = 0;
  let sum = 0;
  for (;;) {
    nodes++;
    sum += cursor.nodeTypeId;
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        cursor.delete();
        return { nodes, sum };
      }
    }
  }
}

/** Times `runs` fresh parses of `text` (after an untimed warm-up, unless `warmup` is false); the samples in ms. */
export function timeParses(parser, text, runs, warmup = true) {
  if (warmup) parser.parse(text).delete();
  const samples = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const tree = parser.parse(text);
    samples.push(performance.now() - t0);
    tree.delete();
  }
  return samples;
}

/** Reads, parses and walks each file; returns lines and nodes seen. */
export function parseAndWalk(parsers, files) {
  let lines = 0;
  let nodes = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    lines += lineCount(text);
    const tree = parsers[grammarFor(file)].parse(text);
    nodes += walk(tree).nodes;
    tree.delete();
  }
  return { lines, nodes };
}

/** The string offset of an LSP position. */
export function offsetOf(text, { line, character }) {
  let at = 0;
  for (let l = 0; l < line; l++) at = text.indexOf('\n', at) + 1;
  return at + character;
}

function endOf(start, inserted) {
  const lines = inserted.split('\n');
  return lines.length === 1 ? { row: start.row, column: start.column + inserted.length } : { row: start.row + lines.length - 1, column: lines[lines.length - 1].length };
}

/** A text and its tree kept in step with LSP edits: each edit is re-parsed incrementally, and timed. */
export class IncrementalParse {
  constructor(parser, text) {
    this.parser = parser;
    this.text = text;
    this.tree = parser.parse(text);
  }

  /** Applies one LSP edit ({ range, text }); returns the time of tree.edit plus the re-parse, in ms. */
  apply(e) {
    const startIndex = offsetOf(this.text, e.range.start);
    const oldEndIndex = offsetOf(this.text, e.range.end);
    const next = this.text.slice(0, startIndex) + e.text + this.text.slice(oldEndIndex);
    const startPosition = { row: e.range.start.line, column: e.range.start.character };
    const t0 = performance.now();
    this.tree.edit(
      new Edit({
        startIndex,
        oldEndIndex,
        newEndIndex: startIndex + e.text.length,
        startPosition,
        oldEndPosition: { row: e.range.end.line, column: e.range.end.character },
        newEndPosition: endOf(startPosition, e.text),
      }),
    );
    const edited = this.parser.parse(next, this.tree);
    const elapsed = performance.now() - t0;
    this.tree.delete();
    this.tree = edited;
    this.text = next;
    return elapsed;
  }

  dispose() {
    this.tree.delete();
  }
}
