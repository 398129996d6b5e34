/**
 * How many places a parser had to repair: ERROR and MISSING nodes for C and C++ (the grammars the
 * analysis uses), the compiler's parse diagnostics for TS and JS. A fix may not raise this count.
 */
import type { Node } from 'web-tree-sitter';
import { Grammars, type GrammarId } from '../../server/src/lang/treesitter';
import { parseDiagnostics } from '../../server/src/lang/typescript/statements';
import { tsApi } from '../../server/src/lang/typescript/tsapi';
import { wasmDir } from '../helpers/analyzer';

function repaired(node: Node): number {
  if (node.type === 'ERROR' || node.isMissing) return 1;
  if (!node.hasError) return 0;
  let n = 0;
  // An explicit stack: a 20,000-deep tree must not overflow the test's own recursion.
  const stack: Node[] = [...node.children].filter((c): c is Node => !!c);
  while (stack.length) {
    const c = stack.pop()!;
    if (c.type === 'ERROR' || c.isMissing) n++;
    else if (c.hasError) for (const k of c.children) if (k) stack.push(k);
  }
  return n;
}

/** A counter for each file extension of the corpus; C and C++ need their grammars loaded first. */
export async function syntaxErrorCounter(): Promise<(ext: string, text: string) => number> {
  const grammars = await Grammars.load(wasmDir());
  return (ext, text) => {
    if (ext === 'c' || ext === 'cpp' || ext === 'h' || ext === 'hpp') {
      const parser = grammars.parser((ext === 'c' || ext === 'h' ? 'c' : 'cpp') as GrammarId);
      const tree = parser.parse(text);
      try {
        return tree ? repaired(tree.rootNode) : 0;
      } finally {
        tree?.delete();
        parser.delete();
      }
    }
    const ts = tsApi();
    const kind = ext === 'tsx' ? ts.ScriptKind.TSX : ext === 'jsx' ? ts.ScriptKind.JSX : ext === 'js' ? ts.ScriptKind.JS : ts.ScriptKind.TS;
    const sf = ts.createSourceFile(`fix.${ext}`, text, ts.ScriptTarget.Latest, false, kind);
    return parseDiagnostics(sf).length;
  };
}
