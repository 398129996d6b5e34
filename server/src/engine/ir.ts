import type { Span, TextEdit } from './findings';

/**
 * The language-neutral program form. Front ends (C/C++, later TypeScript) lower their syntax to
 * socket events inside a small structured statement language; the CFG and dataflow are built from
 * this alone, so a rule never sees a syntax tree.
 */

/** A socket value as written, normalised: `s`, `srv->fd`, `ctx.sock`, `sock_` (for `this->sock_`). */
export type HandleKey = string;

/** Where Winsock rules apply: Windows-only code, POSIX-only code, or code shared by both builds. */
export type Region = 'windows' | 'posix' | 'shared';

/** One compilation of a portable file: the Windows build never takes a POSIX-only arm, and back. */
export type Build = 'windows' | 'posix';

/** One of the function's named parameters, read as a truth value (`on`, `!on`, `on ? 1 : 0`). */
export interface ParamValue {
  param: number;
  negate: boolean;
  /** Only its truth is known (`on ? 1 : 0`, `!on`), not the number itself. */
  truth?: boolean;
}

export type SockType = 'stream' | 'dgram' | 'raw' | 'unknown';
export type ShutdownHow = 'send' | 'receive' | 'both' | 'unknown';

/** A statement as fixes need it: what to move or delete, and where to insert before it. */
export interface StmtInfo extends Span {
  /** Offset of the start of the statement's first line. */
  lineStart: number;
  /** Offset just past the line break that ends the statement's last line. */
  lineEnd: number;
  /** True when nothing but the statement (and a trailing comment) stands on its lines. */
  ownLines: boolean;
  indent: string;
  /** The statement sits directly in a block, so lines can be inserted before it or it can be removed. */
  inBlock: boolean;
  /** Identifiers the statement reads, for moving it without breaking name resolution. */
  uses: string[];
  /** Start of the block the statement sits in. */
  blockStart: number;
  /** Starts of the blocks around it reached through plain `{ }` nesting only (innermost first): a
   * statement can move into any of them without changing when it runs. */
  plainBlocks: number[];
  /** The linger variable this statement does nothing but declare, fill in or zero (C and C++). */
  lingerSetupOf?: string;
}

interface EventBase {
  id: number;
  /** The call (or property) the event comes from: the diagnostic anchor. */
  site: Span;
  stmt?: StmtInfo;
  region: Region;
  /** Index of the function (in FileModel.functions) holding the event. */
  fn: number;
  /** Set on events a same-file helper performs, replayed at its call site. */
  viaHelper?: string;
  /** A replayed event reported inside the helper (Node's destroy()): where the helper was called. */
  helperCall?: Span;
  /** The event comes from Node's socket API (`end()`, `destroy()`, `dgram.createSocket`), not from
   * BSD/Winsock calls. Hover and the status bar say so; rules read the facts where Node differs
   * (`api`, `exclusiveUnavailable`, `drainsItself`), never this. */
  dialect?: 'node';
}

export interface HandleEventBase extends EventBase {
  h: HandleKey;
  /** The handle expression as written at the site, for generated code. */
  handleText: string;
}

export type SocketEvent =
  | (HandleEventBase & {
      kind: 'create';
      api: string;
      sockType: SockType;
      accepted: boolean;
      /** A family without ports (AF_UNIX, AF_VSOCK, AF_NETLINK…): port-sharing rules do not apply. */
      localFamily?: boolean;
    })
  | (HandleEventBase & {
      kind: 'setsockopt';
      /** Canonical option name, or undefined when it cannot be resolved. */
      option: string | undefined;
      /** Boolean value when known: `undefined` means computed. */
      enabled: boolean | undefined;
      linger?: { onoff: number | undefined; seconds: number | undefined; valueVar?: string; onoffFrom?: ParamValue; secondsFrom?: ParamValue };
      /** The value is a parameter's truth value: a same-file helper's callers decide it (replayed). */
      enabledFrom?: ParamValue;
      /** Where the option argument is written, for fixes that replace it. */
      optionSpan?: Span;
      /** The option argument is the option's own name (`SO_REUSEADDR`), not a number or a macro of the program's. */
      optionByName?: boolean;
      /** Text to delete to drop the option (Node's `reuseAddr: true` with its comma). */
      removal?: Span;
      /** The Node method that sets it (`setBroadcast`), or the asio call (`set_option`, `acceptor constructor`), for messages. */
      api?: string;
      /** The front end's own edit that makes this call exclusive instead (asio: the exclusive
       * option type, or `false` for the acceptor constructor's reuse_addr). */
      replacement?: { title: string; edit: TextEdit };
    })
  | (HandleEventBase & {
      kind: 'bind';
      /** Port when known (0 = ephemeral), undefined when it cannot be known. */
      port: number | undefined;
      /** The local address, when the code shows it: the wildcard (`INADDR_ANY`, `in6addr_any`, a zeroed
       * struct) or one specific address; Winsock's bind table differs between the two. */
      address?: 'wildcard' | 'specific';
      resultUsed: boolean;
      /** The bind call is its statement, alone (`bind(s, …);`): a fix can rewrite that statement. */
      callIsStatement?: boolean;
      /** The API offers no way to set SO_EXCLUSIVEADDRUSE before it binds (Node's dgram). */
      exclusiveUnavailable?: boolean;
      /** Statements of the bind's own failure branch, for generated error handling. */
      failureBody?: string;
      /** Node's asynchronous bind: where code that must run once bound can go. */
      callback?: BindCallback;
      /** The statements that set SO_EXCLUSIVEADDRUSE before this bind in the front end's own API
       * (asio's set_option); empty when no statement can go before it (a constructor binds). */
      exclusiveLines?: string[];
    })
  /** Listening: `listen()`; for Node datagram sockets, the point where the asynchronous bind is done
   * (the bind callback, a 'listening' handler, `await once(s, 'listening')`). */
  | (HandleEventBase & { kind: 'listen' })
  | (HandleEventBase & { kind: 'connect' })
  /** `drainsItself`: the API keeps reading after the shutdown (Node's `end()`), so no drain loop is owed. */
  | (HandleEventBase & { kind: 'shutdown'; how: ShutdownHow; drainsItself?: boolean })
  | (HandleEventBase & { kind: 'recv' })
  | (HandleEventBase & {
      kind: 'close';
      api: string;
      /** The close itself resets the connection (Node's `resetAndDestroy()`: a linger-zero close). */
      abortive?: boolean;
      /** Where the close function's name is written (`destroy` in `s.destroy()`), for fixes that swap it. */
      apiSpan?: Span;
      /** Node: the call is a statement of its own (`s.destroy();`), so a fix can replace the statement:
       * whether it ends with a semicolon, whether the call is optional (`this.sock?.destroy()`), and
       * whether the socket is named (`s`, `this.sock`) rather than made in place (`net.connect(80)`),
       * so that code can name it again. */
      ownStatement?: { semicolon: boolean; optional: boolean; named: boolean };
      /** The front end's own graceful close to insert before it (asio: shutdown_send and a read loop). */
      gracefulLines?: string[];
      /** How the front end's API spells the graceful steps, for messages (asio: `sock.shutdown(shutdown_send)`). */
      gracefulWords?: { shutdown: string; drain: string };
    })
  /** The connection is over or failing here (Node: an 'error'/'timeout'/'close'/'end' handler,
   * `destroy(err)`): what is done to the socket now is cleanup, not the end of a healthy exchange. */
  | (HandleEventBase & { kind: 'disconnected'; reason: string })
  | (HandleEventBase & { kind: 'nonblocking' })
  | (HandleEventBase & { kind: 'membership'; api?: string })
  | (HandleEventBase & { kind: 'escape'; callee: string })
  /** `h < 0`-style test of a handle against zero; `negated` when true means "valid" (`h >= 0`). */
  /** `operand`: the compared side as written when it is more than the handle (`(s = socket(…))`). */
  | (HandleEventBase & { kind: 'compare'; op: string; negated: boolean; socketTyped: boolean; parenthesize: boolean; operand?: string })
  | (HandleEventBase & { kind: 'copy'; from: HandleKey })
  /** The handle now holds a known non-socket value (INVALID_SOCKET, a fresh declaration). */
  | (HandleEventBase & { kind: 'kill' })
  /** The handle now holds a value from somewhere unknown. */
  | (HandleEventBase & { kind: 'forget' })
  | (EventBase & {
      kind: 'call';
      callee: string;
      args: Array<{ h: HandleKey; text: string } | undefined>;
      /** The arguments' values where the file shows them, for options a helper takes from its parameters. */
      values?: Array<number | undefined>;
    })
  /** Known on this branch: the event `of` succeeded (ok) or failed. */
  | (EventBase & { kind: 'outcome'; of: number; ok: boolean })
  /** A lambda/callback is created here; it sees the handles as they are at this point. */
  | (EventBase & { kind: 'closure'; target: number });

/**
 * Where statements can be added to run once Node has bound a datagram socket: inside the block of
 * the bind call's callback, or as a new callback appended to the call's arguments.
 */
export type BindCallback =
  /** `open` is just past the block's `{`, `close` at its `}`; `indent` is the statements' indentation;
   * `closeLine` the start of the `}`'s line when nothing but blanks stand before it there. */
  | { kind: 'block'; open: number; close: number; indent: string; closeIndent: string; closeLine?: number }
  /** The call has no callback: `argsEnd` is the offset of its closing `)`, `hasArgs` whether a comma is needed. */
  | { kind: 'none'; argsEnd: number; hasArgs: boolean; indent: string }
  /** A callback that is not an inline block (a function name, an expression body): no edit is safe. */
  | { kind: 'other' };

export type EventKind = SocketEvent['kind'];
export type EventOf<K extends EventKind> = Extract<SocketEvent, { kind: K }>;

export type Stmt =
  | { k: 'ev'; ev: SocketEvent }
  | { k: 'seq'; body: Stmt[] }
  /** Branches; `cond` runs first. `then`/`else` start with any outcome events the condition implies. */
  | { k: 'if'; cond: Stmt[]; then: Stmt; else?: Stmt }
  /** Preprocessor arms or other alternatives that never run together; `builds` says which build compiles each arm. */
  | { k: 'alt'; arms: Stmt[]; builds?: Array<Build | undefined> }
  | { k: 'loop'; cond: Stmt[]; body: Stmt; update: Stmt[]; doWhile: boolean; infinite: boolean }
  | { k: 'switch'; cond: Stmt[]; cases: Stmt[][]; hasDefault: boolean }
  | { k: 'return'; value: Stmt[] }
  | { k: 'break' }
  | { k: 'continue' }
  | { k: 'goto'; label: string }
  | { k: 'label'; name: string }
  /** Code after which nothing in the function runs (exit(), abort(), throw). */
  | { k: 'noreturn' };

export interface DeclInfo {
  names: string[];
  stmt: StmtInfo;
}

export interface FunctionModel {
  index: number;
  name: string;
  params: HandleKey[];
  body: Stmt;
  span: Span;
  /** Where the function's name is written (the whole function for anonymous ones). */
  nameSpan?: Span;
  /** The enclosing function for lambdas/callbacks (their entry state comes from it). */
  parent?: number;
  /** A callback known to run at once, before the code after it (array callbacks, an IIFE); other
   * callbacks may run at any later time, after asynchronous work such as Node's bind has finished. */
  synchronous?: boolean;
  /** Statement that makes the function fail, as generated code should write it (`return -1;`). */
  failureReturn?: string;
  /** Every identifier in the function, so generated names do not clash. */
  identifiers: Set<string>;
  decls: DeclInfo[];
  /** Every statement the lowering visited, for fixes that must know who else uses a variable. */
  statements: StmtInfo[];
  indentUnit: string;
  /** Set when the whole function sits in a Windows-only or POSIX-only `#if` arm. */
  build?: Build;
  /** Lowering passed a work limit (engine/limits.ts): no findings are made in this function, and
   * the `socklint-incomplete` diagnostic says so. */
  incomplete?: string;
}

export interface FileModel {
  uri: string;
  text: string;
  language: string;
  functions: FunctionModel[];
  events: SocketEvent[];
  /** The file has both Windows and POSIX code, so generated Windows-only code needs a guard. */
  portable: boolean;
  /** Some `#if` arm is Windows-only or POSIX-only: each build is analysed on its own. */
  hasBuildArms: boolean;
  eol: string;
  /** TypeScript: receivers syntax left open, which a typed pass could resolve. */
  openQuestions?: number;
  /** Event ids of the document: analyses give replayed helper events ids from the same counter, so
   * events cached across edits never share an id with new ones. */
  ids?: { next: number };
}
