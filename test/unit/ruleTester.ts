/**
 * typescript-eslint-style rule tests for socklint:
 *
 *   ruleTester('linger-misuse', { valid: [...], invalid: [...] });
 *
 * - valid: the rule reports nothing.
 * - invalid: the rule's findings match `errors` exactly (count, ranges, order by start), each with
 *   its `messageId` (one of the rule's `meta.messages`); optional message / severity /
 *   related-span checks per error.
 * - output: the text after applying the preferred fix of the FIRST error (null = no fix offered),
 *   with `safe` saying whether that fix is a `safeFix` or an `unsafeFix`. The fixed text is analysed
 *   again: the finding must be gone and no new finding of any rule may appear.
 * - otherFixes: the same checks for non-preferred fixes of the first error, picked by title.
 * - compile: the original code and the output are syntax-checked with a real compiler
 *   (C/C++: `gcc`/`mingw`), type-checked with `tsc --noEmit --strict` against @types/node
 *   (TypeScript: `tsc`; all `tsc` snippets of one test file run as one program, see helpers/tsc),
 *   or checked with `node --check` (JavaScript: `node`).
 * - lang: `c`/`cpp`, or `ts`/`tsx` (languageId typescript/typescriptreact) and `js`/`mjs`/`cjs`
 *   (languageId javascript); the document URI gets the matching extension.
 */
import { describe, it, before, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Analyzer } from '../../server/src/analyzer';
import type { Finding, Fix, TextEdit } from '../../server/src/engine/findings';
import type { Settings } from '../../server/src/engine/settings';
import { getAnalyzer } from '../helpers/analyzer';
import { compilerAvailable, compilerFor, type Lang as CLang, type Toolchain as CToolchain } from '../helpers/compile';
import { CompileBatch } from '../helpers/compileBatch';
import { nodeCheck, TscBatch, type JsExt, type TsExt } from '../helpers/tsc';

export type ScriptLang = TsExt | JsExt;
export type Lang = CLang | ScriptLang;
export type Toolchain = CToolchain | 'tsc' | 'node';

const LANGUAGE_IDS: Record<Lang, string> = {
  c: 'c',
  cpp: 'cpp',
  ts: 'typescript',
  tsx: 'typescriptreact',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
};

function isCLang(lang: Lang): lang is CLang {
  return lang === 'c' || lang === 'cpp';
}

function isTsLang(lang: Lang): lang is TsExt {
  return lang === 'ts' || lang === 'tsx';
}

interface CommonCase {
  name: string;
  lang: Lang;
  code: string;
  /** Settings for this case (merged over the defaults by the analyzer). */
  settings?: Settings;
  /** Run only this case (node --test-only) — for debugging. */
  only?: boolean;
  /** Skip this case; the string says why. */
  skip?: string;
  /**
   * A known bug, the string says which: the case runs and, while it fails, is reported as TODO
   * without failing the run; once it passes, it fails, so that the todo is taken out.
   */
  todo?: string;
}

export interface ValidCase extends CommonCase {
  /** Syntax-check the code with this toolchain. */
  compile?: Toolchain;
}

interface ErrorChecks {
  /** Which of the rule's `meta.messages` it is. Every invalid case states it. */
  messageId: string;
  /** The message must contain this. */
  messageIncludes?: string;
  severity?: string;
  /** Some related span must cover exactly this text (first occurrence, or `relatedOccurrence`). */
  related?: string;
  relatedOccurrence?: number;
}

export interface TextError extends ErrorChecks {
  /** The range must be exactly the `occurrence`-th (1-based) occurrence of this text in the code. */
  text: string;
  occurrence?: number;
}

export interface PositionError extends ErrorChecks {
  /** 1-based; endColumn is exclusive (ESLint style); columns count UTF-16 code units. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type ExpectedError = TextError | PositionError;

export interface InvalidCase extends CommonCase {
  errors: ExpectedError[];
  /** Text after applying the preferred fix of the first error; null = the first error offers no fix. */
  output?: string | null;
  /** Whether that fix is safe (`safeFix`, applied by fix-all and `--fix`) or not (`unsafeFix`); stated with every output. */
  safe?: boolean;
  /** Syntax-check the code and the output with this toolchain. */
  compile?: Toolchain;
  /**
   * Other (non-preferred) fixes of the FIRST error, found by title: each is applied on its own and
   * checked like `output` (exact text, re-analysis, compile). output null = only check it is offered.
   */
  otherFixes?: OtherFix[];
}

export interface OtherFix {
  titleIncludes: string;
  /** When given, whether the fix is the preferred one. */
  preferred?: boolean;
  /** When given, whether the fix is safe. */
  safe?: boolean;
  /** The text after applying it; null = only check that it is offered. */
  output: string | null;
  /** Check instead that no fix with such a title is offered (output must be null). */
  absent?: boolean;
}

export interface RuleTests {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

// ---------------------------------------------------------------------------------------------
// Positions and formatting

interface LineCol {
  line: number;
  column: number;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

export function offsetToLineCol(text: string, offset: number): LineCol {
  const starts = lineStarts(text);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}

export function lineColToOffset(text: string, line: number, column: number): number {
  const starts = lineStarts(text);
  assert.ok(line >= 1 && line <= starts.length, `line ${line} is outside the code (1..${starts.length})`);
  return starts[line - 1] + column - 1;
}

/** Start offset of the nth (1-based) occurrence of `needle`. */
export function nthOccurrence(text: string, needle: string, n = 1): number {
  assert.ok(needle.length > 0, 'expected text must not be empty');
  let from = 0;
  for (let i = 1; ; i++) {
    const at = text.indexOf(needle, from);
    assert.ok(at >= 0, `test bug: occurrence ${n} of ${JSON.stringify(needle)} is not in the code (found ${i - 1})`);
    if (i === n) return at;
    from = at + 1;
  }
}

function describeSpan(text: string, start: number, end: number): string {
  const a = offsetToLineCol(text, start);
  const b = offsetToLineCol(text, end);
  const snippet = text.slice(start, end);
  const shown = snippet.length > 120 ? snippet.slice(0, 117) + '...' : snippet;
  return `${a.line}:${a.column}-${b.line}:${b.column} ${JSON.stringify(shown)}`;
}

function describeFinding(text: string, f: Finding): string {
  const related = f.related.map((r) => `\n      related ${describeSpan(text, r.start, r.end)}`).join('');
  const fixes = f.fixes.map((x) => `\n      fix ${JSON.stringify(x.title)}${x.preferred ? ' (preferred)' : ''}${x.safe ? ' safe' : ''}`).join('');
  return `  [${f.ruleId}] ${f.severity} ${describeSpan(text, f.start, f.end)}\n      ${f.message}${related}${fixes}`;
}

function describeFindings(text: string, findings: Finding[]): string {
  return findings.length ? findings.map((f) => describeFinding(text, f)).join('\n') : '  (none)';
}

// ---------------------------------------------------------------------------------------------
// Analysis

function analyze(analyzer: Analyzer, c: CommonCase, text: string, suffix = ''): Finding[] {
  // For C/C++ the extension is the lang; for scripts too (.ts .tsx .js .mjs .cjs).
  const uri = `file:///socklint-test/${encodeURIComponent(c.name)}${suffix}.${c.lang}`;
  const result = analyzer.analyzeText(uri, LANGUAGE_IDS[c.lang], text, c.settings);
  assert.equal(result.skipped, undefined, `analysis was skipped: ${result.skipped}`);
  assert.deepEqual(result.ruleErrors, [], `a rule threw:\n${result.ruleErrors.map((e) => `  ${e.ruleId}: ${e.message}`).join('\n')}`);
  return [...result.findings].sort((a, b) => a.start - b.start || a.end - b.end);
}

function expectedSpan(code: string, e: Omit<TextError, 'messageId'> | Omit<PositionError, 'messageId'>): { start: number; end: number } {
  if ('text' in e) {
    const start = nthOccurrence(code, e.text, e.occurrence ?? 1);
    return { start, end: start + e.text.length };
  }
  return { start: lineColToOffset(code, e.line, e.column), end: lineColToOffset(code, e.endLine, e.endColumn) };
}

function preferredFix(f: Finding): Fix | undefined {
  return f.fixes.find((x) => x.preferred) ?? f.fixes[0];
}

/** Applies non-overlapping edits (asserting they are). Insertions at one offset apply in given order. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i);
  let out = '';
  let pos = 0;
  for (const { e } of sorted) {
    assert.ok(e.start <= e.end && e.end <= text.length, `edit out of range: ${JSON.stringify(e)}`);
    assert.ok(e.start >= pos, `overlapping edits: ${JSON.stringify(sorted.map((s) => s.e))}`);
    out += text.slice(pos, e.start) + e.newText;
    pos = e.end;
  }
  return out + text.slice(pos);
}

function countByRule(findings: Finding[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of findings) m.set(f.ruleId, (m.get(f.ruleId) ?? 0) + 1);
  return m;
}

// ---------------------------------------------------------------------------------------------
// Compilation

/** One per test file (each runs in its own process): the snippets registered by ruleTester. */
const tscBatch = new TscBatch();
const ccBatch = new CompileBatch();

/** The toolchain fits the language: a test bug otherwise (thrown while registering the cases). */
function checkToolchain(ruleId: string, c: CommonCase & { compile?: Toolchain }): void {
  if (!c.compile) return;
  const ok = c.compile === 'tsc' ? isTsLang(c.lang) : c.compile === 'node' ? !isCLang(c.lang) && !isTsLang(c.lang) : isCLang(c.lang);
  if (!ok) throw new Error(`${ruleId}: case ${JSON.stringify(c.name)}: compile '${c.compile}' does not fit lang '${c.lang}'`);
}

/**
 * Registers the snippets a `tsc`, `gcc` or `mingw` case will check (its code and expected fix
 * outputs), so one compiler run checks them all.
 */
function registerCompile(c: CommonCase & { compile?: Toolchain; output?: string | null; otherFixes?: OtherFix[] }): void {
  const toolchain = c.compile;
  const lang = c.lang;
  let add: (text: string, label: string) => void;
  if (toolchain === 'tsc' && isTsLang(lang)) add = (text, label) => tscBatch.add(lang, text, label);
  else if ((toolchain === 'gcc' || toolchain === 'mingw') && isCLang(lang)) add = (text, label) => ccBatch.add(toolchain, lang, text, label);
  else return;
  add(c.code, c.name);
  if (typeof c.output === 'string') add(c.output, `${c.name}.fixed`);
  for (const alt of c.otherFixes ?? []) if (alt.output !== null) add(alt.output, `${c.name}.alt`);
}

/** Returns a message when the compiler is missing locally (the caller skips); fails on CI. */
function compileOrSkip(toolchain: Toolchain, c: CommonCase, text: string, what: string): string | undefined {
  if (toolchain === 'tsc' || toolchain === 'node') {
    const lang = c.lang;
    const r = toolchain === 'tsc' ? tscBatch.check(lang as TsExt, text, c.name) : nodeCheck(lang as JsExt, text, c.name);
    const tool = toolchain === 'tsc' ? 'tsc --noEmit --strict' : 'node --check';
    assert.ok(r.ok, `${what} does not compile with ${tool}:\n${r.stderr}\n--- ${what} ---\n${numbered(text)}`);
    return undefined;
  }
  const lang = c.lang;
  assert.ok(isCLang(lang), `test bug: compile '${toolchain}' needs lang c or cpp, not ${lang}`);
  const cc = compilerFor(toolchain, lang);
  if (!compilerAvailable(cc)) {
    const msg = `${cc} not found: compile check skipped`;
    if (process.env.CI) assert.fail(`${msg} (CI is set, so a missing compiler is an error)`);
    return msg;
  }
  const r = ccBatch.check(toolchain, lang, text, c.name);
  assert.ok(r.ok, `${what} does not compile with ${cc}:\n${r.stderr}\n--- ${what} ---\n${numbered(text)}`);
  return undefined;
}

function numbered(text: string): string {
  return text
    .split('\n')
    .map((l, i) => `${String(i + 1).padStart(3)}| ${l}`)
    .join('\n');
}

// ---------------------------------------------------------------------------------------------
// The tester

function caseOptions(c: CommonCase): { only?: boolean; skip?: string; todo?: string } {
  const o: { only?: boolean; skip?: string; todo?: string } = {};
  if (c.only) o.only = true;
  if (c.skip) o.skip = c.skip;
  if (c.todo) o.todo = c.todo;
  return o;
}

/** Wraps the test body of a `todo` case: its failure is reported as TODO, its success fails. */
function asTodo(c: CommonCase, body: (t: TestContext) => void): (t: TestContext) => void {
  const todo = c.todo;
  if (todo === undefined) return body;
  return (t) => {
    try {
      body(t);
    } catch (err) {
      t.todo(`${todo} (still fails: ${String(err instanceof Error ? err.message : err).split('\n')[0]})`);
      return;
    }
    assert.fail(`case ${JSON.stringify(c.name)} is marked todo (${todo}) but passes now: remove its todo`);
  };
}

function checkUniqueNames(ruleId: string, cases: CommonCase[]): void {
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.name)) throw new Error(`${ruleId}: duplicate case name ${JSON.stringify(c.name)}`);
    seen.add(c.name);
  }
}

export function ruleTester(ruleId: string, tests: RuleTests): void {
  checkUniqueNames(ruleId, tests.valid);
  checkUniqueNames(ruleId, tests.invalid);
  for (const c of [...tests.valid, ...tests.invalid]) {
    checkToolchain(ruleId, c);
    registerCompile(c);
  }

  describe(ruleId, () => {
    let analyzer: Analyzer;
    before(async () => {
      analyzer = await getAnalyzer();
    });

    // Issue #10: every invalid case states its fixed output, or `output: null` for "no fix offered".
    it('every invalid case states its fixed output or that no fix is offered', () => {
      const unstated = tests.invalid.filter((c) => c.output === undefined && c.todo === undefined).map((c) => c.name);
      assert.deepEqual(unstated, [], `invalid cases without output: ${unstated.join('; ')}`);
    });

    describe('valid', () => {
      for (const c of tests.valid) {
        it(
          c.name,
          caseOptions(c),
          asTodo(c, (t: TestContext) => {
            const skipped: string[] = [];
            if (c.compile) {
              const s = compileOrSkip(c.compile, c, c.code, 'the code');
              if (s) skipped.push(s);
            }
            const findings = analyze(analyzer, c, c.code);
            const mine = findings.filter((f) => f.ruleId === ruleId);
            assert.equal(mine.length, 0, `expected no ${ruleId} finding, got:\n${describeFindings(c.code, mine)}\n--- code ---\n${numbered(c.code)}`);
            if (skipped.length) t.skip(skipped.join('; '));
          }),
        );
      }
    });

    describe('invalid', () => {
      for (const c of tests.invalid) {
        it(
          c.name,
          caseOptions(c),
          asTodo(c, (t: TestContext) => {
            assert.ok(c.errors.length > 0, `test bug: invalid case ${JSON.stringify(c.name)} has no errors`);
            const skipped: string[] = [];
            if (c.compile) {
              const s = compileOrSkip(c.compile, c, c.code, 'the code');
              if (s) skipped.push(s);
            }

            const all = analyze(analyzer, c, c.code);
            const mine = all.filter((f) => f.ruleId === ruleId);
            const context = () => `\nactual ${ruleId} findings:\n${describeFindings(c.code, mine)}\n--- code ---\n${numbered(c.code)}`;

            const expected = c.errors.map((e) => ({ e, span: expectedSpan(c.code, e) }));
            assert.equal(mine.length, expected.length, `expected ${expected.length} ${ruleId} finding(s), got ${mine.length}${context()}`);
            for (let i = 1; i < expected.length; i++) {
              assert.ok(expected[i - 1].span.start <= expected[i].span.start, `test bug: errors must be listed in order of their start (error ${i + 1})`);
            }
            expected.forEach(({ e, span }, i) => {
              const f = mine[i];
              const label = `error ${i + 1}`;
              assert.deepEqual({ range: describeSpan(c.code, f.start, f.end) }, { range: describeSpan(c.code, span.start, span.end) }, `${label}: wrong range${context()}`);
              assert.equal(f.messageId, e.messageId, `${label}: wrong messageId (message: ${JSON.stringify(f.message)})`);
              if (e.messageIncludes !== undefined) {
                assert.ok(f.message.includes(e.messageIncludes), `${label}: message ${JSON.stringify(f.message)} does not include ${JSON.stringify(e.messageIncludes)}`);
              }
              if (e.severity !== undefined) assert.equal(f.severity, e.severity, `${label}: wrong severity`);
              if (e.related !== undefined) {
                const want = expectedSpan(c.code, { text: e.related, occurrence: e.relatedOccurrence });
                const got = f.related.map((r) => describeSpan(c.code, r.start, r.end));
                assert.ok(
                  f.related.some((r) => r.start === want.start && r.end === want.end),
                  `${label}: no related span ${describeSpan(c.code, want.start, want.end)}; related spans:\n  ${got.join('\n  ') || '(none)'}${context()}`,
                );
              }
            });

            if (c.output !== undefined) {
              const first = mine[0];
              if (c.output === null) {
                assert.equal(first.fixes.length, 0, `expected no fix, got: ${first.fixes.map((x) => JSON.stringify(x.title)).join(', ')}`);
              } else {
                const fix = preferredFix(first);
                assert.ok(fix, `expected a fix for the first ${ruleId} finding, none offered${context()}`);
                assert.ok(first.fixes.filter((x) => x.preferred).length <= 1, 'more than one preferred fix');
                const fixed = applyEdits(c.code, fix.edits);
                assert.equal(fixed, c.output, `fix ${JSON.stringify(fix.title)} produced a different text`);
                assert.notEqual(c.safe, undefined, `test bug: say whether fix ${JSON.stringify(fix.title)} is safe (safe: ${fix.safe})`);
                assert.equal(fix.safe, c.safe, `fix ${JSON.stringify(fix.title)}: safe`);
                checkFixed(fixed, 'the fixed output');
              }
            }

            for (const alt of c.otherFixes ?? []) {
              const first = mine[0];
              const titles = first.fixes.map((x) => JSON.stringify(x.title)).join(', ') || '(none)';
              const fix = first.fixes.find((x) => x.title.includes(alt.titleIncludes));
              if (alt.absent) {
                assert.equal(alt.output, null, 'test bug: an absent fix has no output');
                assert.equal(fix, undefined, `expected no fix with a title including ${JSON.stringify(alt.titleIncludes)}; fixes: ${titles}`);
                continue;
              }
              assert.ok(fix, `no fix of the first ${ruleId} finding has a title including ${JSON.stringify(alt.titleIncludes)}; fixes: ${titles}`);
              if (alt.preferred !== undefined) assert.equal(!!fix.preferred, alt.preferred, `fix ${JSON.stringify(fix.title)}: preferred`);
              if (alt.safe !== undefined) assert.equal(fix.safe, alt.safe, `fix ${JSON.stringify(fix.title)}: safe`);
              if (alt.output === null) continue;
              const fixed = applyEdits(c.code, fix.edits);
              assert.equal(fixed, alt.output, `fix ${JSON.stringify(fix.title)} produced a different text`);
              checkFixed(fixed, `the output of ${JSON.stringify(fix.title)}`);
            }

            /** The fixed text: the finding is gone, no new finding of any rule, and it still compiles. */
            function checkFixed(fixed: string, what: string): void {
              const after = analyze(analyzer, c, fixed, '.fixed');
              const before = countByRule(all);
              before.set(ruleId, (before.get(ruleId) ?? 0) - 1);
              const grown: string[] = [];
              for (const [id, n] of countByRule(after)) {
                if (n > (before.get(id) ?? 0)) grown.push(`${id}: ${n} after the fix, ${Math.max(0, before.get(id) ?? 0)} allowed`);
              }
              assert.deepEqual(grown, [], `${what} has new findings:\n${describeFindings(fixed, after)}\n--- fixed ---\n${numbered(fixed)}`);
              if (c.compile) {
                const s = compileOrSkip(c.compile, c, fixed, what);
                if (s && !skipped.includes(s)) skipped.push(s);
              }
            }
            if (skipped.length) t.skip(skipped.join('; '));
          }),
        );
      }
    });
  });
}

/** Joins lines with '\n' and adds a final newline: keeps multi-line programs readable in tests. */
export function lines(...ls: string[]): string {
  return ls.join('\n') + '\n';
}
