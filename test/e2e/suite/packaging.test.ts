import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { socklint } from './helpers';

interface Manifest {
  main: string;
  contributes?: { grammars?: { path: string }[]; jsonValidation?: { url: string }[] };
}

/** In code-server the extension comes from the .vsix, so a file left out of the package shows here. */
export function packagingTests(): void {
  suite('packaging', () => {
    test('the installed extension has every file its manifest and its server need', () => {
      const extension = socklint();
      const manifest = extension.packageJSON as Manifest;
      const files = [
        manifest.main,
        ...(manifest.contributes?.grammars ?? []).map((g) => g.path),
        ...(manifest.contributes?.jsonValidation ?? []).map((v) => v.url),
        'server/out/server.js',
        'server/out/web-tree-sitter.wasm',
        'server/out/tree-sitter-c.wasm',
        'server/out/tree-sitter-cpp.wasm',
        // The type checker's thread, and what it reads when the workspace has no @types/node.
        'server/out/typesWorker.js',
        'server/out/ts-lib/lib.es2022.d.ts',
        'server/out/ts-lib/lib.es5.d.ts',
        'server/out/types/node_modules/@types/node/index.d.ts',
        'server/out/types/node_modules/undici-types/index.d.ts',
      ];
      const missing = files.filter((f) => !existsSync(join(extension.extensionPath, f)));
      assert.deepEqual(missing, [], `missing from ${extension.extensionPath}`);
    });
  });
}
