/**
 * The batched compile check gives every program the verdict a compiler run on that program alone
 * gives (written down here, checked by hand): a shared precompiled header never makes a program
 * compile that does not on its own, and a failing program fails alone, with the compiler's message.
 */
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { compilerAvailable, compilerFor, type Lang, type Toolchain } from '../helpers/compile';
import { CompileBatch } from '../helpers/compileBatch';
import { POSIX, WIN } from './rules/programs';

const fine = (i: number) => `SOCKET open_${i}(void) {\n    return socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);\n}\n`;

interface Program {
  label: string;
  text: string;
  ok: boolean;
  /** Part of the compiler's message for a program that fails. */
  message?: string;
}

const windows: Program[] = [
  ...[1, 2, 3, 4].map((i) => ({ label: `fine ${i}`, text: WIN + fine(i), ok: true })),
  // Shares the header block of the others, so its body is checked against the precompiled header.
  { label: 'undeclared name after the shared headers', text: WIN + fine(5) + 'int broken(void) { return no_such_name; }\n', ok: false, message: 'no_such_name' },
  // Starts with fewer headers than the others: the shared header must not lend it ws2tcpip.h.
  {
    label: 'a header missing',
    text: '#include <winsock2.h>\n\nint resolve(void) {\n    struct addrinfo *ai = 0;\n    return getaddrinfo("h", "80", 0, &ai);\n}\n',
    ok: false,
    message: 'getaddrinfo',
  },
  { label: 'a warning made an error', text: WIN + 'int *p(void) { long x = 0; return &x; }\n', ok: false, message: 'incompatible' },
  { label: 'CRLF line ends', text: (WIN + fine(7)).replace(/\n/g, '\r\n'), ok: true },
];

const posix: Program[] = [
  ...[1, 2, 3].map((i) => ({ label: `posix ${i}`, text: POSIX + `int open_${i}(void) { return socket(AF_INET, SOCK_STREAM, 0); }\n`, ok: true })),
  { label: 'posix: a syntax error', text: POSIX + 'int f(void) { return 1 }\n', ok: false, message: 'expected .;. before' },
];

function suite(toolchain: Toolchain, lang: Lang, programs: Program[]): void {
  it(`${compilerFor(toolchain, lang)}: each program gets its own verdict`, (t: TestContext) => {
    const cc = compilerFor(toolchain, lang);
    if (!compilerAvailable(cc)) {
      if (process.env.CI) assert.fail(`${cc} not found (CI is set, so a missing compiler is an error)`);
      t.skip(`${cc} not found`);
      return;
    }
    const batch = new CompileBatch();
    for (const p of programs) batch.add(toolchain, lang, p.text, p.label);
    for (const p of programs) {
      const r = batch.check(toolchain, lang, p.text, p.label);
      assert.equal(r.ok, p.ok, `${p.label}: batched verdict\n${r.stderr}`);
      if (p.message) assert.match(r.stderr, new RegExp(p.message), `${p.label}: message`);
    }
  });
}

describe('batched compile checks', () => {
  suite('mingw', 'c', windows);
  // Fewer programs for C++ (each failure is compiled once more on its own, which takes time).
  suite(
    'mingw',
    'cpp',
    windows.filter((p) => p.ok || p.label.startsWith('undeclared')),
  );
  suite('gcc', 'c', posix);
});
