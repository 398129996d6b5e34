/**
 * The typed pass over LSP: a receiver only the type checker can resolve (a server imported from
 * another file of the workspace) is reported after the first, syntactic diagnostics, which do not
 * wait for it. Push clients get a second publish; pull clients are asked to refresh.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestClient } from './lspClient';

const conn = `import * as net from 'node:net';

export const server = net.createServer();
export function connectTo(port: number): net.Socket {
  return net.connect(port);
}
`;

const main = `import { connectTo, server } from './conn';
import * as net from 'node:net';

export function local(): void {
  const t = net.connect(80);
  t.resetAndDestroy();
}

server.on('connection', (c) => {
  c.write('busy\\r\\n');
  c.destroy();
});

export function ping(port: number): void {
  const s = connectTo(port);
  s.resetAndDestroy();
}
`;

const has = (code: string) => (d: { code?: string | number }[]) => d.some((x) => x.code === code);

for (const pull of [true, false]) {
  const mode = pull ? 'pull' : 'push';
  describe(`${mode} mode: the typed pass`, () => {
    let client: TestClient;
    let dir: string;
    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-typed-'));
      fs.writeFileSync(path.join(dir, 'conn.ts'), conn);
      client = await TestClient.start({ pull });
    });
    after(async () => {
      await client.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    test(`${mode}: syntax first, then what the type checker resolves across files`, { timeout: 120_000 }, async () => {
      const uri = pathToFileURL(path.join(dir, `main-${mode}.ts`)).toString();
      const refreshes = client.refreshRequests;
      await client.open(uri, 'typescript', main);
      const first = await client.diagnostics(uri);
      // Syntax resolves `t` (net.connect); `server` and `connectTo` come from another file, and
      // only the checker can tell that they are a net.Server and a net.Socket.
      assert.deepEqual(
        first.map((d) => [d.code, d.range.start.line]),
        [['linger-misuse', 5]],
        JSON.stringify(first),
      );
      let typed;
      if (pull) {
        await client.refreshed(refreshes);
        typed = await client.diagnostics(uri);
      } else {
        typed = await client.publishedWhere(uri, has('close-without-shutdown'));
      }
      const destroy = typed.find((d) => d.code === 'close-without-shutdown');
      assert.ok(destroy, JSON.stringify(typed));
      assert.deepEqual(destroy.range, { start: { line: 10, character: 2 }, end: { line: 10, character: 13 } });
      assert.deepEqual(
        typed.map((d) => [d.code, d.range.start.line]),
        [
          ['linger-misuse', 5],
          ['close-without-shutdown', 10],
          ['linger-misuse', 15],
        ],
      );
      // What the other tests wait for when they assert that a document is clean: the same answer.
      assert.deepEqual(await client.settledDiagnostics(uri), typed);

      // Typing above them keeps the typed findings, moved with the text, until the next typed pass.
      await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// edited\n' }]);
      const edited = await client.diagnostics(uri);
      assert.deepEqual(
        edited.map((d) => [d.code, d.range.start.line]),
        [
          ['linger-misuse', 6],
          ['close-without-shutdown', 11],
          ['linger-misuse', 16],
        ],
      );
    });
  });
}
