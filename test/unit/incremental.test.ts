/**
 * Incremental re-parsing gives the same findings as a fresh parse.
 *
 * A document is opened once and edited with `change(uri, version, text, changes)`, where each
 * change is `{ start, oldEnd, newText }` in UTF-16 offsets on the text as it is just before that
 * change (changes of one call apply in order, as LSP incremental sync sends them). After every
 * step, `analyze` on the edited document must report exactly what `analyzeText` reports for the
 * same text parsed from scratch.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Analyzer, TextChange } from '../../server/src/analyzer';
import { Tree } from 'web-tree-sitter';
import type { Finding } from '../../server/src/engine/findings';
import { defaultSettings } from '../../server/src/engine/settings';
import { getAnalyzer } from '../helpers/analyzer';
import { winsockServerSource } from './winsockServerSource';

type Lang = 'c' | 'cpp';

// ---------------------------------------------------------------------------------------------
// Text helpers

/** Applies changes in order, each on the text left by the previous one. */
function applyChanges(text: string, changes: readonly TextChange[]): string {
  for (const c of changes) {
    assert.ok(0 <= c.start && c.start <= c.oldEnd && c.oldEnd <= text.length, `test bug: change out of range ${JSON.stringify(c)} (length ${text.length})`);
    text = text.slice(0, c.start) + c.newText + text.slice(c.oldEnd);
  }
  return text;
}

/** Offset of the nth (1-based) occurrence of `needle`; fails the test when it is missing. */
function at(text: string, needle: string, n = 1): number {
  let i = -1;
  for (let k = 0; k < n; k++) {
    i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `test bug: occurrence ${n} of ${JSON.stringify(needle)} not found`);
  }
  return i;
}

const insert = (offset: number, newText: string): TextChange => ({ start: offset, oldEnd: offset, newText });
const remove = (start: number, end: number): TextChange => ({ start, oldEnd: end, newText: '' });
const replace = (start: number, end: number, newText: string): TextChange => ({ start, oldEnd: end, newText });
/** Replaces the nth occurrence of `needle`. */
const replaceText = (text: string, needle: string, newText: string, n = 1): TextChange => {
  const s = at(text, needle, n);
  return replace(s, s + needle.length, newText);
};
/** Deletes the whole line (with its line break) holding the nth occurrence of `needle`. */
const removeLine = (text: string, needle: string, n = 1): TextChange => {
  const s = at(text, needle, n);
  const start = text.lastIndexOf('\n', s) + 1;
  const nl = text.indexOf('\n', s);
  return remove(start, nl < 0 ? text.length : nl + 1);
};

/** Changes for one call, each computed on the text the previous ones leave. */
function chain(text: string, ...makers: Array<(t: string) => TextChange>): TextChange[] {
  const out: TextChange[] = [];
  for (const make of makers) {
    const c = make(text);
    out.push(c);
    text = applyChanges(text, [c]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Comparison

function key(f: Finding) {
  return { ruleId: f.ruleId, start: f.start, end: f.end, message: f.message };
}

function full(f: Finding) {
  return {
    ...key(f),
    severity: f.severity,
    related: f.related.map((r) => ({ start: r.start, end: r.end, message: r.message })),
    fixes: f.fixes.map((x) => ({ title: x.title, safe: x.safe, preferred: !!x.preferred, edits: x.edits.map((e) => ({ ...e })) })),
  };
}

function sorted(fs: readonly Finding[]): Finding[] {
  return [...fs].sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message));
}

function show(text: string, fs: readonly Finding[]): string {
  return fs.length ? fs.map((f) => `  [${f.ruleId}] ${f.start}-${f.end} ${JSON.stringify(text.slice(f.start, f.end).slice(0, 80))}`).join('\n') : '  (none)';
}

/** An open document and its expected text, checked against a fresh analysis after each step. */
class EditedDocument {
  private version = 1;
  private n = 0;
  text: string;

  constructor(
    private readonly analyzer: Analyzer,
    private readonly uri: string,
    private readonly lang: Lang,
    text: string,
  ) {
    this.text = text;
    analyzer.open(uri, lang, this.version, text);
  }

  /** Sends changes (or, with `undefined`, the full text) without analysing. */
  change(changes: TextChange[] | undefined, fullText?: string): void {
    this.text = changes ? applyChanges(this.text, changes) : fullText!;
    this.analyzer.change(this.uri, ++this.version, this.text, changes);
  }

  /** Sends `text` with change records that do not describe it (a confused client). */
  changeInconsistently(text: string, changes: TextChange[]): void {
    this.text = text;
    this.analyzer.change(this.uri, ++this.version, text, changes);
  }

  /** Analyses the edited document and a fresh copy of its text; returns the findings. */
  check(label: string): Finding[] {
    const got = this.analyzer.analyze(this.uri, defaultSettings);
    assert.ok(got, `${label}: analyze returned nothing for an open document`);
    assert.equal(got.version, this.version, `${label}: wrong version`);
    assert.equal(got.skipped, undefined, `${label}: analysis skipped: ${got.skipped}`);
    assert.deepEqual(got.ruleErrors, [], `${label}: a rule threw`);
    const fresh = this.analyzer.analyzeText(`${this.uri}.fresh-${++this.n}.${this.lang}`, this.lang, this.text);
    assert.equal(fresh.skipped, undefined, `${label}: fresh analysis skipped: ${fresh.skipped}`);
    const a = sorted(got.findings);
    const b = sorted(fresh.findings);
    const context = () => `\nincremental:\n${show(this.text, a)}\nfresh:\n${show(this.text, b)}\n--- text ---\n${this.text}`;
    assert.deepEqual(a.map(key), b.map(key), `${label}: incremental findings differ from a fresh analysis${context()}`);
    assert.deepEqual(a.map(full), b.map(full), `${label}: related spans, severities or fixes differ from a fresh analysis${context()}`);
    return a;
  }

  step(label: string, changes: TextChange[] | undefined, fullText?: string): Finding[] {
    this.change(changes, fullText);
    return this.check(label);
  }

  close(): void {
    this.analyzer.close(this.uri);
  }
}

const ids = (fs: Finding[]) => fs.map((f) => f.ruleId);
const count = (fs: Finding[], id: string) => fs.filter((f) => f.ruleId === id).length;

// ---------------------------------------------------------------------------------------------
// Scripted edits

const HELPER = `
static SOCKET bind_udp(unsigned short port) {
    SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    if (bind(s, (struct sockaddr *)&a, sizeof(a)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}
`;

const LATE_OPTION = `    BOOL yes = TRUE;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&yes, sizeof(yes));
`;

function scripted(lang: Lang): void {
  it(`${lang}: scripted edits give the findings of a fresh parse`, { timeout: 120_000 }, async () => {
    const analyzer = await getAnalyzer();
    const edits0 = treeEdits;
    const doc = new EditedDocument(analyzer, `file:///incremental/scripted.${lang}`, lang, winsockServerSource);
    try {
      let t = doc.text;
      const initial = doc.check('initial');
      assert.ok(count(initial, 'setsockopt-after-bind') === 1 && count(initial, 'close-without-shutdown') > 0, `the sample should hold findings: ${ids(initial)}`);

      // Several changes in one call: a comment line at the top, then a function at the end
      // (the second offset is on the text left by the first).
      doc.step(
        'multi-line inserts',
        chain(
          doc.text,
          () => insert(0, '/* socklint incremental test\n   second line */\n'),
          (t) => insert(t.length, HELPER),
        ),
      );
      assert.ok(doc.text.endsWith(HELPER), 'test bug: the helper is not at the end');

      // An edit that introduces a finding: setsockopt(SO_REUSEADDR) after bind(s, …).
      t = doc.text;
      let fs = doc.step('introduce setsockopt-after-bind', [insert(at(t, '    return s;\n}'), LATE_OPTION)]);
      assert.equal(count(fs, 'setsockopt-after-bind'), 2, `the late setsockopt in bind_udp should be reported:\n${show(doc.text, fs)}`);

      // Remove the original late setsockopt (a whole line) and rename a variable elsewhere.
      fs = doc.step(
        'remove a finding',
        chain(
          doc.text,
          (t) => removeLine(t, 'setsockopt(listener, SOL_SOCKET, SO_REUSEADDR'),
          (t) => replaceText(t, 'char buf[BUFLEN];', 'char buffer[BUFLEN];'),
        ),
      );
      assert.equal(count(fs, 'setsockopt-after-bind'), 1, `one late setsockopt should be left:\n${show(doc.text, fs)}`);

      // Break the code: drop the closing brace of open_listener, then type half a call.
      doc.step(
        'unbalanced brace',
        chain(
          doc.text,
          (t) => remove(at(t, '    return listener;\n}') + '    return listener;\n'.length, at(t, '    return listener;\n}') + '    return listener;\n}'.length),
          (t) => insert(at(t, 'static void serve'), 'int broken('),
        ),
      );
      doc.step(
        'more half-typed code',
        chain(
          doc.text,
          (t) => insert(at(t, 'int broken('), '/* '),
          (t) => insert(t.length, '\nvoid tail(SOCKET s) { closesocket(s'),
        ),
      );
      // Repair, in reverse document order (as VS Code sends multi-cursor edits).
      t = doc.text;
      const tail = at(t, '\nvoid tail(');
      const broken = at(t, '/* int broken(');
      doc.step('repair', [remove(tail, t.length), remove(broken, broken + '/* int broken('.length), insert(broken, '}')]);
      fs = doc.check('repaired (analysed twice without a change)');
      assert.ok(count(fs, 'close-without-shutdown') > 0, `the repaired file should be analysed again:\n${show(doc.text, fs)}`);

      // Emoji: before a finding, inside a string, and a deletion that removes whole code points.
      t = doc.text;
      doc.step('emoji inserts', [insert(at(t, 'static void serve'), '// 😀 served with 🚀 and 👩‍💻\n'), replaceText(t, '"WSAStartup failed\\n"', '"WSAStartup 💥 failed\\n"')]);
      doc.step(
        'emoji deletion',
        chain(
          doc.text,
          (t) => remove(at(t, '🚀'), at(t, '🚀') + 2),
          (t) => replaceText(t, '👩‍💻', '🧑🏽‍🔧'),
        ),
      );
      t = doc.text;
      doc.step('emoji next to the finding', [insert(at(t, 'closesocket(client);\n    }\n}'), '/*🎉*/ ')]);

      // CRLF: turn part of the file into CRLF with several changes, then insert CRLF code.
      t = doc.text;
      const crlf: TextChange[] = [];
      const from = at(t, 'static void serve');
      const to = at(t, 'int main(void)');
      for (let i = t.lastIndexOf('\n', to); i >= from; i = t.lastIndexOf('\n', i - 1)) crlf.push(insert(i, '\r'));
      fs = doc.step('LF to CRLF in one function (reverse order)', crlf);
      assert.ok(doc.text.includes('\r\n'));
      t = doc.text;
      doc.step('insert CRLF code', [insert(at(t, '    serve(listener);'), '    SOCKET extra = accept(listener, NULL, NULL);\r\n    closesocket(extra);\r\n')]);
      t = doc.text;
      doc.step('split a CRLF pair', [insert(at(t, '\r\n') + 1, '// between CR and LF\n')]);

      // Several change() calls before one analyze.
      doc.change([insert(0, '#define EXTRA 1\n')]);
      doc.change([insert(doc.text.length, '/* trailing */\n')]);
      doc.change([replaceText(doc.text, '#define EXTRA 1\n', '')]);
      doc.check('three changes, one analysis');

      // Full replacements (changes undefined), then incremental edits on top again.
      fs = doc.step('full replacement', undefined, winsockServerSource.replace(/\n/g, '\r\n'));
      assert.equal(count(fs, 'setsockopt-after-bind'), 1);
      t = doc.text;
      doc.step('incremental after a full replacement', [removeLine(t, 'setsockopt(listener, SOL_SOCKET, SO_REUSEADDR')]);
      doc.step('full replacement with an empty change list', [], winsockServerSource);

      // An unterminated comment swallows everything; closing it again.
      doc.step('open an unterminated comment', [insert(0, '/*')]);
      doc.step('close it', [remove(0, 2)]);

      // Down to an empty document and back, incrementally.
      fs = doc.step('delete everything', [remove(0, doc.text.length)]);
      assert.deepEqual(fs, []);
      fs = doc.step('type it all back', [insert(0, winsockServerSource)]);
      assert.equal(count(fs, 'setsockopt-after-bind'), 1);

      // Typing inside identifiers and a keyword, then undoing.
      t = doc.text;
      doc.step('split identifiers', [insert(at(t, 'closesocket(client);') + 6, ' '), insert(at(t, 'bind(listener') + 2, '_'), replaceText(t, 'for (;;)', 'fo r (;;)')]);
      fs = doc.step('undo, out of order', undefined, winsockServerSource);
      assert.deepEqual(ids(fs), ids(initial));
      assert.ok(treeEdits > edits0 + 20, `only ${treeEdits - edits0} edits reached the parse tree: the incremental path was not taken`);
    } finally {
      doc.close();
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Seeded random edits

/** mulberry32: a small seeded generator, the same sequence on every run. */
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

const SNIPPETS = [
  '{',
  '}',
  '{\n}',
  ';',
  '(',
  ')',
  '"',
  '/*',
  '*/',
  '// note\n',
  '\n',
  '\r\n',
  '    ',
  'x',
  '0',
  '😀',
  '🚀 ',
  '\r\n\r\n',
  'if (n > 0) {\n',
  'else ',
  'goto done;\n',
  'done:\n',
  'break;\n',
  'continue;\n',
  'return 0;\n',
  '#ifdef _WIN32\n',
  '#else\n',
  '#endif\n',
  '    shutdown(client, SD_SEND);\n',
  '    closesocket(client);\n',
  '    BOOL on2 = TRUE;\n    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, (const char *)&on2, sizeof(on2));\n',
  '    setsockopt(listener, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));\r\n',
  '    struct linger lz = {1, 0};\n    setsockopt(client, SOL_SOCKET, SO_LINGER, (const char *)&lz, sizeof(lz));\n',
  '    bind(listener, (struct sockaddr *)&addr, sizeof(addr));\n',
  '    SOCKET c2 = accept(listener, NULL, NULL);\n    closesocket(c2);\n',
  'static void extra(SOCKET s) {\n    shutdown(s, SD_SEND);\n    closesocket(s);\n}\n',
];

/** A random offset that does not split a surrogate pair (editors never do). */
function offsetIn(text: string, rnd: () => number): number {
  let o = Math.floor(rnd() * (text.length + 1));
  if (o > 0 && o < text.length && /[\uDC00-\uDFFF]/.test(text[o]) && /[\uD800-\uDBFF]/.test(text[o - 1])) o--;
  return o;
}

/** Line starts, so some edits work on whole lines (as cut/paste and undo do). */
function lineStartsOf(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

function randomChange(text: string, rnd: () => number): TextChange {
  const pick = rnd();
  if (pick < 0.35) return insert(offsetIn(text, rnd), SNIPPETS[Math.floor(rnd() * SNIPPETS.length)]);
  if (pick < 0.55) {
    const s = offsetIn(text, rnd);
    return remove(s, Math.min(text.length, s + Math.floor(rnd() * 40)));
  }
  if (pick < 0.75) {
    // Whole lines, as cut, paste and undo produce: delete or duplicate one.
    const starts = lineStartsOf(text);
    const i = Math.floor(rnd() * starts.length);
    const s = starts[i];
    const e = i + 1 < starts.length ? starts[i + 1] : text.length;
    return rnd() < 0.5 ? remove(s, e) : insert(s, text.slice(s, e));
  }
  const s = offsetIn(text, rnd);
  const e = Math.min(text.length, s + Math.floor(rnd() * 12));
  return replace(s, e, SNIPPETS[Math.floor(rnd() * SNIPPETS.length)]);
}

/** Makes sure no change ends inside a surrogate pair either. */
function safeEnd(text: string, c: TextChange): TextChange {
  let end = c.oldEnd;
  if (end > 0 && end < text.length && /[\uDC00-\uDFFF]/.test(text[end]) && /[\uD800-\uDBFF]/.test(text[end - 1])) end++;
  return { ...c, oldEnd: end };
}

function randomWalk(lang: Lang, seed: number, steps: number): void {
  it(`${lang}: ${steps} seeded random edit steps (seed ${seed.toString(16)}) give the findings of a fresh parse`, { timeout: 120_000 }, async () => {
    const analyzer = await getAnalyzer();
    const rnd = random(seed);
    const doc = new EditedDocument(analyzer, `file:///incremental/random-${seed}.${lang}`, lang, winsockServerSource);
    const seen = new Set<string>();
    const edits0 = treeEdits;
    try {
      doc.check('initial');
      for (let step = 1; step <= steps; step++) {
        const roll = rnd();
        if (roll < 0.06) {
          doc.step(`step ${step}: full replacement with the sample`, undefined, winsockServerSource);
          continue;
        }
        if (roll < 0.1) {
          // Back to the sample through one incremental change of the whole text.
          doc.step(`step ${step}: incremental reset`, [replace(0, doc.text.length, winsockServerSource)]);
          continue;
        }
        const n = 1 + Math.floor(rnd() * 4);
        const changes: TextChange[] = [];
        let t = doc.text;
        for (let k = 0; k < n; k++) {
          const c = safeEnd(t, randomChange(t, rnd));
          changes.push(c);
          t = applyChanges(t, [c]);
        }
        const fs = doc.step(`step ${step}: ${JSON.stringify(changes)}`, changes);
        for (const f of fs) seen.add(f.ruleId);
      }
      // The walk must have kept the file meaningful long enough to see findings of several rules.
      assert.ok(seen.size >= 3, `the random walk saw too few rules: ${[...seen]}`);
      assert.ok(treeEdits - edits0 >= steps, `only ${treeEdits - edits0} edits reached the parse tree: the incremental path was not taken`);
    } finally {
      doc.close();
    }
  });
}

// ---------------------------------------------------------------------------------------------

/**
 * Counts the edits that reach a parse tree, so the tests can tell that the incremental path was
 * taken (a change the analyzer cannot apply falls back, silently, to a full parse).
 */
let treeEdits = 0;
const originalEdit = Tree.prototype.edit;

describe('incremental parsing', () => {
  before(async () => {
    await getAnalyzer();
    Tree.prototype.edit = function (this: Tree, ...args: Parameters<Tree['edit']>) {
      treeEdits++;
      return originalEdit.apply(this, args);
    };
  });
  after(() => {
    Tree.prototype.edit = originalEdit;
  });

  scripted('c');
  scripted('cpp');
  randomWalk('c', 0x5eed1, 60);
  randomWalk('c', 0xc0ffee, 60);
  randomWalk('cpp', 0xbadc0de, 60);

  it('change and analyze on documents that are not open do nothing', async () => {
    const analyzer = await getAnalyzer();
    const uri = 'file:///incremental/never-opened.c';
    analyzer.change(uri, 2, 'int x;', [insert(0, 'int x;')]);
    assert.equal(analyzer.analyze(uri, defaultSettings), undefined);
    analyzer.open(uri, 'c', 1, winsockServerSource);
    assert.ok(analyzer.analyze(uri, defaultSettings)!.findings.length > 0);
    analyzer.close(uri);
    assert.equal(analyzer.analyze(uri, defaultSettings), undefined);
    analyzer.change(uri, 3, '', [remove(0, winsockServerSource.length)]);
    assert.equal(analyzer.analyze(uri, defaultSettings), undefined);
  });

  it('a change whose offsets do not match the text falls back to a full parse', async () => {
    const analyzer = await getAnalyzer();
    const doc = new EditedDocument(analyzer, 'file:///incremental/mismatch.c', 'c', winsockServerSource);
    try {
      doc.check('initial');
      // The client claims an edit that does not produce the text it sends.
      const claimed = [insert(0, '/* something else */\n')];
      doc.changeInconsistently(winsockServerSource.replace('setsockopt(listener, SOL_SOCKET, SO_REUSEADDR', 'setsockopt(listener, SOL_SOCKET, SO_KEEPALIVE'), claimed);
      const fs = doc.check('mismatched change');
      assert.equal(count(fs, 'setsockopt-after-bind'), 0);
      // Out-of-range offsets (past the end, inverted) must not throw either.
      doc.changeInconsistently(winsockServerSource, [{ start: 10_000_000, oldEnd: 5, newText: 'x' }]);
      doc.check('out-of-range change');
      doc.changeInconsistently(winsockServerSource.slice(0, 100), [{ start: -5, oldEnd: 1e9, newText: '' }]);
      doc.check('negative and huge offsets');
    } finally {
      doc.close();
    }
  });
});
