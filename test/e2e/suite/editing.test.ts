import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, expected, sortedComparable } from './expected';
import { fixtureUri, hasCode, lacksCode, revertAndCloseAll, showFixture, waitForDiagnostics } from './helpers';

export function editingTests(): void {
  suite('editing', () => {
    teardown(revertAndCloseAll);

    test('inserting lines above a finding moves its diagnostic down', async () => {
      const name = 'linger_abort.c';
      const [finding] = expected.files[name].diagnostics;
      const uri = fixtureUri(name);
      const editor = await showFixture(name);
      await waitForDiagnostics(uri, (d) => d.length === 1, `the diagnostic on ${name}`);
      assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// one\n// two\n')));
      const moved = await waitForDiagnostics(uri, (d) => d.length === 1 && d[0].range.start.line === finding.range[0] + 2, 'the diagnostic two lines down');
      const [start, startChar, end, endChar] = finding.range;
      assert.deepEqual(sortedComparable(moved), [{ ...finding, range: [start + 2, startChar, end + 2, endChar], related: finding.related.map(([l, c]) => [l + 2, c]) }]);
    });

    test('deleting the late setsockopt removes its diagnostic, typing it back restores it', async () => {
      const name = 'late_exclusive.c';
      const uri = fixtureUri(name);
      const late = expected.files[name].diagnostics.find((d) => d.code === 'setsockopt-after-bind');
      assert.ok(late);
      const editor = await showFixture(name);
      await waitForDiagnostics(uri, hasCode(late.code), `${late.code} on ${name}`);
      const line = editor.document.lineAt(late.range[0]);
      const text = line.text;
      assert.ok(await editor.edit((edit) => edit.delete(line.rangeIncludingLineBreak)));
      const without = await waitForDiagnostics(uri, lacksCode(late.code), `${late.code} to go`);
      assert.deepEqual(without.map(codeOf), ['missing-exclusiveaddruse'], 'without the late option, the bind lacks exclusive use');
      assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(late.range[0], 0), `${text}\n`)));
      const back = await waitForDiagnostics(uri, hasCode(late.code), `${late.code} to come back`);
      assert.deepEqual(sortedComparable(back), expected.files[name].diagnostics);
    });
  });
}
