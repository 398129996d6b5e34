/**
 * Syntax-checks a C/C++ snippet with a real compiler, so test programs (and fixed outputs) are
 * known to be valid code: `x86_64-w64-mingw32-gcc/g++` for Windows programs, `gcc/g++` for POSIX.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type Toolchain = 'mingw' | 'gcc';
export type Lang = 'c' | 'cpp';

/** Mistakes that GCC 12 only warns about but that make a test program meaningless. */
export const STRICT_FLAGS = ['-Werror=implicit-function-declaration', '-Werror=incompatible-pointer-types', '-Werror=int-conversion', '-Werror=return-type'];

export function compilerFor(toolchain: Toolchain, lang: Lang): string {
  const prefix = toolchain === 'mingw' ? 'x86_64-w64-mingw32-' : '';
  return prefix + (lang === 'c' ? 'gcc' : 'g++');
}

/**
 * Standalone asio for MinGW C++ programs: Debian's libasio-dev puts it in /usr/include, which a
 * cross compiler must not search whole (glibc's headers are there too), so only asio is linked into
 * a folder of its own. Without the package the asio programs fail to compile, as they should.
 */
export function includeFlags(toolchain: Toolchain, lang: Lang): string[] {
  if (toolchain !== 'mingw' || lang !== 'cpp' || !fs.existsSync('/usr/include/asio.hpp')) return [];
  const dir = path.join(os.tmpdir(), 'socklint-asio-include');
  for (const name of ['asio', 'asio.hpp']) {
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.symlinkSync(path.join('/usr/include', name), path.join(dir, name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return ['-I', dir];
}

const available = new Map<string, boolean>();

export function compilerAvailable(compiler: string): boolean {
  let ok = available.get(compiler);
  if (ok === undefined) {
    const r = spawnSync(compiler, ['--version'], { encoding: 'utf8' });
    ok = !r.error && r.status === 0;
    available.set(compiler, ok);
  }
  return ok;
}

export interface CompileResult {
  ok: boolean;
  stderr: string;
  file: string;
}

export function syntaxCheck(toolchain: Toolchain, lang: Lang, text: string, label: string): CompileResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socklint-cc-'));
  const safe = label.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 60) || 'case';
  const file = path.join(dir, `${safe}.${lang === 'c' ? 'c' : 'cpp'}`);
  fs.writeFileSync(file, text);
  try {
    const r = spawnSync(compilerFor(toolchain, lang), ['-fsyntax-only', ...STRICT_FLAGS, ...includeFlags(toolchain, lang), file], {
      encoding: 'utf8',
    });
    const stderr = (r.error ? String(r.error) + '\n' : '') + (r.stderr ?? '');
    return { ok: !r.error && r.status === 0, stderr, file };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
