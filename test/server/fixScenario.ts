import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver/node';
import { applyEdits, asChangeEvents, editsFor, positionAt } from './applyEdits';
import type { TestClient } from './lspClient';
import { lateReuseAddrC, setsockoptAfterBind } from './samples';

export function show(diagnostics: Diagnostic[]): string {
  return JSON.stringify(
    diagnostics.map((d) => ({ code: d.code, range: d.range, message: d.message })),
    null,
    1,
  );
}

/** Offset just past the parenthesis that closes the call starting at `start`. */
export function callEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = text.indexOf('(', start); i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i + 1;
  }
  throw new Error('unbalanced call');
}

/**
 * The whole round trip on the late-SO_REUSEADDR program: the diagnostic with its metadata and
 * exact range, its preferred quick fix, the fix sent back as incremental edits, and the
 * diagnostic gone afterwards. Returns the fixed text.
 */
export async function fixLateSetsockopt(client: TestClient, uri: string): Promise<string> {
  const text = lateReuseAddrC;
  await client.open(uri, 'c', text);
  const diagnostics = await client.diagnostics(uri);
  const late = diagnostics.filter((d) => d.code === setsockoptAfterBind);
  assert.equal(late.length, 1, show(diagnostics));
  const diagnostic = late[0]!;

  assert.equal(diagnostic.source, 'socklint');
  assert.match(diagnostic.codeDescription?.href ?? '', /setsockopt-after-bind/);
  const callStart = text.indexOf('setsockopt(s, SOL_SOCKET, SO_REUSEADDR');
  assert.deepEqual(diagnostic.range, { start: positionAt(text, callStart), end: positionAt(text, callEnd(text, callStart)) });
  const bindStart = text.indexOf('bind(s,');
  const related = diagnostic.relatedInformation ?? [];
  assert.ok(
    related.some((r) => r.location.uri === uri && r.location.range.start.line === positionAt(text, bindStart).line),
    `related information should point at the bind: ${JSON.stringify(related)}`,
  );
  assert.ok(related.every((r) => r.message.length > 0));

  const actions = await client.codeActions(uri, [diagnostic]);
  const preferred = actions.filter((a) => a.isPreferred);
  assert.equal(preferred.length, 1, JSON.stringify(actions, null, 1));
  const fix = preferred[0]!;
  assert.equal(fix.kind, 'quickfix');
  assert.deepEqual(fix.diagnostics, [diagnostic]);
  assert.ok(fix.edit, 'the quick fix carries its edit');

  const edits = editsFor(fix.edit, uri, client.version(uri));
  assert.ok(edits.length > 0);
  const fixed = applyEdits(text, edits);
  assert.ok(fixed.indexOf('SO_REUSEADDR') < fixed.indexOf('bind(s,'), `setsockopt should now come before bind:\n${fixed}`);

  await client.change(uri, asChangeEvents(edits));
  assert.equal(client.text(uri), fixed);
  const after = await client.diagnostics(uri);
  assert.ok(!after.some((d) => d.code === setsockoptAfterBind), show(after));
  return fixed;
}
