// LSP-level tests for TypeScript and JavaScript documents (issue #3, item 4), continued: incremental
// edits, suppression comments, documents that do not parse, and first diagnostics that do not wait
// for a type check.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { applyEdits, asChangeEvents, editsFor, positionAt } from './applyEdits';
import { show } from './fixScenario';
import { TestClient } from './lspClient';

const closeWithoutShutdown = 'close-without-shutdown';
const lingerMisuse = 'linger-misuse';
const reuseaddrPortHijack = 'reuseaddr-port-hijack';
const directive = 'socklint-directive';

/** Two findings in one TS file: destroy() on an accepted socket, resetAndDestroy() on a connected one. */
const serverTs = `import * as net from 'node:net';

export function serve(port: number): net.Server {
  const server = net.createServer((sock: net.Socket) => {
    sock.write('bye\\n');
    sock.destroy();
  });
  server.listen(port);
  return server;
}

export function abort(host: string): void {
  const conn = net.connect(80, host);
  conn.resetAndDestroy();
}
`;

const responderCjs = `'use strict';
const dgram = require('dgram');

function startResponder() {
  const s = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  s.bind(41234);
  return s;
}

module.exports = { startResponder };
`;

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

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code)).sort();
}

function withLine(text: string, before: string, line: string): string {
  const at = text.lastIndexOf('\n', text.indexOf(before)) + 1;
  assert.ok(text.includes(before), `no ${before}`);
  return `${text.slice(0, at)}${line}\n${text.slice(at)}`;
}

for (const pull of [true, false]) {
  const mode = pull ? 'pull' : 'push';
  describe(`${mode} mode: TypeScript documents`, () => {
    let client: TestClient;
    before(async () => {
      client = await TestClient.start({ pull });
    });
    after(() => client.dispose());

    let fresh = 0;
    /** Diagnostics of the edited document must equal those of the same text opened afresh. */
    async function assertSameAsFresh(uri: string, languageId = 'typescript'): Promise<Diagnostic[]> {
      const edited = await client.diagnostics(uri);
      const extension = /\.[a-z]+$/.exec(uri)?.[0] ?? '.ts';
      const freshUri = `file:///work/${mode}/ts-fresh/fresh-${++fresh}${extension}`;
      await client.open(freshUri, languageId, client.text(uri));
      assert.deepEqual(comparable(edited), comparable(await client.diagnostics(freshUri)), `after edits vs fresh open of:\n${client.text(uri)}`);
      return edited;
    }

    test(`${mode}: the first diagnostics of a fresh TS document carry the syntactic finding (no type check needed)`, { timeout: 120_000 }, async () => {
      // Types that do not resolve and type errors: a type check would have plenty to say, the
      // syntactic analysis needs none of it.
      const text = `import * as net from 'node:net';
import { missing } from './does-not-exist';
import type { Nope } from 'no-such-package';

const port: number = 'not a number';
const extra: Nope = missing(port);

export function reset(host: string): void {
  const conn = net.connect(80, host);
  conn.resetAndDestroy();
}
`;
      const uri = `file:///work/${mode}/ts-first/first.ts`;
      await client.open(uri, 'typescript', text);
      // The first publish for version 1 in push mode, the first pull's answer in pull mode.
      const first = await client.diagnostics(uri);
      assert.deepEqual(codes(first), [lingerMisuse], show(first));
      assert.deepEqual(first[0]!.range, rangeOf(text, 'conn.resetAndDestroy()'));
      assert.ok(!first.some((d) => d.source !== 'socklint'), 'socklint reports no type errors');
    });

    test(`${mode}: several incremental edits in one didChange give the same diagnostics as a fresh open`, { timeout: 120_000 }, async () => {
      const uri = `file:///work/${mode}/ts-edits/edited.ts`;
      await client.open(uri, 'typescript', serverTs);
      const initial = await client.diagnostics(uri);
      assert.deepEqual(codes(initial), [closeWithoutShutdown, lingerMisuse], show(initial));

      // Applied in order, each on the text the previous one left; the emoji are two UTF-16 code
      // units each and shift the columns after them.
      const step1 = `// 🔌 server\n${serverTs}`;
      await client.change(uri, [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// 🔌 server\n' },
        { range: rangeOf(step1, 'sock.destroy()', 0), text: '/* é 🔧 */ ' },
      ]);
      const afterFirst = await assertSameAsFresh(uri);
      assert.deepEqual(codes(afterFirst), [closeWithoutShutdown, lingerMisuse], show(afterFirst));
      const text = client.text(uri);
      const destroyed = afterFirst.find((d) => d.code === closeWithoutShutdown)!;
      assert.deepEqual(destroyed.range, rangeOf(text, 'sock.destroy()'));
      const reset = afterFirst.find((d) => d.code === lingerMisuse)!;
      assert.deepEqual(reset.range, rangeOf(text, 'conn.resetAndDestroy()'));

      // One character at a time: destroy → destroyX is no socket method, then back.
      const nameEnd = rangeOf(text, 'sock.destroy', 'sock.destroy'.length).end;
      await client.change(uri, [{ range: { start: nameEnd, end: nameEnd }, text: 'X' }]);
      const renamed = await assertSameAsFresh(uri);
      assert.ok(!renamed.some((d) => d.code === closeWithoutShutdown), show(renamed));
      const typed = await client.settledDiagnostics(uri);
      assert.ok(!typed.some((d) => d.code === closeWithoutShutdown), show(typed));
      await client.change(uri, [{ range: { start: nameEnd, end: { line: nameEnd.line, character: nameEnd.character + 1 } }, text: '' }]);
      assert.equal(client.text(uri), text);
      assert.deepEqual(comparable(await assertSameAsFresh(uri)), comparable(afterFirst));

      // A multi-line insertion in the middle: a new function with a finding of its own.
      const inserted = `export function drop(sock: net.Socket): void {\n  sock.resetAndDestroy();\n}\n\n`;
      await client.change(uri, [{ range: rangeOf(text, 'export function abort', 0), text: inserted }]);
      const grown = await assertSameAsFresh(uri);
      assert.deepEqual(codes(grown), [closeWithoutShutdown, lingerMisuse, lingerMisuse], show(grown));
      assert.ok(grown.some((d) => d.code === lingerMisuse && d.range.start.line === rangeOf(client.text(uri), 'sock.resetAndDestroy()').start.line));

      // destroy() → end() as a replacement edit, and the new function deleted across lines, in one notification.
      const now = client.text(uri);
      await client.change(uri, [
        { range: rangeOf(now, inserted), text: '' },
        { range: rangeOf(now, 'destroy()', 'destroy'.length), text: 'end' },
      ]);
      const fixed = await assertSameAsFresh(uri);
      assert.deepEqual(codes(fixed), [lingerMisuse], show(fixed));
      assert.ok(client.text(uri).includes('sock.end();'));
      assert.deepEqual(client.errorLogs(), []);
    });

    test(`${mode}: a burst of edits sent without waiting ends with the diagnostics of the final text`, { timeout: 120_000 }, async () => {
      const uri = `file:///work/${mode}/ts-edits/burst.ts`;
      await client.open(uri, 'typescript', serverTs);
      await client.diagnostics(uri);
      // Types a comment line character by character above the destroy() call.
      const at = rangeOf(serverTs, '    sock.destroy()', 0).start;
      let column = 0;
      for (const ch of '// closing now') {
        await client.change(uri, [{ range: { start: { line: at.line, character: column }, end: { line: at.line, character: column } }, text: ch }]);
        column++;
      }
      await client.change(uri, [{ range: { start: { line: at.line, character: column }, end: { line: at.line, character: column } }, text: '\n' }]);
      const final = await assertSameAsFresh(uri);
      assert.deepEqual(codes(final), [closeWithoutShutdown, lingerMisuse], show(final));
      assert.deepEqual(final.find((d) => d.code === closeWithoutShutdown)!.range, rangeOf(client.text(uri), 'sock.destroy()'));
    });

    test(`${mode}: incremental edits to a CommonJS document`, { timeout: 120_000 }, async () => {
      const uri = `file:///work/${mode}/ts-edits/responder.cjs`;
      await client.open(uri, 'javascript', responderCjs);
      assert.deepEqual(codes(await client.diagnostics(uri)), [reuseaddrPortHijack]);
      // true → false: no longer a finding.
      await client.change(uri, [{ range: rangeOf(responderCjs, 'true'), text: 'false' }]);
      assert.deepEqual(codes(await assertSameAsFresh(uri, 'javascript')), []);
      assert.deepEqual(codes(await client.settledDiagnostics(uri)), []);
      await client.change(uri, [{ range: rangeOf(client.text(uri), 'false'), text: 'true' }]);
      assert.equal(client.text(uri), responderCjs);
      const back = await assertSameAsFresh(uri, 'javascript');
      assert.deepEqual(codes(back), [reuseaddrPortHijack]);
      assert.deepEqual(back[0]!.range, rangeOf(responderCjs, 'reuseAddr: true'));
    });

    test(`${mode}: suppression comments work in TS and JS`, { timeout: 120_000 }, async () => {
      const cases: [string, string, string, string[]][] = [
        ['next-line.ts', 'typescript', withLine(serverTs, 'sock.destroy()', `    // socklint-disable-next-line ${closeWithoutShutdown}`), [lingerMisuse]],
        ['reason.ts', 'typescript', withLine(serverTs, 'sock.destroy()', `    // socklint-disable-next-line ${closeWithoutShutdown} -- the peer is gone anyway`), [lingerMisuse]],
        ['two-ids.ts', 'typescript', serverTs.replace('import * as net', `// socklint-disable ${closeWithoutShutdown}, ${lingerMisuse}\nimport * as net`), []],
        ['same-line.tsx', 'typescriptreact', serverTs.replace('conn.resetAndDestroy();', `conn.resetAndDestroy(); /* socklint-disable-line ${lingerMisuse} */`), [closeWithoutShutdown]],
        [
          'region.cjs',
          'javascript',
          responderCjs.replace('function startResponder', `// socklint-disable ${reuseaddrPortHijack}\nfunction startResponder`).replace('module.exports', '// socklint-enable\nmodule.exports'),
          [],
        ],
        ['other-rule.ts', 'typescript', withLine(serverTs, 'sock.destroy()', `    // socklint-disable-next-line ${lingerMisuse}`), [closeWithoutShutdown, lingerMisuse, directive].sort()],
      ];
      for (const [file, languageId, text, expected] of cases) {
        const uri = `file:///work/${mode}/ts-suppression/${file}`;
        await client.open(uri, languageId, text);
        // Settled: a suppressed finding the typed pass would bring back counts too.
        const diagnostics = await client.settledDiagnostics(uri);
        assert.deepEqual(codes(diagnostics), expected, `${file}:\n${text}\n${show(diagnostics)}`);
      }
    });

    test(`${mode}: an unknown rule id in a TS directive is reported and suppresses nothing`, { timeout: 120_000 }, async () => {
      const text = withLine(serverTs, 'sock.destroy()', '    // socklint-disable-next-line no-such-rule');
      const uri = `file:///work/${mode}/ts-suppression/unknown.ts`;
      await client.open(uri, 'typescript', text);
      const diagnostics = await client.diagnostics(uri);
      assert.deepEqual(codes(diagnostics), [closeWithoutShutdown, lingerMisuse, directive].sort(), show(diagnostics));
      const problem = diagnostics.find((d) => d.code === directive)!;
      assert.deepEqual(problem.range, rangeOf(text, 'no-such-rule'));
      assert.equal(problem.source, 'socklint');
    });

    test(`${mode}: "Disable for this line" in TS inserts a // comment at the statement's indentation and the finding goes`, { timeout: 120_000 }, async () => {
      const uri = `file:///work/${mode}/ts-suppression/action.ts`;
      await client.open(uri, 'typescript', serverTs);
      const diagnostic = (await client.diagnostics(uri)).find((d) => d.code === closeWithoutShutdown);
      assert.ok(diagnostic);
      const actions = await client.codeActions(uri, [diagnostic]);
      const forLine = actions.find((a) => a.title === `Disable ${closeWithoutShutdown} for this line`);
      assert.ok(forLine?.edit, JSON.stringify(actions.map((a) => a.title)));
      const edits = editsFor(forLine.edit, uri, client.version(uri));
      const fixed = applyEdits(serverTs, edits);
      assert.equal(fixed, withLine(serverTs, 'sock.destroy()', `    // socklint-disable-next-line ${closeWithoutShutdown}`));
      await client.change(uri, asChangeEvents(edits));
      const after = await client.settledDiagnostics(uri);
      assert.deepEqual(codes(after), [lingerMisuse], show(after));
    });
  });
}

/** TS/JS that no parser likes. */
function garbageScript(): string {
  const longLine = 'x'.repeat(2 * 1024 * 1024);
  return [
    "import * as net from 'node:net';",
    '\0\0\0 export function ((( {{{ <div> </span> as as as satisfies',
    longLine,
    '}}}} ) ;; net.connect( sock.destroy( .resetAndDestroy()',
    'const s = dgram.createSocket({ reuseAddr: true, reuseAddr: ',
    'class { constructor( private ) } enum { = } @@@ #private #',
    '/regex-that-never-ends',
    '"unterminated',
    '`template ${ net.connect(80).destroy() ',
    '/* open comment',
  ].join('\n');
}

for (const pull of [true, false]) {
  const mode = pull ? 'pull' : 'push';
  describe(`${mode} mode: TypeScript documents that do not parse`, () => {
    let client: TestClient;
    before(async () => {
      client = await TestClient.start({ pull });
    });
    after(() => client.dispose());

    test(`${mode}: garbage TS/JS documents get an answer, no analysis failure, and the server stays alive`, { timeout: 180_000 }, async () => {
      for (const [file, languageId] of [
        ['garbage.ts', 'typescript'],
        ['garbage.tsx', 'typescriptreact'],
        ['garbage.js', 'javascript'],
        ['garbage.mjs', 'javascript'],
        ['garbage.jsx', 'javascriptreact'],
      ] as const) {
        const uri = `file:///work/${mode}/ts-garbage/${file}`;
        await client.open(uri, languageId, garbageScript());
        // Every call in it sits in broken syntax (an unclosed call, template or string): nothing to report.
        assert.deepEqual(await client.diagnostics(uri), [], file);
      }
      assert.deepEqual(client.errorLogs(), [], 'syntax errors are no analysis failures');
      assert.equal(client.process.exitCode, null);
    });

    test(`${mode}: deeply nested TS gets an answer and the server stays alive`, { timeout: 180_000 }, async () => {
      // Nesting deep enough to stress recursive walks: may be skipped, must not end the server.
      const deep = `import * as net from 'node:net';\nconst v = ${'['.repeat(20_000)}net.connect(80)${']'.repeat(20_000)};\nconst f = ${'() => '.repeat(5_000)}net.connect(80).destroy();\n`;
      const uri = `file:///work/${mode}/ts-garbage/deep.ts`;
      await client.open(uri, 'typescript', deep);
      // Skipped today, with a message that says why (the log is not an error).
      assert.deepEqual(await client.diagnostics(uri), []);
      assert.deepEqual(
        client.logs.filter((l) => l.includes(uri)),
        [`socklint: ${uri} not analysed: nested too deeply to parse (the parser ran out of stack); nothing in this document is analysed`],
      );
      assert.deepEqual(client.errorLogs(), []);
      // Still answering afterwards.
      const after = `file:///work/${mode}/ts-garbage/after-deep.c`;
      await client.open(after, 'c', 'int main(void) { return 0; }\n');
      assert.deepEqual(await client.diagnostics(after), []);
      assert.equal(client.process.exitCode, null);
    });

    test(`${mode}: a TS document broken by an edit and repaired gets its findings back`, { timeout: 180_000 }, async () => {
      const uri = `file:///work/${mode}/ts-garbage/good.ts`;
      await client.open(uri, 'typescript', serverTs);
      assert.deepEqual(codes(await client.diagnostics(uri)), [closeWithoutShutdown, lingerMisuse]);
      const broken = { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } };
      const junk = '\0{{{ `${ "';
      const changes: TextDocumentContentChangeEvent[] = [{ range: broken, text: junk }];
      await client.change(uri, changes);
      // The junk breaks serve(); abort() below it still parses and keeps its finding.
      const brokenDiagnostics = await client.diagnostics(uri);
      assert.deepEqual(
        brokenDiagnostics.map((d) => [d.code, d.range]),
        [[lingerMisuse, rangeOf(client.text(uri), 'conn.resetAndDestroy()')]],
        show(brokenDiagnostics),
      );
      await client.change(uri, [{ range: { start: broken.start, end: { line: 4, character: junk.length } }, text: '' }]);
      assert.equal(client.text(uri), serverTs);
      assert.deepEqual(codes(await client.diagnostics(uri)), [closeWithoutShutdown, lingerMisuse]);
      assert.equal(client.process.exitCode, null);
      assert.deepEqual(client.errorLogs(), []);
    });
  });
}
