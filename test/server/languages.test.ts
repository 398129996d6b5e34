import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { show } from './fixScenario';
import { TestClient } from './lspClient';
import { lateReuseAddrC, lateReuseAddrCpp, setsockoptAfterBind } from './samples';

for (const pull of [true, false]) {
  const mode = pull ? 'pull' : 'push';
  describe(`${mode} mode`, () => {
    let client: TestClient;
    before(async () => {
      client = await TestClient.start({ pull });
    });
    after(() => client.dispose());

    // Emacs (eglot) names C++ `c++`; VS Code names it `cpp`.
    for (const languageId of ['cpp', 'c++']) {
      test(`${mode}: C++ opened as ${languageId} is analysed`, { timeout: 120_000 }, async () => {
        const uri = `file:///work/${mode}/listener-${languageId === 'cpp' ? 'cpp' : 'cxx'}.cpp`;
        await client.open(uri, languageId, lateReuseAddrCpp);
        const diagnostics = await client.diagnostics(uri);
        const late = diagnostics.filter((d) => d.code === setsockoptAfterBind);
        assert.equal(late.length, 1, show(diagnostics));
        const line = lateReuseAddrCpp.split('\n').findIndex((l) => l.includes('::setsockopt('));
        assert.equal(late[0]!.range.start.line, line);
      });
    }

    // eglot names JavaScript after js-mode (`js`) and TSX after tsx-ts-mode (`tsx`).
    for (const [languageId, file] of [
      ['javascript', 'reset.js'],
      ['js', 'reset-js.js'],
      ['jsx', 'reset.jsx'],
      ['tsx', 'reset.tsx'],
    ]) {
      test(`${mode}: Node code opened as ${languageId} is analysed`, { timeout: 120_000 }, async () => {
        const uri = `file:///work/${mode}/${file}`;
        const text = "const net = require('net');\n\nconst s = net.connect(80, 'example.com');\ns.resetAndDestroy();\n";
        await client.open(uri, languageId, text);
        const diagnostics = await client.diagnostics(uri);
        assert.deepEqual(
          diagnostics.map((d) => [d.code, d.range.start.line]),
          [['linger-misuse', 3]],
          show(diagnostics),
        );
      });
    }

    test(`${mode}: a language the server does not support gets no diagnostics`, { timeout: 120_000 }, async () => {
      for (const languageId of ['python', 'plaintext']) {
        const uri = `file:///work/${mode}/not-c.${languageId}`;
        await client.open(uri, languageId, lateReuseAddrC);
        assert.deepEqual(await client.diagnostics(uri), []);
      }
    });
  });
}
