/**
 * Included workspace headers over LSP: an open header's unsaved text is what its includers read,
 * an edit to it re-analyses them, and a header changed on disk does too (through the watcher).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver/node';
import type { Diagnostic } from 'vscode-languageserver/node';
import { TestClient } from './lspClient';
import { acceptLoopClosingWith } from './samples';

const server = acceptLoopClosingWith('CLOSE_S(c)');
const closing = '#define CLOSE_S(s) if (s != INVALID_SOCKET) { closesocket(s); s = INVALID_SOCKET; }\n';
const graceful = '#define CLOSE_S(s) do { shutdown(s, SD_SEND); while (recv(s, buf, sizeof buf, 0) > 0) {} closesocket(s); } while (0)\n';
const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code)).sort();

test('an includer follows its header: open and edited, or changed on disk', { timeout: 120_000 }, async (t) => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-headers-')));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'sock.h'), closing);
  const client = await TestClient.start({ pull: false, workspaceFolders: [pathToFileURL(dir).toString()], capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } });
  t.after(() => client.dispose());
  const main = pathToFileURL(path.join(dir, 'server.c')).toString();
  const header = pathToFileURL(path.join(dir, 'sock.h')).toString();

  await client.open(main, 'c', server);
  assert.deepEqual(codes(await client.publishedWhere(main, (ds) => ds.length > 0)), ['close-without-shutdown'], 'the macro on disk closes abortively');

  await client.open(header, 'c', closing);
  await client.change(header, [{ text: graceful }]);
  assert.deepEqual(await client.publishedWhere(main, (ds) => ds.length === 0), [], 'the unsaved graceful macro is read');

  await client.close(header);
  fs.writeFileSync(path.join(dir, 'sock.h'), closing);
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: header, type: FileChangeType.Changed }] });
  assert.deepEqual(codes(await client.publishedWhere(main, (ds) => ds.length > 0)), ['close-without-shutdown'], 'the file on disk again');
});
