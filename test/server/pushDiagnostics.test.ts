import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fixLateSetsockopt } from './fixScenario';
import { TestClient } from './lspClient';
import { lateReuseAddrC, setsockoptAfterBind } from './samples';
import { assertCompilesForWindows } from './windowsCompile';

let client: TestClient;
before(async () => {
  client = await TestClient.start({ pull: false, versionedEdits: false });
});
after(() => client.dispose());

test('a push client gets no diagnostic provider', () => {
  assert.equal(client.initializeResult?.capabilities.diagnosticProvider, undefined);
});

test('push: diagnose, quick-fix with a plain edit, and re-diagnose after incremental edits', { timeout: 120_000 }, async (t) => {
  const fixed = await fixLateSetsockopt(client, 'file:///work/push/listener.c');
  assertCompilesForWindows(t, 'c', fixed, 'the fixed program');
  assert.deepEqual(client.errorLogs(), []);
});

test('push: closing a document clears its diagnostics', { timeout: 120_000 }, async () => {
  const uri = 'file:///work/push/closed.c';
  await client.open(uri, 'c', lateReuseAddrC);
  assert.ok((await client.diagnostics(uri)).some((d) => d.code === setsockoptAfterBind));
  await client.close(uri);
  assert.deepEqual(await client.diagnostics(uri), []);
});
