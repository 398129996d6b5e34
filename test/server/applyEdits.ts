import type { Position, TextDocumentContentChangeEvent, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';

/** UTF-16 offset of an LSP position, written independently of the server's text library. */
export function offsetAt(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  const end = lineEnd < 0 ? text.length : lineEnd;
  return Math.min(offset + position.character, end);
}

export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The edits a workspace edit makes to one document; checks the version when it is pinned. */
export function editsFor(edit: WorkspaceEdit, uri: string, version: number): TextEdit[] {
  const edits: TextEdit[] = [...(edit.changes?.[uri] ?? [])];
  for (const change of edit.documentChanges ?? []) {
    if (!('textDocument' in change) || change.textDocument.uri !== uri) continue;
    if (change.textDocument.version !== null && change.textDocument.version !== version) {
      throw new Error(`edit is for version ${change.textDocument.version}, the document is at ${version}`);
    }
    for (const e of change.edits) if ('range' in e && 'newText' in e) edits.push(e);
  }
  return edits;
}

/** Applies edits that all refer to the original text, as LSP defines them. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const spans = edits.map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText })).sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const s of spans) result = result.slice(0, s.start) + s.newText + result.slice(s.end);
  return result;
}

/**
 * The same edits as didChange events: applied one after another, so the last edit in the text goes
 * first and the positions of the earlier ones stay valid.
 */
export function asChangeEvents(edits: TextEdit[]): TextDocumentContentChangeEvent[] {
  return [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character).map((e) => ({ range: e.range, text: e.newText }));
}
