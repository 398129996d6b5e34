import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, expected, sortedComparable } from './expected';
import { fixtureUri, revertAndCloseAll, showFixture, waitForDiagnostics } from './helpers';

export function diagnosticsTests(): void {
  suite('diagnostics', () => {
    suiteTeardown(revertAndCloseAll);

    for (const [name, file] of Object.entries(expected.files)) {
      test(`${name}: ${file.diagnostics.map((d) => d.code).join(', ')} with exact ranges and severities`, async () => {
        const editor = await showFixture(name);
        assert.equal(editor.document.languageId, file.languageId);
        const diagnostics = await waitForDiagnostics(fixtureUri(name), (d) => d.length === file.diagnostics.length, `${file.diagnostics.length} diagnostics on ${name}`);
        assert.deepEqual(sortedComparable(diagnostics), file.diagnostics);
        for (const d of diagnostics) {
          assert.ok(d.message.length > 0, 'empty message');
          const target = typeof d.code === 'object' ? d.code.target : undefined;
          assert.ok(target instanceof vscode.Uri, `${codeOf(d)} has no link to its rule page`);
          assert.ok(target.path.endsWith(`/${codeOf(d)}.md`), `${codeOf(d)} links to ${target.toString()}`);
        }
      });
    }
  });
}
