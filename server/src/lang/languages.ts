import type { FileModel } from '../engine/ir';
import type { Codegen } from '../engine/rule';
import type { Node } from 'web-tree-sitter';
import { cCodegen } from './cfamily/codegen';
import { lowerFile } from './cfamily/lower';
import type { GrammarId } from './treesitter';

export interface LanguageFrontEnd {
  grammar: GrammarId;
  lower(root: Node, text: string, uri: string): FileModel;
  codegen: Codegen;
}

const c: LanguageFrontEnd = { grammar: 'c', lower: (root, text, uri) => lowerFile(root, text, 'c', uri), codegen: cCodegen };
const cpp: LanguageFrontEnd = { grammar: 'cpp', lower: (root, text, uri) => lowerFile(root, text, 'cpp', uri), codegen: cCodegen };

/** LSP languageIds → front end. Emacs/eglot says `c++`; VS Code says `cpp`. */
const byLanguageId: Record<string, LanguageFrontEnd> = { c, cpp, 'c++': cpp, 'cuda-cpp': cpp, objc: c, objcpp: cpp };

export function frontEndFor(languageId: string): LanguageFrontEnd | undefined {
  return Object.prototype.hasOwnProperty.call(byLanguageId, languageId) ? byLanguageId[languageId] : undefined;
}

/** For the command line: the languageId a file name implies. */
export function languageIdForPath(file: string): string | undefined {
  const ext = /\.([^./\\]+)$/.exec(file)?.[1]?.toLowerCase();
  if (!ext) return undefined;
  if (ext === 'c' || ext === 'h') return 'c';
  if (['cc', 'cpp', 'cxx', 'c++', 'hpp', 'hh', 'hxx', 'ipp', 'inl'].includes(ext)) return 'cpp';
  return undefined;
}
