// Open and edit one big document over LSP (pull mode): open-to-diagnostics, edit-to-diagnostics
// by kind of edit, and optionally whether a small document is held up while the big one is analysed.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { editRound, editSpots } from '../editing.mjs';
import { withSession } from '../lsp.mjs';
import { root } from '../options.mjs';
import { sleep } from '../stats.mjs';
import { lineCount } from '../treesitter.mjs';

/** What the user sees of a document's findings: rule and position of each, in order. */
const signature = (diagnostics) =>
  diagnostics
    .map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`)
    .sort()
    .join(' ');

const uriOf = (name) => pathToFileURL(join(root, 'out/bench', name)).toString();
const named = (name, tag) => uriOf(name.replace(/(\.[a-z]+)$/, `-${tag}$1`));

/**
 * doc: { name, languageId, text, small } where `small` is a small document of the same language;
 * `shadow` (baselines.mjs) times the baseline of each open and edit just before it is sent.
 * Returns samples in ms, and whether every open and every round of edits gave the same findings.
 */
export async function measureDocument(options, doc, shadow, { blocking = false } = {}) {
  return withSession(true, async (session) => {
    const { languageId, text, small } = doc;
    // The parser and front end are loaded by a first small document, as in an editor already in use.
    const [coldSmall] = await session.open(named(doc.name, 'warmup'), languageId, small);
    await session.close(named(doc.name, 'warmup'));

    const opens = [];
    const baseOpens = [];
    const findings = new Set();
    let first;
    for (let r = 0; r < options.runs; r++) {
      const uri = named(doc.name, `open${r}`);
      baseOpens.push(shadow.open());
      const [t, diagnostics] = await session.open(uri, languageId, text);
      opens.push(t);
      findings.add(signature(diagnostics));
      first ??= diagnostics;
      await session.close(uri);
    }
    const afterOpens = session.memory();

    const result = { lines: lineCount(text), coldSmallMs: coldSmall, opens, baseOpens, findingCount: first.length, distinctResults: findings.size, diagnostics: first };
    if (blocking) result.blocking = await smallWhileBusy(options, session, doc);

    // Edits: rounds that each leave the text as it was, so every round must end with the same findings.
    const uri = uriOf(doc.name);
    const [, initial] = await session.open(uri, languageId, text);
    const spots = editSpots(text);
    const edits = {};
    const baseEdits = [];
    const endOfRound = new Set();
    for (let r = 0; r < options.runs * 2; r++) {
      let last;
      for (const edit of editRound(spots)) {
        baseEdits.push(shadow.edit(edit));
        const [t, diagnostics] = await session.edit(uri, edit.range, edit.text);
        (edits[edit.kind] ??= []).push(t);
        last = diagnostics;
      }
      if (last) endOfRound.add(signature(last));
    }
    await session.close(uri);
    // The same text must give the same findings: after every open, and after every round of edits.
    const stable = findings.size === 1 && [...endOfRound].every((sig) => sig === signature(initial)) && findings.has(signature(initial));
    return { ...result, spots, edits, baseEdits, stable, memory: { afterOpens, end: session.memory() } };
  });
}

/**
 * The small document opened right after the big one's didOpen (with the big one's pull already
 * sent, as an editor does), against the same small document on the idle server.
 */
async function smallWhileBusy(options, session, doc) {
  const during = [];
  const idle = [];
  const big = [];
  for (let r = 0; r < options.runs; r++) {
    const bigUri = named(doc.name, `busy${r}`);
    const t0 = performance.now();
    session.sendOpen(bigUri, doc.languageId, doc.text);
    const bigDone = session.diagnostics(bigUri).then(() => performance.now() - t0);
    const smallUri = named(doc.name, `small-busy${r}`);
    const [t] = await session.open(smallUri, doc.languageId, doc.small);
    during.push(t);
    big.push(await bigDone);
    await session.close(smallUri);
    await session.close(bigUri);
    await sleep(100);
    const idleUri = named(doc.name, `small-idle${r}`);
    const [ti] = await session.open(idleUri, doc.languageId, doc.small);
    idle.push(ti);
    await session.close(idleUri);
  }
  return { during, idle, big };
}

/** All edit samples of a measureDocument result, every kind together. */
export function allEdits(result) {
  return Object.values(result.edits).flat();
}
