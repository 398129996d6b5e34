import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../server/src/engine/edits';
import type { Finding, Fix } from '../../../server/src/engine/findings';
import { bulkFix, diffEdit, fixAllText } from '../../../server/src/engine/fixAll';

const fix = (start: number, end: number, newText: string, extra: Partial<Fix> = {}): Fix => ({ title: 't', edits: [{ start, end, newText }], safe: true, preferred: true, ...extra });
const finding = (ruleId: string, fixes: Fix[]): Finding => ({ ruleId, messageId: 'm', message: 'm', severity: 'warning', start: fixes[0]?.edits[0].start ?? 0, end: 0, related: [], fixes });

describe('fix all', () => {
  it('applies one fix per finding; fixes that touch wait for the next pass, which re-analyses', () => {
    const text = 'aaaa';
    let passes = 0;
    // Two fixes at the same offset: the second one waits, then the re-analysis offers it again.
    const out = fixAllText(
      text,
      [finding('r', [fix(1, 1, 'X')]), finding('r', [fix(1, 2, 'Y')])],
      (t) => {
        passes++;
        return t.includes('Y') ? [] : [finding('r', [fix(2, 3, 'Y')])];
      },
      { safeOnly: true },
    );
    assert.equal(out.text, 'aXYaa');
    assert.equal(out.applied, 2);
    assert.equal(passes, 2);
  });

  it('safe-only skips unsafe fixes and takes the preferred one otherwise', () => {
    const unsafe = fix(0, 1, 'U', { safe: false });
    const safe = fix(0, 1, 'S', { preferred: false });
    assert.equal(bulkFix(finding('r', [unsafe, safe]), true), safe);
    assert.equal(bulkFix(finding('r', [safe, unsafe]), false), unsafe);
    assert.equal(fixAllText('ab', [finding('r', [unsafe])], () => [], { safeOnly: true }).text, 'ab');
  });

  it('keeps to one rule when asked', () => {
    const out = fixAllText('abc', [finding('a', [fix(0, 1, 'A')]), finding('b', [fix(2, 3, 'C')])], () => [], { safeOnly: false, ruleId: 'b' });
    assert.equal(out.text, 'abC');
  });

  it('stops when a pass changes nothing, and after ten passes whatever the analysis says', () => {
    let calls = 0;
    const endless = fixAllText('x', [finding('r', [fix(0, 1, 'x')])], () => [finding('r', [fix(0, 1, 'x')])], { safeOnly: true });
    assert.equal(endless.text, 'x');
    const growing = fixAllText(
      '',
      [finding('r', [fix(0, 0, 'y')])],
      () => {
        calls++;
        return [finding('r', [fix(0, 0, 'y')])];
      },
      { safeOnly: true },
    );
    assert.equal(growing.text, 'y'.repeat(10));
    assert.equal(calls, 10);
  });

  it('diffEdit is the smallest single edit and never splits a surrogate pair', () => {
    for (const [a, b] of [
      ['hello world', 'hello there world'],
      ['abc', 'abc'],
      ['x😀y', 'x😁y'],
      ['😀', ''],
      ['', 'new'],
      ['line\r\nnext', 'line\r\nmid\r\nnext'],
    ]) {
      const edit = diffEdit(a, b);
      if (a === b) {
        assert.equal(edit, undefined);
        continue;
      }
      assert.ok(edit);
      assert.equal(applyEdits(a, [edit]), b);
      const isLow = (s: string, i: number) => i > 0 && i < s.length && s.charCodeAt(i) >= 0xdc00 && s.charCodeAt(i) <= 0xdfff;
      assert.ok(!isLow(a, edit.start) && !isLow(a, edit.end), `${a} → ${b}: ${JSON.stringify(edit)}`);
    }
    assert.deepEqual(diffEdit('hello world', 'hello there world'), { start: 6, end: 6, newText: 'there ' });
  });
});
