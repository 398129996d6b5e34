import type { Node } from 'web-tree-sitter';
import type { FileModel } from '../engine/ir';
import type { Codegen } from '../engine/rule';
import type { WrapperKind } from '../engine/settings';
import { cCodegen } from './cfamily/codegen';
import type { HeaderFacts } from './cfamily/includes';
import { lowerFile, lowerFileSteps } from './cfamily/lower';
import type { Steps } from '../engine/steps';
import { LoweringCache } from '../engine/unitCache';
import { cIdentifiers } from './cfamily/syntax';
import type { GrammarId } from './treesitter';
import { type ScriptFlavour, type TsFrontEnd, typescriptFrontEnd } from './typescript/frontend';

/** C and C++: parsed by tree-sitter (incrementally), lowered from its syntax tree. */
export interface TreeSitterFrontEnd {
  kind: 'tree-sitter';
  grammar: GrammarId;
  /** `cache` holds the document's functions as last lowered: an edit re-lowers only what it changed. */
  lower(root: Node, text: string, uri: string, cache?: LoweringCache, wrappers?: ReadonlyMap<string, WrapperKind>, headers?: readonly HeaderFacts[]): FileModel;
  /** The same, yielding after each function it lowers (engine/steps.ts). */
  lowerSteps(root: Node, text: string, uri: string, cache?: LoweringCache, wrappers?: ReadonlyMap<string, WrapperKind>, headers?: readonly HeaderFacts[]): Steps<FileModel>;
  /** An empty per-document cache of lowered functions. */
  newCache(): LoweringCache;
  codegen: Codegen;
}

export type LanguageFrontEnd = TreeSitterFrontEnd | TsFrontEnd;

/** C and C++ differ only in their grammar. */
function treeSitterFrontEnd(grammar: GrammarId): TreeSitterFrontEnd {
  return {
    kind: 'tree-sitter',
    grammar,
    lower: (root, text, uri, cache, wrappers, headers) => lowerFile(root, text, grammar, uri, cache, wrappers, headers),
    lowerSteps: (root, text, uri, cache, wrappers, headers) => lowerFileSteps(root, text, grammar, uri, cache, wrappers, headers),
    newCache: () => new LoweringCache(cIdentifiers),
    codegen: cCodegen,
  };
}
const c = treeSitterFrontEnd('c');
const cpp = treeSitterFrontEnd('cpp');
const ts = (flavour: ScriptFlavour) => typescriptFrontEnd(flavour);

/** LSP languageIds → front end. Emacs/eglot says `c++`; VS Code says `cpp`. */
const byLanguageId: Record<string, LanguageFrontEnd> = {
  c,
  cpp,
  'c++': cpp,
  'cuda-cpp': cpp,
  objc: c,
  objcpp: cpp,
  typescript: ts('ts'),
  typescriptreact: ts('tsx'),
  javascript: ts('js'),
  javascriptreact: ts('jsx'),
  // Emacs/eglot names the language after the major mode: js-mode says `js`, tsx-ts-mode `tsx`.
  js: ts('js'),
  jsx: ts('jsx'),
  tsx: ts('tsx'),
};

export function frontEndFor(languageId: string): LanguageFrontEnd | undefined {
  return Object.prototype.hasOwnProperty.call(byLanguageId, languageId) ? byLanguageId[languageId] : undefined;
}

const byExtension: Record<string, string> = {
  c: 'c',
  h: 'c',
  ...Object.fromEntries(['cc', 'cpp', 'cxx', 'c++', 'hpp', 'hh', 'hxx', 'ipp', 'inl'].map((e) => [e, 'cpp'])),
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'typescriptreact',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascriptreact',
};

/** A TypeScript declaration file (`.d.ts`, `.d.mts`, `.d.cts`): types only, no code to analyse. */
export function isDeclarationFile(file: string): boolean {
  return /\.d\.[cm]?ts$/i.test(file);
}

/** For the command line: the languageId a file name implies. Declaration files hold no code. */
export function languageIdForPath(file: string): string | undefined {
  if (isDeclarationFile(file)) return undefined;
  const ext = /\.([^./\\]+)$/.exec(file)?.[1]?.toLowerCase();
  return ext && Object.prototype.hasOwnProperty.call(byExtension, ext) ? byExtension[ext] : undefined;
}
