/**
 * Syntax-checks many C/C++ programs at once, with the same verdict `syntaxCheck` gives each alone.
 *
 * One compiler process per program spent most of `npm test` parsing <winsock2.h> again and again.
 * Here the programs of a batch are written to one directory and checked by one compiler driver
 * per toolchain and language, and the header block most programs start with is parsed once:
 *
 * - Precompiled headers: a program's leading block of preprocessor lines (its `#include`s, and
 *   `#define`s and complete `#if…#endif` around them) becomes a header shared by the programs
 *   that start with the same lines, precompiled once per test run (`-x c-header`). The program is
 *   checked with that block replaced by an `#include` of that header and blank lines, so it sees
 *   exactly the same tokens in the same order and its own lines keep their numbers. GCC falls back
 *   to the plain header when the precompiled one does not fit, so the verdict never depends on it.
 *   A block with a `#include "…"` is not shared: the header lives elsewhere, and so would its
 *   quoted includes.
 * - Failures: a batch that fails is split in halves until the failing programs are alone; each of
 *   them is then checked once more exactly as `syntaxCheck` does, and that result (the original
 *   file, the compiler's own message) is the verdict. A program passes only if a compiler run
 *   that included it exited with status 0.
 *
 * SOCKLINT_CC_TRACE=1 prints every compiler run with its duration.
 */
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './analyzer';
import { compilerAvailable, compilerFor, includeFlags, STRICT_FLAGS, syntaxCheck, type CompileResult, type Lang, type Toolchain } from './compile';

/** A prefix is precompiled only when this many programs share it; fewer do not repay the build. */
const MIN_SHARED = 3;
/** Programs per compiler run: keeps the command line well under the OS limit. */
const CHUNK = 200;

interface Program {
  key: string;
  toolchain: Toolchain;
  lang: Lang;
  text: string;
  label: string;
  result?: CompileResult;
}

function keyOf(toolchain: Toolchain, lang: Lang, text: string): string {
  return `${toolchain}:${lang}:${crypto.createHash('sha1').update(text).digest('hex')}`;
}

/**
 * The programs of one test file: `add` them while the tests are registered, `check` any of them in
 * a test. The first `check` compiles everything added so far; a program `check`ed without having
 * been added is compiled with the pending ones at that moment.
 */
export class CompileBatch {
  private readonly programs = new Map<string, Program>();
  private pending: Program[] = [];

  add(toolchain: Toolchain, lang: Lang, text: string, label: string): void {
    const key = keyOf(toolchain, lang, text);
    if (this.programs.has(key)) return;
    const p: Program = { key, toolchain, lang, text, label };
    this.programs.set(key, p);
    this.pending.push(p);
  }

  check(toolchain: Toolchain, lang: Lang, text: string, label: string): CompileResult {
    this.add(toolchain, lang, text, label);
    const p = this.programs.get(keyOf(toolchain, lang, text))!;
    if (!p.result) this.run();
    return p.result!;
  }

  private run(): void {
    const batch = this.pending;
    this.pending = [];
    const groups = new Map<string, Program[]>();
    for (const p of batch) {
      const id = `${p.toolchain}:${p.lang}`;
      if (!groups.has(id)) groups.set(id, []);
      groups.get(id)!.push(p);
    }
    for (const programs of groups.values()) {
      const cc = compilerFor(programs[0].toolchain, programs[0].lang);
      if (compilerAvailable(cc)) checkTogether(programs);
      else for (const p of programs) p.result = { ok: false, stderr: `${cc} not found`, file: '' };
    }
  }
}

/** Leading lines that can go into a precompiled header: directives, blank lines, line comments. */
const HEADER_LINE = /^\s*(#\s*(include|define|undef|pragma|if|ifdef|ifndef|elif|else|endif)\b.*|\/\/.*)?\r?$/;

/**
 * The candidate header blocks of a program, shortest first: each is a run of whole leading lines
 * that ends outside any `#if` and holds at least one `#include`.
 */
function headerBlocks(text: string): string[] {
  const lines = text.split('\n');
  const blocks: string[] = [];
  let depth = 0;
  let includes = 0;
  for (let i = 0; i < lines.length - 1; i++) {
    const line = lines[i];
    // A continued line or an unmatched #endif ends the run: its meaning depends on what follows.
    if (!HEADER_LINE.test(line) || line.endsWith('\\') || line.endsWith('\\\r')) break;
    const directive = /^\s*#\s*(\w+)/.exec(line)?.[1];
    if (directive === 'if' || directive === 'ifdef' || directive === 'ifndef') depth++;
    if (directive === 'endif' && --depth < 0) break;
    if (directive === 'include' && !/^\s*#\s*include\s*</.test(line)) break;
    if (directive === 'include') includes++;
    if (depth === 0 && includes > 0) blocks.push(lines.slice(0, i + 1).join('\n') + '\n');
  }
  return blocks;
}

/** For each program, the longest header block that at least MIN_SHARED programs start with. */
function sharedBlocks(programs: Program[]): Map<Program, string> {
  const candidates = new Map(programs.map((p) => [p, headerBlocks(p.text)]));
  const count = new Map<string, number>();
  for (const blocks of candidates.values()) for (const b of blocks) count.set(b, (count.get(b) ?? 0) + 1);
  const chosen = new Map<Program, string>();
  for (const [p, blocks] of candidates) {
    const block = [...blocks].reverse().find((b) => (count.get(b) ?? 0) >= MIN_SHARED);
    if (block !== undefined) chosen.set(p, block);
  }
  return chosen;
}

/**
 * The precompiled header for a block, built once per test run and shared by the test files (they
 * run in parallel processes): in out/test/pch, which the next test build clears. Written under a
 * temporary name and renamed, so a process never reads half a file; two processes that build the
 * same one at once both succeed. Returns the header's path; its .gch sits next to it, or is missing
 * when the block does not precompile (the header is then read as text).
 */
function precompiled(toolchain: Toolchain, lang: Lang, block: string): string {
  const id = crypto
    .createHash('sha1')
    .update(`${toolchain}\0${lang}\0${STRICT_FLAGS.join(' ')}\0${includeFlags(toolchain, lang).join(' ')}\0${block}`)
    .digest('hex');
  const dir = path.join(process.env.SOCKLINT_PCH_DIR ?? path.join(repoRoot(), 'out', 'test', 'pch'), id.slice(0, 16));
  const header = path.join(dir, 'prefix.h');
  if (fs.existsSync(`${header}.gch`)) return header;
  fs.mkdirSync(dir, { recursive: true });
  const unique = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  fs.writeFileSync(`${header}.${unique}`, block);
  fs.renameSync(`${header}.${unique}`, header);
  const gch = `${header}.gch.${unique}`;
  if (compile(toolchain, lang, ['-x', lang === 'c' ? 'c-header' : 'c++-header', header, '-o', gch])) fs.renameSync(gch, `${header}.gch`);
  else fs.rmSync(gch, { force: true });
  return header;
}

/** Programs of one toolchain and language: written out, checked, and given their results. */
function checkTogether(programs: Program[]): void {
  const { toolchain, lang } = programs[0];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-ccbatch-'));
  try {
    const ext = lang === 'c' ? 'c' : 'cpp';
    const headers = new Map<string, string>();
    const files = new Map<Program, string>();
    const blocks = sharedBlocks(programs);
    if (process.env.SOCKLINT_CC_TRACE) console.error(`[cc] ${programs.length} programs, ${blocks.size} with a shared header`);
    programs.forEach((p, i) => {
      let text = p.text;
      const block = blocks.get(p);
      if (block !== undefined) {
        let header = headers.get(block);
        if (header === undefined) {
          header = precompiled(toolchain, lang, block);
          headers.set(block, header);
        }
        const blankLines = '\n'.repeat(block.split('\n').length - 2);
        text = `#include ${JSON.stringify(header)}\n${blankLines}${p.text.slice(block.length)}`;
      }
      const file = path.join(dir, `p${String(i + 1).padStart(4, '0')}.${ext}`);
      fs.writeFileSync(file, text);
      files.set(p, file);
    });
    for (let i = 0; i < programs.length; i += CHUNK) bisect(programs.slice(i, i + CHUNK), files);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Checks the programs in one run; on failure, each half on its own, down to single programs. */
function bisect(programs: Program[], files: Map<Program, string>): void {
  const { toolchain, lang } = programs[0];
  if (compile(toolchain, lang, ['-fsyntax-only', ...programs.map((p) => files.get(p)!)])) {
    for (const p of programs) p.result = { ok: true, stderr: '', file: files.get(p)! };
    return;
  }
  if (programs.length === 1) {
    const p = programs[0];
    p.result = syntaxCheck(toolchain, lang, p.text, p.label);
    return;
  }
  const half = Math.ceil(programs.length / 2);
  bisect(programs.slice(0, half), files);
  bisect(programs.slice(half), files);
}

/** The same flags for precompiling and for checking: GCC uses a precompiled header only then. */
function compile(toolchain: Toolchain, lang: Lang, args: string[]): boolean {
  const started = Date.now();
  const r = spawnSync(compilerFor(toolchain, lang), [...STRICT_FLAGS, ...includeFlags(toolchain, lang), ...args], { encoding: 'utf8' });
  if (process.env.SOCKLINT_CC_TRACE) console.error(`[cc] ${Date.now() - started} ms ${r.status} ${args.map((a) => path.basename(a)).join(' ')}`);
  return !r.error && r.status === 0;
}
