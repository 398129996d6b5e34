import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type HeaderSource, diskHeaders } from './lang/cfamily/includes';

/** Header extensions a change of which can change an including file's findings (a watcher's glob). */
export const headerGlob = '**/*.{h,hh,hpp,hxx,h++,inc,ipp,inl}';

/**
 * Headers as the editor sees them: an open header's unsaved text wins over the file on disk, as
 * clangd reads it. The search for quoted includes stops at the workspace folder.
 */
export function editorHeaders(open: () => readonly TextDocument[], folderOf: (file: string) => string | undefined): HeaderSource {
  const disk = diskHeaders(folderOf);
  return {
    read(file) {
      const doc = open().find((d) => pathOf(d.uri) === file);
      return doc ? doc.getText() : disk.read(file);
    },
    root: folderOf,
  };
}

/** The file path of a `file:` URI, or undefined for any other scheme. */
export function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
