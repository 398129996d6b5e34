import type { Node } from 'web-tree-sitter';
import type { Build, DeclInfo, FileModel, FunctionModel, Region, SocketEvent, Stmt, StmtInfo } from '../../engine/ir';
import { eolOf, indentAt, lineEndAfterBreak, lineStart } from '../../engine/text';
import { declaredName, followAddrinfo, isNoreturnCall, isSocketCall, isSocketName, lowerExpression } from './calls';
import { relevantFunctions, relevantMacros } from './relevance';
import { branchFacts, invalidHandles, outcomeStmts } from './conditions';
import type { LowerContext, NewEvent } from './context';
import { type ArmKind, applyArm, armKinds, filePlatform } from './platform';
import type { HeaderFacts } from './includes';
import type { PlatformMacros } from './preprocessor';
import { asioLocalAliases, asioNamespace, asioOptionAliases, isAsioAcceptor, isAsioSocket, lowerAcceptorConstruction } from './asio';
import { lingerSetupOf, mayBeLingerSetup } from './lingerSetup';
import { addressOf, cIdentifiers, firstNamed, handleOf, identifiersInText, unwrap, walkKinds } from './syntax';
import type { WrapperKind } from '../../engine/settings';
import { MacroAliases } from './macros';
import { type Macros, ValueEnv } from './values';
import { LoweringLimit, WorkCounter, limits } from '../../engine/limits';
import { LoweringCache, moveUnit } from '../../engine/unitCache';
import { type Steps, runToEnd } from '../../engine/steps';

interface FileState {
  text: string;
  grammar: 'c' | 'cpp';
  macros: Macros;
  macroAliases: MacroAliases;
  wrappers: ReadonlyMap<string, WrapperKind>;
  /** Declared types of struct/class fields and globals, by name. */
  fieldTypes: Map<string, string>;
  socketAliases: Set<string>;
  functionArity: Map<string, Set<number>>;
  events: SocketEvent[];
  functions: FunctionModel[];
  fileRegion: Region;
  lambdaDepth: number;
  hasBuildArms: boolean;
  /** File-scope constants (`static const struct linger k = {1, 0};`) every function can read. */
  constants: ValueEnv;
  /** Event ids, unique in the document across analyses (cached events keep theirs). */
  ids: { next: number };
  /** The file's own platform macros (lang/cfamily/preprocessor.ts). */
  platformMacros: PlatformMacros;
  /** Arms that hold POSIX-only code (lang/cfamily/preprocessor.ts), by the offset of their `#`. */
  posixArms: Set<number>;
  asio: { options: Map<string, string>; ns: string; portable: boolean; local: Set<string> } | undefined;
  eol: string;
}

const blockParents = new Set(['compound_statement', 'preproc_ifdef', 'preproc_if', 'preproc_else', 'preproc_elif', 'preproc_elifdef']);
/** Lowers one function body (or lambda body) into the engine's statement form. */
class FunctionLowerer implements LowerContext {
  readonly env: ValueEnv;
  readonly resultOf = new Map<string, number>();
  readonly addrinfoTypes = new Map<string, number>();
  readonly eventOfNode = new Map<number, number>();
  readonly createdVars = new Set<string>();
  private readonly regions: Region[] = [];
  private readonly stmts: StmtInfo[] = [];
  private readonly stmtCache = new Map<number, StmtInfo>();
  private emitted = 0;
  private readonly counter = new WorkCounter();
  /** This function's events by id (ids are unique in the document, not positions in a list). */
  private readonly byId = new Map<number, SocketEvent>();

  constructor(
    private readonly file: FileState,
    readonly fn: FunctionModel,
    baseRegion: Region,
  ) {
    this.env = new ValueEnv(file.macros, file.constants);
    this.regions.push(baseRegion);
  }

  get text() {
    return this.file.text;
  }
  get grammar() {
    return this.file.grammar;
  }
  get macros() {
    return this.file.macros;
  }
  get macroAliases() {
    return this.file.macroAliases;
  }
  get wrappers() {
    return this.file.wrappers;
  }
  get socketAliases() {
    return this.file.socketAliases;
  }
  get asio() {
    return this.file.asio;
  }
  get eol() {
    return this.file.eol;
  }
  private readonly localTypes = new Map<string, string>();

  declaredType(key: string): string | undefined {
    const local = this.localTypes.get(key);
    if (local) return local;
    const field = /(?:->|\.)(\w+)$/.exec(key)?.[1] ?? key;
    return this.file.fieldTypes.get(field);
  }

  recordType(name: string, type: string): void {
    this.localTypes.set(name, type.replace(/\b(?:const|volatile|static|register)\b/g, '').trim());
  }
  get functionArity() {
    return this.file.functionArity;
  }

  region(): Region {
    return this.regions[this.regions.length - 1];
  }

  stmt(): StmtInfo | undefined {
    return this.stmts[this.stmts.length - 1];
  }

  emit(e: NewEvent, node?: Node): SocketEvent {
    if (++this.emitted > limits.eventsPerFunction) throw new LoweringLimit(`more than ${limits.eventsPerFunction} socket events`);
    const ev = { ...e, id: this.file.ids.next++, region: this.region(), fn: this.fn.index, stmt: this.stmt() } as SocketEvent;
    this.file.events.push(ev);
    this.byId.set(ev.id, ev);
    if (node) this.eventOfNode.set(node.id, ev.id);
    return ev;
  }

  work(units = 1): void {
    this.counter.tick(units);
  }

  lambda(node: Node): number {
    if (this.file.lambdaDepth >= limits.lambdaNesting) throw new LoweringLimit(`lambdas nested deeper than ${limits.lambdaNesting}`);
    const params = paramsOf(node.childForFieldName('declarator')?.childForFieldName('parameters'));
    return lowerFunction(this.file, node, node.childForFieldName('body'), '<lambda>', params, this.fn.index, this.region(), undefined);
  }

  stmtInfo(node: Node): StmtInfo {
    const cached = this.stmtCache.get(node.id);
    if (cached) return cached;
    const text = this.file.text;
    const ls = lineStart(text, node.startIndex);
    const before = text.slice(ls, node.startIndex);
    let end = node.endIndex;
    const rest = text.slice(end, lineEndAfterBreak(text, end)).replace(/\r?\n$/, '');
    const afterOk = /^\s*(\/\/.*|\/\*.*\*\/\s*)?$/.test(rest);
    if (afterOk) end = lineEndAfterBreak(text, end);
    const parent = node.parent;
    const uses = new Set<string>();
    if (node.endIndex - node.startIndex < 20000) identifiersInText(text, node.startIndex, node.endIndex, uses);
    const info: StmtInfo = {
      start: node.startIndex,
      end: node.endIndex,
      lineStart: ls,
      lineEnd: end,
      ownLines: /^[ \t]*$/.test(before) && afterOk,
      indent: indentAt(text, node.startIndex),
      // A statement the parser had to repair is not one a fix may edit or insert before: where it
      // really ends, and what it holds, is a guess (a missing `)` can swallow the next function).
      inBlock: !node.hasError && !!parent && blockParents.has(parent.type) && insideFunctionBlock(parent),
      uses: [...uses],
      blockStart: parent?.startIndex ?? -1,
      plainBlocks: plainBlocksAround(parent),
      lingerSetupOf: mayBeLingerSetup(text, node.startIndex, node.endIndex) ? lingerSetupOf(node) : undefined,
    };
    this.stmtCache.set(node.id, info);
    this.fn.statements.push(info);
    return info;
  }

  private withStmt<T>(node: Node, f: () => T): T {
    this.stmts.push(this.stmtInfo(node));
    try {
      return f();
    } finally {
      this.stmts.pop();
    }
  }

  private expr(n: Node | null | undefined): Stmt[] {
    return lowerExpression(n, this);
  }

  lowerBody(body: Node): Stmt {
    return this.stmt_(body, 0);
  }

  private stmt_(node: Node, depth: number): Stmt {
    if (depth > limits.nesting) throw new LoweringLimit(`statements nested deeper than ${limits.nesting}`);
    this.work();
    const d = depth + 1;
    switch (node.type) {
      case 'compound_statement':
      case 'ERROR':
        return this.block(node.namedChildren, d);
      case 'expression_statement':
        return this.withStmt(node, () => {
          const e = firstNamed(node);
          const body = this.expr(e);
          if (isNoreturnCall(e)) body.push({ k: 'noreturn' });
          return { k: 'seq', body };
        });
      case 'declaration':
        return this.withStmt(node, () => this.declaration(node));
      case 'if_statement':
        return this.ifStatement(node, d);
      case 'while_statement': {
        const cond = node.childForFieldName('condition');
        const condStmts = this.withStmt(node, () => this.expr(cond));
        const facts = branchFacts(cond, this);
        const body = this.scoped(node.childForFieldName('body'), d);
        // `while (ec && …) { sock.close(); sock.connect(ep, ec); }`: from the second turn on, the
        // condition tests the connect the body made the turn before, so the body runs after it failed.
        const known = new Set(facts.then.map((f) => f.of));
        const carried = branchFacts(cond, this).then.filter((f) => !known.has(f.of) && this.byId.get(f.of)?.kind === 'connect');
        const outcomes = outcomeStmts([...facts.then, ...carried], span(node), this);
        return { k: 'loop', cond: condStmts, body: { k: 'seq', body: [...outcomes, body] }, update: [], doWhile: false, infinite: isTrue(cond) };
      }
      case 'do_statement': {
        const body = this.scoped(node.childForFieldName('body'), d);
        const cond = node.childForFieldName('condition');
        return { k: 'loop', cond: this.withStmt(node, () => this.expr(cond)), body, update: [], doWhile: true, infinite: isTrue(cond) };
      }
      case 'for_statement': {
        this.env.enter();
        const init = node.childForFieldName('initializer');
        const initStmts = this.withStmt(node, () => (init?.type === 'declaration' ? [this.declaration(init)] : this.expr(init)));
        const cond = node.childForFieldName('condition');
        const condStmts = this.withStmt(node, () => this.expr(cond));
        const update = this.withStmt(node, () => this.expr(node.childForFieldName('update')));
        const body = this.scoped(node.childForFieldName('body'), d);
        this.env.exit();
        return { k: 'seq', body: [...initStmts, { k: 'loop', cond: condStmts, body, update, doWhile: false, infinite: !cond || isTrue(cond) }] };
      }
      case 'for_range_loop': {
        const right = this.withStmt(node, () => this.expr(node.childForFieldName('right')));
        return { k: 'seq', body: [...right, { k: 'loop', cond: [], body: this.scoped(node.childForFieldName('body'), d), update: [], doWhile: false, infinite: false }] };
      }
      case 'switch_statement':
        return this.switchStatement(node, d);
      case 'return_statement':
      case 'co_return_statement':
        return this.withStmt(node, () => ({ k: 'return', value: this.expr(firstNamed(node)) }));
      case 'throw_statement':
        return this.withStmt(node, () => ({ k: 'seq', body: [...this.expr(firstNamed(node)), { k: 'noreturn' }] }));
      case 'break_statement':
        return { k: 'break' };
      case 'continue_statement':
        return { k: 'continue' };
      case 'goto_statement':
        return { k: 'goto', label: node.childForFieldName('label')?.text ?? '' };
      case 'labeled_statement': {
        const label = node.childForFieldName('label')?.text ?? '';
        const inner = node.namedChildren.filter((c): c is Node => !!c && c.type !== 'statement_identifier');
        return { k: 'seq', body: [{ k: 'label', name: label }, ...inner.map((c) => this.stmt_(c, d))] };
      }
      case 'preproc_ifdef':
      case 'preproc_if':
      case 'preproc_elif':
      case 'preproc_elifdef':
        return this.preprocArms(node, d);
      case 'try_statement': {
        const body = this.scoped(node.childForFieldName('body'), d);
        const catches = node.namedChildren.filter((c): c is Node => c?.type === 'catch_clause').map((c) => this.scoped(c.childForFieldName('body'), d));
        return { k: 'seq', body: [body, { k: 'alt', arms: [{ k: 'seq', body: [] }, ...catches] }] };
      }
      case 'seh_try_statement': {
        const body = this.scoped(node.childForFieldName('body'), d);
        const parts: Stmt[] = [body];
        for (const c of node.namedChildren) {
          if (c?.type === 'seh_finally_clause') parts.push(this.scoped(c.childForFieldName('body'), d));
          if (c?.type === 'seh_except_clause') parts.push({ k: 'alt', arms: [{ k: 'seq', body: [] }, this.scoped(c.childForFieldName('body'), d)] });
        }
        return { k: 'seq', body: parts };
      }
      default:
        if (/expression|identifier|call/.test(node.type)) return this.withStmt(node, () => ({ k: 'seq', body: this.expr(node) }));
        return { k: 'seq', body: [] };
    }
  }

  private block(children: Array<Node | null>, depth: number): Stmt {
    this.env.enter();
    const body: Stmt[] = [];
    for (const c of children) if (c && c.type !== 'comment') body.push(this.stmt_(c, depth));
    this.env.exit();
    return { k: 'seq', body };
  }

  private scoped(node: Node | null | undefined, depth: number): Stmt {
    if (!node) return { k: 'seq', body: [] };
    if (node.type === 'compound_statement') return this.stmt_(node, depth);
    this.env.enter();
    const s = this.stmt_(node, depth);
    this.env.exit();
    return s;
  }

  private ifStatement(node: Node, d: number): Stmt {
    const cond = node.childForFieldName('condition');
    const condStmts = this.withStmt(node, () => {
      const init = cond?.type === 'condition_clause' ? cond.childForFieldName('initializer') : null;
      const pre = init ? (init.type === 'declaration' ? [this.declaration(init)] : this.expr(init)) : [];
      return [...pre, ...this.expr(cond?.type === 'condition_clause' ? cond.childForFieldName('value') : cond)];
    });
    const facts = branchFacts(cond, this);
    const thenNode = node.childForFieldName('consequence');
    for (const f of facts.then) {
      const ev = this.byId.get(f.of);
      if (!f.ok && ev?.kind === 'bind' && ev.failureBody === undefined && thenNode) ev.failureBody = bodyLines(this.file.text, thenNode);
    }
    let elseNode = node.childForFieldName('alternative');
    if (elseNode?.type === 'else_clause') elseNode = firstNamed(elseNode) ?? null;
    const site = span(cond ?? node);
    const invalid = invalidHandles(cond);
    const kills = (list: Array<{ key: string; text: string }>): Stmt[] => list.map((h) => ({ k: 'ev', ev: this.emit({ kind: 'kill', h: h.key, handleText: h.text, site }) }));
    const then: Stmt = { k: 'seq', body: [...outcomeStmts(facts.then, site, this), ...kills(invalid.then), this.scoped(thenNode, d)] };
    const elseOutcomes = [...outcomeStmts(facts.else, site, this), ...kills(invalid.else)];
    const els: Stmt | undefined = elseNode || elseOutcomes.length ? { k: 'seq', body: [...elseOutcomes, this.scoped(elseNode, d)] } : undefined;
    return { k: 'seq', body: [...condStmts, { k: 'if', cond: [], then, else: els }] };
  }

  private switchStatement(node: Node, d: number): Stmt {
    const cond = this.withStmt(node, () => this.expr(node.childForFieldName('condition')));
    const body = node.childForFieldName('body');
    const cases: Stmt[][] = [];
    let hasDefault = false;
    const pre: Stmt[] = [];
    this.env.enter();
    const lowerCase = (c: Node): void => {
      const value = c.childForFieldName('value');
      if (!value) hasDefault = true;
      cases.push(c.namedChildren.filter((x): x is Node => !!x && x.id !== value?.id && x.type !== 'comment').map((x) => this.stmt_(x, d)));
    };
    for (const c of body?.namedChildren ?? []) {
      if (!c) continue;
      if (c.type === 'case_statement') lowerCase(c);
      // `#ifdef X` around some `case` labels: those cases exist in the builds that define X.
      else if (/^preproc_if(?:def)?$/.test(c.type) && this.casesInArms(c, lowerCase)) continue;
      // The parser ends a case at an `#if` among its statements: what follows still belongs to it.
      else if (cases.length) cases[cases.length - 1].push(this.stmt_(c, d));
      else pre.push(this.stmt_(c, d));
    }
    this.env.exit();
    return { k: 'seq', body: [...cond, ...pre, { k: 'switch', cond: [], cases, hasDefault }] };
  }

  /**
   * The arms of a preprocessor conditional, in order, each with the build it belongs to and its
   * items; `implicitElse` is the build of the `#else` the code leaves out (undefined when written).
   */
  private conditionalArms(node: Node): { arms: Array<{ kind: ArmKind; items: Node[] }>; implicitElse: ArmKind | undefined } {
    const arms: Array<{ kind: ArmKind; items: Node[] }> = [];
    let cur: Node | null = node;
    let prevKinds: { then: ArmKind; else: ArmKind } = { then: 'neutral', else: 'neutral' };
    let sawElse = false;
    for (let i = 0; cur && i < 1000; i++) {
      const isElse: boolean = cur.type === 'preproc_else';
      const kinds = isElse ? prevKinds : armKinds(cur, this.file.platformMacros, this.file.posixArms);
      const alt: Node | null = isElse ? null : cur.childForFieldName('alternative');
      const skip = new Set([cur.childForFieldName('name')?.id, cur.childForFieldName('condition')?.id, alt?.id]);
      const items = cur.namedChildren.filter((c): c is Node => !!c && !skip.has(c.id) && c.type !== 'comment');
      arms.push({ kind: isElse ? prevKinds.else : kinds.then, items });
      if (isElse) sawElse = true;
      prevKinds = kinds;
      cur = alt;
    }
    return { arms, implicitElse: sawElse ? undefined : prevKinds.else };
  }

  /**
   * The `case` labels inside a preprocessor conditional of a switch body, lowered as cases of the
   * switch in their arm's build (dead arms skipped). False, and nothing lowered, when an arm holds
   * anything but cases: then the conditional is lowered as statements, as before.
   */
  private casesInArms(node: Node, lowerCase: (c: Node) => void): boolean {
    const { arms } = this.conditionalArms(node);
    if (!arms.every((arm) => arm.items.every((c) => c.type === 'case_statement'))) return false;
    for (const arm of arms) {
      if (arm.kind === 'dead') continue;
      this.regions.push(applyArm(this.region(), arm.kind) ?? this.region());
      try {
        for (const c of arm.items) lowerCase(c);
      } finally {
        this.regions.pop();
      }
      if (arm.kind === 'windows' || arm.kind === 'posix') this.file.hasBuildArms = true;
    }
    return true;
  }

  private preprocArms(node: Node, d: number): Stmt {
    const arms: Stmt[] = [];
    const builds: Array<Build | undefined> = [];
    const conditional = this.conditionalArms(node);
    for (const { kind, items } of conditional.arms) {
      if (kind === 'dead') continue;
      this.regions.push(applyArm(this.region(), kind) ?? this.region());
      // Values are followed in source order, for one build: what a POSIX-only arm does to them
      // (ioctl(s, FIONBIO, &on)) must not blur what the Windows rules read after it.
      const saved = kind === 'posix' ? this.env.snapshot() : undefined;
      // So are the calls whose results variables hold (`n = connect(…)` tested after a POSIX-only retry loop).
      const results = kind === 'posix' ? new Map(this.resultOf) : undefined;
      try {
        arms.push(this.block(items, d));
        if (saved) this.env.restore(saved);
        if (results) {
          this.resultOf.clear();
          for (const [k, v] of results) this.resultOf.set(k, v);
        }
        builds.push(kind === 'windows' || kind === 'posix' ? kind : undefined);
        if (kind === 'windows' || kind === 'posix') this.file.hasBuildArms = true;
      } finally {
        this.regions.pop();
      }
    }
    const k = conditional.implicitElse;
    if (k !== undefined && k !== 'dead') {
      arms.push({ k: 'seq', body: [] });
      builds.push(k === 'windows' || k === 'posix' ? k : undefined);
    }
    return arms.length === 1 && !builds[0] ? arms[0] : { k: 'alt', arms, builds };
  }

  private declaration(node: Node): Stmt {
    const out: Stmt[] = [];
    const typeText = node.childForFieldName('type')?.text ?? '';
    const names: string[] = [];
    for (const decl of node.childrenForFieldName('declarator')) {
      if (!decl) continue;
      const init = decl.type === 'init_declarator' ? decl : undefined;
      const nameNode = declaredName(init ? init.childForFieldName('declarator') : decl);
      if (!nameNode) continue;
      const name = nameNode.text;
      names.push(name);
      this.recordType(name, (init ? init.childForFieldName('declarator') : decl)?.type === 'identifier' ? typeText : `${typeText}*`);
      const base = { site: span(decl), h: name, handleText: name };
      const value = init?.childForFieldName('value');
      if (!value) {
        this.env.declare(name, undefined);
        this.resultOf.delete(name);
        this.createdVars.delete(name);
        out.push({ k: 'ev', ev: this.emit({ ...base, kind: 'kill' }) });
        continue;
      }
      // `tcp::acceptor acc{io, {addr, port}}` is a constructor call written with braces, not an aggregate;
      // `auto acc = tcp::acceptor{io, ep}` (or `(io, ep)`) constructs one the same way.
      const temporary = this.file.asio ? constructed(value) : undefined;
      const acceptorType = temporary && isAsioAcceptor(temporary.type) ? temporary.type : isAsioAcceptor(typeText) ? typeText : undefined;
      const argList = temporary && acceptorType === temporary.type ? temporary.args : value.type === 'argument_list' || value.type === 'initializer_list' ? value : undefined;
      if (this.file.asio && acceptorType && argList) {
        this.env.declare(name, undefined);
        const args = argList.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment');
        for (const a of args) for (const s of this.expr(a)) out.push(s);
        for (const s of lowerAcceptorConstruction(name, acceptorType, args, span(decl), indentAt(this.file.text, node.startIndex), this, this.file.asio.ns)) out.push(s);
        continue;
      }
      if (value.type === 'initializer_list') {
        this.env.declare(name, undefined);
        this.env.initStruct(name, typeText, value);
        out.push({ k: 'ev', ev: this.emit({ ...base, kind: 'kill' }) });
        // A socket stored in an aggregate travels with it where the analysis cannot follow.
        for (const item of value.namedChildren) {
          const v = item?.type === 'initializer_pair' ? item.childForFieldName('value') : item;
          const held = handleOf(v);
          if (held) out.push({ k: 'ev', ev: this.emit({ kind: 'escape', callee: name, site: span(v!), h: held.key, handleText: held.text }) });
        }
        continue;
      }
      const v = value.type === 'argument_list' ? firstNamed(value) : value;
      this.resultOf.delete(name);
      this.createdVars.delete(name);
      for (const s of this.expr(value)) out.push(s);
      const u = unwrap(v);
      if (u?.type === 'call_expression') {
        if (!this.createdVars.has(name)) out.push({ k: 'ev', ev: this.emit({ ...base, kind: 'forget' }) });
        this.env.declare(name, undefined);
        continue;
      }
      const from = handleOf(u);
      this.env.declare(name, this.env.eval(u));
      this.env.noteParam(name, u);
      if (u && nameNode) followAddrinfo(nameNode, u, this);
      const pointee = addressOf(v);
      if (pointee) this.env.invalidate(pointee.text.replace(/\s+/g, '').replace(/->/g, '.'));
      if (from) out.push({ k: 'ev', ev: this.emit({ ...base, kind: 'copy', from: from.key }) });
      else out.push({ k: 'ev', ev: this.emit({ ...base, kind: 'kill' }) });
    }
    const info = this.stmt();
    if (info && info.start === node.startIndex && names.length) this.fn.decls.push({ names, stmt: info } satisfies DeclInfo);
    return { k: 'seq', body: out };
  }
}

/**
 * A constructor's member initialisers that construct an asio acceptor (`acceptor_(io, endpoint)`):
 * they run before the body, so their events come first.
 */
function memberInitialisers(lw: FunctionLowerer, owner: Node, ns: string): Stmt[] {
  const list = owner.namedChildren.find((c) => c?.type === 'field_initializer_list');
  const out: Stmt[] = [];
  for (const init of list?.namedChildren ?? []) {
    if (init?.type !== 'field_initializer') continue;
    const field = init.namedChildren.find((c) => c?.type === 'field_identifier');
    const argsNode = init.namedChildren.find((c) => c?.type === 'argument_list' || c?.type === 'initializer_list');
    if (!field || !argsNode || !isAsioAcceptor(lw.declaredType(field.text))) continue;
    const args = argsNode.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment');
    for (const s of lowerAcceptorConstruction(field.text, lw.declaredType(field.text)!, args, span(init), indentAt(lw.text, owner.startIndex), lw, ns)) out.push(s);
  }
  return out;
}

/** The statements of a branch as lines, dedented, for generated code that repeats them. */
function bodyLines(text: string, node: Node): string {
  let inner = node.text;
  let firstIndent = '';
  if (node.type === 'compound_statement') {
    inner = text.slice(node.startIndex + 1, node.endIndex - 1);
    // A comment on the line of the opening brace belongs to the condition, not to the body.
    inner = inner.replace(/^[ \t]*(?:\/\*.*?\*\/[ \t]*|\/\/[^\r\n]*)*(?=\r|\n)/, '');
  } else firstIndent = indentAt(text, node.startIndex);
  const lines = inner.split(/\r\n|\r|\n/);
  while (lines.length && !lines[0].trim()) lines.shift();
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  if (node.type !== 'compound_statement' && lines.length) lines[0] = firstIndent + lines[0].trimStart();
  const indents = lines.filter((l) => l.trim() && !l.trimStart().startsWith('#')).map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => (!l.trim() ? '' : l.trimStart().startsWith('#') ? l.trim() : l.slice(cut).trimEnd())).join('\n');
}

/** `enum { a, b = 5, c }` at file or namespace scope: each enumerator is a constant (0, 5, 6). */
function recordEnumerators(list: Node, env: ValueEnv): string[] {
  const names: string[] = [];
  let next: number | undefined = 0;
  for (const e of list.namedChildren) {
    if (e?.type !== 'enumerator') continue;
    const name = e.childForFieldName('name')?.text;
    const value = e.childForFieldName('value');
    const v: number | undefined = value ? env.eval(value) : next;
    if (!name) continue;
    names.push(name);
    env.declare(name, v);
    next = v === undefined ? undefined : v + 1;
  }
  return names;
}

/** Records a file-scope constant's value; returns the names it declares. */
function recordConstants(decl: Node, env: ValueEnv): string[] {
  const typeText = decl.childForFieldName('type')?.text ?? '';
  const names: string[] = [];
  for (const d of decl.childrenForFieldName('declarator')) {
    if (d?.type !== 'init_declarator') continue;
    const name = declaredName(d.childForFieldName('declarator'))?.text;
    const value = d.childForFieldName('value');
    if (!name || !value) continue;
    names.push(name);
    if (value.type === 'initializer_list') env.initStruct(name, typeText, value);
    else env.declare(name, env.eval(value));
  }
  return names;
}

function plainBlocksAround(block: Node | null): number[] {
  const out: number[] = [];
  let b = block;
  for (let i = 0; b && i < 64; i++) {
    out.push(b.startIndex);
    if (b.type !== 'compound_statement' || b.parent?.type !== 'compound_statement') break;
    b = b.parent;
  }
  return out;
}

function insideFunctionBlock(parent: Node): boolean {
  let p: Node | null = parent;
  for (let i = 0; p && i < 50; i++) {
    if (p.type === 'compound_statement') return true;
    if (!blockParents.has(p.type)) return false;
    p = p.parent;
  }
  return false;
}

function isTrue(n: Node | null | undefined): boolean {
  const t = unwrap(n)?.text.trim();
  return t === '1' || t === 'true' || t === 'TRUE';
}

function span(n: Node) {
  return { start: n.startIndex, end: n.endIndex };
}

/** The parameter list of a function definition or a lambda. */
function parameterListOf(owner: Node): Node | undefined {
  if (owner.type === 'lambda_expression') return owner.childForFieldName('declarator')?.childForFieldName('parameters') ?? undefined;
  let d = owner.childForFieldName('declarator');
  for (let i = 0; d && i < 20; i++) {
    if (d.type === 'function_declarator') return d.childForFieldName('parameters') ?? undefined;
    d = d.childForFieldName('declarator');
  }
  return undefined;
}

function paramsOf(list: Node | null | undefined): string[] {
  const out: string[] = [];
  for (const p of list?.namedChildren ?? []) {
    if (!p || !/parameter_declaration/.test(p.type)) continue;
    const n = declaredName(p.childForFieldName('declarator'));
    if (n) out.push(n.text);
  }
  return out;
}

/** What a function should return when generated error handling has to give up. */
function failureReturn(def: Node, name: string, grammar: 'c' | 'cpp'): string | undefined {
  const type = def
    .childForFieldName('type')
    ?.text.replace(/\b(static|inline|extern|virtual|constexpr|__cdecl|__stdcall|WINAPI)\b/g, '')
    .trim();
  const decl = def.childForFieldName('declarator');
  if (decl?.type === 'pointer_declarator') return grammar === 'cpp' ? 'return nullptr;' : 'return NULL;';
  if (name === 'main' || name === 'wmain' || name === '_tmain') return 'return 1;';
  switch (type) {
    case 'void':
      return 'return;';
    case 'int':
    case 'long':
    case 'short':
    case 'ssize_t':
      return 'return -1;';
    case 'SOCKET':
      return 'return INVALID_SOCKET;';
    case 'bool':
      return 'return false;';
    case 'BOOL':
      return 'return FALSE;';
    default:
      return undefined;
  }
}

/** The name of a function definition as calls write it, and where the definition writes it. */
function functionName(def: Node): { name: string; span?: { start: number; end: number } } {
  let d = def.childForFieldName('declarator');
  for (let i = 0; d && i < 20; i++) {
    if (d.type === 'function_declarator') {
      const n = d.childForFieldName('declarator');
      return { name: (n?.text ?? '?').replace(/.*::/, '').replace(/\s+/g, ''), span: n ? span(n) : undefined };
    }
    d = d.childForFieldName('declarator');
  }
  return { name: '?' };
}

function functionParams(def: Node): string[] {
  let d = def.childForFieldName('declarator');
  for (let i = 0; d && i < 20; i++) {
    if (d.type === 'function_declarator') return paramsOf(d.childForFieldName('parameters'));
    d = d.childForFieldName('declarator');
  }
  return [];
}

function indentUnitOf(text: string, body: Node | null | undefined, owner: Node): string {
  const first = body?.namedChildren.find((c) => c && c.type !== 'comment');
  if (!first) return '    ';
  const inner = indentAt(text, first.startIndex);
  const outer = indentAt(text, owner.startIndex);
  if (inner.startsWith(outer) && inner.length > outer.length) return inner.slice(outer.length);
  return inner.includes('\t') ? '\t' : '    ';
}

function lowerFunction(
  file: FileState,
  owner: Node,
  body: Node | null | undefined,
  name: string,
  params: string[],
  parent: number | undefined,
  region: Region,
  failure: string | undefined,
  nameSpan?: { start: number; end: number },
): number {
  const fn: FunctionModel = {
    index: file.functions.length,
    name,
    params,
    body: { k: 'seq', body: [] },
    span: span(owner),
    nameSpan: nameSpan ?? { start: owner.startIndex, end: Math.min(owner.endIndex, owner.startIndex + 1) },
    parent,
    failureReturn: failure,
    identifiers: new Set(),
    decls: [],
    statements: [],
    indentUnit: indentUnitOf(file.text, body, owner),
  };
  file.functions.push(fn);
  identifiersInText(file.text, owner.startIndex, owner.endIndex, fn.identifiers);
  if (!body) return fn.index;
  const lw = new FunctionLowerer(file, fn, region);
  lw.env.setParams(params);
  for (const p of parameterListOf(owner)?.namedChildren ?? []) {
    const n = p && /parameter_declaration/.test(p.type) ? declaredName(p.childForFieldName('declarator')) : undefined;
    const type = p?.childForFieldName('type')?.text;
    if (n && type) lw.recordType(n.text, p!.childForFieldName('declarator')?.type === 'identifier' ? type : `${type}*`);
  }
  file.lambdaDepth++;
  try {
    fn.body = lw.lowerBody(body);
    if (file.asio) {
      const members = memberInitialisers(lw, owner, file.asio.ns);
      if (members.length) fn.body = { k: 'seq', body: [...members, fn.body] };
    }
  } catch (e) {
    if (!(e instanceof LoweringLimit)) throw e;
    fn.incomplete = e.message;
    fn.body = { k: 'seq', body: [] };
  } finally {
    file.lambdaDepth--;
  }
  return fn.index;
}

const BLOCK = 2;
const scanned = new Set([
  'preproc_ifdef',
  'preproc_if',
  'preproc_elif',
  'preproc_elifdef',
  'preproc_else',
  'preproc_def',
  'preproc_function_def',
  'type_definition',
  'field_declaration',
  'declaration',
  'function_definition',
  'lambda_expression',
  'enumerator_list',
]);
/**
 * Arithmetic, literals, includes, and the names, types and parameter lists of declarators hold no
 * definitions, macros or lambdas worth finding from the file scan: it does not walk into them (each
 * node walked costs crossings into WASM, on every edit).
 */
const opaqueToScan = new Set([
  'binary_expression',
  'number_literal',
  'string_literal',
  'concatenated_string',
  'char_literal',
  'comment',
  'preproc_include',
  'preproc_arg',
  'preproc_params',
  'parameter_list',
  'primitive_type',
  'type_identifier',
  'sized_type_specifier',
  'identifier',
  'field_identifier',
  'storage_class_specifier',
  'type_qualifier',
  'system_lib_string',
  'string_content',
  'escape_sequence',
  'qualified_identifier',
  'template_argument_list',
  'attribute_specifier',
  'ms_declspec_modifier',
  'preproc_defined',
]);
function scanKind(type: string): number {
  if (type === 'compound_statement') return BLOCK;
  if (scanned.has(type)) return 1;
  return opaqueToScan.has(type) ? -1 : 0;
}

/** Which definitions can matter to a rule (lang/cfamily/relevance.ts); the others are not lowered. */
function relevantDefinitions(fns: Array<{ name: string; ids: Set<string>; calls: Set<string> }>, file: FileState, macroBodies: Map<string, string>): boolean[] {
  const socketTypes = new Set(['SOCKET', ...file.socketAliases]);
  const socketFields = new Set<string>();
  for (const [field, type] of file.fieldTypes) if (socketTypes.has(type.replace(/\b(?:const|volatile|static)\b/g, '').trim()) || (file.asio && isAsioSocket(type))) socketFields.add(field);
  if (file.asio) for (const n of ['acceptor', 'basic_socket_acceptor', 'reuse_address', 'socket_base']) socketTypes.add(n);
  const base = (id: string) => isSocketName(id) || socketTypes.has(id) || socketFields.has(id);
  // Macro bodies are text: a socket call written in one counts, `(` or not.
  const macros = relevantMacros(macroBodies, (id) => base(id) || isSocketCall(id));
  return relevantFunctions(fns, isSocketCall, (id) => base(id) || macros.has(id));
}

/**
 * Everything outside a function's own text that its lowering reads, for the names it uses: macro
 * definitions (and the macros they use), declared field types, SOCKET aliases, same-file function
 * arities and file constants. Two functions with the same text and the same signature lower alike.
 */
function contextSignature(ids: Set<string>, file: FileState, macroBodies: Map<string, string>, constants: Map<string, string>): string {
  const parts: string[] = [];
  const seen = new Set<string>();
  const queue = [...ids];
  const follow = (t: string) => {
    for (const x of t.match(/\b[A-Za-z_]\w*/g) ?? []) if (!seen.has(x)) queue.push(x);
  };
  while (queue.length) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const m = macroBodies.get(id);
    if (m !== undefined) {
      parts.push(`m ${id} ${m}`);
      follow(m);
    }
    const c = constants.get(id);
    if (c !== undefined) {
      parts.push(`c ${id} ${c}`);
      follow(c);
    }
    const f = file.fieldTypes.get(id);
    if (f !== undefined) parts.push(`f ${id} ${f}`);
    // Where a macro is defined decides the `#if` arms that test it.
    const pm = file.platformMacros;
    if (pm.windows.has(id) || pm.other.has(id) || pm.always.has(id)) parts.push(`p ${id} ${pm.windows.has(id) ? 'w' : pm.other.has(id) ? 'o' : 'a'}`);
    const pv = pm.values?.get(id);
    if (pv) parts.push(`v ${id} ${pv.windows} ${pv.other}`);
    if (file.socketAliases.has(id)) parts.push(`s ${id}`);
    const a = file.functionArity.get(id);
    if (a) parts.push(`a ${id} ${[...a].sort().join(',')}`);
    const w = file.wrappers.get(id);
    if (w) parts.push(`w ${id} ${w}`);
    const o = file.asio?.options.get(id);
    if (o) parts.push(`o ${id} ${o}`);
  }
  return parts.sort().join('\n');
}

/** Lowers every function of a parsed C or C++ file. */
export function lowerFile(
  root: Node,
  text: string,
  grammar: 'c' | 'cpp',
  uri: string,
  cache: LoweringCache = new LoweringCache(cIdentifiers),
  wrappers: ReadonlyMap<string, WrapperKind> = new Map(),
  headers: readonly HeaderFacts[] = [],
): FileModel {
  return runToEnd(lowerFileSteps(root, text, grammar, uri, cache, wrappers, headers));
}

/** The same, yielding after each function it lowers (engine/steps.ts). */
export function* lowerFileSteps(
  root: Node,
  text: string,
  grammar: 'c' | 'cpp',
  uri: string,
  cache: LoweringCache = new LoweringCache(cIdentifiers),
  wrappers: ReadonlyMap<string, WrapperKind> = new Map(),
  headers: readonly HeaderFacts[] = [],
): Steps<FileModel> {
  cache.begin();
  const platform = filePlatform(text, headers);
  const file: FileState = {
    text,
    grammar,
    macros: new Map(),
    macroAliases: new MacroAliases(),
    wrappers,
    fieldTypes: new Map(),
    socketAliases: new Set(),
    functionArity: new Map(),
    events: [],
    functions: [],
    fileRegion: platform.windows ? (platform.portable ? 'shared' : 'windows') : 'posix',
    lambdaDepth: 0,
    hasBuildArms: false,
    constants: undefined as unknown as ValueEnv,
    ids: cache.ids,
    platformMacros: platform.macros,
    posixArms: platform.posixArms,
    asio: /\basio\b/.test(text)
      ? {
          options: new Map([...headers.flatMap((h) => h.asioOptions), ...asioOptionAliases(text)]),
          ns: asioNamespace(text),
          portable: platform.portable || !platform.windows,
          local: asioLocalAliases(text),
        }
      : undefined,
    eol: eolOf(text),
  };
  file.constants = new ValueEnv(file.macros);
  const fileDecls: Node[] = [];
  const fileEnums: Node[] = [];
  const defs: Node[] = [];
  const topLambdas: Node[] = [];
  let insideFn = 0;
  const fnEnds: number[] = [];
  // `#if` arms are tracked on the way down: asking a node for its parents costs its depth each time.
  const arms: Array<{ end: number; kind: ArmKind }> = [];
  const elseKinds = new Map<number, ArmKind>();
  const around = new Map<number, { region: Region | undefined; dead: boolean }>();
  const here = () => ({ region: arms.reduce<Region | undefined>((r, a) => applyArm(r, a.kind), undefined), dead: arms.some((a) => a.kind === 'dead') });
  // Arithmetic and literals hold no definitions, macros or lambdas worth finding from here.
  // Function bodies hold no definitions the file scan needs unless they define macros or types
  // of their own: the others are not walked (a walk costs WASM crossings per node).
  const skippedBodies = new Set<number>();
  const macroBodies = new Map<string, string>();
  // The headers' definitions come first, as the preprocessor reads them; the file's own follow.
  for (const h of headers) {
    for (const d of h.defines) {
      file.macroAliases.addDefinition(d);
      macroBodies.set(d.name, `${macroBodies.get(d.name) ?? ''} ${d.value}`);
      if (d.params === undefined && d.value !== '') file.macros.set(d.name, d.value);
    }
    for (const a of h.socketAliases) file.socketAliases.add(a);
    for (const [name, type] of h.fieldTypes) file.fieldTypes.set(name, type);
  }
  walkKinds(root, scanKind, (kind, cursor) => {
    if (kind === BLOCK) return !skippedBodies.has(cursor.startIndex);
    const n = cursor.currentNode;
    while (fnEnds.length && n.startIndex >= fnEnds[fnEnds.length - 1]) {
      fnEnds.pop();
      insideFn--;
    }
    while (arms.length && n.startIndex >= arms[arms.length - 1].end) arms.pop();
    if (n.type === 'preproc_ifdef' || n.type === 'preproc_if' || n.type === 'preproc_elif' || n.type === 'preproc_elifdef') {
      const kinds = armKinds(n, file.platformMacros, platform.posixArms);
      const alt = n.childForFieldName('alternative');
      arms.push({ end: alt ? alt.startIndex : n.endIndex, kind: kinds.then });
      if (alt?.type === 'preproc_else') elseKinds.set(alt.startIndex, kinds.else);
    } else if (n.type === 'preproc_else') arms.push({ end: n.endIndex, kind: elseKinds.get(n.startIndex) ?? 'neutral' });
    if (n.type === 'preproc_def' || n.type === 'preproc_function_def') {
      file.macroAliases.add(n);
      const name = n.childForFieldName('name')?.text;
      if (name) macroBodies.set(name, `${macroBodies.get(name) ?? ''} ${n.childForFieldName('value')?.text ?? ''}`);
    }
    if (n.type === 'type_definition' && n.childForFieldName('type')?.text === 'SOCKET') {
      for (const d of n.childrenForFieldName('declarator')) if (d?.type === 'type_identifier') file.socketAliases.add(d.text);
    }
    if (n.type === 'preproc_def' && n.childForFieldName('value')?.text.trim() === 'SOCKET') file.socketAliases.add(n.childForFieldName('name')?.text ?? '');
    if (n.type === 'field_declaration' || (n.type === 'declaration' && insideFn === 0)) {
      const type = n.childForFieldName('type')?.text;
      if (type)
        for (const d of n.childrenForFieldName('declarator')) {
          const nm = declaredName(d?.type === 'init_declarator' ? d.childForFieldName('declarator') : d);
          if (nm) file.fieldTypes.set(nm.text, type);
        }
    }
    if (n.type === 'preproc_def') {
      const nm = n.childForFieldName('name')?.text;
      const v = n.childForFieldName('value')?.text;
      if (nm && v !== undefined) file.macros.set(nm, v);
    } else if (n.type === 'declaration' && insideFn === 0 && /\b(?:const|constexpr)\b/.test(n.text.slice(0, 200).split('=')[0])) {
      fileDecls.push(n);
    } else if (n.type === 'enumerator_list' && insideFn === 0) {
      fileEnums.push(n);
      return false;
    } else if (n.type === 'function_definition') {
      defs.push(n);
      const body = n.childForFieldName('body');
      // A body with a parse error may hold the next function, swallowed by an unclosed brace.
      if (body && !body.hasError && !/#\s*define|\b(?:struct|class|union)\b/.test(text.slice(body.startIndex, body.endIndex))) skippedBodies.add(body.startIndex);
      around.set(n.id, here());
      fnEnds.push(n.endIndex);
      insideFn++;
    } else if (n.type === 'lambda_expression' && insideFn === 0) {
      topLambdas.push(n);
      around.set(n.id, here());
      fnEnds.push(n.endIndex);
      insideFn++;
    }
    // A macro definition holds nothing more to find.
    return n.type !== 'preproc_def' && n.type !== 'preproc_function_def';
  });
  // The scan of a big file is a step of its own: other requests get their turn before the functions.
  yield;
  const constantTexts = new Map<string, string>();
  for (const d of fileDecls) for (const name of recordConstants(d, file.constants)) constantTexts.set(name, `${constantTexts.get(name) ?? ''} ${d.text}`);
  for (const list of fileEnums) for (const name of recordEnumerators(list, file.constants)) constantTexts.set(name, `${constantTexts.get(name) ?? ''} ${list.text}`);
  const live = defs.filter((d) => !around.get(d.id)?.dead);
  // Read once per definition: each read of a node crosses into WASM, on every edit.
  const names = live.map((d) => {
    const { name, span: nameSpan } = functionName(d);
    return { name, nameSpan, params: functionParams(d), ...cache.identifiers(text, d.startIndex, d.endIndex) };
  });
  for (const { name, params } of names) {
    const arity = file.functionArity.get(name) ?? new Set<number>();
    arity.add(params.length);
    file.functionArity.set(name, arity);
  }
  const matters = relevantDefinitions(names, file, macroBodies);
  for (let i = 0; i < live.length; i++) {
    const d = live[i];
    const { name, nameSpan, params, ids } = names[i];
    const armRegion = around.get(d.id)?.region;
    const region = armRegion ?? file.fileRegion;
    const from = lineStart(text, d.startIndex);
    const key = [grammar, region, armRegion, matters[i], text.slice(from, d.endIndex), contextSignature(ids, file, macroBodies, constantTexts)].join('\u0000');
    const unit = cache.take(key);
    if (unit) {
      moveUnit(unit, from, file.functions.length);
      for (const fn of unit.functions) file.functions.push(fn);
      for (const ev of unit.events) file.events.push(ev);
      file.hasBuildArms ||= unit.hasBuildArms;
      cache.keep(unit);
      continue;
    }
    const fnStart = file.functions.length;
    const evStart = file.events.length;
    const hadBuildArms = file.hasBuildArms;
    file.hasBuildArms = false;
    file.lambdaDepth = 0;
    const body = matters[i] ? d.childForFieldName('body') : undefined;
    const index = lowerFunction(file, d, body, name, params, undefined, region, matters[i] ? failureReturn(d, name, grammar) : undefined, nameSpan);
    if (armRegion === 'windows' || armRegion === 'posix') {
      file.functions[index].build = armRegion;
      file.hasBuildArms = true;
    }
    cache.lowered++;
    cache.keep({ key, start: from, fnStart, functions: file.functions.slice(fnStart), events: file.events.slice(evStart), hasBuildArms: file.hasBuildArms });
    file.hasBuildArms ||= hadBuildArms;
    if (body) yield;
  }
  for (const l of topLambdas) {
    const at = around.get(l.id);
    if (at?.dead) continue;
    const params = paramsOf(l.childForFieldName('declarator')?.childForFieldName('parameters'));
    lowerFunction(file, l, l.childForFieldName('body'), '<lambda>', params, undefined, at?.region ?? file.fileRegion, undefined);
  }
  cache.finish();
  return { uri, text, language: grammar, functions: file.functions, events: file.events, portable: platform.portable, hasBuildArms: file.hasBuildArms, eol: eolOf(text), ids: cache.ids };
}

/** `T{…}` or `T(…)` as a value: the type written and its argument list. */
function constructed(value: Node): { type: string; args: Node } | undefined {
  if (value.type === 'compound_literal_expression') {
    const type = value.childForFieldName('type')?.text;
    const args = value.childForFieldName('value');
    return type && args ? { type, args } : undefined;
  }
  if (value.type === 'call_expression') {
    const fn = value.childForFieldName('function');
    const args = value.childForFieldName('arguments');
    return fn && args && (fn.type === 'qualified_identifier' || fn.type === 'type_identifier') ? { type: fn.text, args } : undefined;
  }
  return undefined;
}
