/**
 * Opening and closing many documents leaves memory where it was (issue #13 item 5): trees are
 * freed and caches are bounded. npm test opens 1,000; npm run fuzz 10,000 (SOCKLINT_FUZZ_RUNS set).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { Analyzer } from '../../server/src/analyzer';
import { defaultSettings } from '../../server/src/engine/settings';
import { repoRoot, wasmDir } from '../helpers/analyzer';

const COUNT = process.env.SOCKLINT_FUZZ_RUNS ? 10_000 : 1_000;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const mib = (n: number) => n / 1048576;

function settle(): { rss: number; heap: number } {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: mib(m.rss), heap: mib(m.heapUsed) };
}

describe('memory', () => {
  it(`opening, analysing and closing ${COUNT.toLocaleString('en-US')} documents returns memory to where it was`, { timeout: 600_000 }, async () => {
    const analyzer = await Analyzer.create({ wasmDir: wasmDir() });
    try {
      const dir = path.join(repoRoot(), 'examples');
      const texts = ['windows/close_no_shutdown.cpp', 'windows/no_exclusive.c', 'posix/late_reuseaddr.c', 'node/echo_server.ts'].map((f) => ({ f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
      const lang = (f: string) => (f.endsWith('.ts') ? 'typescript' : f.endsWith('.cpp') ? 'cpp' : 'c');
      const cycle = (from: number, to: number) => {
        for (let i = from; i < to; i++) {
          const { f, text } = texts[i % texts.length];
          const uri = `file:///memory/${i}/${path.basename(f)}`;
          // Each text differs, so no cache can answer for another document.
          analyzer.open(uri, lang(f), 1, `${text}\n// ${i}\n`);
          const r = analyzer.analyze(uri, defaultSettings)!;
          assert.equal(r.skipped, undefined);
          analyzer.close(uri);
        }
      };
      // The WASM heap and V8's heap grow to their working size first; leaks show after that.
      cycle(0, 200);
      const start = settle();
      cycle(200, COUNT);
      const end = settle();
      assert.equal(analyzer.treesHeld(), 0);
      assert.ok(end.heap - start.heap < 8, `JS heap grew from ${start.heap.toFixed(1)} to ${end.heap.toFixed(1)} MiB`);
      assert.ok(end.rss - start.rss < 48, `RSS grew from ${start.rss.toFixed(0)} to ${end.rss.toFixed(0)} MiB`);
    } finally {
      analyzer.dispose();
    }
  });
});
