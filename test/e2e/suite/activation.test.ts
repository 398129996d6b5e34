import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureUri, revertAndCloseAll, showFixture, socklint, socklintDiagnostics, waitForDiagnostics } from './helpers';
import { waitUntil } from './waitUntil';

/** Must run first: it needs a window in which no C or C++ file has been opened yet. */
export function activationTests(): void {
  suite('activation', () => {
    suiteTeardown(revertAndCloseAll);

    test('declares activation on C and C++ only, and is not active before such a file opens', () => {
      const extension = socklint();
      const events = [...(extension.packageJSON as { activationEvents: string[] }).activationEvents].sort();
      assert.deepEqual(events, ['onLanguage:c', 'onLanguage:cpp']);
      assert.equal(extension.isActive, false);
    });

    test('stays inactive for TypeScript and plain text files', async () => {
      // TypeScript is planned but not analysed yet; when it is, this fixture moves to the diagnostics tests.
      await showFixture('net_server.ts');
      await showFixture('README.txt');
      // The built-in TypeScript extension activates on the same kind of event, so once it is
      // active the window has dispatched onLanguage:typescript.
      const typescript = vscode.extensions.getExtension('vscode.typescript-language-features');
      if (typescript) await waitUntil(() => typescript.isActive, 'the TypeScript extension to activate');
      assert.equal(socklint().isActive, false, 'socklint activated for a TypeScript or plain text file');
      assert.deepEqual(socklintDiagnostics(fixtureUri('net_server.ts')), []);
    });

    test('activates when a C file opens and reports on it', async () => {
      await showFixture('late_exclusive.c');
      await waitForDiagnostics(fixtureUri('late_exclusive.c'), (d) => d.length > 0, 'the first socklint diagnostics');
      assert.equal(socklint().isActive, true);
    });
  });
}
