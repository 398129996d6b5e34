/**
 * The analyzer never throws, never hangs and never loses a rule, whatever a document holds.
 *
 * `analyzeText` is synchronous, so a hang would block the test process and a `timeout` option
 * alone could never fire. Each analysis therefore runs in a child process (this same file, started
 * with SOCKLINT_ROBUSTNESS_CHILD=1): the test waits for its answer and kills it if none comes, so a
 * hang or a crash fails the one test instead of blocking the run. The child runs the analysis on
 * its main thread, with the same stack the language server has.
 *
 * Per input and language: a result comes back, it is not `skipped` (the facade turns an exception
 * into `skipped: "analysis failed: …"`), `ruleErrors` is empty, and every finding, related span and
 * fix edit lies inside the document. Where an input still holds a well-formed function with a real
 * mistake (an accepted socket closed without shutdown), that finding is reported with the exact
 * range `closesocket(client)`; offsets are UTF-16 code units.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { Analyzer } from '../../server/src/analyzer';
import type { AnalysisResult, Finding } from '../../server/src/engine/findings';
import { getAnalyzer, wasmDir } from '../helpers/analyzer';
import { winsockServerSource } from './winsockServerSource';

type Lang = 'c' | 'cpp';
const LANGS: Lang[] = ['c', 'cpp'];

const TIMEOUT = 120_000;
/** The child gets a little less than the test, so the test reports the hang itself. */
const CHILD_TIMEOUT = 100_000;
/** The answer limit for a case marked as a known bug (todo): several times the engine's own 3 s document budget. */
const TODO_TIMEOUT = 15_000;

// ---------------------------------------------------------------------------------------------
// Inputs

const WIN = '#include <winsock2.h>\n';

/** The mistake every "still found" check looks for: its last occurrence in the input. */
const MISTAKE = 'closesocket(client)';

/** A well-formed Winsock function with one mistake: an accepted socket closed without shutdown. */
const SERVE = `void serve_one(SOCKET ls) {
    SOCKET client = accept(ls, NULL, NULL);
    send(client, "hi", 2, 0);
    closesocket(client);
}
`;

const DEPTH = 20_000;

interface Case {
  name: string;
  text: () => string;
  /** The input still holds SERVE (or another mistake ending in MISTAKE) that must be reported. */
  finds?: boolean;
  /** Languages where `finds` holds (default: both). */
  findsIn?: Lang[];
  /** The input holds no mistake at all: no finding may be reported. */
  clean?: boolean;
  /**
   * Known engine bugs, by language: the test is marked `todo` (it runs, its failure is reported,
   * the run stays green) and the child gets only TODO_TIMEOUT to answer, so a known hang costs
   * seconds, not minutes.
   */
  todo?: Partial<Record<Lang, string>>;
}

const CASES: Case[] = [
  // Half-typed code: the parser swallows what follows, so only "no crash" is required.
  { name: 'half-typed call without ) and ;', text: () => WIN + 'void broken(SOCKET s) {\n    setsockopt(s, SOL_SOCKET, SO_REUSEADDR\n}\n' + SERVE },
  { name: 'half-typed call without ;', text: () => WIN + 'void broken(SOCKET s) {\n    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))\n}\n' + SERVE, finds: true },
  { name: 'half-typed call at the end of the document', text: () => WIN + SERVE + 'void tail(SOCKET s) {\n    bind(s, (struct sockaddr *)&a' },
  { name: 'half-typed statement inside the function with the mistake', text: () => WIN + SERVE.replace('send(client', 'if (client ==\n    send(client') },
  // Unbalanced braces and quotes.
  { name: 'unbalanced { before a function', text: () => WIN + 'void broken(SOCKET s) {\n    if (s) {\n}\n' + SERVE, finds: true },
  { name: 'unbalanced } before a function', text: () => WIN + 'void broken(SOCKET s) {\n    }\n}\n}\n' + SERVE, finds: true },
  { name: 'only opening braces', text: () => WIN + SERVE + '{'.repeat(1000) },
  { name: 'only closing braces', text: () => '}'.repeat(1000) + WIN + SERVE, finds: true },
  { name: 'unterminated string before a function', text: () => WIN + 'void broken(SOCKET s) {\n    send(s, "abc, 3, 0);\n}\n' + SERVE, finds: true, findsIn: ['c'] },
  { name: 'unterminated char literal before a function', text: () => WIN + "void broken(SOCKET s) {\n    char c = 'a;\n}\n" + SERVE, finds: true },
  { name: 'unterminated string at the end', text: () => WIN + SERVE + 'const char *s = "never closed' },
  { name: 'unterminated block comment at the end', text: () => WIN + SERVE + '/* never closed' },
  // Broken preprocessor structure.
  { name: '#if without #endif around a function', text: () => WIN + '#if defined(_WIN32)\n' + SERVE, finds: true },
  { name: '#if without #endif after a function', text: () => WIN + SERVE + '#if defined(_WIN32)\nvoid x(void) {}\n', finds: true },
  { name: '#else without #if before a function', text: () => WIN + '#else\n' + SERVE + '#endif\n', finds: true },
  { name: '#else without #if after a function', text: () => WIN + SERVE + '#else\nvoid x(void) {}\n#endif\n', finds: true },
  { name: '#endif and #elif alone', text: () => WIN + '#endif\n#elif 1\n' + SERVE + '#endif\n#endif\n', finds: true },
  {
    name: '#ifdef inside a function split across branches',
    text: () => WIN + 'void split(SOCKET s) {\n#ifdef _WIN32\n    if (s) {\n#else\n    if (!s) {\n#endif\n        closesocket(s);\n    }\n}\n' + SERVE,
    finds: true,
  },
  // Deep nesting: the deep function may be skipped, the next one must still be analysed.
  { name: `${DEPTH} nested blocks`, text: () => WIN + `void deep(void) {\n${'{'.repeat(DEPTH)}${'}'.repeat(DEPTH)}\n}\n` + SERVE, finds: true },
  {
    name: `${DEPTH} nested if (x) { with closesocket inside`,
    text: () => WIN + `void deep(SOCKET s, int x) {\n${'if (x) {\n'.repeat(DEPTH)}closesocket(s);\n${'}\n'.repeat(DEPTH)}}\n` + SERVE,
    finds: true,
  },
  { name: '50000 nested parentheses', text: () => WIN + `void parens(void) {\n    int y = ${'('.repeat(50_000)}1${')'.repeat(50_000)};\n}\n` + SERVE, finds: true },
  // Left-deep trees: each operator nests the one before it.
  { name: `${DEPTH} conditions joined by &&`, text: () => WIN + `void f(SOCKET s) {\n    if (${Array(DEPTH).fill('s != 0').join(' && ')}) closesocket(s);\n}\n` + SERVE, finds: true },
  {
    name: `${DEPTH} recv calls joined by ||`,
    text: () => WIN + `void f(SOCKET s) {\n    while (${Array(DEPTH).fill('recv(s, 0, 0, 0) > 0').join(' || ')}) {}\n    closesocket(s);\n}\n` + SERVE,
    finds: true,
  },
  { name: `${DEPTH} expressions joined by commas`, text: () => WIN + `void f(SOCKET s) {\n    ${Array(DEPTH).fill('g(s)').join(', ')};\n}\n` + SERVE, finds: true },
  { name: `${DEPTH} else-if arms`, text: () => WIN + `void f(SOCKET s, int k) {\n    if (k == 0) {}\n${'    else if (k == 1) { closesocket(s); }\n'.repeat(DEPTH)}}\n` + SERVE, finds: true },
  { name: `${DEPTH} chained ternaries`, text: () => WIN + `void f(SOCKET s, int k) {\n    closesocket(${'k ? s : '.repeat(DEPTH)}s);\n}\n` + SERVE, finds: true },
  {
    name: `${DEPTH} chained casts, fields and indexes`,
    text: () => WIN + `void f(struct x *p, SOCKET **q) {\n    closesocket(${'(SOCKET)'.repeat(DEPTH)}p${'->n'.repeat(DEPTH)}->fd);\n    closesocket(q${'[0]'.repeat(DEPTH)});\n}\n` + SERVE,
    finds: true,
  },
  {
    name: `#if with ${DEPTH} nested parentheses and ${DEPTH} negations`,
    text: () => WIN + `#if ${'('.repeat(DEPTH)}1${')'.repeat(DEPTH)}\n#if ${'!'.repeat(DEPTH)}0\n` + SERVE + '#endif\n#endif\n',
    finds: true,
  },
  {
    name: `a chain of ${DEPTH} #defines and a #define cycle`,
    text: () =>
      WIN +
      Array.from({ length: DEPTH }, (_, i) => `#define M${i} M${i + 1}\n`).join('') +
      `#define M${DEPTH} SO_REUSEADDR\n#define A B\n#define B A\nvoid f(SOCKET s) {\n    setsockopt(s, SOL_SOCKET, M0, 0, 0);\n    setsockopt(s, SOL_SOCKET, A, 0, 0);\n}\n` +
      SERVE,
    finds: true,
  },
  { name: `${DEPTH} nested namespaces`, text: () => WIN + 'namespace a { '.repeat(DEPTH) + '\n' + SERVE + '}'.repeat(DEPTH) + '\n', finds: true, findsIn: ['cpp'] },
  { name: '50000 unclosed parentheses', text: () => WIN + SERVE + `void parens(void) {\n    int y = ${'('.repeat(50_000)}1;\n}\n` },
  {
    name: '3000 nested C++ lambdas',
    text: () => WIN + `void lambdas(SOCKET s) {\n${'    auto f = [&]() {\n'.repeat(3000)}closesocket(s);\n${'    };\n'.repeat(3000)}}\n` + SERVE,
    finds: true,
  },
  {
    name: '1000 nested GNU C nested functions',
    text: () => WIN + `${'void f(void) {\n'.repeat(1000)}${'}\n'.repeat(1000)}` + SERVE,
    finds: true,
  },
  {
    name: '3000 nested C++ lambdas passed as arguments',
    text: () => WIN + `void lambdas(SOCKET s) {\n${'    g([&]() {\n'.repeat(3000)}closesocket(s);\n${'    });\n'.repeat(3000)}}\n` + SERVE,
    finds: true,
  },
  // Very long input.
  {
    name: 'a 2 MB single line',
    text: () => `int x = 1${'+1'.repeat(1_000_000)};\n` + WIN + SERVE,
    finds: true,
  },
  { name: 'a call with 300000 arguments', text: () => WIN + `void many(SOCKET s) {\n    g(${Array(300_000).fill('s').join(',')});\n}\n` + SERVE },
  { name: '5000 functions', text: () => WIN + Array.from({ length: 5000 }, (_, i) => SERVE.replace('serve_one', `serve_${i}`)).join('') },
  // Odd characters and line ends.
  { name: 'NUL bytes between tokens, in a comment and in a string', text: () => WIN + 'void junk(void) {\n    int a\0 = 1; /* \0 */ char *p = "\0\0";\n}\n' + SERVE, finds: true },
  { name: 'NUL bytes inside the function with the mistake', text: () => WIN + SERVE.replace('send(', '/*\0*/ send('), finds: true },
  { name: 'only NUL bytes', text: () => '\0'.repeat(10_000) },
  { name: 'UTF-8 BOM and CRLF line endings', text: () => '\uFEFF' + (WIN + SERVE).replace(/\n/g, '\r\n'), finds: true },
  { name: 'lone CR line endings', text: () => (WIN + SERVE).replace(/\n/g, '\r'), finds: true },
  {
    name: 'mixed LF, CRLF and CR line endings',
    text: () =>
      (WIN + SERVE)
        .split('\n')
        .map((l, i) => l + ['\n', '\r\n', '\r'][i % 3])
        .join(''),
    finds: true,
  },
  { name: 'emoji in a comment before the mistake', text: () => WIN + '// 😀🚀 ship it 👩‍💻\n' + SERVE, finds: true },
  { name: 'emoji in a string and a comment inside the function', text: () => WIN + SERVE.replace('"hi", 2', '"😀🚀", 8').replace('    closesocket', '    /* 🎉 */ closesocket'), finds: true },
  { name: 'emoji as identifiers', text: () => WIN + 'void 😀(SOCKET 🚀) {\n    closesocket(🚀);\n}\n' + SERVE, finds: true },
  { name: 'lone surrogates', text: () => WIN + '// \uD800 \uDC00\n' + SERVE.replace('"hi"', '"\uDBFF"'), finds: true },
  // Degenerate documents.
  { name: 'an empty document', text: () => '', clean: true },
  { name: 'whitespace only', text: () => ' \t\r\n\n   \r\n', clean: true },
  { name: 'only comments', text: () => '// one\n/* two\n   three */\n// closesocket(client);\n', clean: true },
  { name: 'only preprocessor lines', text: () => WIN + '#define X 1\n#if X\n#pragma once\n#endif\n', clean: true },
  { name: 'a lone }', text: () => '}', clean: true },
  // Control flow.
  {
    name: 'a goto loop around an accepted socket',
    text: () =>
      WIN +
      'void loop(SOCKET ls) {\n    SOCKET client;\nagain:\n    client = accept(ls, NULL, NULL);\n    if (client == INVALID_SOCKET) goto again;\n    send(client, "x", 1, 0);\n    closesocket(client);\n    goto again;\n}\n',
    finds: true,
  },
  { name: 'goto loops with no exit', text: () => WIN + 'void spin(SOCKET s) {\na: goto b;\nb: if (s) goto a; else goto c;\nc: goto a;\n}\n' + SERVE, finds: true },
  { name: 'goto to a missing label and duplicate labels', text: () => WIN + 'void odd(SOCKET s) {\n    goto nowhere;\ndup: closesocket(s);\ndup: goto dup;\n}\n' + SERVE, finds: true },
  {
    name: 'switch with fallthrough into a loop',
    text: () => WIN + 'void sw(SOCKET s, int k) {\n    switch (k) {\n    case 1: while (k) {\n    case 2: closesocket(s);\n    default: k--;\n    }\n    }\n}\n' + SERVE,
    finds: true,
  },
];

/** A seeded generator (mulberry32): the same sequence on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  '{',
  '}',
  '(',
  ')',
  ';',
  ',',
  '"',
  "'",
  '/*',
  '*/',
  '//',
  '\n',
  '\r\n',
  '\r',
  '#if 1\n',
  '#else\n',
  '#endif\n',
  '#ifdef _WIN32\n',
  'if (s) ',
  'else ',
  'for (;;) ',
  'while (x) ',
  'do ',
  'goto L;',
  'L:',
  'return;',
  'break;',
  'SOCKET s = socket(AF_INET, SOCK_STREAM, 0);',
  'bind(s, a, n);',
  'listen(s, 5);',
  's = accept(l, 0, 0);',
  'setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);',
  'shutdown(s, SD_SEND);',
  'closesocket(s);',
  'close(s);',
  '[&]() {',
  'auto f = [=]',
  'void f(SOCKET s) {',
  'struct linger lg = {1, 0};',
  'SO_LINGER',
  'x',
  '0',
  '😀',
  '\0',
  '\\',
];

/** Token soup: the same `count` documents on every run. */
function soup(seed: number, count: number, tokens: number): string[] {
  const rnd = random(seed);
  return Array.from({ length: count }, () => Array.from({ length: tokens }, () => TOKENS[Math.floor(rnd() * TOKENS.length)]).join(' '));
}

/** Inputs analysed many times in one child: every prefix of a real file, and token soup. */
const SWEEPS: Record<string, (lang: Lang) => string[]> = {
  // Between them, the two languages cut the file at every offset: C at even ones, C++ at odd ones.
  'prefixes of a Winsock server (half-typed code at every point)': (lang) => {
    const t = winsockServerSource;
    const out: string[] = [];
    for (let i = lang === 'c' ? 0 : 1; i <= t.length; i += 2) out.push(t.slice(0, i));
    return out;
  },
  'suffixes of a Winsock server': () => {
    const t = winsockServerSource;
    return Array.from({ length: Math.ceil(t.length / 7) }, (_, i) => t.slice(i * 7));
  },
  '300 documents of seeded token soup': () => soup(0x50c1, 300, 200),
};

// ---------------------------------------------------------------------------------------------
// The child: analyses what it is asked and answers over IPC.

interface Request {
  id: number;
  kind: 'case' | 'sweep';
  name: string;
  lang: Lang;
}

interface CaseAnswer {
  id: number;
  result: AnalysisResult;
  log: string[];
}

interface SweepAnswer {
  id: number;
  problems: string[];
  count: number;
}

/** What is wrong with a result, whatever the input: empty when it is sound. */
function problemsOf(text: string, r: AnalysisResult | undefined): string[] {
  if (!r) return ['no result'];
  const out: string[] = [];
  if (r.skipped !== undefined) out.push(`skipped: ${r.skipped}`);
  for (const e of r.ruleErrors) out.push(`rule ${e.ruleId} threw: ${e.message.split('\n').slice(0, 4).join(' | ')}`);
  const inside = (what: string, s: { start: number; end: number }) => {
    if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && 0 <= s.start && s.start <= s.end && s.end <= text.length)) {
      out.push(`${what} [${s.start}, ${s.end}) is outside the document (length ${text.length})`);
    }
  };
  for (const f of r.findings) {
    inside(`${f.ruleId} finding`, f);
    for (const rel of f.related) inside(`${f.ruleId} related span`, rel);
    for (const fix of f.fixes) for (const e of fix.edits) inside(`${f.ruleId} fix edit`, e);
  }
  return out;
}

async function child(): Promise<void> {
  let log: string[] = [];
  const analyzer = await Analyzer.create({ wasmDir: wasmDir(), log: (m) => log.push(m.length > 500 ? m.slice(0, 500) + '…' : m) });
  process.on('message', (msg: Request) => {
    log = [];
    const ext = msg.lang === 'c' ? 'c' : 'cpp';
    if (msg.kind === 'case') {
      const c = CASES.find((x) => x.name === msg.name)!;
      const result = analyzer.analyzeText(`file:///robustness/case.${ext}`, msg.lang, c.text());
      process.send!({ id: msg.id, result, log } satisfies CaseAnswer);
    } else {
      const texts = SWEEPS[msg.name](msg.lang);
      const problems: string[] = [];
      texts.forEach((text, i) => {
        const r = analyzer.analyzeText(`file:///robustness/sweep-${i}.${ext}`, msg.lang, text);
        for (const p of problemsOf(text, r)) if (problems.length < 20) problems.push(`input ${i} ${JSON.stringify(text.slice(0, 200))}: ${p}`);
      });
      process.send!({ id: msg.id, problems, count: texts.length } satisfies SweepAnswer);
    }
  });
  // Ends with the parent, even if the parent could not stop it.
  process.on('disconnect', () => process.exit(0));
  process.send!({ id: 0, ready: true });
}

// ---------------------------------------------------------------------------------------------
// The parent: one child at a time, replaced after a hang or a crash.

class Isolated {
  private child: { proc: ChildProcess; ready: Promise<void>; stderr: string[] } | undefined;
  private nextId = 1;

  private start(): NonNullable<Isolated['child']> {
    // Without NODE_TEST_CONTEXT the child is a plain script, not a test file reporting to `node --test`.
    const env: NodeJS.ProcessEnv = { ...process.env, SOCKLINT_ROBUSTNESS_CHILD: '1' };
    delete env.NODE_TEST_CONTEXT;
    const proc = fork(__filename, [], { env, execArgv: ['--enable-source-maps'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const stderr: string[] = [];
    proc.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
    const ready = new Promise<void>((resolve, reject) => {
      proc.once('message', () => resolve());
      proc.once('exit', (code, signal) => {
        this.drop(proc);
        reject(new Error(`the analysis child exited before it was ready (${code ?? signal}):\n${stderr.join('')}`));
      });
    });
    return { proc, ready, stderr };
  }

  async ask<T>(req: Omit<Request, 'id'>, limitMs = CHILD_TIMEOUT): Promise<T> {
    this.child ??= this.start();
    const { proc, ready, stderr } = this.child;
    await ready;
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        this.drop(proc, 'SIGKILL');
        reject(new Error(`no answer within ${limitMs / 1000} s: the analysis hangs (child killed)`));
      }, limitMs);
      const onMessage = (m: { id: number }) => {
        if (m.id !== id) return;
        cleanup();
        resolve(m as T);
      };
      const onExit = (code: number | null, signal: string | null) => {
        cleanup();
        this.drop(proc);
        reject(new Error(`the analysis child died (${code ?? signal}):\n${stderr.join('').slice(-4000)}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        proc.off('message', onMessage);
        proc.off('exit', onExit);
      };
      proc.on('message', onMessage);
      proc.on('exit', onExit);
      proc.send({ ...req, id });
    });
  }

  /** Forgets a child that hung or died: the next request starts a new one. */
  private drop(proc: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.child?.proc === proc) this.child = undefined;
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
  }

  dispose(): void {
    if (this.child) this.drop(this.child.proc);
  }
}

function describeFindings(text: string, findings: Finding[]): string {
  if (!findings.length) return '  (none)';
  return findings.map((f) => `  [${f.ruleId}] ${f.start}-${f.end} ${JSON.stringify(text.slice(f.start, Math.min(f.end, f.start + 100)))}`).join('\n');
}

function parent(): void {
  const iso = new Isolated();
  after(() => iso.dispose());

  describe('robustness: single inputs', () => {
    for (const c of CASES) {
      for (const lang of LANGS) {
        const todo = c.todo?.[lang];
        it(`${lang}: ${c.name}`, { timeout: TIMEOUT, todo }, async () => {
          const text = c.text();
          const { result, log } = await iso.ask<CaseAnswer>({ kind: 'case', name: c.name, lang }, todo ? TODO_TIMEOUT : CHILD_TIMEOUT);
          const context = () => `\nfindings:\n${describeFindings(text, result.findings)}\nlog:\n  ${log.join('\n  ') || '(empty)'}`;
          assert.deepEqual(problemsOf(text, result), [], `unsound result${context()}`);
          if (c.clean) assert.deepEqual(result.findings, [], `findings in a document without any mistake${context()}`);
          if (c.finds && (c.findsIn ?? LANGS).includes(lang)) {
            const start = text.lastIndexOf(MISTAKE);
            assert.ok(start >= 0, 'test bug: the input holds no closesocket(client)');
            const found = result.findings.some((f) => f.ruleId === 'close-without-shutdown' && f.start === start && f.end === start + MISTAKE.length);
            assert.ok(found, `close-without-shutdown on ${MISTAKE} at ${start}-${start + MISTAKE.length} is not reported${context()}`);
          }
        });
      }
    }
  });

  describe('robustness: sweeps', () => {
    for (const name of Object.keys(SWEEPS)) {
      for (const lang of LANGS) {
        it(`${lang}: ${name}`, { timeout: TIMEOUT }, async () => {
          const { problems, count } = await iso.ask<SweepAnswer>({ kind: 'sweep', name, lang });
          assert.ok(count > 0);
          assert.deepEqual(problems, [], `${problems.length} unsound result(s) among ${count} inputs`);
        });
      }
    }
  });

  describe('robustness: the exact range survives odd encodings', () => {
    // The offset of the call in UTF-16 units, counted by hand: in the first, the BOM (1), the
    // #include line (21 + CRLF), then SERVE's first three lines (29, 45, 31 with their CRLFs) and
    // 4 spaces; in the second, the #include line (22), the comment (3 emoji and 𝕏 are two units
    // each: 16 with its newline), then SERVE's lines (28, 44, 30; the rocket takes the place of
    // "hi", two units too) and 4 spaces. A count in code points would give 133 and 139.
    const cases: Array<{ name: string; text: string; start: number }> = [
      { name: 'BOM + CRLF', text: '\uFEFF' + (WIN + SERVE).replace(/\n/g, '\r\n'), start: 133 },
      { name: 'emoji before the finding', text: WIN + '/* 😀😀😀 𝕏 */\n' + SERVE.replace('"hi", 2', '"🚀", 4'), start: 144 },
    ];
    for (const { name, text, start } of cases) {
      for (const lang of LANGS) {
        it(`${lang}: ${name}`, { timeout: TIMEOUT }, async () => {
          const a = await getAnalyzer();
          const r = a.analyzeText(`file:///robustness/range.${lang}`, lang, text);
          assert.deepEqual(problemsOf(text, r), []);
          const f = r.findings.find((x) => x.ruleId === 'close-without-shutdown');
          assert.ok(f, `no close-without-shutdown finding:\n${describeFindings(text, r.findings)}`);
          assert.equal(text.slice(f.start, f.end), MISTAKE);
          assert.equal(f.start, start);
        });
      }
    }
  });
}

if (process.env.SOCKLINT_ROBUSTNESS_CHILD === '1') {
  child().catch((e) => {
    process.stderr.write(String(e instanceof Error ? e.stack : e));
    process.exit(1);
  });
} else {
  parent();
}
