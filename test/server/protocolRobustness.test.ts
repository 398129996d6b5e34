/**
 * The server stays up whatever a client sends (issue #13 item 4): a body that is not JSON, requests
 * for methods it does not know, changes to documents it never opened, versions out of order and a
 * burst of changes get errors or are ignored, and a real request afterwards is still answered.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TestClient } from './lspClient';
import { lateReuseAddrC, setsockoptAfterBind } from './samples';

/** Writes one framed message with any body, bypassing the JSON-RPC library. */
function writeRaw(client: TestClient, body: string): void {
  const bytes = Buffer.from(body, 'utf8');
  client.process.stdin!.write(`Content-Length: ${bytes.length}\r\n\r\n`);
  client.process.stdin!.write(bytes);
}

test('malformed JSON-RPC, unknown methods and documents, and bursts leave the server answering', { timeout: 120_000 }, async (t) => {
  const client = await TestClient.start({ pull: true });
  t.after(() => client.dispose());
  const uri = 'file:///work/protocol/good.c';
  await client.open(uri, 'c', lateReuseAddrC);

  writeRaw(client, '{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {');
  writeRaw(client, 'not json at all');
  writeRaw(client, JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: 'file:///never/opened.c', version: 7 }, contentChanges: [{ text: 'int x;' }] } }));
  writeRaw(client, JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version: 1 }, contentChanges: [] } }));
  writeRaw(client, JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didClose', params: { textDocument: { uri: 'file:///never/opened.c' } } }));
  await assert.rejects(client.connection.sendRequest('socklint/noSuchMethod', {}), /Unhandled method|not found|unknown/i);
  // A document never opened: an empty report or an error, either is an answer.
  const unknown = await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: 'file:///never/opened.c' } }).then(
    (r) => (r as { items?: unknown[] }).items?.length ?? 0,
    () => 0,
  );
  assert.equal(unknown, 0);

  // A burst of edits that type and delete a space, then the document as it began.
  for (let i = 0; i < 300; i++) await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: i % 2 } }, text: i % 2 ? '' : ' ' }]);
  assert.equal(client.text(uri), lateReuseAddrC);
  const diagnostics = await client.diagnostics(uri);
  assert.ok(
    diagnostics.some((d) => d.code === setsockoptAfterBind),
    JSON.stringify(diagnostics.map((d) => d.code)),
  );
  assert.equal(client.process.exitCode, null, 'the server is still running');
});
