import type { Node } from 'web-tree-sitter';
import type { FunctionModel, Region, SocketEvent, StmtInfo } from '../../engine/ir';
import type { WrapperKind } from '../../engine/settings';
import type { MacroAliases } from './macros';
import type { Macros, ValueEnv } from './values';

/** Thrown when a function is too deep or too large to lower within the budget: it is then skipped. */
export class LoweringLimit extends Error {}

type Distribute<T> = T extends SocketEvent ? Omit<T, 'id' | 'region' | 'fn' | 'stmt'> : never;
export type NewEvent = Distribute<SocketEvent>;

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
  /** Type names the file makes SOCKET (`typedef SOCKET sock_t;`). */
  readonly socketAliases: Set<string>;
  /** Same-file functions by name, with the argument counts they take. */
  readonly functionArity: Map<string, Set<number>>;
  readonly env: ValueEnv;
  readonly fn: FunctionModel;
  /** Which variable holds the result of which event (`rc = bind(...)`, `s = socket(...)`). */
  readonly resultOf: Map<string, number>;
  /** The event made from a call node, so conditions can say which call failed. */
  readonly eventOfNode: Map<number, number>;
  /** Variables that hold a socket()/accept() result, where "failed" means INVALID_SOCKET. */
  readonly createdVars: Set<string>;
  region(): Region;
  stmt(): StmtInfo | undefined;
  emit(e: NewEvent, node?: Node): SocketEvent;
  /** Throws LoweringLimit once the document's time budget is spent. */
  checkBudget(): void;
  /** Lowers a lambda as a function of its own; returns its index. */
  lambda(node: Node): number;
}
