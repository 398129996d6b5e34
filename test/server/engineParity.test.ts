import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import { Analyzer } from '../../server/src/analyzer';
import { defaultSettings } from '../../server/src/engine/settings';
import { positionAt } from './applyEdits';
import { TestClient } from './lspClient';
import { repoRoot } from './repoRoot';
import { lateReuseAddrC, lateReuseAddrCpp } from './samples';

const severities = { error: 1, warning: 2, information: 3, hint: 4 } as const;

let client: TestClient;
let analyzer: Analyzer;
before(async () => {
  client = await TestClient.start({ pull: true });
  analyzer = await Analyzer.create({ wasmDir: join(repoRoot(), 'server/out') });
});
after(() => client.dispose());

/** The server only translates: what it reports must be exactly what the engine found. */
for (const [name, languageId, text] of [
  ['C', 'c', lateReuseAddrC],
  ['C++', 'cpp', lateReuseAddrCpp],
] as const) {
  test(`${name}: diagnostics and quick fixes are the engine's findings and fixes, in order`, { timeout: 120_000 }, async () => {
    const uri = `file:///work/parity/listener.${languageId}`;
    const { findings } = analyzer.analyzeText(uri, languageId, text, defaultSettings);
    assert.ok(findings.length >= 2, 'the sample has several findings');
    await client.open(uri, languageId, text);
    const diagnostics = await client.diagnostics(uri);

    const range = (span: { start: number; end: number }) => ({ start: positionAt(text, span.start), end: positionAt(text, span.end) });
    assert.deepEqual(
      diagnostics.map((d: Diagnostic) => ({
        code: d.code,
        message: d.message,
        severity: d.severity,
        range: d.range,
        related: d.relatedInformation?.map((r) => ({ uri: r.location.uri, range: r.location.range, message: r.message })),
      })),
      findings.map((f) => ({
        code: f.ruleId,
        message: f.message,
        severity: severities[f.severity],
        range: range(f),
        related: f.related.map((r) => ({ uri, range: range(r), message: r.message })),
      })),
    );

    const actions = await client.codeActions(uri, diagnostics);
    assert.deepEqual(
      actions.map((a) => ({ title: a.title, preferred: a.isPreferred, code: a.diagnostics?.map((d) => d.code) })),
      // Each finding's own fixes (the preferred one first), then what the server adds (codeActions.ts):
      // the two suppression actions and the documentation (one finding per rule in these samples).
      findings.flatMap((f) => [
        ...[...f.fixes].sort((a, b) => Number(!!b.preferred) - Number(!!a.preferred)).map((fix) => ({ title: fix.title, preferred: fix.preferred === true, code: [f.ruleId] })),
        { title: `Disable ${f.ruleId} for this line`, preferred: false, code: [f.ruleId] },
        { title: `Disable ${f.ruleId} for this file`, preferred: false, code: [f.ruleId] },
        { title: `Show documentation for ${f.ruleId}`, preferred: false, code: [f.ruleId] },
      ]),
    );
  });
}
