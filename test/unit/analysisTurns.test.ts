/**
 * The server's analyses (Analyzer.analyzeInTurns) give the event loop a turn between functions:
 * a small document is answered while a large one is being analysed, an edit that lands meanwhile
 * makes the large one's result outdated (undefined), and the tree it read was a copy.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Analyzer } from '../../server/src/analyzer';
import { defaultSettings } from '../../server/src/engine/settings';
import { getAnalyzer, repoRoot } from '../helpers/analyzer';

function bigText(copies: number): string {
  const file = path.join(repoRoot(), 'examples', 'windows', 'close_no_shutdown.cpp');
  const one = fs.readFileSync(file, 'utf8');
  return Array.from({ length: copies }, (_, i) => one.replace(/\bmain\b/g, `main_${i}`).replace(/\b(handle_client|serve)\b/g, `$1_${i}`)).join('\n');
}

describe('analyses in turns', () => {
  let analyzer: Analyzer;
  before(async () => {
    analyzer = await getAnalyzer();
  });

  it('answers a small document while a large one is being analysed, with the same findings as at once', async () => {
    const big = bigText(60);
    const small = fs.readFileSync(path.join(repoRoot(), 'examples', 'windows', 'no_exclusive.c'), 'utf8');
    analyzer.open('file:///big.cpp', 'cpp', 1, big);
    analyzer.open('file:///small.c', 'c', 1, small);
    try {
      const order: string[] = [];
      const bigDone = analyzer.analyzeInTurns('file:///big.cpp', defaultSettings).then((r) => (order.push('big'), r));
      const smallDone = analyzer.analyzeInTurns('file:///small.c', defaultSettings).then((r) => (order.push('small'), r));
      const [bigResult, smallResult] = await Promise.all([bigDone, smallDone]);
      assert.deepEqual(order, ['small', 'big']);
      assert.deepEqual(bigResult!.findings, analyzer.analyzeText('file:///fresh.cpp', 'cpp', big, defaultSettings).findings);
      assert.deepEqual(smallResult!.findings, analyzer.analyzeText('file:///fresh.c', 'c', small, defaultSettings).findings);
    } finally {
      analyzer.close('file:///big.cpp');
      analyzer.close('file:///small.c');
    }
  });

  it('an edit that lands during an analysis makes its result outdated; the next one is right', async () => {
    const big = bigText(40);
    const uri = 'file:///edited.cpp';
    analyzer.open(uri, 'cpp', 1, big);
    try {
      const running = analyzer.analyzeInTurns(uri, defaultSettings);
      // Let it start, then edit the middle of the text while it is between two functions.
      await new Promise((resolve) => setImmediate(resolve));
      const at = big.length >> 1;
      const edited = `${big.slice(0, at)}\n// typed\n${big.slice(at)}`;
      analyzer.change(uri, 2, edited, [{ start: at, oldEnd: at, newText: '\n// typed\n' }]);
      assert.equal(await running, undefined);
      const next = await analyzer.analyzeInTurns(uri, defaultSettings);
      assert.equal(next!.version, 2);
      assert.deepEqual(next!.findings, analyzer.analyzeText('file:///fresh.cpp', 'cpp', edited, defaultSettings).findings);
    } finally {
      analyzer.close(uri);
    }
  });

  it('a cancelled request gives no result, and closing the document ends its analysis', async () => {
    const uri = 'file:///cancelled.cpp';
    analyzer.open(uri, 'cpp', 1, bigText(20));
    let cancelled = false;
    const running = analyzer.analyzeInTurns(uri, defaultSettings, () => cancelled);
    cancelled = true;
    assert.equal(await running, undefined);
    const again = analyzer.analyzeInTurns(uri, defaultSettings);
    analyzer.close(uri);
    assert.equal(await again, undefined);
  });
});
