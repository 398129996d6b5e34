/**
 * Code actions in vscode-eslint's fixed order, source.fixAll.socklint (safe fixes only, versioned,
 * idempotent), and the server commands behind "Fix All in File" and "Show documentation".
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApplyWorkspaceEditRequest, CodeActionResolveRequest, ExecuteCommandRequest, ShowDocumentRequest } from 'vscode-languageserver/node';
import type { ApplyWorkspaceEditParams, Diagnostic, ShowDocumentParams } from 'vscode-languageserver/node';
import { applyEdits, asChangeEvents, editsFor } from './applyEdits';
import { TestClient } from './lspClient';
import { lateReuseAddrC, setsockoptAfterBind } from './samples';

/**
 * Two listeners that each set an option after bind (two findings of one rule): SO_REUSEADDR, whose
 * fix moves it as SO_EXCLUSIVEADDRUSE (unsafe: it changes what the program does), and
 * SO_EXCLUSIVEADDRUSE, whose move is safe.
 */
const twoLate =
  lateReuseAddrC +
  '\n' +
  lateReuseAddrC
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n')
    .replace('open_listener', 'open_second')
    .replace('SO_REUSEADDR', 'SO_EXCLUSIVEADDRUSE');
const late = (ds: Diagnostic[]) => ds.filter((d) => d.code === setsockoptAfterBind);

test('quick fixes come in a fixed order: the fix, fix all of the rule, disable line, disable file, documentation', { timeout: 120_000 }, async (t) => {
  const client = await TestClient.start({ pull: true });
  t.after(() => client.dispose());
  const uri = 'file:///work/actions/two.c';
  await client.open(uri, 'c', twoLate);
  const [first] = late(await client.diagnostics(uri));
  assert.ok(first);
  const actions = await client.codeActions(uri, [first]);
  assert.deepEqual(
    actions.map((a) => a.title),
    [
      'Move setsockopt before bind() as SO_EXCLUSIVEADDRUSE',
      `Fix all ${setsockoptAfterBind} problems in this file`,
      `Disable ${setsockoptAfterBind} for this line`,
      `Disable ${setsockoptAfterBind} for this file`,
      `Show documentation for ${setsockoptAfterBind}`,
    ],
  );
  assert.deepEqual(
    actions.map((a) => a.isPreferred),
    [true, false, false, false, false],
  );
  assert.ok(actions.every((a) => a.kind === 'quickfix'));
  assert.deepEqual(actions[4].command, { title: `Show documentation for ${setsockoptAfterBind}`, command: 'socklint.server.showDocumentation', arguments: [setsockoptAfterBind] });

  // "Fix all" of the rule moves both late calls.
  const fixed = applyEdits(twoLate, editsFor(actions[1].edit!, uri, client.version(uri)));
  await client.change(uri, asChangeEvents(editsFor(actions[1].edit!, uri, client.version(uri))));
  assert.equal(client.text(uri), fixed);
  assert.deepEqual(late(await client.diagnostics(uri)), []);
});

test('a finding with two fixes: the preferred one first, then the other, before fix all, disable and documentation', { timeout: 120_000 }, async (t) => {
  const client = await TestClient.start({ pull: true });
  t.after(() => client.dispose());
  const uri = 'file:///work/actions/two-fixes.ts';
  const text = `import * as net from 'node:net';
net.createServer((a) => {
  a.write('x');
  a.destroy();
}).listen(7001);
net.createServer((b) => {
  b.write('y');
  b.destroy();
}).listen(7002);
`;
  await client.open(uri, 'typescript', text);
  const [first] = (await client.diagnostics(uri)).filter((d) => d.code === 'close-without-shutdown');
  assert.ok(first);
  const actions = await client.codeActions(uri, [first]);
  const titles = actions.map((a) => a.title);
  assert.equal(titles.length, 6, JSON.stringify(titles));
  assert.match(titles[0], /^Replace a\.destroy\(\) with a\.end\(\)$/);
  assert.match(titles[1], /end\(\).*5 s/);
  assert.deepEqual(titles.slice(2), [
    'Fix all close-without-shutdown problems in this file',
    'Disable close-without-shutdown for this line',
    'Disable close-without-shutdown for this file',
    'Show documentation for close-without-shutdown',
  ]);
  assert.deepEqual(
    actions.map((a) => a.isPreferred),
    [true, false, false, false, false, false],
  );
});

test('with a single fixable finding of the rule there is no "Fix all" entry', { timeout: 120_000 }, async (t) => {
  const client = await TestClient.start({ pull: true });
  t.after(() => client.dispose());
  const uri = 'file:///work/actions/one.c';
  await client.open(uri, 'c', lateReuseAddrC);
  const [diagnostic] = late(await client.diagnostics(uri));
  const titles = (await client.codeActions(uri, [diagnostic])).map((a) => a.title);
  assert.ok(!titles.some((t) => t.startsWith('Fix all')), JSON.stringify(titles));
  assert.equal(titles.at(-1), `Show documentation for ${setsockoptAfterBind}`);
});

test('source.fixAll.socklint applies only safe fixes, as one versioned edit, and a second run changes nothing', { timeout: 120_000 }, async (t) => {
  const client = await TestClient.start({ pull: true, versionedEdits: true });
  t.after(() => client.dispose());
  const uri = 'file:///work/actions/fixall.c';
  await client.open(uri, 'c', twoLate);
  const before = await client.diagnostics(uri);
  assert.equal(late(before).length, 2);
  assert.deepEqual(await client.codeActions(uri, [], ['quickfix']), [], 'no source action unless asked');
  const [action, ...rest] = await client.codeActions(uri, [], ['source.fixAll.socklint']);
  assert.deepEqual(rest, []);
  assert.equal(action.kind, 'source.fixAll.socklint');
  const change = action.edit?.documentChanges?.[0];
  assert.ok(change && 'textDocument' in change && change.textDocument.version === client.version(uri), 'the edit names the version it was made for');
  const edits = editsFor(action.edit!, uri, client.version(uri));
  assert.equal(edits.length, 1);
  await client.change(uri, asChangeEvents(edits));
  const after = await client.diagnostics(uri);
  // The safe move (SO_EXCLUSIVEADDRUSE) was applied; the unsafe one (SO_REUSEADDR moved as
  // SO_EXCLUSIVEADDRUSE) was not.
  assert.deepEqual(
    late(after).map((d) => d.range.start.line),
    [late(before)[0].range.start.line],
    JSON.stringify(after),
  );
  assert.equal(client.text(uri).match(/SO_REUSEADDR/g)?.length, 1);
  assert.deepEqual(await client.codeActions(uri, [], ['source.fixAll.socklint']), [], 'idempotent: nothing left to do');
  // A parent kind asks for it too ("Source Action..." menu, or "source.fixAll" for every linter).
  await client.change(uri, [{ text: twoLate }]);
  await client.diagnostics(uri);
  assert.equal((await client.codeActions(uri, [], ['source'])).length, 1);
});

test('the Fix All in File command applies every preferred fix through workspace/applyEdit', { timeout: 120_000 }, async (t) => {
  const client = await TestClient.start({ pull: true });
  t.after(() => client.dispose());
  const applied: ApplyWorkspaceEditParams[] = [];
  client.connection.onRequest(ApplyWorkspaceEditRequest.type, (p) => {
    applied.push(p);
    return { applied: true };
  });
  const uri = 'file:///work/actions/command.c';
  await client.open(uri, 'c', twoLate);
  await client.diagnostics(uri);
  const stale = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'socklint.server.fixAll', arguments: [{ uri, version: client.version(uri) + 5 }] });
  assert.deepEqual(stale, { applied: false }, 'a stale version is refused');
  const result = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'socklint.server.fixAll', arguments: [{ uri, version: client.version(uri) }] });
  assert.deepEqual(result, { applied: true });
  assert.equal(applied.length, 1);
  const fixed = applyEdits(twoLate, editsFor(applied[0].edit, uri, client.version(uri)));
  // Preferred fixes, safe or not: both moves, SO_REUSEADDR becoming SO_EXCLUSIVEADDRUSE.
  assert.ok(!fixed.includes('SO_REUSEADDR'), fixed);
  assert.equal(fixed.match(/SO_EXCLUSIVEADDRUSE/g)?.length, 2, fixed);
  await client.change(uri, asChangeEvents(editsFor(applied[0].edit, uri, client.version(uri))));
  assert.deepEqual(await client.diagnostics(uri), []);
});

test('Show documentation opens the rule page through window/showDocument', { timeout: 120_000 }, async (t) => {
  const client = await TestClient.start({ pull: true });
  t.after(() => client.dispose());
  const shown: ShowDocumentParams[] = [];
  client.connection.onRequest(ShowDocumentRequest.type, (p) => {
    shown.push(p);
    return { success: true };
  });
  const result = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'socklint.server.showDocumentation', arguments: [setsockoptAfterBind] });
  assert.deepEqual(result, { success: true });
  assert.equal(shown.length, 1);
  assert.match(shown[0].uri, /^file:.*\/docs\/rules\/setsockopt-after-bind\.md$/);
  assert.deepEqual(await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'socklint.server.showDocumentation', arguments: ['no-such-rule'] }), { success: false });
  assert.equal(shown.length, 1);
});

test('with codeAction/resolve, "Fix all" carries no edit until it is chosen, and then the same edit', { timeout: 120_000 }, async (t) => {
  const client = await TestClient.start({ pull: true, capabilities: { textDocument: { codeAction: { resolveSupport: { properties: ['edit'] }, isPreferredSupport: true, dataSupport: true } } } });
  t.after(() => client.dispose());
  const uri = 'file:///work/actions/lazy.c';
  await client.open(uri, 'c', twoLate);
  const [first] = late(await client.diagnostics(uri));
  const fixAll = (await client.codeActions(uri, [first])).find((a) => a.title === `Fix all ${setsockoptAfterBind} problems in this file`);
  assert.ok(fixAll && !fixAll.edit && fixAll.data, JSON.stringify(fixAll));
  const resolved = await client.connection.sendRequest(CodeActionResolveRequest.type, fixAll);
  const fixed = applyEdits(twoLate, editsFor(resolved.edit!, uri, client.version(uri)));
  assert.equal(fixed.match(/SO_REUSEADDR/g), null);
  assert.equal(fixed.match(/SO_EXCLUSIVEADDRUSE/g)?.length, 2);
  await client.change(uri, asChangeEvents(editsFor(resolved.edit!, uri, client.version(uri))));
  assert.deepEqual(late(await client.diagnostics(uri)), []);
  // Offered for an older version: resolving it now gives no edit rather than a misplaced one.
  const stale = await client.connection.sendRequest(CodeActionResolveRequest.type, fixAll);
  assert.equal(stale.edit, undefined);
});
