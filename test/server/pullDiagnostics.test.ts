import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TextDocumentSyncKind } from 'vscode-languageserver/node';
import { fixLateSetsockopt } from './fixScenario';
import { TestClient } from './lspClient';
import { lateReuseAddrC, setsockoptAfterBind } from './samples';
import { assertCompilesForWindows } from './windowsCompile';

let client: TestClient;
before(async () => {
  client = await TestClient.start({ pull: true });
});
after(() => client.dispose());

test('a pull client gets a diagnostic provider and no pushes', () => {
  const provider = client.initializeResult?.capabilities.diagnosticProvider;
  assert.deepEqual(provider, { interFileDependencies: false, workspaceDiagnostics: false });
  const sync = client.initializeResult?.capabilities.textDocumentSync;
  assert.equal(typeof sync === 'object' ? sync.change : sync, TextDocumentSyncKind.Incremental);
});

test('pull: diagnose, quick-fix with a versioned edit, and re-diagnose after incremental edits', { timeout: 120_000 }, async (t) => {
  const fixed = await fixLateSetsockopt(client, 'file:///work/pull/listener.c');
  assertCompilesForWindows(t, 'c', fixed, 'the fixed program');
  assert.deepEqual(client.errorLogs(), []);
});

test('pull: the fix is found from code and range when the client drops diagnostic data', { timeout: 120_000 }, async () => {
  const uri = 'file:///work/pull/nodata.c';
  await client.open(uri, 'c', lateReuseAddrC);
  const diagnostic = (await client.diagnostics(uri)).find((d) => d.code === setsockoptAfterBind);
  assert.ok(diagnostic);
  const { data: _dropped, ...withoutData } = diagnostic;
  const actions = await client.codeActions(uri, [withoutData]);
  assert.equal(actions.filter((a) => a.isPreferred).length, 1);
});

test('pull: no quick fixes when the request asks only for other kinds or other sources', { timeout: 120_000 }, async () => {
  const uri = 'file:///work/pull/kinds.c';
  await client.open(uri, 'c', lateReuseAddrC);
  const diagnostic = (await client.diagnostics(uri)).find((d) => d.code === setsockoptAfterBind);
  assert.ok(diagnostic);
  assert.deepEqual(await client.codeActions(uri, [diagnostic], ['source.organizeImports']), []);
  assert.deepEqual(await client.codeActions(uri, [{ ...diagnostic, source: 'clangd' }]), []);
});
