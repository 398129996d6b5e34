// Scenario "ts": the generated ~2,000-line TypeScript file (with its planted findings) and the
// generated ~2,000-line C file, in pull and/or push mode: first diagnostics in a fresh server,
// reopen, one-character edits, and for TypeScript the typed pass and a small document opened while
// it may be running.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cSource } from '../gen-c.mjs';
import { smallTypescript, typescriptSource } from '../gen-ts.mjs';
import { withSession } from '../lsp.mjs';
import { root } from '../options.mjs';
import { shadowBaseline } from '../baselines.mjs';
import { countBy, sleep, stats } from '../stats.mjs';

/** The server waits this long after an open or edit before it pushes (pushDiagnostics.ts). */
const pushDelayMs = 150;
/** How long to wait for a typed pass that may never come (a document syntax fully resolved). */
const typedLimitMs = 20_000;
/** The small document is opened this long after the big one's first diagnostics: past the server's
 * 250 ms wait before a typed pass, so it lands while that pass may be running. */
const duringDelayMs = 300;

export function generatedFiles() {
  return [
    { name: 'bench.ts', languageId: 'typescript', ...typescriptSource(2000) },
    { name: 'bench.c', languageId: 'c', text: cSource(2000) },
  ];
}

const renamed = (uri, tag) => uri.replace(/(\.[a-z]+)$/, `-${tag}$1`);

/** TS: when the typed pass is done (from didOpen), and a small document opened meanwhile vs idle. */
async function typedPass(session, pull, uri, openedAt) {
  const typedDone = (
    pull
      ? session.lsp.notification('workspace/diagnostic/refresh', () => true, typedLimitMs)
      : session.lsp.notification('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 1, typedLimitMs)
  ).then(
    () => performance.now() - openedAt,
    () => undefined,
  );
  await sleep(duringDelayMs);
  const [during] = await session.open(renamed(uri, 'small'), 'typescript', smallTypescript);
  const typed = await typedDone;
  await session.close(renamed(uri, 'small'));
  await sleep(1000);
  const [idle] = await session.open(renamed(uri, 'small-idle'), 'typescript', smallTypescript);
  await session.close(renamed(uri, 'small-idle'));
  return { typed, during, idle };
}

/** A space typed at the start of a line in the middle of the file, then deleted. */
function spaceEdits(text) {
  const lines = text.split('\n');
  let line = lines.length >> 1;
  while (line < lines.length - 1 && !lines[line].trim()) line++;
  const at = (character) => ({ line, character });
  return [
    { range: { start: at(0), end: at(0) }, text: ' ' },
    { range: { start: at(0), end: at(1) }, text: '' },
  ];
}

/** `shadow` (baselines.mjs) times a parse before each reopen and the re-parse of each edit before it is sent. */
async function measureFile(options, pull, file, shadow) {
  return withSession(pull, async (session) => {
    // Cold: the first document of this language in the process (loads its parser).
    const uri = pathToFileURL(join(root, 'out/bench', file.name)).toString();
    const openedAt = performance.now();
    const [first, diagnostics] = await session.open(uri, file.languageId, file.text);
    const typed = file.languageId === 'typescript' ? await typedPass(session, pull, uri, openedAt) : undefined;
    const reopen = [];
    const baseOpens = [];
    for (let r = 0; r < options.runs; r++) {
      baseOpens.push(shadow.open());
      const [t] = await session.open(renamed(uri, r), file.languageId, file.text);
      reopen.push(t);
      await session.close(renamed(uri, r));
    }
    const edits = [];
    const baseEdits = [];
    for (let r = 0; r < options.runs; r++) {
      for (const edit of spaceEdits(file.text)) {
        baseEdits.push(shadow.edit(edit));
        edits.push((await session.edit(uri, edit.range, edit.text))[0]);
      }
    }
    const base = { parse: stats(baseOpens), parseLabel: shadow.openLabel, edit: stats(baseEdits), editLabel: shadow.editLabel };
    return { mode: pull ? 'pull' : 'push', first, findings: diagnostics.length, byRule: countBy(diagnostics), typed, reopen: stats(reopen), edit: stats(edits), base, memory: session.memory() };
  });
}

export async function generatedScenario(options, figures, log, parsers) {
  const out = [];
  for (const file of generatedFiles()) {
    const lines = file.text.split('\n').length;
    for (const pull of options.modes) {
      const shadow = shadowBaseline(file, parsers);
      const r = await measureFile(options, pull, file, shadow);
      shadow.dispose();
      const scenario = `generated ${file.name} (${lines} lines, ${r.mode})`;
      const planted = file.planted ? `; planted: ${countBy(Object.entries(file.planted).flatMap(([code, n]) => Array(n).fill({ code })))}` : '';
      log(`  ${scenario}: ${r.findings} findings (${r.byRule})${planted}`);
      const isTs = file.languageId === 'typescript';
      const base = r.base;
      const parse = { baseline: base.parse.median, baselineLabel: base.parseLabel };
      figures.add({ scenario, figure: 'first diagnostics, fresh server (cold)', measured: r.first, ...parse });
      figures.add({ scenario, figure: 'reopen-to-diagnostics, median', measured: r.reopen.median, ...parse, target: isTs && pull ? { max: 150 } : undefined });
      const note = pull ? undefined : `includes the ${pushDelayMs} ms push debounce`;
      figures.add({ scenario, figure: 'edit-to-diagnostics, p95', measured: r.edit.p95, baseline: base.edit.p95, baselineLabel: base.editLabel, target: isTs && pull ? { max: 60 } : undefined, note });
      if (r.typed) {
        const none = r.typed.typed === undefined ? `no typed pass within ${typedLimitMs / 1000} s` : undefined;
        figures.add({ scenario, figure: 'typed pass done, from didOpen', measured: r.typed.typed ?? typedLimitMs, note: none });
        figures.add({ scenario, figure: `small TS doc ${duringDelayMs} ms after open`, measured: r.typed.during, baseline: r.typed.idle, baselineLabel: '(idle)' });
      }
      out.push({ file: file.name, lines, planted: file.planted, ...r });
    }
  }
  return out;
}
