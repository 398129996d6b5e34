import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import { applyEdits, asChangeEvents, editsFor } from './applyEdits';
import { show } from './fixScenario';
import { TestClient } from './lspClient';
import { lateReuseAddrC, setsockoptAfterBind } from './samples';

const directive = 'socklint-directive';
const lateCall = '    setsockopt(s, SOL_SOCKET, SO_REUSEADDR';

let client: TestClient;
before(async () => {
  client = await TestClient.start({ pull: true });
});
after(() => client.dispose());

function withLine(text: string, before: string, line: string): string {
  const at = text.indexOf(before);
  assert.ok(at >= 0, `no ${before}`);
  return `${text.slice(0, at)}${line}\n${text.slice(at)}`;
}

test('a socklint-disable-next-line comment removes the diagnostic and is not reported itself', { timeout: 120_000 }, async () => {
  const uri = 'file:///work/suppression/disabled.c';
  const text = withLine(lateReuseAddrC, lateCall, '    // socklint-disable-next-line setsockopt-after-bind -- the option is informational here');
  await client.open(uri, 'c', text);
  const diagnostics = await client.diagnostics(uri);
  assert.ok(!diagnostics.some((d) => d.code === setsockoptAfterBind || d.code === directive), show(diagnostics));
});

test('code actions: the real fix first, then "Disable for this line", then "Disable for this file"; applying the first disable leaves no diagnostic', { timeout: 120_000 }, async () => {
  const uri = 'file:///work/suppression/actions.c';
  await client.open(uri, 'c', lateReuseAddrC);
  const diagnostic = (await client.diagnostics(uri)).find((d) => d.code === setsockoptAfterBind);
  assert.ok(diagnostic);
  const actions = await client.codeActions(uri, [diagnostic]);
  const titles = actions.map((a) => a.title);
  assert.ok(actions.length >= 3, JSON.stringify(titles));
  assert.equal(actions[0].isPreferred, true, JSON.stringify(titles));
  assert.deepEqual(titles.slice(-3), [`Disable ${setsockoptAfterBind} for this line`, `Disable ${setsockoptAfterBind} for this file`, `Show documentation for ${setsockoptAfterBind}`]);
  for (const a of actions.slice(-3, -1)) {
    assert.equal(a.kind, 'quickfix');
    assert.equal(a.isPreferred, false);
    assert.deepEqual(a.diagnostics, [diagnostic]);
  }

  const edits = editsFor(actions[actions.length - 3].edit!, uri, client.version(uri));
  const fixed = applyEdits(lateReuseAddrC, edits);
  assert.equal(fixed, withLine(lateReuseAddrC, lateCall, `    // socklint-disable-next-line ${setsockoptAfterBind}`));
  await client.change(uri, asChangeEvents(edits));
  assert.equal(client.text(uri), fixed);
  const after = await client.diagnostics(uri);
  assert.ok(!after.some((d) => d.code === setsockoptAfterBind || d.code === directive), show(after));
  assert.deepEqual(client.errorLogs(), []);
});

test('"Disable for this file" puts the comment before the first line of code', { timeout: 120_000 }, async () => {
  const uri = 'file:///work/suppression/file.c';
  const text = `/* Licence header */\n\n${lateReuseAddrC}`;
  await client.open(uri, 'c', text);
  const diagnostic = (await client.diagnostics(uri)).find((d) => d.code === setsockoptAfterBind);
  assert.ok(diagnostic);
  const actions = await client.codeActions(uri, [diagnostic]);
  const forFile = actions.find((a) => a.title === `Disable ${setsockoptAfterBind} for this file`);
  assert.ok(forFile?.edit);
  const edits = editsFor(forFile.edit, uri, client.version(uri));
  assert.equal(applyEdits(text, edits), `/* Licence header */\n\n// socklint-disable ${setsockoptAfterBind}\n${lateReuseAddrC}`);
  await client.change(uri, asChangeEvents(edits));
  const after = await client.diagnostics(uri);
  assert.ok(!after.some((d) => d.code === setsockoptAfterBind || d.code === directive), show(after));
});

test('an unknown id is an information diagnostic on the id, linked to the suppression docs, fixed by removing the comment', { timeout: 120_000 }, async () => {
  const uri = 'file:///work/suppression/unknown.c';
  const text = withLine(lateReuseAddrC, lateCall, '    // socklint-disable-next-line no-such-rule');
  await client.open(uri, 'c', text);
  const diagnostics = await client.diagnostics(uri);
  const problems = diagnostics.filter((d: Diagnostic) => d.code === directive);
  assert.equal(problems.length, 1, show(diagnostics));
  const [problem] = problems;
  assert.equal(problem.severity, 3);
  assert.equal(problem.source, 'socklint');
  assert.match(typeof problem.message === 'string' ? problem.message : problem.message.value, /no-such-rule/);
  assert.match(problem.codeDescription?.href ?? '', /\/docs\/suppression\.md$/);
  const start = text.indexOf('no-such-rule');
  const line = text.slice(0, start).split('\n').length - 1;
  const character = start - (text.lastIndexOf('\n', start) + 1);
  assert.deepEqual(problem.range, { start: { line, character }, end: { line, character: character + 'no-such-rule'.length } });
  assert.ok(
    diagnostics.some((d) => d.code === setsockoptAfterBind),
    'an unknown id suppresses nothing',
  );

  const actions = await client.codeActions(uri, [problem]);
  assert.deepEqual(
    actions.map((a) => [a.title, a.isPreferred]),
    [
      ['Remove this socklint-disable-next-line comment', true],
      ['Show documentation for socklint-directive', false],
    ],
  );
  const edits = editsFor(actions[0].edit!, uri, client.version(uri));
  assert.equal(applyEdits(text, edits), lateReuseAddrC);
});
