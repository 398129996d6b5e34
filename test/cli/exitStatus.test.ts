// Exit status rules, on reports built by hand: incomplete analyses, failing levels, --max-warnings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Severity } from '../../server/src/engine/findings';
import { exitStatus } from '../../server/src/cli/exitStatus';
import type { FileReport, ReportedFinding } from '../../server/src/cli/report';
import { summarise } from '../../server/src/cli/summary';

const at = { start: { line: 3, column: 5 }, end: { line: 3, column: 9 } };
const finding = (ruleId: string, severity: Severity, message = 'm'): ReportedFinding => ({ ruleId, severity, message, range: at, related: [], fixes: [], fingerprint: 'f:1' });
const report = (findings: ReportedFinding[], errors: string[] = []): FileReport => ({ index: 0, path: '/x/a.c', display: 'a.c', languageId: 'c', findings, errors, notes: [], logs: [] });
const defaults = { allowIncomplete: false, exitZero: false, failLevel: 'warning' as Severity, maxWarnings: undefined as number | undefined };

function status(reports: FileReport[], opts: Partial<typeof defaults> = {}): { code: number; notes: string[] } {
  const notes: string[] = [];
  const code = exitStatus(reports, summarise(reports), { ...defaults, ...opts }, (m) => notes.push(m));
  return { code, notes };
}

test('an incomplete analysis exits 2 with a message naming where, unless --allow-incomplete', () => {
  const incomplete = finding('socklint-incomplete', 'information', 'serve_forever was not fully analysed: more than 100000 CFG edges');
  const r = status([report([incomplete])]);
  assert.equal(r.code, 2);
  assert.match(r.notes[0], /^1 function was not fully analysed, so findings may be missing; pass --allow-incomplete to accept this$/);
  assert.equal(r.notes[1], '  a.c:3:5: serve_forever was not fully analysed: more than 100000 CFG edges');
  assert.equal(status([report([incomplete])], { allowIncomplete: true }).code, 0, 'accepted, it is an information finding like any other');
  assert.equal(status([report([incomplete, finding('linger-misuse', 'warning')])], { allowIncomplete: true }).code, 1);
  assert.equal(status([report([incomplete])], { exitZero: true }).code, 2, '--exit-zero is about findings, not about what was not analysed');
  assert.equal(status([report([incomplete])], { failLevel: 'information' }).code, 2);
});

test('a file that could not be analysed exits 2', () => {
  assert.equal(status([report([], ['rule linger-misuse failed: boom'])]).code, 2);
});

test('failing level and --max-warnings', () => {
  const w = finding('linger-misuse', 'warning');
  const e = finding('invalid-socket-compare', 'error');
  const i = finding('shutdown-without-drain', 'information');
  const h = finding('bind-result-unchecked', 'hint');
  assert.equal(status([report([])]).code, 0);
  assert.equal(status([report([i, h])]).code, 0);
  assert.equal(status([report([h])], { failLevel: 'hint' }).code, 1);
  assert.equal(status([report([i])], { failLevel: 'information' }).code, 1);
  assert.equal(status([report([w])]).code, 1);
  assert.equal(status([report([w])], { failLevel: 'error' }).code, 0);
  assert.equal(status([report([w, w])], { maxWarnings: 2 }).code, 0);
  assert.equal(status([report([w, w, w])], { maxWarnings: 2 }).code, 1);
  assert.equal(status([report([w, w, w])], { maxWarnings: 2, failLevel: 'error' }).code, 1, '--max-warnings counts whatever the level');
  assert.equal(status([report([e])], { maxWarnings: 5 }).code, 1);
  assert.equal(status([report([e, w])], { exitZero: true }).code, 0);
});
