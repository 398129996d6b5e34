import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { Diagnostic } from 'vscode-languageserver/node';
import { TestClient } from './lspClient';
import { lateReuseAddrC, setsockoptAfterBind } from './samples';

const late = (diagnostics: Diagnostic[]): Diagnostic | undefined => diagnostics.find((d) => d.code === setsockoptAfterBind);

test('pull: settings come from workspace/configuration and a change triggers a refresh', { timeout: 120_000 }, async (t) => {
  const client = await TestClient.start({ pull: true, settings: { rules: { [setsockoptAfterBind]: 'off' } } });
  t.after(() => client.dispose());
  const uri = 'file:///work/settings/pull.c';
  await client.open(uri, 'c', lateReuseAddrC);
  assert.equal(late(await client.diagnostics(uri)), undefined, 'the rule is off');

  let refreshes = client.refreshRequests;
  await client.changeSettings({ rules: { [setsockoptAfterBind]: 'error' } });
  await client.refreshed(refreshes);
  assert.equal(late(await client.diagnostics(uri))?.severity, DiagnosticSeverity.Error);

  refreshes = client.refreshRequests;
  await client.changeSettings({ enable: false });
  await client.refreshed(refreshes);
  assert.deepEqual(await client.diagnostics(uri), []);
});

test('push: settings come from initializationOptions and didChangeConfiguration', { timeout: 120_000 }, async (t) => {
  const client = await TestClient.start({
    pull: false,
    configuration: false,
    initializationOptions: { socklint: { rules: { [setsockoptAfterBind]: 'hint' } } },
  });
  t.after(() => client.dispose());
  const uri = 'file:///work/settings/push.c';
  await client.open(uri, 'c', lateReuseAddrC);
  assert.equal(late(await client.diagnostics(uri))?.severity, DiagnosticSeverity.Hint);

  await client.changeSettings({ rules: { [setsockoptAfterBind]: 'information' } });
  assert.equal(late(await client.diagnostics(uri))?.severity, DiagnosticSeverity.Information);

  await client.changeSettings({ rules: { [setsockoptAfterBind]: 'off' } });
  assert.equal(late(await client.diagnostics(uri)), undefined, 'the rule is off');
});

test('push: settings are asked per document when the client answers workspace/configuration', { timeout: 120_000 }, async (t) => {
  const client = await TestClient.start({ pull: false, settings: { rules: { [setsockoptAfterBind]: 'warning' } } });
  t.after(() => client.dispose());
  const uri = 'file:///work/settings/push-configuration.c';
  await client.open(uri, 'c', lateReuseAddrC);
  assert.equal(late(await client.diagnostics(uri))?.severity, DiagnosticSeverity.Warning);
  await client.changeSettings({ rules: { [setsockoptAfterBind]: 'error' } });
  assert.equal(late(await client.diagnostics(uri))?.severity, DiagnosticSeverity.Error);
});
