/**
 * Same text, same findings, whatever the file's size: nothing but counted work limits decides what
 * is analysed (server/src/engine/limits.ts), and what passes a limit is said, not dropped.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Analyzer } from '../../server/src/analyzer';
import type { Finding } from '../../server/src/engine/findings';
import { defaultSettings } from '../../server/src/engine/settings';
import { incompleteRuleId } from '../../server/src/engine/incomplete';
import { getAnalyzer, repoRoot } from '../helpers/analyzer';

/** The Windows example programs, each function renamed with the copy's number so copies never call each other. */
function part(copy: number): string {
  const dir = path.join(repoRoot(), 'examples', 'windows');
  const texts: string[] = [];
  for (const f of fs.readdirSync(dir).sort()) {
    if (!f.endsWith('.c')) continue;
    let t = fs.readFileSync(path.join(dir, f), 'utf8');
    const names = new Set<string>();
    for (const m of t.matchAll(/^[A-Za-z_][\w \t*]*?\b([A-Za-z_]\w*)\s*\([^;{]*\)\s*\{/gm)) names.add(m[1]);
    for (const n of names) t = t.replace(new RegExp(`\\b${n}\\b`, 'g'), `${n}_${copy}`);
    texts.push(t);
  }
  return texts.join('\n');
}

const key = (f: Finding) => `${f.ruleId}`;
function countByRule(findings: Finding[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of findings) m.set(key(f), (m.get(key(f)) ?? 0) + 1);
  return m;
}

describe('determinism', () => {
  let analyzer: Analyzer;
  before(async () => {
    analyzer = await getAnalyzer();
  });

  it('a 25,000-line file gives exactly N times the findings of its 1/N part', () => {
    const one = part(0);
    const lines = one.split('\n').length;
    const n = Math.ceil(25_000 / lines);
    const whole = Array.from({ length: n }, (_, i) => part(i)).join('\n');
    assert.ok(whole.split('\n').length >= 25_000, 'test bug: the file is shorter than 25,000 lines');
    const small = analyzer.analyzeText('file:///part.c', 'c', one, defaultSettings).findings;
    const big = analyzer.analyzeText('file:///whole.c', 'c', whole, defaultSettings).findings;
    assert.ok(small.length >= 5, `test bug: the part should have findings, has ${small.length}`);
    assert.equal(big.filter((f) => f.ruleId === incompleteRuleId).length, 0, 'no function of real code passes a work limit');
    const expected = new Map([...countByRule(small)].map(([k, v]) => [k, v * n]));
    assert.deepEqual(countByRule(big), expected);
    assert.equal(big.length, small.length * n);
  });

  it('the same text twice gives the same findings, in the same order', () => {
    const text = [part(0), part(1)].join('\n');
    const a = analyzer.analyzeText('file:///a.c', 'c', text, defaultSettings).findings;
    const b = analyzer.analyzeText('file:///a.c', 'c', text, defaultSettings).findings;
    assert.deepEqual(b, a);
  });

  it('a function past a work limit is reported on its name, and the rest of the file is analysed', () => {
    const deep = `void generated(SOCKET s) {\n${'    if (s) {\n'.repeat(300)}        closesocket(s);\n${'    }\n'.repeat(300)}}\n`;
    const text = `${part(0)}\n${deep}`;
    const findings = analyzer.analyzeText('file:///deep.c', 'c', text, defaultSettings).findings;
    const incomplete = findings.filter((f) => f.ruleId === incompleteRuleId);
    assert.equal(incomplete.length, 1);
    assert.equal(text.slice(incomplete[0].start, incomplete[0].end), 'generated');
    assert.equal(incomplete[0].severity, 'information');
    assert.match(incomplete[0].message, /did not analyse 'generated': statements nested deeper than 256/);
    const others = analyzer.analyzeText('file:///part.c', 'c', part(0), defaultSettings).findings;
    assert.deepEqual(
      findings.filter((f) => f.ruleId !== incompleteRuleId).map((f) => [f.ruleId, f.start]),
      others.map((f) => [f.ruleId, f.start]),
    );
  });

  it('socklint-incomplete can be turned off and suppressed like a rule', () => {
    const deep = `void generated(SOCKET s) {\n${'    if (s) {\n'.repeat(300)}${'    }\n'.repeat(300)}}\n`;
    const off = analyzer.analyzeText('file:///deep.c', 'c', `#include <winsock2.h>\n${deep}`, { ...defaultSettings, rules: { [incompleteRuleId]: 'off' } }).findings;
    assert.deepEqual(off, []);
    const suppressed = analyzer.analyzeText('file:///deep.c', 'c', `#include <winsock2.h>\n// socklint-disable-next-line ${incompleteRuleId}\n${deep}`, defaultSettings).findings;
    assert.deepEqual(suppressed, []);
  });

  it('a TypeScript function past a work limit is reported on its name', () => {
    const text = `import * as net from 'node:net';\nexport function generated(s: net.Socket): void {\n${'  if (s) {\n'.repeat(300)}    s.destroy();\n${'  }\n'.repeat(300)}}\n`;
    const findings = analyzer.analyzeText('file:///deep.ts', 'typescript', text, defaultSettings).findings;
    const incomplete = findings.filter((f) => f.ruleId === incompleteRuleId);
    assert.equal(incomplete.length, 1);
    assert.equal(text.slice(incomplete[0].start, incomplete[0].end), 'generated');
  });
});
