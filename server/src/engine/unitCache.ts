import type { Span } from './findings';
import type { FunctionModel, SocketEvent, StmtInfo } from './ir';

/** Collects the names written in a text, and the ones called, as the front end reads them. */
export type IdentifierScanner = (text: string, ids: Set<string>, calls: Set<string>) => void;

/**
 * What lowering one top-level function produced: the function, its lambdas and their events. Kept
 * per document between analyses and looked up by the function's text and everything else its
 * lowering read (the key), so an edit re-lowers only the functions it touched. A unit that moved
 * (text added above it) is moved in place: its offsets and function indices are shifted, never
 * copied, so the dataflow results computed on the same objects stay valid too.
 */
export interface LoweredUnit {
  key: string;
  /** Offset of the function's text when these offsets were made. */
  start: number;
  /** Index of the unit's first function in FileModel.functions when these indices were made. */
  fnStart: number;
  functions: FunctionModel[];
  events: SocketEvent[];
  hasBuildArms: boolean;
  /** TypeScript: receivers the type checker has not answered for yet (see FileModel.openQuestions). */
  openQuestions?: number;
}

export interface Names {
  ids: Set<string>;
  calls: Set<string>;
}

export class LoweringCache {
  /** Event ids are never reused within a document, so cached and new events never collide. */
  readonly ids = { next: 0 };
  private previous = new Map<string, LoweredUnit[]>();
  private current = new Map<string, LoweredUnit[]>();
  /** Units reused by the last lowering, for tests and the bench. */
  reused = 0;
  lowered = 0;

  private idsByText = new Map<string, Names>();
  private nextIdsByText = new Map<string, Names>();

  constructor(private readonly scan: IdentifierScanner) {}

  /** The names written in a function's text and those it calls, remembered by text across analyses. */
  identifiers(text: string, start: number, end: number): Names {
    const own = text.slice(start, end);
    let names = this.idsByText.get(own) ?? this.nextIdsByText.get(own);
    if (!names) {
      names = { ids: new Set(), calls: new Set() };
      this.scan(own, names.ids, names.calls);
    }
    this.nextIdsByText.set(own, names);
    return names;
  }

  /** A unit of the previous analysis with this key, each given out once per analysis. */
  take(key: string): LoweredUnit | undefined {
    const list = this.previous.get(key);
    const unit = list?.pop();
    if (unit) this.reused++;
    return unit;
  }

  keep(unit: LoweredUnit): void {
    const list = this.current.get(unit.key);
    if (list) list.push(unit);
    else this.current.set(unit.key, [unit]);
  }

  /** Ends an analysis: what it kept is what the next one can reuse; the rest is dropped. */
  finish(): void {
    this.previous = this.current;
    this.current = new Map();
    this.idsByText = this.nextIdsByText;
    this.nextIdsByText = new Map();
  }

  begin(): void {
    this.current = new Map();
    this.reused = 0;
    this.lowered = 0;
  }
}

/** Moves a unit to `start` and its functions to index `fnStart`, in place. */
export function moveUnit(unit: LoweredUnit, start: number, fnStart: number): void {
  const delta = start - unit.start;
  const shift = fnStart - unit.fnStart;
  unit.start = start;
  unit.fnStart = fnStart;
  if (delta === 0 && shift === 0) return;
  const spans = new Set<Span>();
  const stmts = new Set<StmtInfo>();
  const callbacks = new Set<object>();
  for (const fn of unit.functions) {
    fn.index += shift;
    if (fn.parent !== undefined && fn.parent >= fnStart - shift) fn.parent += shift;
    spans.add(fn.span);
    if (fn.nameSpan) spans.add(fn.nameSpan);
    for (const s of fn.statements) stmts.add(s);
    for (const d of fn.decls) stmts.add(d.stmt);
  }
  for (const ev of unit.events) {
    ev.fn += shift;
    if (ev.kind === 'closure') ev.target += shift;
    spans.add(ev.site);
    if (ev.stmt) stmts.add(ev.stmt);
    if (ev.kind === 'setsockopt') {
      if (ev.optionSpan) spans.add(ev.optionSpan);
      if (ev.removal) spans.add(ev.removal);
    }
    if (ev.kind === 'close' && ev.apiSpan) spans.add(ev.apiSpan);
    if (ev.kind === 'bind' && ev.callback) callbacks.add(ev.callback);
  }
  if (delta === 0) return;
  for (const s of spans) {
    s.start += delta;
    s.end += delta;
  }
  for (const s of stmts) {
    s.start += delta;
    s.end += delta;
    s.lineStart += delta;
    s.lineEnd += delta;
    if (s.blockStart >= 0) s.blockStart += delta;
    for (let i = 0; i < s.plainBlocks.length; i++) s.plainBlocks[i] += delta;
  }
  for (const c of callbacks) {
    const cb = c as { kind: string; open?: number; close?: number; argsEnd?: number; closeLine?: number };
    if (cb.kind === 'block') {
      cb.open! += delta;
      cb.close! += delta;
      if (cb.closeLine !== undefined) cb.closeLine += delta;
    } else if (cb.kind === 'none') cb.argsEnd! += delta;
  }
}
