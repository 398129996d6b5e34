import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { positionAt } from './applyEdits';
import { show } from './fixScenario';
import { TestClient } from './lspClient';
import { lateReuseAddrC, setsockoptAfterBind } from './samples';

/** What must not depend on how the text arrived: codes, ranges, messages, related ranges. */
function comparable(diagnostics: Diagnostic[]): unknown[] {
  return diagnostics.map((d) => ({
    code: d.code,
    range: d.range,
    severity: d.severity,
    message: d.message,
    related: d.relatedInformation?.map((r) => ({ range: r.location.range, message: r.message })),
  }));
}

function rangeOf(text: string, needle: string, length = needle.length): Range {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${needle} not in the text`);
  return { start: positionAt(text, at), end: positionAt(text, at + length) };
}

for (const pull of [true, false]) {
  const mode = pull ? 'pull' : 'push';
  describe(`${mode} mode`, () => {
    let client: TestClient;
    before(async () => {
      client = await TestClient.start({ pull });
    });
    after(() => client.dispose());

    /** Diagnostics of the edited document must equal those of the same text opened afresh. */
    async function assertSameAsFresh(uri: string, name: string): Promise<Diagnostic[]> {
      const edited = await client.diagnostics(uri);
      const freshUri = `file:///work/${mode}/fresh-${name}.c`;
      await client.open(freshUri, 'c', client.text(uri));
      assert.deepEqual(comparable(edited), comparable(await client.diagnostics(freshUri)));
      return edited;
    }

    test(`${mode}: several incremental edits in one didChange keep the analysis right`, { timeout: 120_000 }, async () => {
      const uri = `file:///work/${mode}/edited.c`;
      await client.open(uri, 'c', lateReuseAddrC);
      await client.diagnostics(uri);

      // Applied in order, each on the text the previous one left: the line added at the top shifts
      // every later position, so the second edit's range is only right on the first one's result;
      // the emoji are two UTF-16 code units each and shift the columns after them.
      const step1 = `// 🔌 listener\n${lateReuseAddrC}`;
      const changes: TextDocumentContentChangeEvent[] = [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// 🔌 listener\n' },
        { range: rangeOf(step1, '    setsockopt(s,', 0), text: '    /* é 🔧 */ ' },
      ];
      await client.change(uri, changes);
      const afterFirst = await assertSameAsFresh(uri, 'first');
      const diagnostic = afterFirst.find((d) => d.code === setsockoptAfterBind);
      assert.ok(diagnostic, show(afterFirst));
      const text = client.text(uri);
      assert.deepEqual(diagnostic.range.start, positionAt(text, text.indexOf('setsockopt(s,')));

      // Moves the setsockopt above the bind with a deletion and an insertion in one notification.
      const line = text.split('\n').find((l) => l.includes('setsockopt(s,'))!;
      const lineStart = text.indexOf(line);
      await client.change(uri, [
        { range: { start: positionAt(text, lineStart), end: positionAt(text, lineStart + line.length + 1) }, text: '' },
        { range: rangeOf(text, '    if (bind(', 0), text: `${line}\n` },
      ]);
      const moved = await assertSameAsFresh(uri, 'moved');
      assert.ok(!moved.some((d) => d.code === setsockoptAfterBind), show(moved));
      assert.ok(client.text(uri).indexOf('setsockopt(s,') < client.text(uri).indexOf('bind(s,'));
      assert.deepEqual(client.errorLogs(), []);
    });
  });
}
