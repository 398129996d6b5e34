import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reindent, uniqueName } from '../../../server/src/engine/edits';
import { LineIndex, eolOf, indentAt, lineEndAfterBreak, lineStart } from '../../../server/src/engine/text';

describe('offsets and lines', () => {
  it('positions are UTF-16: a character outside the BMP counts two', () => {
    const text = '// 😀\nclosesocket(c);';
    const idx = new LineIndex(text);
    assert.deepEqual(idx.position(text.indexOf('closesocket')), { line: 1, character: 0 });
    assert.deepEqual(idx.position(text.indexOf('\n')), { line: 0, character: 5 });
    assert.equal(idx.offset(1, 0), text.indexOf('closesocket'));
  });

  it('CRLF, lone CR and LF all end lines', () => {
    const idx = new LineIndex('a\r\nb\rc\nd');
    assert.deepEqual(idx.position(3), { line: 1, character: 0 });
    assert.deepEqual(idx.position(5), { line: 2, character: 0 });
    assert.deepEqual(idx.position(7), { line: 3, character: 0 });
  });

  it('line helpers see indentation and the document line break', () => {
    const text = 'a\r\n    b;\r\nc';
    const b = text.indexOf('b');
    assert.equal(lineStart(text, b), 3);
    assert.equal(indentAt(text, b), '    ');
    assert.equal(lineEndAfterBreak(text, b), text.indexOf('c'));
    assert.equal(eolOf(text), '\r\n');
    assert.equal(eolOf('a\nb'), '\n');
    assert.equal(eolOf('a\rb\r'), '\r');
    assert.equal(eolOf('a'), '\n');
  });

  it('re-indents moved lines and picks names not yet used', () => {
    assert.equal(reindent('        a;\n            b;\n', '        ', '    '), '    a;\n        b;\n');
    const fn = { identifiers: new Set(['drain', 'drain2']) } as never;
    assert.equal(uniqueName('drain', fn), 'drain3');
    assert.equal(uniqueName('exclusive', fn), 'exclusive');
  });
});
