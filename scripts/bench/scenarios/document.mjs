// Open and edit one big document over LSP (pull mode): open-to-diagnostics, edit-to-diagnostics
// by kind of edit, and optionally whether a small document is held up while the big one is analysed.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { editRound, editSpots } from '../editing.mjs';
import { withSession } from '../lsp.mjs';
import { root } from '../options.mjs';
import { sleep } from '../stats.mjs';
import { lineCount } from '../treesitter.mjs';

const uriOf = (name) => pathToFileURL(join(root, 'out/bench', name)).toString();
const named = (name, tag) => uriOf(name.replace(/(\.[a-z]+)$/, `-${tag}$1`));

/**
 * doc: { name, languageId, text, small } where `small` is a small document of the same language.
 * Returns samples in ms and the finding counts seen (the same text must always give the same count).
 */
export async function measureDocument(options, doc, { blocking = false } = {}) {
  return withSession(true, async (session) => {
    const { languageId, text, small } = doc;
    // The parser and front end are loaded by a first small document, as in an editor already in use.
    const [coldSmall] = await session.open(named(doc.name, 'warmup'), languageId, small);
    await session.close(named(doc.name, 'warmup'));

    const opens = [];
    const findings = new Set();
    let byRule;
    for (let r = 0; r < options.runs; r++) {
      const uri = named(doc.name, `open${r}`);
      const [t, diagnostics] = await session.open(uri, languageId, text);
      opens.push(t);
      findings.add(diagnostics.length);
      byRule ??= diagnostics;
      await session.close(uri);
    }
    const afterOpens = session.memory();

    const result = { lines: lineCount(text), coldSmallMs: coldSmall, opens, findings: [...findings], diagnostics: byRule };
    if (blocking) result.blocking = await smallWhileBusy(options, session, doc);

    // Edits: rounds that each leave the text as it was, so every round must end with the same findings.
    const uri = uriOf(doc.name);
    const [, initial] = await session.open(uri, languageId, text);
    const spots = editSpots(text);
    const edits = {};
    const endOfRound = new Set();
    for (let r = 0; r < options.runs * 2; r++) {
      let last;
      for (const edit of editRound(spots)) {
        const [t, diagnostics] = await session.edit(uri, edit.range, edit.text);
        (edits[edit.kind] ??= []).push(t);
        last = diagnostics;
      }
      if (last) endOfRound.add(last.length);
    }
    await session.close(uri);
    return { ...result, spots, edits, initialFindings: initial.length, findingsAfterRounds: [...endOfRound], memory: { afterOpens, end: session.memory() } };
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
