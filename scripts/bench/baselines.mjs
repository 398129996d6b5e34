// The baselines the server's figures are divided by, measured in the bench process on the same
// text: tree-sitter (C) and the TypeScript compiler's parser (TS/JS).
import { createRequire } from 'node:module';
import { IncrementalParse, offsetOf, timeParses } from './treesitter.mjs';

const ts = createRequire(import.meta.url)('typescript');

/** Times `runs` parses of `text` by the TypeScript compiler (after `warmups` untimed ones). */
export function typescriptParses(name, text, runs, warmups = 2) {
  const samples = [];
  for (let r = -warmups; r < runs; r++) {
    const t0 = performance.now();
    ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
    if (r >= 0) samples.push(performance.now() - t0);
  }
  return samples;
}

/**
 * What the server's work is compared with, on the same text and in the same moment (each baseline
 * sample is taken just before the request it is compared with, so both see the same machine load):
 * for C a tree-sitter parse (open) and tree-sitter's incremental re-parse of the same edit (edit);
 * for TypeScript the TypeScript compiler's parse (ts.createSourceFile, which socklint's front end
 * runs) of the text as it is then. `open()` and `edit(e)` return ms.
 */
export function shadowBaseline(doc, parsers) {
  if (doc.languageId === 'c') {
    const incremental = new IncrementalParse(parsers.c, doc.text);
    const open = () => timeParses(parsers.c, doc.text, 1, false)[0];
    open();
    return { openLabel: '(parse)', editLabel: '(re-parse)', open, edit: (e) => incremental.apply(e), dispose: () => incremental.dispose() };
  }
  let text = doc.text;
  typescriptParses(doc.name, text, 1);
  return {
    openLabel: '(TS parse)',
    editLabel: '(TS parse)',
    open: () => typescriptParses(doc.name, doc.text, 1, 0)[0],
    edit: (e) => {
      text = text.slice(0, offsetOf(text, e.range.start)) + e.text + text.slice(offsetOf(text, e.range.end));
      return typescriptParses(doc.name, text, 1, 0)[0];
    },
    dispose: () => undefined,
  };
}
