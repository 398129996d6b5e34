import type { Node } from 'web-tree-sitter';
import type { FunctionModel, Region, SocketEvent, StmtInfo } from '../../engine/ir';
import type { WrapperKind } from '../../engine/settings';
import type { MacroAliases } from './macros';
import type { Macros, ValueEnv } from './values';

import type { NewEvent } from '../../engine/limits';

export { LoweringLimit, type NewEvent } from '../../engine/limits';

/** What lowering one function needs to know about the file and the function. */
export interface LowerContext {
  readonly text: string;
  readonly grammar: 'c' | 'cpp';
  readonly macros: Macros;
  /** Wrapper macros around close/shutdown defined in the file. */
  readonly macroAliases: MacroAliases;
  /** Project functions and macros configured to act as the socket call they wrap (settings `wrappers`). */
  readonly wrappers: ReadonlyMap<string, WrapperKind>;
  /** The declared type of a handle (`SOCKET`, `int`, `auto`), where the file shows it. */
  declaredType(key: string): string | undefined;
  /** What this function learnt a name's type to be (a declaration, or a smart pointer given an acceptor). */
  recordType(name: string, type: string): void;
  /** Type names the file makes SOCKET (`typedef SOCKET sock_t;`). */
  readonly socketAliases: Set<string>;
  /** Same-file functions by name, with the argument counts they take. */
  readonly functionArity: Map<string, Set<number>>;
  readonly env: ValueEnv;
  readonly fn: FunctionModel;
  /** Which variable holds the result of which event (`rc = bind(...)`, `s = socket(...)`). */
  readonly resultOf: Map<string, number>;
  /** `getaddrinfo(…, &hints, &res)` results (and pointers walking them) by name: the socket type the hints asked for. */
  readonly addrinfoTypes: Map<string, number>;
  /** The event made from a call node, so conditions can say which call failed. */
  readonly eventOfNode: Map<number, number>;
  /** Variables that hold a socket()/accept() result, where "failed" means INVALID_SOCKET. */
  readonly createdVars: Set<string>;
  region(): Region;
  stmt(): StmtInfo | undefined;
  emit(e: NewEvent, node?: Node): SocketEvent;
  /** Counts syntax nodes visited; throws LoweringLimit once the function's work limit is passed. */
  work(units?: number): void;
  /** The file's asio usage (undefined when it does not mention asio): option aliases and namespace. */
  readonly asio: { options: Map<string, string>; ns: string; portable: boolean; local: Set<string> } | undefined;
  /** The file's line ending, for generated code. */
  readonly eol: string;
  /** Lowers a lambda as a function of its own; returns its index. */
  lambda(node: Node): number;
}
