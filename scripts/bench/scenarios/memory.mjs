// Scenario "memory": server RSS at start, with 200 distinct 2,000-line C documents open, and after
// closing them all; and how long opening all 200 took (each opened, then its diagnostics pulled).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cSource } from '../gen-c.mjs';
import { withSession } from '../lsp.mjs';
import { root } from '../options.mjs';
import { sleep } from '../stats.mjs';

const documents = 200;
const lines = 2000;
/** Time for the server to settle (timers, a GC cycle) before RSS is read after closing. */
const settleMs = 3000;

export async function memoryScenario(options, figures, log) {
  const texts = Array.from({ length: documents }, (_, d) => cSource(lines, d));
  return withSession(true, async (session) => {
    await sleep(500);
    const start = session.memory();
    if (!start) {
      figures.skip('memory', 'no /proc/<pid>/status on this system');
      return undefined;
    }
    const uris = texts.map((_, d) => pathToFileURL(join(root, 'out/bench/memory', `doc${d}.c`)).toString());
    const t0 = performance.now();
    const perDocument = [];
    for (const [d, uri] of uris.entries()) {
      const [t] = await session.open(uri, 'c', texts[d]);
      perDocument.push(t);
    }
    const openAllMs = performance.now() - t0;
    const open = session.memory();
    for (const uri of uris) await session.close(uri);
    // A request round trip makes sure every didClose has been handled before waiting.
    await session.lsp.request('textDocument/diagnostic', { textDocument: { uri: uris[0] } }).catch(() => undefined);
    await sleep(settleMs);
    const closed = session.memory();
    const scenario = `memory (${documents} × ${lines}-line C docs)`;
    log(`  ${scenario}: RSS ${start.rss.toFixed(0)} → ${open.rss.toFixed(0)} → ${closed.rss.toFixed(0)} MiB (start, ${documents} open, all closed); peak ${closed.peak.toFixed(0)} MiB`);
    figures.add({ scenario, figure: 'server RSS at start', unit: 'MiB', measured: start.rss });
    figures.add({ scenario, figure: `server RSS with ${documents} open`, unit: 'MiB', measured: open.rss, target: { max: 150 } });
    figures.add({ scenario, figure: 'server RSS after closing all', unit: 'MiB', measured: closed.rss, baseline: start.rss, baselineLabel: '(start)', target: { ratioMax: 1.2 } });
    figures.add({ scenario, figure: `time to open all ${documents} (with diagnostics)`, measured: openAllMs });
    return { documents, lines, startMiB: start.rss, openMiB: open.rss, closedMiB: closed.rss, peakMiB: closed.peak, openAllMs, perDocumentMs: perDocument };
  });
}
