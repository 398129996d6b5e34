// LSP-level tests for TypeScript and JavaScript documents (issue #3, item 4): the built server over
// stdio, in pull and push mode, with documents opened as typescript (.ts), typescriptreact (.tsx),
// javascript (CommonJS .cjs / .js with require, ESM .mjs with import) and javascriptreact (.jsx).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type * as TS from 'typescript';
import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver/node';
import { applyEdits, asChangeEvents, editsFor, positionAt } from './applyEdits';
import { show } from './fixScenario';
import { TestClient } from './lspClient';
import { repoRoot } from './repoRoot';

const severityError = 1;
const severityWarning = 2;

interface Expected {
  code: string;
  /** The exact text the diagnostic's range covers (it occurs once in the sample). */
  anchor: string;
  severity: number;
  /** Text on a line that relatedInformation must point at (the connect, the accept, the bind); any one of them. */
  relatedLine?: string[];
}

interface Sample {
  name: string;
  file: string;
  languageId: string;
  text: string;
  expected: Expected;
  /** The preferred quick fix: its title, and what the fixed text must look like. */
  fixTitle: RegExp;
  checkFixed(fixed: string, original: string): void;
}

/** net.createServer((sock) => …) then sock.destroy() with no end(): namespace import, TS types. */
const serverTs = `import * as net from 'node:net';

export function serve(port: number): net.Server {
  const server = net.createServer((sock: net.Socket) => {
    sock.write('bye\\n');
    sock.destroy();
  });
  server.listen(port);
  return server;
}
`;

/** resetAndDestroy() in a .tsx component: named import, JSX around it. */
const statusTsx = `import { connect } from 'node:net';

interface StatusProps {
  host: string;
  port: number;
}

export function Status(props: StatusProps) {
  const sock = connect(props.port, props.host);
  sock.write('status\\n');
  sock.resetAndDestroy();
  return <div className="status">{props.host}:{props.port}</div>;
}
`;

/** CommonJS: dgram.createSocket({ reuseAddr: true }) on a unicast service bound to a fixed port. */
const responderCjs = `'use strict';
const dgram = require('dgram');

function startResponder() {
  const s = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  s.on('message', (msg, rinfo) => {
    s.send(msg, rinfo.port, rinfo.address);
  });
  s.bind(41234);
  return s;
}

module.exports = { startResponder };
`;

/** CommonJS in a .js file: net.connect(...) then destroy() with no end(). */
const pingJs = `const net = require('net');

function ping(host) {
  const client = net.connect(7, host);
  client.write('ping');
  client.destroy();
}

module.exports = { ping };
`;

/** ESM .mjs with the default import of a builtin: setBroadcast before the socket is bound. */
const announceMjs = `import dgram from 'node:dgram';

export function announce(port) {
  const s = dgram.createSocket('udp4');
  s.bind(port);
  s.setBroadcast(true);
  s.send('hello', port, '255.255.255.255');
  return s;
}
`;

/** .jsx, tls: tls.connect(...) then destroy(). */
const tlsJsx = `import * as tls from 'node:tls';

export function Probe({ host }) {
  const secure = tls.connect({ host, port: 443, servername: host });
  secure.write('HEAD / HTTP/1.0\\r\\n\\r\\n');
  secure.destroy();
  return <span>{host}</span>;
}
`;

const samples: Sample[] = [
  {
    name: 'typescript .ts, createServer callback parameter',
    file: 'server.ts',
    languageId: 'typescript',
    text: serverTs,
    expected: { code: 'close-without-shutdown', anchor: 'sock.destroy()', severity: severityWarning, relatedLine: ['net.createServer((sock'] },
    fixTitle: /end\(\)/,
    checkFixed: (fixed, original) => assert.equal(fixed, original.replace('sock.destroy()', 'sock.end()')),
  },
  {
    name: 'typescriptreact .tsx, resetAndDestroy',
    file: 'Status.tsx',
    languageId: 'typescriptreact',
    text: statusTsx,
    expected: { code: 'linger-misuse', anchor: 'sock.resetAndDestroy()', severity: severityWarning },
    // RULES.md: end() with a setTimeout backstop; the title may say so in words.
    fixTitle: /\bend\b/i,
    checkFixed: (fixed) => {
      assert.ok(!fixed.includes('resetAndDestroy'), fixed);
      assert.match(fixed, /sock\.end\(\)/);
      assert.match(fixed, /setTimeout\([^]*sock\.destroy\(\)/, 'RULES.md: end() with a setTimeout backstop');
      assert.ok(fixed.includes('return <div className="status">'), 'the JSX is untouched');
    },
  },
  {
    name: 'javascript .cjs (CommonJS), dgram reuseAddr',
    file: 'responder.cjs',
    languageId: 'javascript',
    text: responderCjs,
    expected: { code: 'reuseaddr-port-hijack', anchor: 'reuseAddr: true', severity: severityWarning, relatedLine: ['s.bind(41234)'] },
    fixTitle: /reuseAddr/,
    checkFixed: (fixed) => {
      assert.ok(!fixed.includes('reuseAddr'), fixed);
      assert.match(fixed, /dgram\.createSocket\(\{ type: 'udp4',? ?\}\)/);
    },
  },
  {
    name: "javascript .js with require('net'), net.connect",
    file: 'ping.js',
    languageId: 'javascript',
    text: pingJs,
    expected: { code: 'close-without-shutdown', anchor: 'client.destroy()', severity: severityWarning, relatedLine: ['net.connect(7, host)'] },
    fixTitle: /end\(\)/,
    checkFixed: (fixed, original) => assert.equal(fixed, original.replace('client.destroy()', 'client.end()')),
  },
  {
    name: 'javascript .mjs (ESM), setBroadcast before bind',
    file: 'announce.mjs',
    languageId: 'javascript',
    text: announceMjs,
    expected: { code: 'dgram-option-before-bind', anchor: 's.setBroadcast(true)', severity: severityError, relatedLine: ['s.bind(port)', "dgram.createSocket('udp4')"] },
    fixTitle: /bind/,
    checkFixed: (fixed) => {
      assert.match(fixed, /s\.bind\(port, \(\) => \{\s*s\.setBroadcast\(true\);\s*\}\);/, fixed);
      assert.equal(fixed.split('setBroadcast').length, 2, `setBroadcast moved, not copied:\n${fixed}`);
    },
  },
  {
    name: 'javascriptreact .jsx, tls.connect',
    file: 'Probe.jsx',
    languageId: 'javascriptreact',
    text: tlsJsx,
    expected: { code: 'close-without-shutdown', anchor: 'secure.destroy()', severity: severityWarning, relatedLine: ['tls.connect('] },
    fixTitle: /end\(\)/,
    checkFixed: (fixed, original) => assert.equal(fixed, original.replace('secure.destroy()', 'secure.end()')),
  },
];

/** The range of the single occurrence of `needle`. */
function rangeOf(text: string, needle: string): Range {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${needle} is not in the sample`);
  assert.equal(text.lastIndexOf(needle), at, `${needle} occurs more than once in the sample`);
  return { start: positionAt(text, at), end: positionAt(text, at + needle.length) };
}

function lineOf(text: string, needle: string): number {
  return rangeOf(text, needle).start.line;
}

let tsApi: typeof TS | undefined;
/** The repository's TypeScript compiler, loaded at run time (not bundled into the test). */
function typescript(): typeof TS {
  tsApi ??= createRequire(join(repoRoot(), 'package.json'))('typescript') as typeof TS;
  return tsApi;
}

/** Syntax errors only: a quick fix must leave a document that still parses. */
function syntaxErrors(text: string, file: string): string[] {
  const ts = typescript();
  const out = ts.transpileModule(text, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: { jsx: ts.JsxEmit.Preserve, allowJs: true, module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** Every socklint diagnostic carries its source, a link to an existing rule page and well-formed related information. */
function assertWellFormed(d: Diagnostic, uri: string, text: string): void {
  assert.equal(d.source, 'socklint');
  const href = d.codeDescription?.href ?? '';
  assert.match(href, new RegExp(`/docs/rules/${String(d.code)}\\.md$`), `codeDescription.href of ${d.code}`);
  assert.ok(existsSync(fileURLToPath(href)), `the rule page ${href} exists`);
  assert.ok((typeof d.message === 'string' ? d.message : d.message.value).length > 0);
  const lines = text.split('\n').length;
  for (const r of d.relatedInformation ?? []) {
    assert.equal(r.location.uri, uri);
    assert.ok(r.message.length > 0, 'related information has a message');
    assert.ok(r.location.range.start.line >= 0 && r.location.range.end.line < lines, JSON.stringify(r));
  }
}

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code)).sort();
}

async function applyAction(client: TestClient, uri: string, action: CodeAction): Promise<string> {
  assert.ok(action.edit, `${action.title} carries its edit`);
  const before = client.text(uri);
  const edits = editsFor(action.edit, uri, client.version(uri));
  assert.ok(edits.length > 0, `${action.title} edits the document`);
  const fixed = applyEdits(before, edits);
  await client.change(uri, asChangeEvents(edits));
  assert.equal(client.text(uri), fixed);
  return fixed;
}

for (const pull of [true, false]) {
  const mode = pull ? 'pull' : 'push';
  describe(`${mode} mode: TypeScript and JavaScript documents`, () => {
    let client: TestClient;
    before(async () => {
      client = await TestClient.start({ pull, versionedEdits: pull });
    });
    after(() => client.dispose());

    for (const sample of samples) {
      const { expected } = sample;
      test(`${mode}: ${sample.name}: ${expected.code} with its range, link and related information`, { timeout: 120_000 }, async () => {
        const uri = `file:///work/${mode}/ts-diag/${sample.file}`;
        await client.open(uri, sample.languageId, sample.text);
        const diagnostics = await client.diagnostics(uri);
        assert.deepEqual(codes(diagnostics), [expected.code], show(diagnostics));
        const d = diagnostics[0]!;
        assertWellFormed(d, uri, sample.text);
        assert.equal(d.severity, expected.severity, `severity of ${expected.code}`);
        assert.deepEqual(d.range, rangeOf(sample.text, expected.anchor), `range of ${expected.code} should cover \`${expected.anchor}\``);
        if (expected.relatedLine) {
          const lines = expected.relatedLine.map((needle) => lineOf(sample.text, needle));
          const related = d.relatedInformation ?? [];
          assert.ok(
            related.some((r) => lines.includes(r.location.range.start.line)),
            `relatedInformation should point at line ${lines.join(' or ')} (${expected.relatedLine.map((n) => `\`${n}\``).join(' or ')}): ${JSON.stringify(related)}`,
          );
        }
        assert.deepEqual(client.errorLogs(), []);
      });

      test(`${mode}: ${sample.name}: the preferred quick fix comes first and applying it removes ${expected.code}`, { timeout: 120_000 }, async () => {
        const uri = `file:///work/${mode}/ts-fix/${sample.file}`;
        await client.open(uri, sample.languageId, sample.text);
        const diagnostic = (await client.diagnostics(uri)).find((d) => d.code === expected.code);
        assert.ok(diagnostic, `no ${expected.code} to fix`);
        const actions = await client.codeActions(uri, [diagnostic]);
        const titles = actions.map((a) => a.title);
        assert.ok(actions.length >= 3, `a fix plus the two disable actions: ${JSON.stringify(titles)}`);
        assert.equal(actions[0]!.isPreferred, true, `the first action is the preferred fix: ${JSON.stringify(titles)}`);
        assert.equal(actions.filter((a) => a.isPreferred).length, 1, JSON.stringify(titles));
        assert.match(actions[0]!.title, sample.fixTitle);
        assert.equal(actions[0]!.kind, 'quickfix');
        assert.deepEqual(actions[0]!.diagnostics, [diagnostic]);
        assert.deepEqual(titles.slice(-3), [`Disable ${expected.code} for this line`, `Disable ${expected.code} for this file`, `Show documentation for ${expected.code}`]);

        const fixed = await applyAction(client, uri, actions[0]!);
        sample.checkFixed(fixed, sample.text);
        assert.deepEqual(syntaxErrors(fixed, sample.file), [], `the fixed document parses:\n${fixed}`);
        const after = await client.settledDiagnostics(uri);
        assert.ok(!after.some((d) => d.code === expected.code), `${expected.code} is gone after the fix: ${show(after)}`);
        assert.deepEqual(codes(after), [], `nothing else appears after the fix: ${show(after)}`);
        assert.deepEqual(client.errorLogs(), []);
      });
    }

    test(`${mode}: close-without-shutdown's second fix (end() with a setTimeout backstop) also removes the finding`, { timeout: 120_000 }, async () => {
      const uri = `file:///work/${mode}/ts-fix/backstop.ts`;
      await client.open(uri, 'typescript', serverTs);
      const diagnostic = (await client.diagnostics(uri)).find((d) => d.code === 'close-without-shutdown');
      assert.ok(diagnostic, 'no close-without-shutdown to fix');
      const actions = await client.codeActions(uri, [diagnostic]);
      const second = actions.find((a) => !a.isPreferred && !a.title.startsWith('Disable '));
      assert.ok(second, `a second, non-preferred fix: ${JSON.stringify(actions.map((a) => a.title))}`);
      const fixed = await applyAction(client, uri, second);
      assert.match(fixed, /sock\.end\(\);/, fixed);
      assert.match(fixed, /setTimeout\([^]*sock\.destroy\(\)/, `a setTimeout backstop that destroys the socket:\n${fixed}`);
      assert.deepEqual(syntaxErrors(fixed, 'backstop.ts'), [], `the fixed document parses:\n${fixed}`);
      const after = await client.settledDiagnostics(uri);
      assert.deepEqual(codes(after), [], show(after));
    });

    test(`${mode}: sockets are recognised through every import style`, { timeout: 120_000 }, async () => {
      // [file, languageId, text, anchor of the close-without-shutdown finding]
      const styles: [string, string, string, string][] = [
        [
          'named-import.ts',
          'typescript',
          `import { createServer, Socket } from 'net';\n\nconst server = createServer();\nserver.on('connection', (s: Socket) => {\n  s.write('x');\n  s.destroy();\n});\nserver.listen(8080);\n`,
          's.destroy()',
        ],
        ['default-import.mjs', 'javascript', `import net from 'net';\n\nconst c = net.createConnection(80, 'example.com');\nc.write('x');\nc.destroy();\n`, 'c.destroy()'],
        ['destructured.cjs', 'javascript', `const { connect } = require('node:net');\n\nconst c = connect(80, 'example.com');\nc.destroy();\n`, 'c.destroy()'],
        ['esm-typescript.mts', 'typescript', `import * as tls from 'node:tls';\n\nconst t = tls.connect(443, 'example.com');\nt.destroy();\n`, 't.destroy()'],
        ['commonjs-typescript.cts', 'typescript', `import net = require('net');\n\nconst c = net.connect(80, 'example.com');\nc.destroy();\n`, 'c.destroy()'],
      ];
      for (const [file, languageId, text, anchor] of styles) {
        const uri = `file:///work/${mode}/ts-imports/${file}`;
        await client.open(uri, languageId, text);
        const diagnostics = await client.diagnostics(uri);
        assert.deepEqual(codes(diagnostics), ['close-without-shutdown'], `${file}: ${show(diagnostics)}`);
        assert.deepEqual(diagnostics[0]!.range, rangeOf(text, anchor), file);
      }
    });

    test(`${mode}: a fix keeps the document's CRLF line endings and tab indentation`, { timeout: 120_000 }, async () => {
      const text = `import * as dgram from 'node:dgram';\r\n\r\nexport function announce(port) {\r\n\tconst s = dgram.createSocket('udp4');\r\n\ts.bind(port);\r\n\ts.setBroadcast(true);\r\n\treturn s;\r\n}\r\n`;
      const uri = `file:///work/${mode}/ts-fix/crlf.mjs`;
      await client.open(uri, 'javascript', text);
      const diagnostic = (await client.diagnostics(uri)).find((d) => d.code === 'dgram-option-before-bind');
      assert.ok(diagnostic, 'no dgram-option-before-bind');
      assert.deepEqual(diagnostic.range, rangeOf(text, 's.setBroadcast(true)'));
      const actions = await client.codeActions(uri, [diagnostic]);
      const fixed = await applyAction(client, uri, actions[0]!);
      assert.equal(
        fixed,
        `import * as dgram from 'node:dgram';\r\n\r\nexport function announce(port) {\r\n\tconst s = dgram.createSocket('udp4');\r\n\ts.bind(port, () => {\r\n\t\ts.setBroadcast(true);\r\n\t});\r\n\treturn s;\r\n}\r\n`,
      );
      assert.deepEqual(codes(await client.settledDiagnostics(uri)), []);
    });

    test(`${mode}: moving a call into a bind callback that exists appends it there`, { timeout: 120_000 }, async () => {
      const text = `import * as dgram from 'node:dgram';\n\nconst s = dgram.createSocket('udp4');\ns.bind(5000, () => {\n  console.log('bound');\n});\ns.setTTL(4);\n`;
      const uri = `file:///work/${mode}/ts-fix/existing-callback.mjs`;
      await client.open(uri, 'javascript', text);
      const diagnostic = (await client.diagnostics(uri)).find((d) => d.code === 'dgram-option-before-bind');
      assert.ok(diagnostic, 'no dgram-option-before-bind');
      const actions = await client.codeActions(uri, [diagnostic]);
      const fixed = await applyAction(client, uri, actions[0]!);
      assert.equal(fixed, `import * as dgram from 'node:dgram';\n\nconst s = dgram.createSocket('udp4');\ns.bind(5000, () => {\n  console.log('bound');\n  s.setTTL(4);\n});\n`);
      assert.deepEqual(codes(await client.settledDiagnostics(uri)), []);
    });

    test(`${mode}: a TS document without an extension (untitled) is analysed by its languageId`, { timeout: 120_000 }, async () => {
      const uri = `untitled:Untitled-${mode}`;
      await client.open(uri, 'typescript', serverTs);
      const diagnostics = await client.diagnostics(uri);
      assert.deepEqual(codes(diagnostics), ['close-without-shutdown'], show(diagnostics));
    });

    test(`${mode}: clean TS/JS documents get empty diagnostics`, { timeout: 120_000 }, async () => {
      const clean: [string, string, string][] = [
        [
          'graceful.ts',
          'typescript',
          `import * as net from 'node:net';\n\nexport const server = net.createServer((sock) => {\n  sock.end('bye\\n');\n  sock.on('error', () => sock.destroy());\n});\n`,
        ],
        ['stream.cjs', 'javascript', `const fs = require('fs');\n\nfunction stop(path) {\n  const stream = fs.createReadStream(path);\n  stream.destroy();\n}\nmodule.exports = { stop };\n`],
        ['listening.mjs', 'javascript', `import * as dgram from 'node:dgram';\n\nconst s = dgram.createSocket('udp4');\ns.bind(41234, () => {\n  s.setBroadcast(true);\n});\n`],
        [
          'handlers.ts',
          'typescript',
          `import { connect } from 'node:net';\n\nexport function get(host: string): void {\n  const c = connect(80, host);\n  c.setTimeout(1000);\n  c.on('timeout', () => c.destroy());\n  c.on('error', (err) => c.destroy(err));\n  c.end('GET / HTTP/1.0\\r\\n\\r\\n');\n  setTimeout(() => c.destroy(), 5000).unref();\n}\n`,
        ],
        [
          'own-class.tsx',
          'typescriptreact',
          `class Widget {\n  destroy(): void {}\n  resetAndDestroy(): void {}\n}\n\nexport function View() {\n  const w = new Widget();\n  w.destroy();\n  w.resetAndDestroy();\n  return <p>done</p>;\n}\n`,
        ],
        [
          'multicast.cjs',
          'javascript',
          `const dgram = require('node:dgram');\n\nconst s = dgram.createSocket({ type: 'udp4', reuseAddr: true });\ns.on('listening', () => {\n  s.addMembership('239.1.2.3');\n  s.setMulticastTTL(4);\n});\ns.bind(5353);\n`,
        ],
        [
          'await-listening.mjs',
          'javascript',
          `import { createSocket } from 'node:dgram';\nimport { once } from 'node:events';\n\nexport async function open(port) {\n  const s = createSocket('udp4');\n  s.bind(port);\n  await once(s, 'listening');\n  s.setBroadcast(true);\n  s.setRecvBufferSize(1 << 20);\n  return s;\n}\n`,
        ],
      ];
      for (const [file, languageId, text] of clean) {
        const uri = `file:///work/${mode}/ts-clean/${file}`;
        await client.open(uri, languageId, text);
        const diagnostics = await client.settledDiagnostics(uri);
        assert.deepEqual(codes(diagnostics), [], `${file}: ${show(diagnostics)}`);
      }
      assert.deepEqual(client.errorLogs(), []);
    });
  });
}

test('pull: per-rule settings apply to TS/JS documents and a change re-analyses them', { timeout: 120_000 }, async (t) => {
  const client = await TestClient.start({ pull: true, settings: { rules: { 'close-without-shutdown': 'off', 'dgram-option-before-bind': 'hint' } } });
  t.after(() => client.dispose());
  const ts = 'file:///work/settings-ts/server.ts';
  const mjs = 'file:///work/settings-ts/announce.mjs';
  await client.open(ts, 'typescript', serverTs);
  await client.open(mjs, 'javascript', announceMjs);
  // Settled: the refresh after a typed pass must not be taken for the one a settings change causes.
  assert.deepEqual(await client.settledDiagnostics(ts), [], 'close-without-shutdown is off');
  const before = await client.settledDiagnostics(mjs);
  assert.deepEqual(codes(before), ['dgram-option-before-bind'], show(before));
  assert.equal(before[0]!.severity, 4, 'hint');

  const refreshes = client.refreshRequests;
  await client.changeSettings({ rules: { 'close-without-shutdown': 'error' } });
  await client.refreshed(refreshes);
  const after = await client.diagnostics(ts);
  assert.deepEqual(codes(after), ['close-without-shutdown'], show(after));
  assert.equal(after[0]!.severity, severityError);
  assert.equal((await client.diagnostics(mjs))[0]?.severity, severityError, 'back to its default');
});

test('push: socklint.enable false silences TS documents', { timeout: 120_000 }, async (t) => {
  const client = await TestClient.start({ pull: false, configuration: false, initializationOptions: { socklint: { enable: false } } });
  t.after(() => client.dispose());
  const uri = 'file:///work/settings-ts/disabled.ts';
  await client.open(uri, 'typescript', serverTs);
  assert.deepEqual(await client.diagnostics(uri), []);
  await client.changeSettings({ enable: true });
  assert.deepEqual(codes(await client.diagnostics(uri)), ['close-without-shutdown']);
});
