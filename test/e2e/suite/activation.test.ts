import * as assert from 'node:assert/strict';
import { fixtureUri, revertAndCloseAll, showFixture, socklint, socklintDiagnostics, waitForDiagnostics } from './helpers';

const languages = ['c', 'cpp', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact'];

/** Must run first: it needs a window in which no file socklint analyses has been opened yet. */
export function activationTests(): void {
  suite('activation', () => {
    suiteTeardown(revertAndCloseAll);

    test('declares activation on C, C++, TypeScript and JavaScript only, and is not active before such a file opens', () => {
      const extension = socklint();
      const events = [...(extension.packageJSON as { activationEvents: string[] }).activationEvents].sort();
      assert.deepEqual(
        events,
        languages.map((l) => `onLanguage:${l}`),
      );
      assert.equal(extension.isActive, false);
    });

    test('stays inactive for a plain text file', async () => {
      await showFixture('README.txt');
      assert.equal(socklint().isActive, false, 'socklint activated for a plain text file');
      assert.deepEqual(socklintDiagnostics(fixtureUri('README.txt')), []);
    });

    test('activates when a TypeScript file opens and reports on it', async () => {
      const editor = await showFixture('net_server.ts');
      assert.equal(editor.document.languageId, 'typescript');
      await waitForDiagnostics(fixtureUri('net_server.ts'), (d) => d.length > 0, 'the first socklint diagnostics on a TypeScript file');
      assert.equal(socklint().isActive, true);
    });
  });
}
