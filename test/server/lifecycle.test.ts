import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExitNotification } from 'vscode-languageserver/node';
import { TestClient } from './lspClient';
import { lateReuseAddrC } from './samples';

test('shutdown then exit ends the server with code 0', { timeout: 60_000 }, async () => {
  const client = await TestClient.start({ pull: true });
  await client.open('file:///work/lifecycle/a.c', 'c', lateReuseAddrC);
  await client.diagnostics('file:///work/lifecycle/a.c');
  assert.equal(await client.shutdown(), 0);
});

test('exit without shutdown ends the server with code 1', { timeout: 60_000 }, async () => {
  const client = await TestClient.start({ pull: false });
  await client.connection.sendNotification(ExitNotification.type);
  assert.equal(await client.exited, 1);
  client.connection.dispose();
});
