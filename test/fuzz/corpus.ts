/**
 * The programs the fuzzer mutates: every example under examples/ (C, C++, TypeScript, JavaScript)
 * and the test programs the server and robustness tests are built on. Each holds real findings,
 * so a mutation that loses or invents one shows.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../helpers/analyzer';
import { lateReuseAddrC, lateReuseAddrCpp } from '../server/samples';
import { winsockServerSource } from '../unit/winsockServerSource';

export type Family = 'c' | 'ts';

export interface Program {
  name: string;
  languageId: string;
  /** The document's extension, which the URI carries. */
  ext: string;
  family: Family;
  text: string;
}

const LANGUAGES: Record<string, { languageId: string; family: Family }> = {
  c: { languageId: 'c', family: 'c' },
  cpp: { languageId: 'cpp', family: 'c' },
  ts: { languageId: 'typescript', family: 'ts' },
  tsx: { languageId: 'typescriptreact', family: 'ts' },
  js: { languageId: 'javascript', family: 'ts' },
  mjs: { languageId: 'javascript', family: 'ts' },
  cjs: { languageId: 'javascript', family: 'ts' },
};

function program(name: string, ext: string, text: string): Program {
  return { name, ext, text, ...LANGUAGES[ext] };
}

function examples(dir: string): Program[] {
  const found: Program[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...examples(file));
    else {
      const ext = path.extname(entry.name).slice(1);
      if (LANGUAGES[ext] && !entry.name.endsWith('.d.ts')) found.push(program(path.relative(repoRoot(), file), ext, fs.readFileSync(file, 'utf8')));
    }
  }
  return found;
}

let cached: Program[] | undefined;

export function corpus(): Program[] {
  cached ??= [
    ...examples(path.join(repoRoot(), 'examples')),
    program('test/server/samples.ts lateReuseAddrC', 'c', lateReuseAddrC),
    program('test/server/samples.ts lateReuseAddrCpp', 'cpp', lateReuseAddrCpp),
    program('test/unit/winsockServerSource.ts', 'c', winsockServerSource),
  ];
  return cached;
}
