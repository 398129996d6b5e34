/**
 * "Analyse Workspace": findings for files that are not open, published with progress, cancellable,
 * withdrawn when a file opens (the open text rules) and redone from disk when it closes; the
 * socklint.analyzeWorkspace setting runs it at start. Also the socklint/status notification.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ExecuteCommandRequest, WorkDoneProgressCancelNotification, WorkDoneProgressCreateRequest } from 'vscode-languageserver/node';
import type { ProgressToken } from 'vscode-languageserver/node';
import { TestClient } from './lspClient';
import { lateReuseAddrC, setsockoptAfterBind } from './samples';

function workspace(files: Record<string, string>): { dir: string; uri: (rel: string) => string } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-wsr-')));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return { dir, uri: (rel) => pathToFileURL(path.join(dir, rel)).toString() };
}

/** Records the server's progress reports, answering its requests to create them. */
function progressOf(client: TestClient): Array<{ token: ProgressToken; value: { kind: string; title?: string; cancellable?: boolean; percentage?: number } }> {
  const seen: Array<{ token: ProgressToken; value: { kind: string } }> = [];
  client.connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
  client.connection.onNotification('$/progress', (p: { token: ProgressToken; value: { kind: string } }) => {
    seen.push(p);
  });
  return seen as never;
}

const progressCaps = { window: { workDoneProgress: true } };
const clean = '#include <sys/socket.h>\nint f(void) { return 0; }\n';

test('Analyse Workspace publishes findings of files that are not open, with progress, and respects ignore globs', { timeout: 120_000 }, async (t) => {
  const ws = workspace({
    'src/a.c': lateReuseAddrC,
    'src/b.c': clean,
    'vendor/c.c': lateReuseAddrC,
    'node_modules/x/d.c': lateReuseAddrC,
    '.socklintrc.json': '{ "ignore": ["vendor/**"] }',
    'src/open.c': lateReuseAddrC,
  });
  const client = await TestClient.start({ pull: true, workspaceFolders: [pathToFileURL(ws.dir).toString()], capabilities: progressCaps });
  t.after(() => client.dispose());
  const progress = progressOf(client);
  await client.open(ws.uri('src/open.c'), 'c', lateReuseAddrC.replace('SO_REUSEADDR, (const', 'SO_RCVTIMEO, (const'));
  const summary = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'socklint.server.analyzeWorkspace', arguments: [] });
  assert.deepEqual(summary, { files: 4, withFindings: 1, findings: client.published(ws.uri('src/a.c')).at(-1)?.length, cancelled: false, cut: 0 });
  assert.ok(
    client
      .published(ws.uri('src/a.c'))
      .at(-1)!
      .some((d) => d.code === setsockoptAfterBind),
  );
  assert.deepEqual(client.published(ws.uri('vendor/c.c')), [], 'ignored by .socklintrc.json');
  assert.deepEqual(client.published(ws.uri('node_modules/x/d.c')), [], 'dependencies are not scanned');
  assert.deepEqual(client.published(ws.uri('src/b.c')), [], 'a clean file gets no push');
  assert.deepEqual(client.published(ws.uri('src/open.c')), [], 'the open document keeps its own (pulled) diagnostics');
  const kinds = progress.map((p) => p.value.kind);
  assert.equal(kinds[0], 'begin');
  assert.equal(kinds.at(-1), 'end');
  assert.equal(progress[0].value.cancellable, true);
  assert.ok(kinds.filter((k) => k === 'report').length >= 3, JSON.stringify(kinds));

  // Opening a scanned file withdraws its workspace result; closing it brings back the on-disk one.
  const a = ws.uri('src/a.c');
  await client.open(a, 'c', lateReuseAddrC);
  await client.waitFor('the withdrawn workspace result', () => (client.published(a).at(-1)?.length === 0 ? true : undefined));
  const before = client.published(a).length;
  await client.close(a);
  await client.waitFor('the on-disk result again', () => (client.published(a).length > before && client.published(a).at(-1)!.length > 0 ? true : undefined));
});

test('a scan can be cancelled through its progress', { timeout: 120_000 }, async (t) => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 400; i++) files[`src/f${String(i).padStart(3, '0')}.c`] = lateReuseAddrC;
  const ws = workspace(files);
  const client = await TestClient.start({ pull: true, workspaceFolders: [pathToFileURL(ws.dir).toString()], capabilities: progressCaps });
  t.after(() => client.dispose());
  client.connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
  client.connection.onNotification('$/progress', (p: { token: ProgressToken; value: { kind: string } }) => {
    if (p.value.kind === 'begin') void client.connection.sendNotification(WorkDoneProgressCancelNotification.type, { token: p.token });
  });
  const summary = (await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'socklint.server.analyzeWorkspace', arguments: [] })) as { files: number; cancelled: boolean };
  assert.equal(summary.cancelled, true);
  assert.ok(summary.files < 400, `${summary.files} files analysed before the cancel`);
  assert.ok(
    client.logs.some((l) => /workspace analysis cancelled after/.test(l)),
    client.logs.join('\n'),
  );
});

test('a scan does not hold up the diagnostics of the file being edited', { timeout: 120_000 }, async (t) => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 400; i++) files[`src/f${String(i).padStart(3, '0')}.c`] = lateReuseAddrC;
  const ws = workspace(files);
  const client = await TestClient.start({ pull: true, workspaceFolders: [pathToFileURL(ws.dir).toString()], capabilities: progressCaps });
  t.after(() => client.dispose());
  const progress = progressOf(client);
  let scanDone = false;
  const scan = client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'socklint.server.analyzeWorkspace', arguments: [] }).then((r) => {
    scanDone = true;
    return r;
  });
  await client.waitFor('the scan under way', () => (progress.some((p) => p.value.kind === 'report') ? true : undefined));
  const uri = ws.uri('edited.c');
  await client.open(uri, 'c', lateReuseAddrC);
  const diagnostics = await client.diagnostics(uri);
  assert.ok(diagnostics.some((d) => d.code === setsockoptAfterBind));
  // The server answers between the scan's files, so the edited file does not wait for all 400.
  assert.equal(scanDone, false, 'the diagnostics came after the whole scan');
  await scan;
});

test('socklint.analyzeWorkspace: true scans at start', { timeout: 120_000 }, async (t) => {
  const ws = workspace({ 'a.c': lateReuseAddrC });
  const client = await TestClient.start({ pull: true, workspaceFolders: [pathToFileURL(ws.dir).toString()], settings: { analyzeWorkspace: true } });
  t.after(() => client.dispose());
  const published = await client.waitFor('the workspace result', () => client.published(ws.uri('a.c')).at(-1));
  assert.ok(published.some((d) => d.code === setsockoptAfterBind));
  // Turned off, the setting takes its results back.
  await client.changeSettings({ analyzeWorkspace: false });
  await client.waitFor('the withdrawn result', () => (client.published(ws.uri('a.c')).at(-1)?.length === 0 ? true : undefined));
});

test('socklint/status tells the builds analysed and whether the analysis was complete', { timeout: 120_000 }, async (t) => {
  const client = await TestClient.start({ pull: true, initializationOptions: { statusNotifications: true } });
  t.after(() => client.dispose());
  const statuses: Array<{ uri: string; builds: string[]; incomplete?: string; timeMs: number }> = [];
  client.connection.onNotification('socklint/status', (p: (typeof statuses)[number]) => {
    statuses.push(p);
  });
  const uri = 'file:///work/status/a.c';
  await client.open(uri, 'c', lateReuseAddrC);
  await client.diagnostics(uri);
  const portable = 'file:///work/status/p.c';
  await client.open(portable, 'c', '#ifdef _WIN32\n#include <winsock2.h>\nvoid f(SOCKET s) { closesocket(s); }\n#else\n#include <unistd.h>\nvoid f(int s) { close(s); }\n#endif\n');
  await client.diagnostics(portable);
  const ts = 'file:///work/status/n.ts';
  await client.open(ts, 'typescript', "import * as net from 'node:net';\nnet.createServer((s) => s.destroy()).listen(1);\n");
  await client.diagnostics(ts);
  // Nested deeper than the lowering's limit (engine/limits.ts): the status says the analysis was incomplete.
  const deep = 'file:///work/status/deep.c';
  await client.open(deep, 'c', `#include <winsock2.h>\nvoid f(SOCKET s) {\n${'{'.repeat(300)} closesocket(s); ${'}'.repeat(300)}\n}\n`);
  await client.diagnostics(deep);
  await client.waitFor('four statuses', () => (statuses.length >= 4 ? true : undefined));
  assert.match(statuses.find((st) => st.uri === deep)?.incomplete ?? '', /\S/, 'an incomplete analysis is said');
  const of = (u: string) => statuses.find((s) => s.uri === u)!;
  assert.deepEqual(of(uri).builds, ['Windows']);
  assert.equal(of(uri).incomplete, undefined);
  assert.equal(typeof of(uri).timeMs, 'number');
  assert.deepEqual(of(portable).builds, ['Windows', 'POSIX']);
  assert.deepEqual(of(ts).builds, ['Node.js']);
});

test('without the option, no status notifications are sent', { timeout: 120_000 }, async (t) => {
  const client = await TestClient.start({ pull: true });
  t.after(() => client.dispose());
  let statuses = 0;
  client.connection.onNotification('socklint/status', () => {
    statuses++;
  });
  const uri = 'file:///work/status/none.c';
  await client.open(uri, 'c', lateReuseAddrC);
  await client.diagnostics(uri);
  // A round trip after the analysis: a notification sent before the answer would have arrived.
  await client.diagnostics(uri);
  assert.equal(statuses, 0);
});
