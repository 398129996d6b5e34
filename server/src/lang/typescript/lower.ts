import type * as TS from 'typescript';
import type { DeclInfo, FileModel, FunctionModel, SocketEvent, Stmt, StmtInfo } from '../../engine/ir';
import { eolOf } from '../../engine/text';
import { type Bindings, LISTEN_METHODS, clearedTimers, collectBindings, skipOuter, thisMethodRef } from './bindings';
import { lowerCall, lowerNew } from './calls';
import { type EntryConnection, type FileState, type FunctionLike, type LowerContext, type Prelude, type SockKind, anonKey, keyOf } from './context';
import { identifiersIn, indentUnitOf, statementInfo } from './statements';
import { type TypeAnswers, oracleFromAnswers } from './types';
import { tsApi } from './tsapi';
import { tsIdentifiers, unitContext, unitKey } from './units';
import { LoweringCache, moveUnit } from '../../engine/unitCache';

import { LoweringLimit, type NewEventWithRegion, WorkCounter, limits } from '../../engine/limits';

/** Lowers one function (or the module's top-level code, or a callback) to the engine's statements. */
export class FnLowerer implements LowerContext {
  readonly ts = tsApi();
  private readonly stmts: StmtInfo[] = [];
  private emitted = 0;
  private depth = 0;
  private readonly counter = new WorkCounter();
  /** Functions this one declares by name (`function f() {}`, `const f = () => {}`), once lowered. */
  private readonly localFunctions = new Map<string, { index: number; node: FunctionLike; kinds: Map<string, SockKind> }>();
  /** What listeners registered by name before their function was declared start with (hoisting). */
  private readonly pendingPreludes = new Map<string, Array<Prelude>>();

  constructor(
    readonly file: FileState,
    readonly fn: FunctionModel,
    readonly kinds: Map<string, SockKind>,
    readonly fnNode: TS.Node,
  ) {}

  get bindings() {
    return this.file.bindings;
  }

  get sf() {
    return this.file.sf;
  }

  span(n: TS.Node) {
    return { start: n.getStart(this.sf), end: n.end };
  }

  emit(e: NewEventWithRegion): Stmt {
    if (++this.emitted > limits.eventsPerFunction) throw new LoweringLimit(`more than ${limits.eventsPerFunction} socket events`);
    const ev = { region: 'shared', ...e, id: this.file.ids.next++, fn: this.fn.index, stmt: this.stmts[this.stmts.length - 1] } as SocketEvent;
    this.file.events.push(ev);
    return { k: 'ev', ev };
  }

  /** Counts syntax nodes visited; throws LoweringLimit once the function's work limit is passed. */
  work(units = 1): void {
    this.counter.tick(units);
  }

  /** The socket an expression names: `s`, `this.sock`, `ctx.conn`, or a chained call on one (`s.on(…)`). */
  handleOf(e: TS.Expression | undefined): string | undefined {
    const ts = this.ts;
    if (!e) return undefined;
    e = skipOuter(e);
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && CHAINABLE.has(e.expression.name.text)) return this.handleOf(e.expression.expression);
    // `net.createServer().on(…)`: the socket made by a call nobody named, once that call is lowered.
    if ((ts.isCallExpression(e) || ts.isNewExpression(e)) && this.kinds.has(anonKey(e, this.sf))) return anonKey(e, this.sf);
    const key = keyOf(e);
    return key && this.kinds.has(key) ? key : undefined;
  }

  /**
   * What the type checker says a receiver is, where syntax left it open. Questions it has no answer
   * for (no typed pass yet, or code written since) are counted: the server then runs a typed pass.
   */
  ask(node: TS.Node): SockKind | undefined {
    const answer = this.file.oracle?.kindAt(node.getStart(this.sf), node.end);
    // Unanswered (no checker yet, or code written since it ran): worth a (new) typed pass.
    if (!answer) this.file.openQuestions++;
    return answer;
  }

  /** The name an expression would be tracked under, socket or not. */
  keyOf(e: TS.Expression): string | undefined {
    return keyOf(skipOuter(e));
  }

  withStmt<T>(node: TS.Node, f: () => T): T {
    this.stmts.push(statementInfo(node, this.sf));
    this.fn.statements.push(this.stmts[this.stmts.length - 1]);
    try {
      return f();
    } finally {
      this.stmts.pop();
    }
  }

  lowerBody(body: TS.ConciseBody | TS.Node[]): Stmt {
    const ts = this.ts;
    if (Array.isArray(body)) return { k: 'seq', body: (body as TS.Statement[]).map((s) => this.statement(s)) };
    if (ts.isBlock(body as TS.Node)) return this.statement(body as TS.Block);
    // An expression body: `() => s.destroy()`. It is no statement a fix could edit.
    return { k: 'seq', body: this.expr(body as TS.Expression) };
  }

  /**
   * Handles a condition proves to hold no socket on one branch (`if (socket)`, `if (!this.sock)`,
   * `sock != null`): a helper that destroys its parameter only when there is one still closes it on
   * every path that had a socket, and its summary says so.
   */
  private absentHandles(cond: TS.Expression, depth = 0): { then: string[]; else: string[] } {
    const ts = this.ts;
    const none = { then: [], else: [] };
    const e = skipOuter(cond);
    if (depth > 20) return none;
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
      const inner = this.absentHandles(e.operand, depth + 1);
      return { then: inner.else, else: inner.then };
    }
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) return { then: [...this.absentHandles(e.left, depth + 1).then, ...this.absentHandles(e.right, depth + 1).then], else: [] };
      if (op === ts.SyntaxKind.BarBarToken) return { then: [], else: [...this.absentHandles(e.left, depth + 1).else, ...this.absentHandles(e.right, depth + 1).else] };
      const nothing = (x: TS.Expression) => {
        const v = skipOuter(x);
        return v.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(v) && v.text === 'undefined') || ts.isVoidExpression(v);
      };
      const side = nothing(e.right) ? e.left : nothing(e.left) ? e.right : undefined;
      const key = side && this.keyOf(skipOuter(side));
      if (!key) return none;
      if (op === ts.SyntaxKind.EqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsEqualsToken) return { then: [key], else: [] };
      if (op === ts.SyntaxKind.ExclamationEqualsToken || op === ts.SyntaxKind.ExclamationEqualsEqualsToken) return { then: [], else: [key] };
      return none;
    }
    const key = this.keyOf(e);
    return key ? { then: [], else: [key] } : none;
  }

  statement(node: TS.Statement): Stmt {
    if (++this.depth > limits.nesting) throw new LoweringLimit(`statements nested deeper than ${limits.nesting}`);
    try {
      this.work();
      return this.statementInner(node);
    } finally {
      this.depth--;
    }
  }

  private statementInner(node: TS.Statement): Stmt {
    const ts = this.ts;
    const seq = (body: Stmt[]): Stmt => ({ k: 'seq', body });
    if (ts.isBlock(node)) return seq(node.statements.map((s) => this.statement(s)));
    if (ts.isExpressionStatement(node)) return this.withStmt(node, () => seq(this.expr(node.expression)));
    if (ts.isVariableStatement(node)) return this.withStmt(node, () => seq(this.declarations(node.declarationList, node)));
    if (ts.isIfStatement(node)) {
      const cond = this.withStmt(node, () => this.expr(node.expression));
      const absent = this.absentHandles(node.expression);
      const kills = (keys: string[]): Stmt[] => keys.map((h) => this.emit({ kind: 'kill', h, handleText: h, site: this.span(node.expression), dialect: 'node' }));
      const then = this.statement(node.thenStatement);
      const els = node.elseStatement ? this.statement(node.elseStatement) : undefined;
      return seq([
        ...cond,
        {
          k: 'if',
          cond: [],
          then: absent.then.length ? seq([...kills(absent.then), then]) : then,
          else: absent.else.length ? seq([...kills(absent.else), ...(els ? [els] : [])]) : els,
        },
      ]);
    }
    if (ts.isWhileStatement(node)) {
      const cond = this.withStmt(node, () => this.expr(node.expression));
      return { k: 'loop', cond, body: this.statement(node.statement), update: [], doWhile: false, infinite: isTrueLiteral(node.expression) };
    }
    if (ts.isDoStatement(node)) {
      const body = this.statement(node.statement);
      return { k: 'loop', cond: this.withStmt(node, () => this.expr(node.expression)), body, update: [], doWhile: true, infinite: isTrueLiteral(node.expression) };
    }
    if (ts.isForStatement(node)) {
      const init = node.initializer
        ? this.withStmt(node, () => (ts.isVariableDeclarationList(node.initializer!) ? this.declarations(node.initializer, node) : this.expr(node.initializer as TS.Expression)))
        : [];
      const cond = node.condition ? this.withStmt(node, () => this.expr(node.condition!)) : [];
      const update = node.incrementor ? this.withStmt(node, () => this.expr(node.incrementor!)) : [];
      return seq([...init, { k: 'loop', cond, body: this.statement(node.statement), update, doWhile: false, infinite: !node.condition || isTrueLiteral(node.condition) }]);
    }
    if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
      const right = this.withStmt(node, () => this.expr(node.expression));
      const each = ts.isForOfStatement(node) ? this.iteratedSocket(node) : [];
      const body = this.statement(node.statement);
      return seq([...right, { k: 'loop', cond: [], body: seq([...each, body]), update: [], doWhile: false, infinite: false }]);
    }
    if (ts.isSwitchStatement(node)) {
      const cond = this.withStmt(node, () => this.expr(node.expression));
      const cases = node.caseBlock.clauses.map((c) => [...(ts.isCaseClause(c) ? this.withStmt(node, () => this.expr(c.expression)) : []), ...c.statements.map((s) => this.statement(s))]);
      return seq([...cond, { k: 'switch', cond: [], cases, hasDefault: node.caseBlock.clauses.some((c) => ts.isDefaultClause(c)) }]);
    }
    if (ts.isReturnStatement(node)) return this.withStmt(node, () => ({ k: 'return', value: node.expression ? this.expr(node.expression) : [] }));
    if (ts.isThrowStatement(node)) return this.withStmt(node, () => seq([...this.expr(node.expression), { k: 'noreturn' }]));
    if (ts.isBreakStatement(node)) return { k: 'break' };
    if (ts.isContinueStatement(node)) return { k: 'continue' };
    if (ts.isLabeledStatement(node)) return this.statement(node.statement);
    if (ts.isTryStatement(node)) {
      // The catch block may run after any part of the try block; it is modelled as running after it.
      const parts: Stmt[] = [this.statement(node.tryBlock)];
      if (node.catchClause) parts.push({ k: 'alt', arms: [seq([]), this.catchClause(node.catchClause)] });
      if (node.finallyBlock) parts.push(this.statement(node.finallyBlock));
      return seq(parts);
    }
    if (ts.isFunctionDeclaration(node) && node.body) return seq(this.lambda(node));
    return seq([]);
  }

  private catchClause(c: TS.CatchClause): Stmt {
    const saved = c.variableDeclaration && this.ts.isIdentifier(c.variableDeclaration.name) ? c.variableDeclaration.name.text : undefined;
    const hadKind = saved !== undefined ? this.kinds.get(saved) : undefined;
    if (saved !== undefined) this.kinds.delete(saved);
    const body = this.statement(c.block);
    if (saved !== undefined && hadKind) this.kinds.set(saved, hadKind);
    return body;
  }

  declarations(list: TS.VariableDeclarationList, stmtNode: TS.Node): Stmt[] {
    const ts = this.ts;
    const out: Stmt[] = [];
    const names: string[] = [];
    for (const d of list.declarations) {
      const bound: string[] = [];
      bindingNames(d.name, bound);
      names.push(...bound);
      if (ts.isIdentifier(d.name)) {
        const annotated = d.type ? this.kindOfType(d.type) : undefined;
        // A fresh name: what it held before (in an outer scope) is not this.
        this.kinds.delete(d.name.text);
        if (annotated) this.kinds.set(d.name.text, annotated);
        const value = d.initializer && skipOuter(d.initializer);
        // A named function: listeners registered under its name start the way inline ones do.
        if (value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value))) out.push(...this.lambda(value, undefined, [], false, d.name.text));
        else if (d.initializer) out.push(...this.assign(d.name.text, d.initializer));
      } else if (d.initializer) out.push(...this.expr(d.initializer));
    }
    const info = this.fn.statements[this.fn.statements.length - 1];
    if (names.length && info && ts.isVariableStatement(stmtNode) && info.start === stmtNode.getStart(this.sf)) this.fn.decls.push({ names, stmt: info } satisfies DeclInfo);
    return out;
  }

  /**
   * `for (const c of conns)` over a collection declared to hold sockets (`net.Socket[]`,
   * `Set<net.Socket>`, `Map<K, net.Socket>` through `.values()`): each turn holds one of them,
   * connected (RULES.md: iterated collections are a source of sockets).
   */
  private iteratedSocket(node: TS.ForOfStatement): Stmt[] {
    const ts = this.ts;
    const init = node.initializer;
    const decl = ts.isVariableDeclarationList(init) && init.declarations.length === 1 ? init.declarations[0] : undefined;
    if (!decl || !ts.isIdentifier(decl.name)) return [];
    // What the collection's annotation says, or else what the checker says each turn holds.
    const kind = elementKind(this, skipOuter(node.expression)) ?? this.ask(decl.name);
    if (kind !== 'stream') return [];
    const h = decl.name.text;
    this.kinds.set(h, kind);
    return [this.emit({ kind: 'create', h, handleText: h, api: 'typed', sockType: 'stream', accepted: true, site: this.span(decl), dialect: 'node' })];
  }

  /** `key = value`: a new socket, a copy of one, or something else (the name no longer holds a socket). */
  assign(key: string, value: TS.Expression): Stmt[] {
    const ts = this.ts;
    const from = this.handleOf(value);
    const v = skipOuter(value);
    if (from && (ts.isIdentifier(v) || ts.isPropertyAccessExpression(v))) {
      this.kinds.set(key, this.kinds.get(from)!);
      return [this.emit({ kind: 'copy', h: key, handleText: key, from, site: this.span(value) })];
    }
    const before = this.file.events.length;
    const out = this.expr(value, key);
    const made = this.file.events.slice(before).some((e) => e.kind === 'create' && e.h === key);
    // A name that held a socket and gets a call's result (`this.socket = await this.dial()`) is worth
    // a question to the checker: without an answer it would stop being a socket here.
    if (!made && !from && (this.file.oracle || this.kinds.has(key))) {
      const typed = this.ask(value);
      if (typed) {
        this.kinds.set(key, typed);
        // A net.Socket returned by a call is, in practice, a connection someone made or accepted.
        if (typed === 'stream' && (ts.isCallExpression(v) || ts.isAwaitExpression(value) || ts.isAwaitExpression(v)))
          out.push(this.emit({ kind: 'create', h: key, handleText: key, api: 'typed', sockType: 'stream', accepted: true, site: this.span(value), dialect: 'node' }));
        return out;
      }
    }
    if (!made && this.kinds.has(key) && !from) {
      // Something else now lives under this name; keep its kind only when its type says so.
      out.push(this.emit({ kind: 'forget', h: key, handleText: key, site: this.span(value) }));
    }
    return out;
  }

  kindOfType(type: TS.TypeNode): SockKind | undefined {
    return kindOfTypeNode(type, this.bindings);
  }

  /** Lowers an expression in evaluation order; `target` names where its value goes, for new sockets. */
  expr(e: TS.Expression | undefined, target?: string): Stmt[] {
    if (!e) return [];
    if (++this.depth > limits.nesting) throw new LoweringLimit(`expressions nested deeper than ${limits.nesting}`);
    this.work();
    try {
      return this.exprInner(e, target);
    } finally {
      this.depth--;
    }
  }

  private exprInner(e: TS.Expression, target: string | undefined): Stmt[] {
    const ts = this.ts;
    if (ts.isCallExpression(e)) return lowerCall(this, e, target);
    if (ts.isNewExpression(e)) return lowerNew(this, e, target);
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e)) return this.expr(e.expression, target);
    if (ts.isAwaitExpression(e)) return [...this.expr(e.expression, target), ...this.awaited(e.expression)];
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return this.lambda(e);
    if (ts.isConditionalExpression(e)) {
      return [...this.expr(e.condition), { k: 'if', cond: [], then: { k: 'seq', body: this.expr(e.whenTrue, target) }, else: { k: 'seq', body: this.expr(e.whenFalse, target) } }];
    }
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.EqualsToken) {
        const key = this.keyOf(e.left);
        const fn = skipOuter(e.right);
        // `this.onTimeout = function () {…}`: a listener later registered by that name starts as an inline one.
        if (key?.startsWith('this.') && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return this.lambda(fn, undefined, [], false, key);
        if (key) return this.assign(key, e.right);
        return [...this.expr(e.left), ...this.expr(e.right)];
      }
      // Left-deep chains (`a + b + c …`, `x && y && z`) are walked without recursing per operand.
      const operands: TS.BinaryExpression[] = [];
      let cur: TS.Expression = e;
      while (ts.isBinaryExpression(cur) && cur.operatorToken.kind !== ts.SyntaxKind.EqualsToken) {
        operands.push(cur);
        cur = cur.left;
      }
      const out = this.expr(cur);
      for (let i = operands.length - 1; i >= 0; i--) {
        const k = operands[i].operatorToken.kind;
        const logical = k === ts.SyntaxKind.AmpersandAmpersandToken || k === ts.SyntaxKind.BarBarToken || k === ts.SyntaxKind.QuestionQuestionToken;
        // The right side of a logical operator may not run.
        if (logical) out.push({ k: 'if', cond: [], then: { k: 'seq', body: this.expr(operands[i].right, target) } });
        else out.push(...this.expr(operands[i].right));
      }
      return out;
    }
    if (ts.isObjectLiteralExpression(e)) {
      const out: Stmt[] = [];
      for (const p of e.properties) {
        if (ts.isPropertyAssignment(p)) out.push(...this.expr(p.initializer));
        else if (ts.isMethodDeclaration(p) || ts.isGetAccessorDeclaration(p) || ts.isSetAccessorDeclaration(p)) out.push(...this.lambda(p));
        else if (ts.isSpreadAssignment(p)) out.push(...this.expr(p.expression));
      }
      return out;
    }
    if (ts.isClassExpression(e) || ts.isIdentifier(e) || ts.isLiteralExpression(e)) return [];
    const out: Stmt[] = [];
    ts.forEachChild(e, (c) => {
      if (ts.isExpression(c)) out.push(...this.expr(c));
    });
    return out;
  }

  /**
   * What an `await` establishes: `await once(s, 'listening')` is lowered at the call; a promise
   * wrapping `s.bind(port, resolve)` or a 'listening' listener means s is bound once it settles.
   */
  private awaited(operand: TS.Expression): Stmt[] {
    const ts = this.ts;
    const e = skipOuter(operand);
    if (!ts.isNewExpression(e) || !ts.isIdentifier(e.expression) || e.expression.text !== 'Promise') return [];
    const bound = new Set<string>();
    const ended = new Set<string>();
    // Only a listener that settles the promise says the socket has closed by the time it resolves:
    // `s.once('close', resolve)`, or a listener that calls resolve. One that only clears a timer does not.
    const executor = e.arguments?.[0] && skipOuter(e.arguments[0]);
    const resolveParam = executor && (ts.isArrowFunction(executor) || ts.isFunctionExpression(executor)) ? executor.parameters[0] : undefined;
    const resolveName = resolveParam && ts.isIdentifier(resolveParam.name) ? resolveParam.name.text : undefined;
    const settles = (listener: TS.Expression | undefined): boolean => {
      const l = listener && skipOuter(listener);
      if (!l || !resolveName) return false;
      if (ts.isIdentifier(l)) return l.text === resolveName;
      if (!ts.isArrowFunction(l) && !ts.isFunctionExpression(l)) return false;
      let found = false;
      const walk = (x: TS.Node): void => {
        if (found) return;
        if (ts.isCallExpression(x) && ts.isIdentifier(x.expression) && x.expression.text === resolveName) found = true;
        else ts.forEachChild(x, walk);
      };
      walk(l.body);
      return found;
    };
    const visit = (n: TS.Node): void => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
        const h = this.handleOf(n.expression.expression);
        const m = n.expression.name.text;
        const first = n.arguments[0];
        if (h && this.kinds.get(h) === 'dgram' && (m === 'bind' || (LISTENERS.has(m) && first && ts.isStringLiteralLike(first) && first.text === 'listening'))) bound.add(h);
        // `await new Promise((resolve) => s.once('close', resolve))`: the connection is over afterwards.
        if (h && this.kinds.get(h) === 'stream' && LISTENERS.has(m) && first && ts.isStringLiteralLike(first) && (first.text === 'close' || first.text === 'end') && settles(n.arguments[1]))
          ended.add(h);
      }
      ts.forEachChild(n, visit);
    };
    visit(e);
    return [
      ...[...bound].map((h) => this.emit({ kind: 'listen', h, handleText: h, site: this.span(operand), dialect: 'node' })),
      ...[...ended].map((h) => this.emit({ kind: 'disconnected', h, handleText: h, reason: 'awaited close', site: this.span(operand), dialect: 'node' })),
    ];
  }

  /**
   * A function created here (arrow, function expression, nested declaration): its own FunctionModel,
   * entered with the state at this point. `prelude` adds what its caller guarantees on entry (a
   * connection parameter, an 'error' listener's broken connection, a bind callback's bound socket).
   */
  lambda(node: FunctionLike, prelude?: Prelude, connections: EntryConnection[] = [], synchronous = false, bindingName?: string): Stmt[] {
    if (!node.body) return [];
    if (this.file.lambdaDepth >= limits.lambdaNesting) throw new LoweringLimit(`functions nested deeper than ${limits.lambdaNesting}`);
    const kinds = new Map(this.kinds);
    const params = paramNames(node);
    for (const p of params) kinds.delete(p);
    for (const p of node.parameters) {
      const k = paramKind(this.file, p);
      if (k && this.ts.isIdentifier(p.name)) kinds.set(p.name.text, k);
    }
    const name = this.ts.isFunctionDeclaration(node) && node.name ? node.name.text : '<lambda>';
    const named = name !== '<lambda>' ? name : bindingName;
    const preludes = [...(prelude ? [prelude] : []), ...((named && this.pendingPreludes.get(named)) || [])];
    if (named) this.pendingPreludes.delete(named);
    const entry: Prelude | undefined = preludes.length ? (child) => preludes.flatMap((p) => p(child)) : undefined;
    // `const onConnection = (socket) => {…}` inside a function, then `net.createServer(onConnection)`.
    const position = named ? this.file.bindings.connectionHandlers.get(named) : undefined;
    const first = position !== undefined ? node.parameters[position] : undefined;
    if (!connections.length && first && this.ts.isIdentifier(first.name)) connections = [{ key: first.name.text, site: first, api: position ? 'upgrade' : 'connection' }];
    // `var client;` here, `client = net.connect(…)` in one nested function (a setup routine), used in
    // another (an 'input' handler): there it is the connection the setup made.
    for (const [name, assigners] of this.closureSockets()) {
      if (assigners.has(node) || params.includes(name) || kinds.has(name) || connections.some((c) => c.key === name)) continue;
      if (mentions(node.body, name)) connections = [...connections, { key: name, site: node, api: 'connection' }];
    }
    this.file.lambdaDepth++;
    let index: number;
    try {
      index = lowerFunction(this.file, node, node.body, name, params, this.fn.index, new Map(kinds), entry, connections);
      if (synchronous) this.file.functions[index].synchronous = true;
    } finally {
      this.file.lambdaDepth--;
    }
    if (named) this.localFunctions.set(named, { index, node, kinds });
    return [this.emit({ kind: 'closure', target: index, site: this.span(node) })];
  }

  private closureSocketMap?: Map<string, Set<TS.Node>>;

  /** Variables declared in this function that a nested function assigns a new connection, by the functions that assign it. */
  private closureSockets(): Map<string, Set<TS.Node>> {
    if (this.closureSocketMap) return this.closureSocketMap;
    const ts = this.ts;
    const out = new Map<string, Set<TS.Node>>();
    const body = ts.isFunctionLike(this.fnNode) ? (this.fnNode as TS.FunctionLikeDeclaration).body : undefined;
    if (!body) return (this.closureSocketMap = out);
    const declared = new Set<string>();
    // Only variables this function leaves empty (`var client;`, `= null`): one it gives a value itself
    // (`let socket = ftp._newSocket()`) is that value's, whatever a callback assigns later.
    const empty = (init: TS.Expression | undefined) => !init || init.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(init) && init.text === 'undefined');
    const own = (n: TS.Node): void => {
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && empty(n.initializer)) declared.add(n.name.text);
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.left) && !empty(n.right)) assignedHere.add(n.left.text);
      if (!ts.isFunctionLike(n)) ts.forEachChild(n, own);
    };
    const assignedHere = new Set<string>();
    own(body);
    for (const name of assignedHere) declared.delete(name);
    const nested = (n: TS.Node, fn: TS.Node | undefined): void => {
      const inner = n !== body && ts.isFunctionLike(n) ? n : fn;
      if (inner && ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.left) && declared.has(n.left.text)) {
        const v = skipOuter(n.right);
        const made =
          ts.isCallExpression(v) && (this.bindings.isMember(skipOuter(v.expression), 'net', 'connect', 'createConnection') || this.bindings.isMember(skipOuter(v.expression), 'tls', 'connect'));
        if (made) {
          const set = out.get(n.left.text) ?? new Set<TS.Node>();
          set.add(inner);
          out.set(n.left.text, set);
        }
      }
      ts.forEachChild(n, (c) => nested(c, inner));
    };
    nested(body, undefined);
    return (this.closureSocketMap = out);
  }

  /**
   * A function of this one registered by name as a listener (`sock.on('timeout', onTimeout)`): it
   * starts as an inline listener would. Declared already, its entry gains the prelude; declared
   * later (a hoisted `function onFail() {}`), it gets it when it is lowered.
   */
  namedListener(name: string, prelude: Prelude): boolean {
    const done = this.localFunctions.get(name);
    if (!done) {
      const list = this.pendingPreludes.get(name) ?? [];
      list.push(prelude);
      this.pendingPreludes.set(name, list);
      return true;
    }
    const fn = this.file.functions[done.index];
    if (fn.incomplete) return false;
    const child = new FnLowerer(this.file, fn, new Map(done.kinds), done.node);
    // After the sockets the function starts with (a closure's connection): the listener's prelude
    // (the socket has failed) is about them too.
    const entry = entryLengths.get(fn) ?? 0;
    fn.body = entry && fn.body.k === 'seq' ? { k: 'seq', body: [...fn.body.body.slice(0, entry), ...prelude(child), ...fn.body.body.slice(entry)] } : { k: 'seq', body: [...prelude(child), fn.body] };
    return true;
  }
}

/** Socket methods that return the socket itself, so `s.on(…).on(…)` still names s. */
const CHAINABLE = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
  'setTimeout',
  'setNoDelay',
  'setKeepAlive',
  'setEncoding',
  'pause',
  'resume',
  'ref',
  'unref',
  'removeListener',
  'off',
]);
const LISTENERS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

function isTrueLiteral(e: TS.Expression): boolean {
  return skipOuter(e).kind === tsApi().SyntaxKind.TrueKeyword;
}

/** The name of a socket made by a call whose result is not stored (`net.connect(…).on(…)`). */
export function bindingNames(name: TS.BindingName, out: string[]): void {
  const ts = tsApi();
  if (ts.isIdentifier(name)) out.push(name.text);
  else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, out);
}

function paramNames(node: FunctionLike): string[] {
  const out: string[] = [];
  for (const p of node.parameters) bindingNames(p.name, out);
  return out;
}

/** What a parameter holds: its annotation says, or else the type checker on the typed pass. */
function paramKind(file: FileState, p: TS.ParameterDeclaration): SockKind | undefined {
  if (p.type) return kindOfTypeNode(p.type, file.bindings);
  return tsApi().isIdentifier(p.name) ? file.oracle?.kindAt(p.name.getStart(file.sf), p.name.end) : undefined;
}

/** What a collection expression holds, from the annotation of the name it reads (`conns`, `this.conns`, `m.values()`). */
function elementKind(lw: FnLowerer, e: TS.Expression): SockKind | undefined {
  const ts = lw.ts;
  const values = ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'values' && !e.arguments.length;
  const target = values ? skipOuter((e.expression as TS.PropertyAccessExpression).expression) : e;
  const name = ts.isIdentifier(target) ? target.text : undefined;
  const type = name ? declaredTypeOf(lw.fnNode, name) : undefined;
  return type && collectionElementKind(type, lw.bindings, values);
}

/** The annotation of a parameter or local variable of the function (the nearest declaration in it). */
function declaredTypeOf(fnNode: TS.Node, name: string): TS.TypeNode | undefined {
  const ts = tsApi();
  let found: TS.TypeNode | undefined;
  const params = ts.isFunctionLike(fnNode) ? fnNode.parameters : [];
  for (const p of params) if (ts.isIdentifier(p.name) && p.name.text === name && p.type) found = p.type;
  const visit = (n: TS.Node): void => {
    if (found) return;
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === name && n.type) found = n.type;
    else if (!ts.isFunctionLike(n)) ts.forEachChild(n, visit);
  };
  const body = ts.isFunctionLike(fnNode) ? (fnNode as TS.FunctionLikeDeclaration).body : undefined;
  if (!found && body) visit(body);
  return found;
}

/** `net.Socket[]`, `Array<…>`, `ReadonlyArray<…>`, `Set<…>`, `Iterable<…>`; `Map<K, …>` only for its `.values()`. */
function collectionElementKind(type: TS.TypeNode, b: Bindings, values: boolean): SockKind | undefined {
  const ts = tsApi();
  if (ts.isArrayTypeNode(type)) return values ? undefined : kindOfTypeNode(type.elementType, b);
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName) || !type.typeArguments) return undefined;
  const n = type.typeName.text;
  const args = type.typeArguments;
  if ((n === 'Map' || n === 'ReadonlyMap') && values && args.length === 2) return kindOfTypeNode(args[1], b);
  if (['Array', 'ReadonlyArray', 'Set', 'ReadonlySet', 'Iterable'].includes(n) && args.length === 1 && !values) return kindOfTypeNode(args[0], b);
  return undefined;
}

/** The module member a type reference names: `Socket` imported from net, `net.Socket`, `stream.Duplex`. */
function typeRefOf(type: TS.TypeNode, b: Bindings): { module?: string; member?: string } | undefined {
  const ts = tsApi();
  if (!ts.isTypeReferenceNode(type)) return undefined;
  const n = type.typeName;
  return ts.isIdentifier(n) ? b.names.get(n.text) : ts.isIdentifier(n.left) && !b.names.get(n.left.text)?.member ? { module: b.names.get(n.left.text)?.module, member: n.right.text } : undefined;
}

/** `Socket` (from net), `net.Socket`, `tls.TLSSocket`, `dgram.Socket`, `net.Server`. */
export function kindOfTypeNode(type: TS.TypeNode, b: Bindings): SockKind | undefined {
  const ts = tsApi();
  if (ts.isUnionTypeNode(type)) {
    // `net.Socket | tls.TLSSocket` is a stream either way; `net.Socket | dgram.Socket` says nothing.
    const kinds = new Set(type.types.map((t) => kindOfTypeNode(t, b)).filter((k) => k));
    return kinds.size === 1 ? [...kinds][0] : undefined;
  }
  const ref = typeRefOf(type, b);
  if (!ref?.module || !ref.member) return undefined;
  if ((ref.module === 'net' && ref.member === 'Socket') || (ref.module === 'tls' && ref.member === 'TLSSocket')) return 'stream';
  if (ref.module === 'dgram' && ref.member === 'Socket') return 'dgram';
  if ((ref.module === 'net' || ref.module === 'tls' || ref.module === 'http' || ref.module === 'https') && ref.member === 'Server') return 'server';
  return undefined;
}

/**
 * `stream.Duplex`: what an http server's 'upgrade' listener types its socket as. A parameter so typed
 * is a socket only when a caller passes one (its summary), never a connection of its own.
 */
function isDuplexType(type: TS.TypeNode | undefined, b: Bindings): boolean {
  const ts = tsApi();
  if (!type) return false;
  if (ts.isUnionTypeNode(type)) return type.types.some((t) => isDuplexType(t, b)) && type.types.every((t) => isDuplexType(t, b) || isNothingType(t));
  const ref = typeRefOf(type, b);
  return ref?.module === 'stream' && ref.member === 'Duplex';
}

function isNothingType(t: TS.TypeNode): boolean {
  const ts = tsApi();
  return t.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword);
}

/**
 * Lowers one function body into a FunctionModel. A parameter annotated as a connected socket
 * (`s: net.Socket`) in a function nobody in the file calls, and the first parameter of a function
 * given to `createServer`/'connection', are connections from the start; a function called from the
 * file gets its sockets from the call sites, through its summary.
 */
export function lowerFunction(
  file: FileState,
  owner: TS.Node,
  body: TS.ConciseBody | TS.Node[],
  name: string,
  params: string[],
  parent: number | undefined,
  kinds: Map<string, SockKind>,
  prelude?: Prelude,
  entryConnections: EntryConnection[] = [],
): number {
  const start = owner.getStart(file.sf);
  const nameNode = (owner as Partial<TS.NamedDeclaration>).name;
  const fn: FunctionModel = {
    index: file.functions.length,
    name,
    params,
    body: { k: 'seq', body: [] },
    span: { start, end: owner.end },
    nameSpan: nameNode ? { start: nameNode.getStart(file.sf), end: nameNode.end } : { start, end: owner.end },
    parent,
    identifiers: new Set(),
    decls: [],
    statements: [],
    indentUnit: file.indentUnit,
  };
  file.functions.push(fn);
  identifiersIn(owner, fn.identifiers);
  const lw = new FnLowerer(file, fn, kinds, owner);
  try {
    const entry: Stmt[] = [];
    for (const c of entryConnections) {
      kinds.set(c.key, 'stream');
      entry.push(lw.emit({ kind: 'create', h: c.key, handleText: c.key, api: c.api, sockType: 'stream', accepted: true, site: lw.span(c.site), dialect: 'node' }));
    }
    if (prelude) entry.push(...prelude(lw));
    fn.body = { k: 'seq', body: [...entry, lw.lowerBody(body)] };
    entryLengths.set(fn, entry.length);
  } catch (e) {
    if (!(e instanceof LoweringLimit)) throw e;
    // Its events stay in the file, but no rule looks into an incomplete function.
    fn.incomplete = e.message;
    fn.body = { k: 'seq', body: [] };
  }
  return fn.index;
}

/**
 * The whole file: its top-level code as one function, then each top-level function, class and
 * function-valued declaration. Those are cached per document (engine/unitCache.ts) under their
 * text and what their lowering reads from the rest of the file (units.ts): an edit re-lowers the
 * statement it touched and the module's own code.
 */
export function lowerSourceFile(sf: TS.SourceFile, uri: string, flavour: string, answers?: TypeAnswers, cache: LoweringCache = new LoweringCache(tsIdentifiers)): FileModel {
  const ts = tsApi();
  cache.begin();
  const bindings = collectBindings(sf);
  const file: FileState = {
    sf,
    text: sf.text,
    bindings,
    events: [],
    functions: [],
    lambdaDepth: 0,
    indentUnit: indentUnitOf(sf.text),
    topFunctions: new Set(),
    fieldKinds: new Map(),
    oracle: answers ? oracleFromAnswers(answers) : undefined,
    openQuestions: 0,
    ids: cache.ids,
  };
  const moduleStatements: TS.Statement[] = [];
  const units: Array<{ node: TS.Statement; lower: () => void }> = [];
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.body) {
      const name = st.name?.text ?? 'default';
      file.topFunctions.add(name);
      units.push({ node: st, lower: () => lowerTop(file, st, name, new Map()) });
    } else if (ts.isClassDeclaration(st)) {
      units.push({
        node: st,
        lower: () => {
          const later: Array<() => void> = [];
          classMembers(file, st, later);
          for (const f of later) f();
        },
      });
    } else if (ts.isVariableStatement(st) && st.declarationList.declarations.every((d) => ts.isIdentifier(d.name) && d.initializer && isFunctionValue(d.initializer))) {
      const decls = st.declarationList.declarations.map((d) => ({ name: (d.name as TS.Identifier).text, fn: skipOuter(d.initializer!) as FunctionLike }));
      for (const d of decls) file.topFunctions.add(d.name);
      units.push({ node: st, lower: () => decls.forEach((d) => lowerTop(file, d.fn, d.name, new Map())) });
    } else moduleStatements.push(st);
  }
  lowerFunction(file, sf, moduleStatements, '<module>', [], undefined, new Map());
  const context = unitContext(sf, flavour, file.indentUnit, bindings, file.topFunctions, answers);
  for (const u of units) {
    const start = u.node.getStart(sf);
    const key = unitKey(context, cache, start, u.node.end);
    const fnStart = file.functions.length;
    const reused = cache.take(key);
    if (reused) {
      moveUnit(reused, start, fnStart);
      file.functions.push(...reused.functions);
      file.events.push(...reused.events);
      file.openQuestions += reused.openQuestions ?? 0;
      cache.keep(reused);
      continue;
    }
    const eventStart = file.events.length;
    const questions = file.openQuestions;
    u.lower();
    cache.lowered++;
    const functions = file.functions.slice(fnStart);
    cache.keep({ key, start, fnStart, functions, events: file.events.slice(eventStart), hasBuildArms: false, openQuestions: file.openQuestions - questions });
  }
  cache.finish();
  return {
    uri,
    text: sf.text,
    language: flavour === 'ts' || flavour === 'tsx' ? 'typescript' : 'javascript',
    functions: file.functions,
    events: file.events,
    portable: false,
    hasBuildArms: false,
    eol: eolOf(sf.text),
    openQuestions: file.openQuestions,
  };
}

function isFunctionValue(e: TS.Expression): boolean {
  const ts = tsApi();
  const v = skipOuter(e);
  return ts.isArrowFunction(v) || ts.isFunctionExpression(v);
}

function lowerTop(file: FileState, node: FunctionLike, name: string, inherited: Map<string, SockKind>): void {
  const ts = tsApi();
  if (!node.body) return;
  const kinds = new Map(inherited);
  const params: string[] = [];
  for (const p of node.parameters) bindingNames(p.name, params);
  const connections: EntryConnection[] = [];
  const called = file.bindings.calledNames.has(name.replace(/^.*\./, ''));
  node.parameters.forEach((p, i) => {
    if (!ts.isIdentifier(p.name)) return;
    const k = paramKind(file, p);
    if (i === file.bindings.connectionHandlers.get(name)) connections.push({ key: p.name.text, site: p, api: i ? 'upgrade' : 'connection' });
    else if (k === 'stream' && !called) connections.push({ key: p.name.text, site: p, api: 'parameter' });
    else if (k) kinds.set(p.name.text, k);
    else if (called && isDuplexType(p.type, file.bindings)) kinds.set(p.name.text, 'stream');
  });
  lowerFunction(file, node, node.body, name, params, undefined, kinds, undefined, connections);
}

/**
 * Methods are functions of their own. A field declared or assigned as a connected socket
 * (`private sock: net.Socket`, `this.sock = net.connect(…)`) is a connection when a method other
 * than the constructor starts.
 */
function classMembers(file: FileState, cls: TS.ClassDeclaration, later: Array<() => void>): void {
  const ts = tsApi();
  const fields = new Map<string, { kind: SockKind; site: TS.Node }>();
  for (const m of cls.members) {
    if (ts.isPropertyDeclaration(m) && (ts.isIdentifier(m.name) || ts.isPrivateIdentifier(m.name)) && m.type) {
      const k = kindOfTypeNode(m.type, file.bindings);
      if (k) fields.set(`this.${m.name.text}`, { kind: k, site: m });
    }
    if (ts.isConstructorDeclaration(m)) {
      for (const p of m.parameters) {
        const isProperty = ts
          .getModifiers(p)
          ?.some(
            (mod) => mod.kind === ts.SyntaxKind.PrivateKeyword || mod.kind === ts.SyntaxKind.PublicKeyword || mod.kind === ts.SyntaxKind.ProtectedKeyword || mod.kind === ts.SyntaxKind.ReadonlyKeyword,
          );
        const k = p.type ? kindOfTypeNode(p.type, file.bindings) : undefined;
        if (isProperty && k && ts.isIdentifier(p.name)) fields.set(`this.${p.name.text}`, { kind: k, site: p });
      }
    }
  }
  // `this.sock = net.connect(…)` anywhere in the class.
  const visit = (n: TS.Node): void => {
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const key = keyOf(skipOuter(n.left));
      const v = skipOuter(n.right);
      if (key?.startsWith('this.') && !fields.has(key) && ts.isCallExpression(v)) {
        const member = file.bindings.isMember(skipOuter(v.expression), 'net', 'connect', 'createConnection') ?? file.bindings.isMember(skipOuter(v.expression), 'tls', 'connect');
        const dgram = file.bindings.isMember(skipOuter(v.expression), 'dgram', 'createSocket');
        if (member) fields.set(key, { kind: 'stream', site: n });
        else if (dgram) fields.set(key, { kind: 'dgram', site: n });
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(cls);
  const failing = failureMethods(cls);
  const className = cls.name?.text ?? '<class>';
  for (const [k, v] of fields) file.fieldKinds.set(k, v.kind);
  for (const m of cls.members) {
    const fnNode =
      ts.isPropertyDeclaration(m) && m.initializer && isFunctionValue(m.initializer)
        ? (skipOuter(m.initializer) as FunctionLike)
        : ts.isFunctionLike(m) && 'body' in m
          ? (m as FunctionLike)
          : undefined;
    if (!fnNode?.body) continue;
    const memberName = m.name && (ts.isIdentifier(m.name) || ts.isPrivateIdentifier(m.name)) ? m.name.text : ts.isConstructorDeclaration(m) ? 'constructor' : '<member>';
    const isCtor = ts.isConstructorDeclaration(m);
    later.push(() => {
      const kinds = new Map<string, SockKind>();
      const connections: EntryConnection[] = [];
      const bodyText = fnNode.body!.getText(file.sf);
      for (const [key, f] of fields) {
        kinds.set(key, f.kind);
        if (!isCtor && f.kind === 'stream' && bodyText.includes(key)) connections.push({ key, site: f.site, api: 'field' });
      }
      const params: string[] = [];
      for (const p of fnNode.parameters) bindingNames(p.name, params);
      // A method registered as a connection listener (`server.on('connection', this.onConn.bind(this))`).
      const position = file.bindings.connectionHandlers.get(`this.${memberName}`);
      const socketParam = position !== undefined ? fnNode.parameters[position] : undefined;
      if (socketParam && ts.isIdentifier(socketParam.name)) connections.push({ key: socketParam.name.text, site: socketParam, api: position ? 'upgrade' : 'connection' });
      const called = file.bindings.calledNames.has(memberName);
      for (const p of fnNode.parameters) {
        const k = paramKind(file, p) ?? (called && isDuplexType(p.type, file.bindings) ? 'stream' : undefined);
        if (!k || !ts.isIdentifier(p.name)) continue;
        // As for functions: a method nobody in the file calls gets its socket from unknown callers, connected.
        if (k === 'stream' && !called && !file.bindings.memberCalls.has(memberName) && !isCtor && !connections.some((c) => c.key === p.name.getText(file.sf)))
          connections.push({ key: p.name.text, site: p, api: 'parameter' });
        else kinds.set(p.name.text, k);
      }
      // A method run only by 'error'/'timeout' listeners is cleanup: the class's streams have failed there.
      const over = failing.get(memberName);
      const failed: Prelude | undefined = over
        ? (child) =>
            [...child.kinds]
              .filter(([h, k]) => k === 'stream' && (over.has('*') || over.has(h)))
              .map(([h]) => child.emit({ kind: 'disconnected', h, handleText: h, reason: 'error', site: child.span(fnNode), dialect: 'node' }))
        : undefined;
      lowerFunction(file, fnNode, fnNode.body!, `${className}.${memberName}`, params, undefined, kinds, failed, connections);
    });
  }
}

/** How many statements each function starts with before its own body (entry sockets, preludes). */
const entryLengths = new WeakMap<FunctionModel, number>();

/** Whether `name` is read anywhere in `body` (nested functions included). */
function mentions(body: TS.Node | undefined, name: string): boolean {
  const ts = tsApi();
  let found = false;
  const walk = (n: TS.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n) && n.text === name) found = true;
    else ts.forEachChild(n, walk);
  };
  if (body) walk(body);
  return found;
}

/**
 * `this.timer = setTimeout(this.onConnectTimeout.bind(this), ms)` with a `'connect'` listener that
 * clears `this.timer`: the method runs only while the connection attempt is pending, so what it
 * destroys never connected (as with a connect timer inside one function, calls.ts).
 */
function connectTimeoutMethods(cls: TS.ClassDeclaration, thisMember: (e: TS.Expression) => string | undefined, use: (node: TS.Node, name: string, over?: string) => void): void {
  const ts = tsApi();
  const cleared = new Set<string>();
  const clearsIn = (fn: TS.Node): void => {
    for (const arg of clearedTimers(fn)) {
      const timer = thisMember(arg);
      if (timer) cleared.add(timer);
    }
  };
  const listeners = (n: TS.Node): void => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && LISTEN_METHODS.has(n.expression.name.text)) {
      const ev = n.arguments[0];
      const fn = n.arguments[1] && skipOuter(n.arguments[1]);
      if (ev && ts.isStringLiteralLike(ev) && CONNECTED_EVENTS.has(ev.text) && fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) clearsIn(fn);
    }
    ts.forEachChild(n, listeners);
  };
  listeners(cls);
  if (!cleared.size) return;
  const timers = (n: TS.Node): void => {
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const timer = thisMember(n.left);
      const call = skipOuter(n.right);
      const fn =
        ts.isCallExpression(call) && ts.isIdentifier(skipOuter(call.expression)) && (skipOuter(call.expression) as TS.Identifier).text === 'setTimeout'
          ? call.arguments[0] && skipOuter(call.arguments[0])
          : undefined;
      if (timer && cleared.has(timer) && fn) {
        // `this.m`, `this.m.bind(this)`, or `() => this.m()`.
        const arrow = ts.isArrowFunction(fn) && !ts.isBlock(fn.body) && ts.isCallExpression(fn.body) ? fn.body.expression : undefined;
        const ref = thisMethodRef(arrow ?? fn);
        if (ref) use(ref, ref.name.text);
      }
    }
    ts.forEachChild(n, timers);
  };
  timers(cls);
}

const CONNECTED_EVENTS = new Set(['connect', 'secureConnect', 'ready']);

/** Listener events after which the connection is over: cleanup may destroy. */
const FAILURE_EVENTS = new Set(['error', 'timeout', 'close', 'end']);

/**
 * Methods of the class that only 'error', 'timeout', 'close' or 'end' listeners call: `s.on('error', (e) => this.#fail(e))`,
 * `s.once('timeout', this.onTimeout.bind(this))`, `s.on('error', this.onError)`. A method also called
 * from anywhere else is not one. Each comes with the streams it may take for over: all of the
 * class's after an 'error' or 'timeout' (the exchange is failing), only the one that closed or
 * ended after 'close' or 'end' (its partner is still healthy, and should be ended, not destroyed).
 */
function failureMethods(cls: TS.ClassDeclaration): Map<string, Set<string>> {
  const ts = tsApi();
  const fromListeners = new Map<string, Set<string>>();
  const listenerUses = new Set<TS.Node>();
  const thisMember = (e: TS.Expression): string | undefined => {
    const v = skipOuter(e);
    return ts.isPropertyAccessExpression(v) && v.expression.kind === ts.SyntaxKind.ThisKeyword ? v.name.text : undefined;
  };
  const use = (node: TS.Node, name: string, over = '*') => {
    const scope = fromListeners.get(name) ?? new Set<string>();
    scope.add(over);
    fromListeners.set(name, scope);
    listenerUses.add(node);
  };
  // Every `this.m(…)` a listener makes, nested functions aside: `(e) => this.#fail(e)`, or a body that decides first.
  const callsIn = (fn: TS.Node, over: string): void => {
    const walk = (n: TS.Node): void => {
      if (n !== fn && ts.isFunctionLike(n)) return;
      if (ts.isCallExpression(n)) {
        const name = thisMember(n.expression);
        if (name) use(skipOuter(n.expression), name, over);
      }
      ts.forEachChild(n, walk);
    };
    walk(fn);
  };
  const visit = (n: TS.Node): void => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && LISTEN_METHODS.has(n.expression.name.text)) {
      const ev = n.arguments[0];
      const fn = n.arguments[1] && skipOuter(n.arguments[1]);
      if (fn && ev && ts.isStringLiteralLike(ev) && FAILURE_EVENTS.has(ev.text)) {
        const receiver = keyOf(skipOuter(n.expression.expression));
        // A 'close' on a local name may be the field's own socket under another name: as before, all of them.
        const over = ev.text === 'error' || ev.text === 'timeout' || !receiver?.startsWith('this.') ? '*' : receiver;
        // `this.m`, `this.m.bind(this)`
        const ref = thisMethodRef(fn);
        if (ref) use(ref, ref.name.text, over);
        else if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) callsIn(fn, over);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(cls);
  connectTimeoutMethods(cls, thisMember, use);
  // Any other use of the method (a call elsewhere, or passing it on) makes it more than a failure handler.
  const other = (n: TS.Node): void => {
    if (ts.isPropertyAccessExpression(n) && n.expression.kind === ts.SyntaxKind.ThisKeyword && fromListeners.has(n.name.text) && !listenerUses.has(n)) fromListeners.delete(n.name.text);
    ts.forEachChild(n, other);
  };
  other(cls);
  return fromListeners;
}
