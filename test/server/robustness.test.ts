import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TestClient } from './lspClient';
import { garbage, lateReuseAddrC, setsockoptAfterBind } from './samples';

for (const pull of [true, false]) {
  const mode = pull ? 'pull' : 'push';
  test(`${mode}: a garbage document gets an answer and the server stays alive`, { timeout: 180_000 }, async (t) => {
    const client = await TestClient.start({ pull });
    t.after(() => client.dispose());
    const junk = `file:///work/${mode}/garbage.c`;
    await client.open(junk, 'c', garbage());
    // No function in it is well-formed: nothing to report, and nothing fails.
    assert.deepEqual(await client.diagnostics(junk), []);

    // Breaking a good document mid-way with an incremental edit, then repairing it.
    const uri = `file:///work/${mode}/good.c`;
    await client.open(uri, 'c', lateReuseAddrC);
    assert.ok((await client.diagnostics(uri)).some((d) => d.code === setsockoptAfterBind));
    const broken = { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } };
    await client.change(uri, [{ range: broken, text: '\0{{{ "' }]);
    // The junk opens the function's body with an unterminated string: its one mistake is no longer read.
    assert.deepEqual(await client.diagnostics(uri), []);
    await client.change(uri, [{ range: { start: broken.start, end: { line: 5, character: 6 } }, text: '' }]);
    assert.equal(client.text(uri), lateReuseAddrC);
    assert.ok((await client.diagnostics(uri)).some((d) => d.code === setsockoptAfterBind));
    assert.equal(client.process.exitCode, null);
    assert.deepEqual(client.errorLogs(), []);
  });
}
