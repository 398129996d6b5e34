import type * as TS from 'typescript';
import { lineEndAfterBreak, lineStart } from '../../engine/text';
import { firstAtOrAfter } from '../../engine/sorted';
import type { LoweringCache } from '../../engine/unitCache';
import type { Bindings } from './bindings';
import { parseDiagnostics } from './statements';
import type { TypeAnswers } from './types';

const NAME = /[A-Za-z_$][\w$]*/g;

/**
 * The names a TypeScript text writes, and those it calls. Strings and comments are not skipped: a
 * name found there only makes a cache key hold more than it needs, never less.
 */
export function tsIdentifiers(text: string, ids: Set<string>, calls: Set<string>): void {
  NAME.lastIndex = 0;
  for (let m = NAME.exec(text); m; m = NAME.exec(text)) {
    ids.add(m[0]);
    if (/^\s*\(/.test(text.slice(NAME.lastIndex, NAME.lastIndex + 64))) calls.add(m[0]);
  }
}

/** What the lowering of one top-level statement can read from the rest of the file, per analysis. */
export interface UnitContext {
  text: string;
  flavour: string;
  indentUnit: string;
  bindings: Bindings;
  topFunctions: ReadonlySet<string>;
  /** The type checker's answers as [start, end, kind], by start. */
  answers: Array<[number, number, string]>;
  /** Starts of the parser's error diagnostics, ascending. */
  errors: number[];
}

export function unitContext(sf: TS.SourceFile, flavour: string, indentUnit: string, bindings: Bindings, topFunctions: ReadonlySet<string>, answers: TypeAnswers | undefined): UnitContext {
  const list: Array<[number, number, string]> = [];
  for (const [span, kind] of Object.entries(answers ?? {})) {
    const [s, e] = span.split(':').map(Number);
    list.push([s, e, kind]);
  }
  list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const errors = parseDiagnostics(sf)
    .map((d) => d.start ?? -1)
    .filter((s) => s >= 0)
    .sort((a, b) => a - b);
  return { text: sf.text, flavour, indentUnit, bindings, topFunctions, answers: list, errors };
}

/**
 * The key a top-level statement's lowering is cached under: its text, the text around it on its
 * first and last lines (statement positions read them), and everything the lowering looks up
 * by a name the text writes: imports, FFI bindings, constants, initialisers (and the names those
 * write), called and top-level function names, connection handlers. Then the type checker's
 * answers and the parser's errors inside it, relative to its start.
 */
export function unitKey(ctx: UnitContext, cache: LoweringCache, start: number, end: number): string {
  const { text, bindings: b } = ctx;
  const from = lineStart(text, start);
  const to = Math.max(end, lineEndAfterBreak(text, end));
  const names = new Set(cache.identifiers(text, start, end).ids);
  const parts: string[] = [];
  for (const name of names) {
    const ref = b.names.get(name);
    if (ref) parts.push(`n ${name} ${ref.module ?? ''} ${ref.member ?? ''}`);
    if (b.ffiLibraries.has(name)) parts.push(`l ${name} ${b.ffiLibraries.get(name)}`);
    const fn = b.ffiFunctions.get(name);
    if (fn) parts.push(`f ${name} ${fn.name} ${fn.region}`);
    const obj = b.ffiObjects.get(name);
    if (obj) parts.push(`o ${name} ${[...obj].map(([k, v]) => `${k}=${v.name}/${v.region}`).join(',')}`);
    if (b.ffiRsAliases.has(name)) parts.push(`r ${name} ${b.ffiRsAliases.get(name)}`);
    if (b.constants.has(name)) parts.push(`k ${name} ${b.constants.get(name)}`);
    if (b.connectionHandlers.has(name)) parts.push(`h ${name} ${b.connectionHandlers.get(name)}`);
    if (b.connectionHandlers.has(`this.${name}`)) parts.push(`m ${name} ${b.connectionHandlers.get(`this.${name}`)}`);
    if (b.calledNames.has(name)) parts.push(`c ${name}`);
    if (b.memberCalls.has(name)) parts.push(`mc ${name}`);
    if (ctx.topFunctions.has(name)) parts.push(`t ${name}`);
    const init = b.initializers.get(name);
    if (init) {
      // Values are read through initialisers, which name other variables in turn.
      const initText = text.slice(init.pos, init.end);
      parts.push(`i ${name} ${initText}`);
      if (names.size < 10_000) for (const more of cache.identifiers(text, init.pos, init.end).ids) names.add(more);
    }
  }
  const answers: string[] = [];
  for (let i = firstAtOrAfter(ctx.answers, from, (a) => a[0]); i < ctx.answers.length && ctx.answers[i][0] <= to; i++) {
    const [s, e, kind] = ctx.answers[i];
    if (e <= to) answers.push(`${s - start}:${e - start}=${kind}`);
  }
  const errors: number[] = [];
  for (let i = firstAtOrAfter(ctx.errors, from, (x) => x); i < ctx.errors.length && ctx.errors[i] <= to; i++) errors.push(ctx.errors[i] - start);
  return [ctx.flavour, JSON.stringify(ctx.indentUnit), start - from, text.slice(from, to), parts.sort().join('\n'), answers.join(' '), errors.join(' ')].join('\0');
}
