import { TextDocumentContentChangeEvent, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextChange } from './analyzer';

/** Told about every open and edit, with the edits as offsets, so the analyzer can re-parse incrementally. */
export interface DocumentSink {
  opened(document: TextDocument): void;
  /** `changes` is undefined when the client replaced the whole text. */
  changed(document: TextDocument, changes: TextChange[] | undefined): void;
}

/**
 * Offsets of each edit are taken on the text as it is just before that edit (LSP applies a
 * didChange's events in order), using the same clamping and start/end ordering that
 * `TextDocument.update` applies, so the analyzer's text and ours never drift apart.
 */
export function createDocuments(sink: DocumentSink): TextDocuments<TextDocument> {
  return new TextDocuments<TextDocument>({
    create(uri, languageId, version, content) {
      const document = TextDocument.create(uri, languageId, version, content);
      sink.opened(document);
      return document;
    },
    update(document, events, version) {
      const changes: TextChange[] = [];
      let incremental = true;
      for (const event of events) {
        if (TextDocumentContentChangeEvent.isIncremental(event)) {
          const a = document.offsetAt(event.range.start);
          const b = document.offsetAt(event.range.end);
          changes.push({ start: Math.min(a, b), oldEnd: Math.max(a, b), newText: event.text });
        } else {
          incremental = false;
        }
        document = TextDocument.update(document, [event], version);
      }
      sink.changed(document, incremental ? changes : undefined);
      return document;
    },
  });
}
