/**
 * The TypeScript front end on its own: half-typed code at every point of real samples never makes
 * the analysis fail; the typed pass (in-thread here) resolves what only types can tell; the
 * checker's answers follow edits.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { shiftAnswers } from '../../server/src/lang/typescript/types';
import { getAnalyzer, repoRoot } from '../helpers/analyzer';

const samples = ['echo_server.ts', 'udp_broadcast.ts', 'tcp_client.cjs', 'udp_metrics.mjs', 'winsock_ffi.ts'];

describe('TypeScript front end: every prefix of the Node samples', () => {
  for (const name of samples) {
    it(`${name}: no failure, no rule error, at any cut`, { timeout: 240_000 }, async () => {
      const analyzer = await getAnalyzer();
      const text = fs.readFileSync(path.join(repoRoot(), 'examples', 'node', name), 'utf8');
      const languageId = name.endsWith('.ts') ? 'typescript' : 'javascript';
      for (let i = 0; i <= text.length; i++) {
        const r = analyzer.analyzeText(`file:///prefix/${i}-${name}`, languageId, text.slice(0, i));
        assert.equal(r.skipped, undefined, `cut at ${i}: ${r.skipped}`);
        assert.deepEqual(r.ruleErrors, [], `cut at ${i}`);
      }
    });
  }
});

describe('TypeScript front end: the typed pass', () => {
  it('resolves a server and a socket imported from another file, and only with types', async () => {
    const analyzer = await getAnalyzer();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-typed-unit-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'conn.ts'),
        `import * as net from 'node:net';\nexport const server = net.createServer();\nexport function open(port: number): net.Socket {\n  return net.connect(port);\n}\n`,
      );
      const main = `import { open, server } from './conn';\n\nserver.on('connection', (c) => {\n  c.destroy();\n});\n\nexport function reset(): void {\n  const s = open(80);\n  s.resetAndDestroy();\n}\n`;
      const uri = pathToFileURL(path.join(dir, 'main.ts')).toString();
      const syntactic = analyzer.analyzeText(uri, 'typescript', main);
      assert.deepEqual(syntactic.findings, [], 'syntax alone cannot tell what server and open() return');
      const typed = analyzer.analyzeText(uri, 'typescript', main, undefined, { types: true });
      assert.deepEqual(
        typed.findings.map((f) => [f.ruleId, main.slice(f.start, f.end)]),
        [
          ['close-without-shutdown', 'c.destroy()'],
          ['linger-misuse', 's.resetAndDestroy()'],
        ],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a socket field reassigned from a method returning Promise<Socket> stays a connection (nats.js transport)', async () => {
    const analyzer = await getAnalyzer();
    const text = [
      `import { Socket, createConnection } from 'node:net';`,
      ``,
      `export class Transport {`,
      `  socket!: Socket;`,
      `  done = false;`,
      ``,
      `  async connect(port: number, host: string): Promise<void> {`,
      `    this.socket = await this.dial(port, host);`,
      `    if (this.done) {`,
      `      this.socket?.destroy();`,
      `    }`,
      `  }`,
      ``,
      `  dial(port: number, host: string): Promise<Socket> {`,
      `    return new Promise((resolve, reject) => {`,
      `      const s = createConnection(port, host, () => resolve(s));`,
      `      s.once('error', reject);`,
      `    });`,
      `  }`,
      `}`,
      ``,
    ].join('\n');
    const uri = 'file:///typed/transport.ts';
    // The assignment asks the checker what the call returns: without an answer the field would stop being a socket.
    const typed = analyzer.analyzeText(uri, 'typescript', text, undefined, { types: true });
    assert.deepEqual(
      typed.findings.map((f) => [f.ruleId, text.slice(f.start, f.end)]),
      [['close-without-shutdown', 'this.socket?.destroy()']],
    );
  });

  it('sockets iterated from a field whose element type is an alias of net.Socket & {…} (proxy-chain server.ts)', async () => {
    const analyzer = await getAnalyzer();
    const text = [
      `import type { Socket as NetSocket } from 'node:net';`,
      ``,
      `type Socket = NetSocket & { proxyChainId?: number };`,
      ``,
      `export class Server {`,
      `  connections = new Map<number, Socket>();`,
      ``,
      `  closeConnection(id: number): void {`,
      `    const socket = this.connections.get(id);`,
      `    if (!socket) return;`,
      `    socket.destroy();`,
      `  }`,
      ``,
      `  closeConnections(): void {`,
      `    for (const socket of this.connections.values()) socket.destroy();`,
      `  }`,
      `}`,
      ``,
    ].join('\n');
    const typed = analyzer.analyzeText('file:///typed/server.ts', 'typescript', text, undefined, { types: true });
    assert.deepEqual(
      typed.findings.map((f) => [f.ruleId, text.slice(f.start, f.end), text.slice(0, f.start).split('\n').length]),
      [
        ['close-without-shutdown', 'socket.destroy()', 11],
        ['close-without-shutdown', 'socket.destroy()', 15],
      ],
    );
  });

  it('a stream that is not a socket stays unreported with types too', async () => {
    const analyzer = await getAnalyzer();
    const text = `import * as fs from 'node:fs';\n\nexport function stop(path: string): void {\n  const r = fs.createReadStream(path);\n  r.destroy();\n}\n`;
    const r = analyzer.analyzeText('file:///typed/stream.ts', 'typescript', text, undefined, { types: true });
    assert.deepEqual(r.findings, []);
  });

  it('moves answers with edits and drops the spans an edit touches', () => {
    const answers = { '10:20': 'stream', '30:40': 'dgram', '50:60': 'server' } as const;
    // Insert 5 characters at 25, then replace 52..55 (inside the server span) with one character.
    const moved = shiftAnswers(answers, [
      { start: 25, oldEnd: 25, newText: 'abcde' },
      { start: 57, oldEnd: 60, newText: 'x' },
    ]);
    assert.deepEqual(moved, { '10:20': 'stream', '35:45': 'dgram' });
  });
});
