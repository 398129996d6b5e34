/**
 * Property tests over the examples and test programs (test/fuzz/corpus.ts), mutated the way an
 * editor buffer is while someone types (test/fuzz/mutations.ts):
 *
 * - the analysis returns without throwing, with no rule error and no "analysis failed";
 * - every finding, related span and fix edit lies inside the document;
 * - the same input gives the same findings;
 * - every fix offered removes the finding it is for, adds none (of any rule), and leaves no more
 *   syntax errors than there were;
 * - a comment or whitespace inserted between two tokens of a program changes only the positions
 *   of its findings, never which findings there are.
 *
 * `npm test` runs a short fixed-seed sample; `npm run fuzz` runs many more cases with a new seed
 * each time, or a fixed one under CI (SOCKLINT_FUZZ_RUNS, SOCKLINT_FUZZ_SEED set them; a failure
 * prints the seed and the path that replays it, and the smallest input fast-check could shrink it to).
 */
import { describe, it, before } from 'node:test';
import fc from 'fast-check';
import type { Analyzer } from '../../server/src/analyzer';
import type { AnalysisResult, Finding, Fix } from '../../server/src/engine/findings';
import { getAnalyzer } from '../helpers/analyzer';
import { corpus, type Program } from '../fuzz/corpus';
import { CFAMILY_FILLERS, mutations, SCRIPT_FILLERS } from '../fuzz/mutations';
import { syntaxErrorCounter } from '../fuzz/syntaxErrors';
import { tokenGaps } from '../fuzz/tokenGaps';

const RUNS = Number(process.env.SOCKLINT_FUZZ_RUNS) || 40;
/** `npm run fuzz` (which sets SOCKLINT_FUZZ_RUNS) also tries a comment in every gap of every program. */
const EXHAUSTIVE = !!process.env.SOCKLINT_FUZZ_RUNS;
const SEED = process.env.SOCKLINT_FUZZ_SEED !== undefined ? Number(process.env.SOCKLINT_FUZZ_SEED) : process.env.SOCKLINT_FUZZ_RUNS ? undefined : 20261203;
const options = <T>(): fc.Parameters<T> => ({ numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) });

const programs = corpus();
/** An index, not the program: a counterexample then prints as a few numbers, and shrinks. */
const programIndex = fc.integer({ min: 0, max: programs.length - 1 });

/** Runs the property; a failure says the seed and path that replay it, and the shrunk case. */
function check<T>(property: fc.IProperty<T>): void {
  const out = fc.check(property, options());
  if (!out.failed) return;
  const error = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
  throw new Error(`failed after ${out.numRuns} cases (replay: SOCKLINT_FUZZ_SEED=${out.seed}, path ${JSON.stringify(out.counterexamplePath)}), shrunk ${out.numShrinks} times:\n${error}`);
}

let uris = 0;
function analyze(analyzer: Analyzer, p: Program, text: string): AnalysisResult {
  return analyzer.analyzeText(`file:///fuzz/${++uris}/${p.name.replace(/[^\w.-]+/g, '_')}.${p.ext}`, p.languageId, text);
}

/** What is wrong with a result: out-of-range spans, rule errors, a failed analysis. */
function problems(text: string, r: AnalysisResult): string[] {
  const out: string[] = [];
  if (r.skipped?.startsWith('analysis failed')) out.push(r.skipped);
  for (const e of r.ruleErrors) out.push(`rule ${e.ruleId} threw: ${e.message}`);
  const inside = (what: string, s: { start: number; end: number }): void => {
    if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && 0 <= s.start && s.start <= s.end && s.end <= text.length)) {
      out.push(`${what} [${s.start}, ${s.end}) outside the document (length ${text.length})`);
    }
  };
  for (const f of r.findings) {
    inside(`${f.ruleId} finding`, f);
    for (const rel of f.related) inside(`${f.ruleId} related span`, rel);
    for (const fix of f.fixes) for (const e of fix.edits) inside(`${f.ruleId} fix edit`, e);
  }
  return out;
}

function comparable(findings: Finding[]): string {
  return JSON.stringify(findings.map((f) => ({ ...f })).sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId)));
}

const gaps = new Map<number, number[]>();
function gapsOf(i: number): number[] {
  let found = gaps.get(i);
  if (!found) gaps.set(i, (found = tokenGaps(programs[i].family, programs[i].ext, programs[i].text)));
  return found;
}

describe('fuzzing: mutated programs', () => {
  let analyzer: Analyzer;
  let syntaxErrors: (ext: string, text: string) => number;
  before(async () => {
    analyzer = await getAnalyzer();
    syntaxErrors = await syntaxErrorCounter();
  });

  it(`the analysis returns, without rule errors, with every range inside the document (${RUNS} cases)`, () => {
    check(
      fc.property(programIndex, mutations, (i, m) => {
        const p = programs[i];
        const text = m.apply(p.text);
        const found = problems(text, analyze(analyzer, p, text));
        if (found.length) throw new Error(`${p.name}, ${m.describe}:\n  ${found.join('\n  ')}`);
      }),
    );
  });

  it(`the same input gives the same findings (${RUNS} cases)`, () => {
    check(
      fc.property(programIndex, mutations, (i, m) => {
        const p = programs[i];
        const text = m.apply(p.text);
        const first = comparable(analyze(analyzer, p, text).findings);
        const again = comparable(analyze(analyzer, p, text).findings);
        if (first !== again) throw new Error(`${p.name}, ${m.describe}: two analyses differ\n${first}\n${again}`);
      }),
    );
  });

  it('every fix on the examples and test programs removes its finding and adds none', () => {
    const wrong: string[] = [];
    for (const p of programs) {
      const before = analyze(analyzer, p, p.text).findings;
      for (const f of before) {
        for (const fix of f.fixes) {
          const found = fixProblem(p, p.text, before, f, fix);
          if (found) wrong.push(`${p.name}: fix ${JSON.stringify(fix.title)} of ${f.ruleId} at ${f.start}-${f.end}: ${found.split('\n')[0]}`);
        }
      }
    }
    if (wrong.length) throw new Error(`${wrong.length} fix(es) keep their finding or add one:\n${wrong.join('\n')}`);
  });

  it(`every fix removes its finding and adds none, on mutated programs too (${RUNS} cases)`, () => {
    check(
      fc.property(programIndex, fc.option(mutations, { nil: undefined }), (i, m) => {
        const p = programs[i];
        const text = m ? m.apply(p.text) : p.text;
        const before = analyze(analyzer, p, text).findings;
        for (const f of before) {
          for (const fix of f.fixes) {
            const wrong = fixProblem(p, text, before, f, fix);
            if (wrong) throw new Error(`${p.name}, ${m?.describe ?? 'unmutated'}: fix ${JSON.stringify(fix.title)} of ${f.ruleId} at ${f.start}-${f.end}: ${wrong}`);
          }
        }
      }),
    );
  });

  /** What is wrong with the text a fix produces: overlapping edits, its finding kept, a new finding. */
  function fixProblem(p: Program, text: string, before: Finding[], f: Finding, fix: Fix): string | undefined {
    const edits = [...fix.edits].sort((a, b) => a.start - b.start || a.end - b.end);
    let fixed = '';
    let pos = 0;
    for (const e of edits) {
      if (e.start < pos || e.end > text.length || e.start > e.end) return `edits overlap or leave the document: ${JSON.stringify(edits)}`;
      fixed += text.slice(pos, e.start) + e.newText;
      pos = e.end;
    }
    fixed += text.slice(pos);
    const count = (fs: Finding[]): Map<string, number> => {
      const m = new Map<string, number>();
      for (const x of fs) m.set(x.ruleId, (m.get(x.ruleId) ?? 0) + 1);
      return m;
    };
    const allowed = count(before);
    allowed.set(f.ruleId, allowed.get(f.ruleId)! - 1);
    const after = analyze(analyzer, p, fixed).findings;
    const grown = [...count(after)].filter(([id, n]) => n > (allowed.get(id) ?? 0)).map(([id, n]) => `${id}: ${n} after, ${allowed.get(id) ?? 0} allowed`);
    const repairsBefore = syntaxErrors(p.ext, text);
    const repairsAfter = syntaxErrors(p.ext, fixed);
    if (repairsAfter > repairsBefore) grown.push(`syntax errors: ${repairsAfter} after, ${repairsBefore} before`);
    return grown.length ? `${grown.join('; ')}\n--- fixed text around the edit ---\n${fixed.slice(Math.max(0, edits[0].start - 200), edits[0].start + 400)}` : undefined;
  }

  // The extremes, in each family: the analysis may say it skipped a document (too deep to parse),
  // but it must answer, and answer soundly. (test/unit/robustness.test.ts runs more of them for C
  // and C++, each in a child process that is killed if it hangs.)
  const extremes: Array<[string, (p: Program) => string]> = [
    ['an empty document', () => ''],
    ['20,000 nested braces', (p) => p.text + '{'.repeat(20_000) + '}'.repeat(20_000)],
    ['20,000 nested parentheses', (p) => p.text + `int v = ${'('.repeat(20_000)}1${')'.repeat(20_000)};\n`],
    ['a 2 MB line', (p) => p.text + `// ${'x'.repeat(2 * 1024 * 1024)}\n` + 'y'.repeat(2 * 1024 * 1024)],
    ['100,000 lines', (p) => p.text + 'x;\n'.repeat(100_000)],
  ];
  for (const family of ['c', 'ts'] as const) {
    const p = programs.find((x) => x.family === family && x.ext !== 'cpp')!;
    for (const [name, make] of extremes) {
      it(`${family === 'c' ? 'C' : 'TS'}: ${name} after ${p.name}`, () => {
        const text = make(p);
        const found = problems(text, analyze(analyzer, p, text));
        if (found.length) throw new Error(found.join('\n'));
      });
    }
  }

  // Comments are children wherever they are written; the C front end skips them (syntax.ts firstNamed).
  it(`a comment or whitespace between two tokens changes only positions (${RUNS} cases)`, () => {
    // Which gap and which filler are fractions, scaled to the program's own lists.
    const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
    check(
      fc.property(programIndex, fraction, fraction, (i, g, k) => {
        const p = programs[i];
        const gaps = gapsOf(i);
        const fillers = p.family === 'c' ? CFAMILY_FILLERS : SCRIPT_FILLERS;
        if (gaps.length === 0) return;
        const at = gaps[Math.floor(g * gaps.length)];
        const filler = fillers[Math.floor(k * fillers.length)];
        const wrong = insertionChanges(p, analyze(analyzer, p, p.text).findings, at, filler);
        if (wrong) throw new Error(wrong);
      }),
    );
  });

  it('a comment in every gap between two tokens of every program changes only positions', { skip: !EXHAUSTIVE && 'run by npm run fuzz' }, () => {
    const wrong: string[] = [];
    programs.forEach((p, i) => {
      const before = analyze(analyzer, p, p.text).findings;
      for (const at of gapsOf(i)) {
        const found = insertionChanges(p, before, at, '/* c */');
        if (found) wrong.push(found);
      }
    });
    if (wrong.length) throw new Error(`${wrong.length} insertion(s) changed the findings:\n${wrong.join('\n')}`);
  });

  /** Why inserting `filler` at `at` changed the findings (undefined when it did not). */
  function insertionChanges(p: Program, before: Finding[], at: number, filler: string): string | undefined {
    const text = p.text.slice(0, at) + filler + p.text.slice(at);
    // Where each original finding must be now: an offset at the insertion point moves when a
    // range starts there (the token after the gap) and stays when a range ends there.
    const moved = (x: number, isEnd: boolean): number => (x > at || (x === at && !isEnd) ? x + filler.length : x);
    const key = (f: Finding, start: number, end: number): string => `${f.ruleId} ${start}-${end}`;
    const want = before.map((f) => key(f, moved(f.start, false), moved(f.end, true))).sort();
    const got = analyze(analyzer, p, text)
      .findings.map((f) => key(f, f.start, f.end))
      .sort();
    if (JSON.stringify(want) === JSON.stringify(got)) return undefined;
    const context = JSON.stringify(text.slice(Math.max(0, at - 30), at + filler.length + 30));
    return `${p.name}: ${JSON.stringify(filler)} at ${at} in ${context}\n  expected ${want.join(', ') || '(none)'}\n  got      ${got.join(', ') || '(none)'}`;
  }
});
