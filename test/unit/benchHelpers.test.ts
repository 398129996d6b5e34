/**
 * The bench's pure helpers (scripts/bench/): its generated sources are the same on every run, and
 * its edits land where they should and undo each other. Timing itself is never tested here.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../server/repoRoot';

interface Edit {
  kind: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

/* The helpers are plain .mjs scripts: loaded at run time, typed here by what the test uses. */
let genC: {
  exampleFiles(root: string): [string, string][];
  examplesSource(files: [string, string][], lines: number): string;
  fileScopeNames(text: string): string[];
  cSource(lines: number, variant?: number): string;
};
let editing: { editSpots(text: string): { statement?: { line: number }; comment?: { line: number } }; editRound(spots: unknown): Edit[] };
let stats: { stats(values: number[]): { median: number; p95: number; n: number } };

const load = (file: string) => import(pathToFileURL(path.join(repoRoot(), 'scripts/bench', file)).href);

function apply(text: string, edit: Edit): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(0, offset(edit.range.start)) + edit.text + text.slice(offset(edit.range.end));
}

describe('bench helpers', () => {
  before(async () => {
    [genC, editing, stats] = await Promise.all([load('gen-c.mjs'), load('editing.mjs'), load('stats.mjs')]);
  });

  it('builds the ~12,000-line C file from examples/ the same way every time, each copy with its own names', () => {
    const files = genC.exampleFiles(repoRoot());
    const a = genC.examplesSource(files, 12_000);
    assert.equal(a, genC.examplesSource(genC.exampleFiles(repoRoot()), 12_000));
    assert.ok(a.split('\n').length >= 12_000 && a.split('\n').length < 12_300, `${a.split('\n').length} lines`);
    assert.deepEqual(genC.fileScopeNames('static const char reply[] = "x";\nint main(void)\n{\n    int n = 0;\n}\n'), ['reply', 'main']);
    const mains = [...a.matchAll(/^int (main\w*)\(/gm)].map((m) => m[1]);
    assert.ok(mains.length > 100);
    assert.equal(new Set(mains).size, mains.length, 'every copy of main has its own name');
    assert.ok(!/\bmain\(/.test(a), 'no main left unrenamed');
  });

  it('gives each C variant a distinct text with the same shape', () => {
    const v1 = genC.cSource(2000, 1);
    const v2 = genC.cSource(2000, 2);
    assert.notEqual(v1, v2);
    assert.equal(v1.split('\n').length, v2.split('\n').length);
    assert.equal(v1, genC.cSource(2000, 1));
    assert.equal(v1.replace(/_v1\(/g, '('), genC.cSource(2000));
  });

  it('edits a statement and a comment near the middle, and a round leaves the text as it was', () => {
    const body = ['int f(int s)', '{', '    /* a comment */', '    s = g(s);', '    return s;', '}'];
    const text = [...Array(20).fill('int x;'), ...body, ...Array(20).fill('int y;')].join('\n');
    const spots = editing.editSpots(text);
    assert.equal(spots.statement?.line, 23);
    assert.equal(spots.comment?.line, 22);
    const round = editing.editRound(spots);
    assert.deepEqual(
      round.map((e) => e.kind),
      ['type', 'delete', 'newline', 'join', 'comment', 'comment'],
    );
    const typed = apply(text, round[0]);
    assert.equal(typed.split('\n')[23], '    sx = g(s);');
    assert.equal(round.reduce(apply, text), text);
  });

  it('summarises samples by median and nearest-rank p95', () => {
    const s = stats.stats(Array.from({ length: 100 }, (_, i) => 100 - i));
    assert.equal(s.median, 50.5);
    assert.equal(s.p95, 95);
    assert.equal(stats.stats([3, 1, 2]).median, 2);
  });
});
