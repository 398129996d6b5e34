/**
 * One Analyzer per test process (each `*.test.js` file runs in its own process under `node --test`).
 *
 * The wasm files come from `server/out` after `npm run build`; before that (or with
 * SOCKLINT_WASM_DIR unset and no build) they are copied from node_modules into a temp dir.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Analyzer } from '../../server/src/analyzer';

const WASM_FILES: Record<string, string> = {
  'web-tree-sitter.wasm': 'web-tree-sitter/web-tree-sitter.wasm',
  'tree-sitter-c.wasm': 'tree-sitter-c/tree-sitter-c.wasm',
  'tree-sitter-cpp.wasm': '@vscode/tree-sitter-wasm/wasm/tree-sitter-cpp.wasm',
};

/** The repository root: the nearest ancestor of this file (source or bundle) with package.json + server/. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'server'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

function hasAllWasm(dir: string): boolean {
  return Object.keys(WASM_FILES).every((f) => fs.existsSync(path.join(dir, f)));
}

/** A directory holding the three wasm files the Analyzer needs. */
export function wasmDir(): string {
  const fromEnv = process.env.SOCKLINT_WASM_DIR;
  if (fromEnv && hasAllWasm(fromEnv)) return fromEnv;
  const root = repoRoot();
  const built = path.join(root, 'server', 'out');
  if (hasAllWasm(built)) return built;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-wasm-'));
  for (const [name, rel] of Object.entries(WASM_FILES)) {
    fs.copyFileSync(path.join(root, 'node_modules', rel), path.join(tmp, name));
  }
  process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
  return tmp;
}

let shared: Promise<Analyzer> | undefined;

export function getAnalyzer(): Promise<Analyzer> {
  shared ??= Analyzer.create({ wasmDir: wasmDir() });
  return shared;
}
