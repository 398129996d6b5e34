/**
 * Checks TypeScript/JavaScript test snippets with the real tools, so rule-test programs (and the
 * text a quick fix produces) are known to be valid code:
 *
 * - `tsc`: a type check, `tsc --noEmit --strict` against `@types/node`. The snippets of a test file
 *   are checked together in ONE program (one `ts.createProgram` over a temp dir), the first time any
 *   of them is asked for; the results are cached per snippet. Every snippet is its own module
 *   (`moduleDetection: force`), so top-level names in different snippets never clash. The temp dir
 *   holds a real `tsconfig.json` and `package.json`, so a failure can be reproduced by hand with
 *   `node_modules/typescript/bin/tsc -p <dir>` (set SOCKLINT_KEEP_TSC_DIR=1 to keep it).
 * - `node`: `node --check` on JavaScript (`.js`/`.cjs` as CommonJS, `.mjs` as an ES module).
 *
 * FFI bindings: `koffi`, `ffi-napi` (with `ref-napi`) and `ffi-rs` are not installed. The FFI
 * snippets are TypeScript, and checking them as TypeScript is the point (a fix that moves a
 * `setsockopt` above the `bind` must still type-check, e.g. not use a `const` before its
 * declaration), so the program gets small ambient declarations (`declare module 'koffi' {...}`) of
 * the parts of those APIs the tests use, written from their documentation. They are deliberately
 * loose where the libraries are dynamic (foreign functions take and return `any`).
 *
 * The compiler is loaded from the repository's node_modules at run time (not bundled into the
 * test bundle): `require` through `createRequire` keeps esbuild from inlining 9 MB of compiler.
 */
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as TS from 'typescript';
import { repoRoot } from './analyzer';

export type TsExt = 'ts' | 'tsx';
export type JsExt = 'js' | 'mjs' | 'cjs';

export interface CheckResult {
  ok: boolean;
  /** The compiler's diagnostics, formatted with file names and positions. */
  stderr: string;
  file: string;
}

let tsApi: typeof TS | undefined;
function ts(): typeof TS {
  tsApi ??= createRequire(path.join(repoRoot(), 'package.json'))('typescript') as typeof TS;
  return tsApi;
}

export const TSCONFIG = {
  compilerOptions: {
    strict: true,
    noEmit: true,
    target: 'es2022',
    lib: ['es2022'],
    module: 'nodenext',
    moduleResolution: 'nodenext',
    moduleDetection: 'force',
    types: ['node'],
    skipLibCheck: true,
    jsx: 'preserve',
  },
};

/** Ambient declarations for the FFI libraries the tests use (none of them is installed). */
export const FFI_DECLARATIONS = `// Minimal ambient declarations of the FFI libraries used by socklint's rule tests.
declare module 'koffi' {
  namespace koffi {
    type TypeSpec = string | IKoffiCType;
    interface IKoffiCType { readonly __koffiType: unique symbol }
    interface KoffiFunction {
      (...args: any[]): any;
      async(...args: any[]): void;
    }
    interface IKoffiLib {
      func(definition: string): KoffiFunction;
      func(name: string, result: TypeSpec, args: TypeSpec[]): KoffiFunction;
      func(convention: string, name: string, result: TypeSpec, args: TypeSpec[]): KoffiFunction;
      unload(): void;
    }
    function load(path: string | null, options?: object): IKoffiLib;
    function struct(name: string, def: Record<string, TypeSpec>): IKoffiCType;
    function struct(def: Record<string, TypeSpec>): IKoffiCType;
    function pointer(value: TypeSpec, count?: number): IKoffiCType;
    function opaque(name?: string): IKoffiCType;
    function sizeof(type: TypeSpec): number;
    function alloc(type: TypeSpec, len: number): any;
    function as(value: any, type: TypeSpec): any;
  }
  export = koffi;
}

declare module 'ref-napi' {
  namespace ref {
    interface Type { size: number; indirection: number }
    const types: {
      void: Type; int: Type; int32: Type; uint32: Type; int64: Type; uint64: Type; uint16: Type;
      short: Type; ushort: Type; long: Type; ulong: Type; char: Type; uchar: Type; size_t: Type;
      bool: Type; CString: Type;
    };
    function refType(type: Type | string): Type;
    function alloc(type: Type | string, value?: any): Buffer;
  }
  export = ref;
}

declare module 'ffi-napi' {
  namespace ffi {
    type TypeLike = string | import('ref-napi').Type;
    type ForeignFunction = (...args: any[]) => any;
    function Library(
      libFile: string | null,
      funcs?: Record<string, [TypeLike, TypeLike[]] | [TypeLike, TypeLike[], object]>,
      lib?: object,
    ): Record<string, ForeignFunction>;
  }
  export = ffi;
}

declare module 'ffi-rs' {
  export enum DataType {
    String = 0, I32 = 1, Double = 2, I32Array = 3, StringArray = 4, DoubleArray = 5, Boolean = 6,
    Void = 7, I64 = 8, U8 = 9, U8Array = 10, External = 11, U64 = 12, FloatArray = 13, Float = 14,
    WString = 15, BigInt = 16, I16 = 17,
  }
  export interface OpenParams { library: string; path: string }
  export interface FFIParams {
    library: string;
    funcName: string;
    retType: DataType | object;
    paramsType: Array<DataType | object>;
    paramsValue: unknown[];
    freeResultMemory?: boolean;
    runInNewThread?: boolean;
  }
  export function open(params: OpenParams): void;
  export function close(library: string): void;
  export function load(params: FFIParams): any;
  export function define(funcs: Record<string, Omit<FFIParams, 'paramsValue' | 'funcName'>>): Record<string, (...args: any[]) => any>;
}
`;

// ---------------------------------------------------------------------------------------------
// tsc: one program per batch

interface Entry {
  key: string;
  fileName: string;
  text: string;
  result?: CheckResult;
}

function keyOf(ext: string, text: string): string {
  return `${ext}:${crypto.createHash('sha1').update(text).digest('hex')}`;
}

function slug(label: string): string {
  return label.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 50) || 'case';
}

/**
 * A set of TypeScript snippets checked together: `add` them all up front (at test registration),
 * `check` any one of them later; the first `check` runs one program over every pending snippet.
 * A snippet `check`ed without having been added is checked with the pending ones at that moment.
 */
export class TscBatch {
  private readonly entries = new Map<string, Entry>();
  private pending: Entry[] = [];
  private count = 0;

  add(ext: TsExt, text: string, label: string): void {
    const key = keyOf(ext, text);
    if (this.entries.has(key)) return;
    const e: Entry = { key, fileName: `${String(++this.count).padStart(3, '0')}-${slug(label)}.${ext}`, text };
    this.entries.set(key, e);
    this.pending.push(e);
  }

  check(ext: TsExt, text: string, label: string): CheckResult {
    this.add(ext, text, label);
    const e = this.entries.get(keyOf(ext, text))!;
    if (!e.result) this.run();
    return e.result!;
  }

  private run(): void {
    const batch = this.pending;
    this.pending = [];
    const results = typeCheck(batch.map((e) => ({ fileName: e.fileName, text: e.text })));
    for (const e of batch) e.result = results.get(e.fileName)!;
  }
}

/** Type-checks the files together in one program; returns a result per file name. */
export function typeCheck(files: { fileName: string; text: string }[]): Map<string, CheckResult> {
  const api = ts();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-tsc-'));
  const keep = !!process.env.SOCKLINT_KEEP_TSC_DIR;
  try {
    const typeRoots = [path.join(repoRoot(), 'node_modules', '@types')];
    const tsconfig = { ...TSCONFIG, compilerOptions: { ...TSCONFIG.compilerOptions, typeRoots } };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    // "type": "module": .ts snippets are ES modules (imports, top-level await), as in a modern Node app.
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    fs.writeFileSync(path.join(dir, 'ffi-modules.d.ts'), FFI_DECLARATIONS);
    for (const f of files) fs.writeFileSync(path.join(dir, f.fileName), f.text);

    const parsed = api.parseJsonConfigFileContent(tsconfig, api.sys, dir);
    if (parsed.errors.length) throw new Error(`bad tsconfig: ${formatDiagnostics(api, parsed.errors, dir)}`);
    const program = api.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
    const all = api.getPreEmitDiagnostics(program);

    const byFile = new Map<string, TS.Diagnostic[]>();
    const global: TS.Diagnostic[] = [];
    for (const d of all) {
      const name = d.file ? path.basename(d.file.fileName) : undefined;
      if (name && files.some((f) => f.fileName === name)) {
        if (!byFile.has(name)) byFile.set(name, []);
        byFile.get(name)!.push(d);
      } else global.push(d);
    }
    if (global.length) {
      // Problems in the setup (tsconfig, declarations, @types/node) fail every snippet.
      const msg = `tsc setup problem:\n${formatDiagnostics(api, global, dir)}`;
      return new Map(files.map((f) => [f.fileName, { ok: false, stderr: msg, file: path.join(dir, f.fileName) }]));
    }
    return new Map(
      files.map((f) => {
        const ds = byFile.get(f.fileName) ?? [];
        return [f.fileName, { ok: ds.length === 0, stderr: formatDiagnostics(api, ds, dir), file: path.join(dir, f.fileName) }];
      }),
    );
  } finally {
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

function formatDiagnostics(api: typeof TS, ds: readonly TS.Diagnostic[], dir: string): string {
  return api.formatDiagnostics(ds, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => dir,
    getNewLine: () => '\n',
  });
}

// ---------------------------------------------------------------------------------------------
// node --check

/** `node --check` on a JavaScript snippet: `.js`/`.cjs` are CommonJS, `.mjs` an ES module. */
export function nodeCheck(ext: JsExt, text: string, label: string): CheckResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-node-'));
  // A package.json of its own, so a package.json above the temp dir cannot change what .js means.
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'commonjs', private: true }));
  const file = path.join(dir, `${slug(label)}.${ext}`);
  fs.writeFileSync(file, text);
  try {
    const r = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
    const stderr = (r.error ? String(r.error) + '\n' : '') + (r.stderr ?? '');
    return { ok: !r.error && r.status === 0, stderr, file };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
