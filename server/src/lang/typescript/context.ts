import type * as TS from 'typescript';
import type { Span } from '../../engine/findings';
import type { FunctionModel, SocketEvent, Stmt } from '../../engine/ir';
import type { NewEventWithRegion } from '../../engine/limits';
import { type Bindings, skipOuter } from './bindings';
import { tsApi } from './tsapi';

/**
 * What the call lowering (calls.ts, ffi.ts) needs of the function lowerer (lower.ts): the two
 * depend on this, not on each other, as cfamily/context.ts does for C.
 */

/** What a tracked name holds. */
export type SockKind = 'stream' | 'dgram' | 'server' | 'ffi';

export type FunctionLike = TS.FunctionLikeDeclaration;

/** A parameter (or field) that holds an established connection when the function starts. */
export interface EntryConnection {
  key: string;
  site: TS.Node;
  api: string;
}

export interface FileState {
  sf: TS.SourceFile;
  text: string;
  bindings: Bindings;
  events: SocketEvent[];
  functions: FunctionModel[];
  lambdaDepth: number;
  indentUnit: string;
  /** Top-level functions by name: calls to them replay their summaries. */
  topFunctions: Set<string>;
  /** `this.<field>` → what the class declares or assigns it. */
  fieldKinds: Map<string, SockKind>;
  /** The type checker's answers, on the second, typed pass. */
  oracle?: { kindAt(start: number, end: number): SockKind | undefined };
  /** Receivers syntax could not resolve: the typed pass is worth running when there are any. */
  openQuestions: number;
  /** Event ids, never reused within a document (cached and new events meet in one model). */
  ids: { next: number };
}

/** What a function's caller guarantees on entry (a connection parameter, a broken connection in an 'error' listener…). */
export type Prelude = (child: LowerContext) => Stmt[];

export interface LowerContext {
  readonly ts: typeof TS;
  readonly sf: TS.SourceFile;
  readonly file: FileState;
  readonly fn: FunctionModel;
  readonly fnNode: TS.Node;
  readonly bindings: Bindings;
  readonly kinds: Map<string, SockKind>;
  span(n: TS.Node): Span;
  emit(e: NewEventWithRegion): Stmt;
  expr(e: TS.Expression | undefined, target?: string): Stmt[];
  /** The socket an expression names, if it names one the function tracks. */
  handleOf(e: TS.Expression | undefined): string | undefined;
  keyOf(e: TS.Expression): string | undefined;
  /** What the type checker says a receiver is (undefined before the typed pass). */
  ask(node: TS.Node): SockKind | undefined;
  lambda(node: FunctionLike, prelude?: Prelude, connections?: EntryConnection[], synchronous?: boolean, bindingName?: string): Stmt[];
  namedListener(name: string, prelude: Prelude): boolean;
}

export function anonKey(e: TS.Node, sf: TS.SourceFile): string {
  return `<socket@${e.getStart(sf)}>`;
}

/** `s`, `this.sock`, `ctx.conn.sock`: names the analysis tracks. */
export function keyOf(e: TS.Expression): string | undefined {
  const ts = tsApi();
  if (ts.isIdentifier(e)) return e.text;
  if (e.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  // `this.#socket` is a field like any other; its `#` keeps it apart from a public `socket`.
  if (ts.isPropertyAccessExpression(e) && (ts.isIdentifier(e.name) || ts.isPrivateIdentifier(e.name))) {
    const base = keyOf(skipOuter(e.expression));
    return base ? `${base}.${e.name.text}` : undefined;
  }
  return undefined;
}
