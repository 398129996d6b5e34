import type * as TS from 'typescript';
import type { FileModel } from '../../engine/ir';
import type { Codegen } from '../../engine/rule';
import type { OffsetChange } from '../treesitter';
import { tsCodegen } from './codegen';
import { lowerSourceFile } from './lower';
import { LoweringCache } from '../../engine/unitCache';
import { tsApi } from './tsapi';
import type { TypeAnswers } from './types';
import { tsIdentifiers } from './units';

export type ScriptFlavour = 'ts' | 'tsx' | 'js' | 'jsx';

/** TypeScript and JavaScript: parsed by the TypeScript compiler (incrementally), syntax only. */
export interface TsFrontEnd {
  kind: 'typescript';
  flavour: ScriptFlavour;
  parse(text: string, uri: string): TS.SourceFile;
  /** The previous parse told of the edits, or undefined when it cannot be reused. */
  update(source: TS.SourceFile, changes: OffsetChange[]): TS.SourceFile | undefined;
  /** `answers` are the type checker's; `cache` holds the document's top-level statements as last lowered. */
  lower(source: TS.SourceFile, uri: string, answers?: TypeAnswers, cache?: LoweringCache): FileModel;
  /** An empty per-document cache of lowered statements. */
  newCache(): LoweringCache;
  codegen: Codegen;
}

function scriptKind(flavour: ScriptFlavour): TS.ScriptKind {
  const ts = tsApi();
  return { ts: ts.ScriptKind.TS, tsx: ts.ScriptKind.TSX, js: ts.ScriptKind.JS, jsx: ts.ScriptKind.JSX }[flavour];
}

/** A file name the compiler reads the right dialect from (JSX is only parsed in .tsx/.jsx). */
function fileNameFor(uri: string, flavour: ScriptFlavour): string {
  const base = uri.replace(/[?#].*$/, '');
  return /\.[cm]?[jt]sx?$/i.test(base) ? base : `${base}.${flavour}`;
}

export function typescriptFrontEnd(flavour: ScriptFlavour): TsFrontEnd {
  return {
    kind: 'typescript',
    flavour,
    parse(text, uri) {
      const ts = tsApi();
      return ts.createSourceFile(fileNameFor(uri, flavour), text, ts.ScriptTarget.Latest, true, scriptKind(flavour));
    },
    update(source, changes) {
      const ts = tsApi();
      let sf = source;
      for (const c of changes) {
        const start = Math.max(0, Math.min(c.start, sf.text.length));
        const oldEnd = Math.max(start, Math.min(c.oldEnd, sf.text.length));
        const text = sf.text.slice(0, start) + c.newText + sf.text.slice(oldEnd);
        sf = ts.updateSourceFile(sf, text, { span: { start, length: oldEnd - start }, newLength: c.newText.length });
      }
      return sf;
    },
    lower: (source, uri, answers, cache) => lowerSourceFile(source, uri, flavour, answers, cache),
    newCache: () => new LoweringCache(tsIdentifiers),
    codegen: tsCodegen,
  };
}
