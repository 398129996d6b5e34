/**
 * `.socklintrc.json` over LSP: the nearest file up from a document applies under the editor's
 * settings, a broken file is reported on itself and in the log while the defaults apply, and a
 * change reported through workspace/didChangeWatchedFiles applies without a restart.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver/node';
import type { Diagnostic } from 'vscode-languageserver/node';
import { TestClient } from './lspClient';
import { headerGlob } from '../../server/src/headerSource';
import { lateReuseAddrC, setsockoptAfterBind } from './samples';

const codes = (ds: Diagnostic[]) => ds.map((d) => d.code).sort();

function workspace(): { dir: string; uri: (rel: string) => string; write: (rel: string, text: string) => string } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-ws-')));
  const write = (rel: string, text: string) => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return pathToFileURL(file).toString();
  };
  return { dir, uri: (rel) => pathToFileURL(path.join(dir, rel)).toString(), write };
}

const watching = { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } };

test('the nearest .socklintrc.json applies, editor settings override it, changes apply without a restart', { timeout: 120_000 }, async (t) => {
  const ws = workspace();
  const rcUri = ws.write('.socklintrc.json', '{ "rules": { "setsockopt-after-bind": "error" } }');
  ws.write('nested/.socklintrc.json', '{ // a nested project\n "rules": { "setsockopt-after-bind": "off", }, }');
  const client = await TestClient.start({ pull: false, workspaceFolders: [pathToFileURL(ws.dir).toString()], capabilities: watching });
  t.after(() => client.dispose());
  await client.waitFor('the watcher registration', () => client.registrations.find((r) => r.method === DidChangeWatchedFilesNotification.method));
  const watcher = client.registrations.find((r) => r.method === DidChangeWatchedFilesNotification.method)!;
  assert.deepEqual(watcher.registerOptions, { watchers: [{ globPattern: '**/.socklintrc.json' }, { globPattern: headerGlob }] });

  const top = ws.uri('src/server.c');
  const nested = ws.uri('nested/src/server.c');
  await client.open(top, 'c', lateReuseAddrC);
  await client.open(nested, 'c', lateReuseAddrC);
  const late = (ds: Diagnostic[]) => ds.find((d) => d.code === setsockoptAfterBind);
  assert.equal(late(await client.diagnostics(top))?.severity, DiagnosticSeverity.Error, 'the top file raises the severity');
  assert.equal(late(await client.diagnostics(nested)), undefined, 'the nested file turns the rule off');

  await client.changeSettings({ rules: { [setsockoptAfterBind]: 'hint' } });
  assert.equal(late(await client.diagnostics(top))?.severity, DiagnosticSeverity.Hint, 'editor settings win');
  assert.equal(late(await client.diagnostics(nested))?.severity, DiagnosticSeverity.Hint);

  await client.changeSettings({});
  fs.writeFileSync(new URL(rcUri), '{ "rules": { "setsockopt-after-bind": "information" } }');
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: rcUri, type: FileChangeType.Changed }] });
  assert.equal(late(await client.publishedWhere(top, (ds) => late(ds)?.severity === DiagnosticSeverity.Information)!)?.severity, DiagnosticSeverity.Information);
});

test('a broken .socklintrc.json is reported on itself and in the log, and the defaults apply', { timeout: 120_000 }, async (t) => {
  const ws = workspace();
  const rcText = '{ "rules": { "setsockopt-after-bnd": "off" }, "platform": "posix" }';
  const rcUri = ws.write('.socklintrc.json', rcText);
  const client = await TestClient.start({ pull: true, workspaceFolders: [pathToFileURL(ws.dir).toString()], capabilities: watching });
  t.after(() => client.dispose());
  const doc = ws.uri('server.c');
  await client.open(doc, 'c', lateReuseAddrC);
  // platform "posix" would silence the Winsock rules: the file is not used, so they report.
  assert.ok(codes(await client.diagnostics(doc)).includes(setsockoptAfterBind));
  const [onFile] = await client.waitFor('diagnostics on the configuration file', () => client.published(rcUri).find((ds) => ds.length > 0));
  assert.equal(onFile.message, 'Unknown rule id "setsockopt-after-bnd". Did you mean "setsockopt-after-bind"?');
  assert.equal(onFile.severity, DiagnosticSeverity.Error);
  assert.deepEqual(onFile.range, { start: { line: 0, character: rcText.indexOf('"setsockopt-after-bnd"') }, end: { line: 0, character: rcText.indexOf(': "off"') } });
  const line = client.logs.find((l) => l.includes('.socklintrc.json:1:'));
  assert.ok(line, client.logs.join('\n'));
  assert.match(line!, /Unknown rule id "setsockopt-after-bnd".*not used until this is fixed/);

  // Fixing the file clears its diagnostic and applies it.
  const pushes = client.published(rcUri).length;
  const refreshes = client.refreshRequests;
  fs.writeFileSync(new URL(rcUri), '{ "rules": { "setsockopt-after-bind": "off" } }');
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: rcUri, type: FileChangeType.Changed }] });
  await client.refreshed(refreshes);
  assert.deepEqual(
    await client.waitFor('the cleared configuration diagnostics', () =>
      client
        .published(rcUri)
        .slice(pushes)
        .find((ds) => ds.length === 0),
    ),
    [],
  );
  assert.ok(!codes(await client.diagnostics(doc)).includes(setsockoptAfterBind));

  // Deleting it brings the defaults back.
  fs.rmSync(new URL(rcUri));
  const again = client.refreshRequests;
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: rcUri, type: FileChangeType.Deleted }] });
  await client.refreshed(again);
  assert.ok(codes(await client.diagnostics(doc)).includes(setsockoptAfterBind));
});

test('ignore globs leave matching files unanalysed; wrappers from the file act as the calls they wrap', { timeout: 120_000 }, async (t) => {
  const ws = workspace();
  ws.write('.socklintrc.json', JSON.stringify({ ignore: ['vendor/**'], wrappers: { close: ['CLOSESOCK'] } }));
  const client = await TestClient.start({ pull: true, workspaceFolders: [pathToFileURL(ws.dir).toString()] });
  t.after(() => client.dispose());
  const vendored = ws.uri('vendor/lib/server.c');
  await client.open(vendored, 'c', lateReuseAddrC);
  assert.deepEqual(await client.diagnostics(vendored), []);

  const own = ws.uri('src/conn.c');
  await client.open(
    own,
    'c',
    `#include <winsock2.h>
void serve(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    if (c == INVALID_SOCKET) return;
    send(c, "bye", 3, 0);
    CLOSESOCK(c);
}
`,
  );
  const [d] = await client.diagnostics(own);
  assert.equal(d?.code, 'close-without-shutdown');
  assert.match(String(d.message), /^CLOSESOCK\(\) closes/);
});
