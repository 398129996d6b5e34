// The baselines the server's figures are divided by, measured in the bench process on the same
// text: tree-sitter (C) and the TypeScript compiler's parser (TS/JS).
import { createRequire } from 'node:module';
import { editRound } from './editing.mjs';
import { timeIncrementalParses, timeParses } from './treesitter.mjs';

const ts = createRequire(import.meta.url)('typescript');

/** Times `runs` parses of `text` by the TypeScript compiler (after two untimed warm-ups). */
export function typescriptParses(name, text, runs) {
  const samples = [];
  for (let r = -2; r < runs; r++) {
    const t0 = performance.now();
    ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
    if (r >= 0) samples.push(performance.now() - t0);
  }
  return samples;
}

/** Parse samples of a document's text with the parser of its language. */
export function parseSamples(doc, parsers, runs) {
  return doc.languageId === 'c' ? timeParses(parsers.c, doc.text, runs) : typescriptParses(doc.name, doc.text, runs);
}

/**
 * What the server's work is compared with, on the same text: for C a tree-sitter parse (open) and
 * the incremental re-parse of the same edits (edit); for TypeScript the TypeScript compiler's parse
 * (ts.createSourceFile, which socklint's front end runs) for both.
 */
export function baselines(doc, spots, parsers, runs) {
  if (doc.languageId === 'c') {
    return { open: timeParses(parsers.c, doc.text, runs), openLabel: '(parse)', edit: timeIncrementalParses(parsers.c, doc.text, editRound(spots), runs * 2), editLabel: '(re-parse)' };
  }
  const parse = typescriptParses(doc.name, doc.text, runs);
  return { open: parse, openLabel: '(TS parse)', edit: parse, editLabel: '(TS parse)' };
}

