// Bundles the extension client, the language server and the CLI, and puts the tree-sitter
// runtime and grammars next to the server bundle, where the analyzer looks for them (wasmDir).
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** Shared by the test build: the CJS build of web-tree-sitter, because the ESM build's
 * `import.meta.url` is empty once bundled into CommonJS and it then cannot find its wasm. */
export const commonOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  sourcemap: true,
  logLevel: 'warning',
  alias: { 'web-tree-sitter': join(root, 'node_modules/web-tree-sitter/web-tree-sitter.cjs') },
};

const wasmFiles = [
  'node_modules/web-tree-sitter/web-tree-sitter.wasm',
  'node_modules/tree-sitter-c/tree-sitter-c.wasm',
  'node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter-cpp.wasm',
];

function copyWasm(outDir) {
  const missing = wasmFiles.filter((f) => !existsSync(join(root, f)));
  if (missing.length > 0) {
    throw new Error(`missing ${missing.join(', ')}: run \`npm ci\` to install the tree-sitter packages`);
  }
  mkdirSync(outDir, { recursive: true });
  for (const f of wasmFiles) copyFileSync(join(root, f), join(outDir, f.split('/').pop()));
}

async function main() {
  const serverOut = join(root, 'server/out');
  copyWasm(serverOut);
  await Promise.all([
    build({
      ...commonOptions,
      entryPoints: [join(root, 'client/src/extension.ts')],
      outfile: join(root, 'client/out/extension.js'),
      external: ['vscode'],
    }),
    build({
      ...commonOptions,
      entryPoints: {
        server: join(root, 'server/src/server.ts'),
        cli: join(root, 'server/src/cli.ts'),
      },
      outdir: serverOut,
    }),
  ]);
  console.log(`built client/out/extension.js, ${relative(root, serverOut)}/{server,cli}.js and ${wasmFiles.length} wasm files`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`build failed: ${err.message}`);
    process.exit(1);
  });
}
