// Bundles the extension client, the language server and the CLI, and puts the tree-sitter
// runtime and grammars next to the server bundle, where the analyzer looks for them (wasmDir).
import { build } from 'esbuild';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
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
  // jsonc-parser's UMD build loads its parts with a require() esbuild cannot follow: take its ESM build.
  alias: {
    'web-tree-sitter': join(root, 'node_modules/web-tree-sitter/web-tree-sitter.cjs'),
    'jsonc-parser': join(root, 'node_modules/jsonc-parser/lib/esm/main.js'),
  },
};

const wasmFiles = ['node_modules/web-tree-sitter/web-tree-sitter.wasm', 'node_modules/tree-sitter-c/tree-sitter-c.wasm', 'node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter-cpp.wasm'];

function copyWasm(outDir) {
  const missing = wasmFiles.filter((f) => !existsSync(join(root, f)));
  if (missing.length > 0) {
    throw new Error(`missing ${missing.join(', ')}: run \`npm ci\` to install the tree-sitter packages`);
  }
  mkdirSync(outDir, { recursive: true });
  for (const f of wasmFiles) copyFileSync(join(root, f), join(outDir, f.split('/').pop()));
}

/**
 * What the type checker reads when the workspace has no @types/node of its own: TypeScript's ES
 * libs and a copy of @types/node (with undici-types, which it imports), laid out as node_modules
 * so module resolution finds them as it would in a project.
 */
export function copyTypeFiles(outDir) {
  const libDir = join(outDir, 'ts-lib');
  rmSync(libDir, { recursive: true, force: true });
  mkdirSync(libDir, { recursive: true });
  const tsLib = join(root, 'node_modules/typescript/lib');
  for (const f of readdirSync(tsLib)) if (/^lib\.(es5|es20\d\d(\.[\w.]+)?|decorators(\.legacy)?)\.d\.ts$/.test(f)) copyFileSync(join(tsLib, f), join(libDir, f));
  const modules = join(outDir, 'types/node_modules');
  rmSync(join(outDir, 'types'), { recursive: true, force: true });
  for (const pkg of ['@types/node', 'undici-types']) {
    if (!existsSync(join(root, 'node_modules', pkg))) throw new Error(`missing node_modules/${pkg}: run \`npm ci\``);
    cpSync(join(root, 'node_modules', pkg), join(modules, pkg), { recursive: true, filter: (src) => !/\.md$/.test(src) });
  }
}

/**
 * The TypeScript compiler is most of a bundle's size: compiling it cost every start ~0.25 s and
 * ~50 MB, C-only sessions and CLI runs included. The bundles leave it out and require it when the
 * first TS/JS document is seen (lang/typescript/tsapi.ts); it ships next to them as a package.
 */
function copyTypescript(outDir) {
  const dest = join(outDir, 'node_modules/typescript');
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(join(dest, 'lib'), { recursive: true });
  copyFileSync(join(root, 'node_modules/typescript/package.json'), join(dest, 'package.json'));
  copyFileSync(join(root, 'node_modules/typescript/lib/typescript.js'), join(dest, 'lib/typescript.js'));
}

async function main() {
  const serverOut = join(root, 'server/out');
  copyWasm(serverOut);
  copyTypeFiles(serverOut);
  copyTypescript(serverOut);
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
        cliWorker: join(root, 'server/src/cli/worker.ts'),
        typesWorker: join(root, 'server/src/lang/typescript/typesWorker.ts'),
      },
      outdir: serverOut,
      external: ['typescript'],
    }),
  ]);
  console.log(`built client/out/extension.js, ${relative(root, serverOut)}/{server,cli,cliWorker,typesWorker}.js, ${wasmFiles.length} wasm files and the type-checking libs`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`build failed: ${err.message}`);
    process.exit(1);
  });
}
