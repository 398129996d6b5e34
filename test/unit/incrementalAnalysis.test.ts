/**
 * Incremental analysis (engine/unitCache.ts, engine/flowCache.ts) answers exactly what a
 * fresh analysis of the same text answers, after every edit of a recorded sequence; it reuses the
 * functions an edit did not touch; and a helper whose summary changes makes its callers run again.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Analyzer, type TextChange } from '../../server/src/analyzer';
import type { Finding } from '../../server/src/engine/findings';
import { defaultSettings } from '../../server/src/engine/settings';
import { getAnalyzer, repoRoot, wasmDir } from '../helpers/analyzer';

/** A small seeded generator, so a failing sequence can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Edits a person makes while typing: characters, words, lines deleted or duplicated, braces. */
const fragments = [
  ' ',
  'x',
  ';',
  '\n',
  '{',
  '}',
  '(',
  ')',
  '/* c */',
  '// note\n',
  'closesocket(s);\n',
  'shutdown(s, SD_SEND);\n',
  '#define SOCKLINT_TEST 1\n',
  'int v = 0;\n',
  'static void extra(void) {}\n',
];

/** The same for TypeScript and JavaScript. */
const scriptFragments = [
  ' ',
  'x',
  ';',
  '\n',
  '{',
  '}',
  '(',
  ')',
  '/* c */',
  '// note\n',
  'sock.destroy();\n',
  'sock.end();\n',
  'const v = 0;\n',
  'function extra() {}\n',
  "import * as net from 'net';\n",
  'SO_REUSEADDR',
  'port',
];

function randomEdit(text: string, rnd: () => number, pieces = fragments): TextChange {
  const at = Math.floor(rnd() * (text.length + 1));
  const r = rnd();
  if (r < 0.45) return { start: at, oldEnd: at, newText: pieces[Math.floor(rnd() * pieces.length)] };
  if (r < 0.75) return { start: at, oldEnd: Math.min(text.length, at + 1 + Math.floor(rnd() * 12)), newText: '' };
  // Duplicate or delete a whole line.
  const ls = text.lastIndexOf('\n', at - 1) + 1;
  const le = text.indexOf('\n', at);
  const end = le < 0 ? text.length : le + 1;
  return r < 0.9 ? { start: ls, oldEnd: ls, newText: text.slice(ls, end) } : { start: ls, oldEnd: end, newText: '' };
}

const comparable = (fs: Finding[]) => fs.map((f) => ({ ...f, related: f.related.map((r) => ({ ...r })), fixes: f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e })) })) }));

function cFiles(): string[] {
  const out: string[] = [];
  for (const dir of ['windows', 'posix', 'portable']) {
    const d = path.join(repoRoot(), 'examples', dir);
    for (const f of fs.readdirSync(d).sort()) if (/\.(c|cpp)$/.test(f)) out.push(path.join(d, f));
  }
  return out;
}

function scriptFiles(): string[] {
  const d = path.join(repoRoot(), 'examples', 'node');
  return fs
    .readdirSync(d)
    .sort()
    .filter((f) => /\.(ts|mjs|cjs)$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => path.join(d, f));
}

const scriptLanguage = (file: string): { languageId: string; ext: string } => (file.endsWith('.ts') ? { languageId: 'typescript', ext: 'ts' } : { languageId: 'javascript', ext: 'js' });

describe('incremental analysis', () => {
  let analyzer: Analyzer;
  before(async () => {
    analyzer = await getAnalyzer();
  });

  /** Each file joined with the next, edited 30 times at random; after each edit, compared with a fresh analysis. */
  function editSequences(files: string[], language: (file: string) => { languageId: string; ext: string }, pieces: string[], seedBase: number): void {
    for (const [i, file] of files.entries()) {
      const { languageId, ext } = language(file);
      const seed = seedBase + i;
      const rnd = random(seed);
      // Several programs in one document, so most edits leave most functions alone.
      let text = [fs.readFileSync(file, 'utf8'), fs.readFileSync(files[(i + 1) % files.length], 'utf8')].join('\n');
      const uri = `file:///edited-${i}.${ext}`;
      analyzer.open(uri, languageId, 1, text);
      try {
        for (let step = 1; step <= 30; step++) {
          const change = randomEdit(text, rnd, pieces);
          text = text.slice(0, change.start) + change.newText + text.slice(change.oldEnd);
          analyzer.change(uri, step + 1, text, [change]);
          const got = analyzer.analyze(uri, defaultSettings)!;
          const fresh = analyzer.analyzeText(`file:///fresh.${ext}`, languageId, text, defaultSettings);
          assert.deepEqual(comparable(got.findings), comparable(fresh.findings), `${path.basename(file)} (seed ${seed}), after edit ${step}: ${JSON.stringify(change)}`);
        }
      } finally {
        analyzer.close(uri);
      }
    }
  }

  it('equals a fresh analysis after every edit of random edit sequences over the examples', () => {
    editSequences(cFiles(), (f) => (f.endsWith('.cpp') ? { languageId: 'cpp', ext: 'cpp' } : { languageId: 'c', ext: 'c' }), fragments, 1000);
  });

  it('equals a fresh analysis while edits make and unmake an if head split across #if arms', () => {
    // Parsed as its first arm (lang/cfamily/splitHeads.ts): when an edit changes that, the old tree is not reused.
    let text = `#include <winsock2.h>

SOCKET open_service(const struct sockaddr *where, int len, int on) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) return INVALID_SOCKET;
#ifdef _WIN32
    if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof on) == SOCKET_ERROR) {
#else
    if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (char *)&on, sizeof on) == SOCKET_ERROR) {
#endif
        closesocket(s);
        return INVALID_SOCKET;
    }
    if (bind(s, where, len) == SOCKET_ERROR || listen(s, 5) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}
`;
    const uri = 'file:///split-heads.c';
    analyzer.open(uri, 'c', 1, text);
    try {
      const edits: Array<[string, string]> = [
        ['== SOCKET_ERROR) {\n#endif', '== SOCKET_ERROR) {{\n#endif'], // the arms now leave different things open
        ['== SOCKET_ERROR) {{\n#endif', '== SOCKET_ERROR) {\n#endif'], // and the same again
        ['#else\n', '#else\n    x();\n'], // a longer arm
        ['#endif\n        closesocket', '#endif\n        /* } */ closesocket'],
        // An edit above the group moves it: the same groups are joined, and the old tree is reused.
        ['SOCKET open_service', '/* moved */\nSOCKET open_service'],
      ];
      for (const [step, [from, to]] of edits.entries()) {
        const start = text.indexOf(from);
        assert.ok(start >= 0, from);
        const change = { start, oldEnd: start + from.length, newText: to };
        text = text.slice(0, start) + to + text.slice(start + from.length);
        analyzer.change(uri, step + 2, text, [change]);
        const got = analyzer.analyze(uri, defaultSettings)!;
        const fresh = analyzer.analyzeText('file:///fresh-split.c', 'c', text, defaultSettings);
        assert.deepEqual(comparable(got.findings), comparable(fresh.findings), `after edit ${step + 1}`);
        // `on` is a parameter, so SO_REUSEADDR may be off: the bind is what is reported.
        if (step === 1)
          assert.deepEqual(
            got.findings.map((f) => f.ruleId),
            ['missing-exclusiveaddruse'],
          );
      }
    } finally {
      analyzer.close(uri);
    }
  });

  it("TypeScript: a helper's destroy() reported inside it moves with the text above it", () => {
    // The helper's summary is cached; the finding's position comes from the helper's event, which moves.
    let text = `import * as net from 'node:net';\n\nfunction kill(sock: net.Socket) {\n  sock.destroy();\n}\n\nnet.createServer((c) => {\n  c.write('bye');\n  kill(c);\n}).listen(7000);\n`;
    const uri = 'file:///moved-helper.ts';
    analyzer.open(uri, 'typescript', 1, text);
    try {
      const change = { start: 0, oldEnd: 0, newText: '// a comment above everything\n' };
      text = change.newText + text;
      analyzer.change(uri, 2, text, [change]);
      const got = analyzer.analyze(uri, defaultSettings)!;
      const fresh = analyzer.analyzeText('file:///fresh-moved-helper.ts', 'typescript', text, defaultSettings);
      assert.deepEqual(comparable(got.findings), comparable(fresh.findings));
      assert.deepEqual(
        got.findings.map((f) => text.slice(f.start, f.end)),
        ['sock.destroy()'],
      );
    } finally {
      analyzer.close(uri);
    }
  });

  it('TypeScript and JavaScript: equals a fresh analysis after every edit of random edit sequences', () => {
    editSequences(scriptFiles(), scriptLanguage, scriptFragments, 2000);
  });

  it('TypeScript: re-lowers only the top-level function an edit touched, and reuses the dataflow of the rest', () => {
    const helper = (i: number) => `function close${i}(sock: net.Socket): void {\n  sock.write('bye');\n  sock.destroy();\n}\n\n`;
    const text = "import * as net from 'node:net';\n\n" + Array.from({ length: 6 }, (_, i) => helper(i)).join('');
    const uri = 'file:///many.ts';
    analyzer.open(uri, 'typescript', 1, text);
    try {
      const before = analyzer.analyze(uri, defaultSettings)!;
      assert.equal(analyzer.reuse(uri)!.reused, 0);
      const at = text.indexOf('{', text.indexOf('function close3(')) + 1;
      const typed = '\n  const typed = 1;';
      const edited = text.slice(0, at) + typed + text.slice(at);
      analyzer.change(uri, 2, edited, [{ start: at, oldEnd: at, newText: typed }]);
      const after = analyzer.analyze(uri, defaultSettings)!;
      const reuse = analyzer.reuse(uri)!;
      assert.equal(reuse.lowered, 1, 'only the edited function is lowered again');
      assert.equal(reuse.reused, 5);
      // Findings after the edit moved with it; the others kept their place.
      const fresh = analyzer.analyzeText('file:///fresh-many.ts', 'typescript', edited, defaultSettings);
      assert.deepEqual(comparable(after.findings), comparable(fresh.findings));
      assert.equal(after.findings.length, before.findings.length);
      assert.ok(reuse.flowsReused >= 5, `dataflow reused for ${reuse.flowsReused} functions`);
    } finally {
      analyzer.close(uri);
    }
  });

  it('TypeScript: a new import or constant elsewhere re-lowers the functions that name it, and only those', () => {
    const text =
      "import * as net from 'node:net';\n\nfunction a(sock: net.Socket) {\n  sock.destroy();\n}\n\nfunction b(port: number) {\n  const s = dgram.createSocket({ type: 'udp4', reuseAddr: true });\n  s.bind(port);\n}\n";
    const uri = 'file:///imports.ts';
    analyzer.open(uri, 'typescript', 1, text);
    try {
      assert.deepEqual(
        analyzer.analyze(uri, defaultSettings)!.findings.map((f) => f.ruleId),
        ['close-without-shutdown'],
      );
      const line = "import * as dgram from 'node:dgram';\n";
      analyzer.change(uri, 2, line + text, [{ start: 0, oldEnd: 0, newText: line }]);
      const after = analyzer.analyze(uri, defaultSettings)!;
      assert.deepEqual(after.findings.map((f) => f.ruleId).sort(), ['close-without-shutdown', 'reuseaddr-port-hijack']);
      const reuse = analyzer.reuse(uri)!;
      assert.equal(reuse.lowered, 1, 'b names dgram; a does not');
      assert.equal(reuse.reused, 1);
    } finally {
      analyzer.close(uri);
    }
  });

  it('re-lowers and re-analyses only the function an edit touched', () => {
    const files = cFiles().filter((f) => f.endsWith('.c'));
    const text = files.map((f, i) => fs.readFileSync(f, 'utf8').replace(/\bmain\b/g, `main_${i}`)).join('\n');
    const uri = 'file:///many.c';
    analyzer.open(uri, 'c', 1, text);
    try {
      analyzer.analyze(uri, defaultSettings);
      const first = analyzer.reuse(uri)!;
      assert.equal(first.reused, 0);
      const functions = first.lowered;
      // Type inside the body of the middle program's main.
      const at = text.indexOf('{', text.indexOf(`main_${Math.floor(files.length / 2)}(`)) + 1;
      const edited = `${text.slice(0, at)} int typed = 1;${text.slice(at)}`;
      analyzer.change(uri, 2, edited, [{ start: at, oldEnd: at, newText: ' int typed = 1;' }]);
      analyzer.analyze(uri, defaultSettings);
      const after = analyzer.reuse(uri)!;
      assert.equal(after.lowered, 1, 'only the edited function is lowered again');
      assert.equal(after.reused, functions - 1);
      assert.ok(after.flowsComputed <= 2, `dataflow recomputed for ${after.flowsComputed} functions`);
      assert.ok(after.flowsReused >= functions - 2);
    } finally {
      analyzer.close(uri);
    }
  });

  it('a helper whose summary changes makes its callers run again, with the new answer', () => {
    const helper = (body: string) => `static void finish(SOCKET c) {\n${body}    closesocket(c);\n}\n`;
    const caller = `void serve(SOCKET listener) {\n    SOCKET c = accept(listener, NULL, NULL);\n    if (c == INVALID_SOCKET) return;\n    finish(c);\n}\n`;
    const other = `void unrelated(SOCKET s) {\n    send(s, "x", 1, 0);\n}\n`;
    const graceful = `    char buf[64];\n    shutdown(c, SD_SEND);\n    while (recv(c, buf, sizeof buf, 0) > 0) {}\n`;
    const head = '#include <winsock2.h>\n';
    const text = head + helper(graceful) + caller + other;
    const uri = 'file:///helper.c';
    analyzer.open(uri, 'c', 1, text);
    try {
      assert.deepEqual(
        analyzer.analyze(uri, defaultSettings)!.findings.map((f) => f.ruleId),
        [],
      );
      // Remove the graceful shutdown from the helper: its summary no longer shuts the socket down.
      const start = text.indexOf(graceful);
      const edited = text.slice(0, start) + text.slice(start + graceful.length);
      analyzer.change(uri, 2, edited, [{ start, oldEnd: start + graceful.length, newText: '' }]);
      const after = analyzer.analyze(uri, defaultSettings)!;
      const fresh = analyzer.analyzeText('file:///fresh.c', 'c', edited, defaultSettings);
      assert.deepEqual(comparable(after.findings), comparable(fresh.findings));
      assert.deepEqual(
        after.findings.map((f) => f.ruleId),
        ['close-without-shutdown'],
      );
      const reuse = analyzer.reuse(uri)!;
      assert.equal(reuse.lowered, 1, 'only the helper is lowered again');
      assert.equal(reuse.flowsComputed, 2, 'the helper and its caller are analysed again');
      assert.equal(reuse.flowsReused, 1, 'the unrelated function keeps its dataflow');
    } finally {
      analyzer.close(uri);
    }
  });

  it('keeps syntax trees only for the documents most recently opened or edited', async () => {
    const own = await Analyzer.create({ wasmDir: wasmDir() });
    try {
      const text = fs.readFileSync(cFiles()[0], 'utf8');
      const uris = Array.from({ length: 3 * Analyzer.liveDocuments }, (_, i) => `file:///open-${i}.c`);
      const expected = new Map<string, string[]>();
      for (const uri of uris) {
        own.open(uri, 'c', 1, text);
        expected.set(
          uri,
          own.analyze(uri, defaultSettings)!.findings.map((f) => `${f.ruleId}@${f.start}`),
        );
      }
      assert.equal(own.treesHeld(), Analyzer.liveDocuments);
      // A document that lost its tree is parsed again on its next change, with the same answer.
      const first = uris[0];
      own.change(first, 2, `${text}\n`, [{ start: text.length, oldEnd: text.length, newText: '\n' }]);
      assert.deepEqual(
        own.analyze(first, defaultSettings)!.findings.map((f) => `${f.ruleId}@${f.start}`),
        expected.get(first),
      );
      assert.equal(own.treesHeld(), Analyzer.liveDocuments);
      for (const uri of uris) own.close(uri);
      assert.equal(own.treesHeld(), 0);
    } finally {
      own.dispose();
    }
  });
});
