import type { Node } from 'web-tree-sitter';
import type { ParamValue } from '../../engine/ir';
import { unwrap } from './syntax';

// Addresses count only as zero (the wildcard) or not: in6addr_* stand for their structs.
const named: Record<string, number> = {
  TRUE: 1,
  FALSE: 0,
  true: 1,
  false: 0,
  INADDR_ANY: 0,
  INADDR_LOOPBACK: 0x7f000001,
  in6addr_any: 0,
  in6addr_loopback: 1,
  NULL: 0,
  nullptr: 0,
  SOCK_STREAM: 1,
  SOCK_DGRAM: 2,
  SOCK_RAW: 3,
};

/** Object-like `#define NAME value` lines of the file, for options and values spelled as macros. */
export type Macros = Map<string, string>;

export function macroValue(text: string, macros: Macros, depth = 0): number | undefined {
  const t = text
    .trim()
    .replace(/^\((.*)\)$/s, '$1')
    .trim();
  if (depth > 8 || t.length > 100) return undefined;
  const lit = parseNumber(t);
  if (lit !== undefined) return lit;
  if (Object.prototype.hasOwnProperty.call(named, t)) return named[t];
  const m = /^([-~!])\s*(.+)$/s.exec(t);
  if (m) {
    const v = macroValue(m[2], macros, depth + 1);
    return v === undefined ? undefined : m[1] === '-' ? -v : m[1] === '~' ? ~v : v ? 0 : 1;
  }
  const def = macros.get(t);
  return def !== undefined ? macroValue(def, macros, depth + 1) : undefined;
}

export function parseNumber(t: string): number | undefined {
  // A sign can be part of the literal as the parser gives it (`= -1` in an enumerator).
  const m = /^([-+]?)\s*(0[xX][0-9a-fA-F]+|\d+)[uUlL]*$/.exec(t.trim());
  if (!m) return undefined;
  const v = m[2].startsWith('0x') || m[2].startsWith('0X') ? parseInt(m[2], 16) : parseInt(m[2], 10);
  return m[1] === '-' ? -v : v;
}

const layouts: Array<[RegExp, string[]]> = [
  [/linger/i, ['l_onoff', 'l_linger']],
  [/sockaddr_in6/i, ['sin6_family', 'sin6_port']],
  [/sockaddr_in|SOCKADDR_IN/, ['sin_family', 'sin_port']],
];

/**
 * What is known of variables and struct fields, in source order, within one function. Values
 * assigned inside a block are forgotten when the block closes (they may not have run), so the
 * environment never claims more than straight-line code shows.
 */
export class ValueEnv {
  private readonly values = new Map<string, number | undefined>();
  private readonly assignedIn: Array<Set<string>> = [new Set()];
  private readonly params = new Map<string, number>();
  /** Names and fields whose value is a parameter's truth value (RULES.md: decided at the call sites). */
  private readonly fromParams = new Map<string, ParamValue>();

  /** `seed`: what the file scope knows (constants), which every function starts from. */
  constructor(
    private readonly macros: Macros,
    seed?: ValueEnv,
  ) {
    if (seed) for (const [k, v] of seed.values) this.values.set(k, v);
  }

  snapshot(): Map<string, number | undefined> {
    return new Map(this.values);
  }

  restore(saved: Map<string, number | undefined>): void {
    this.values.clear();
    for (const [k, v] of saved) this.values.set(k, v);
  }

  enter(): void {
    this.assignedIn.push(new Set());
  }

  /** The function's named parameters, in order. */
  setParams(names: readonly string[]): void {
    names.forEach((n, i) => this.params.set(n, i));
  }

  /** The parameter whose truth value `key` holds, if that is all it holds. */
  paramValue(key: string): ParamValue | undefined {
    return this.fromParams.get(key) ?? (this.params.has(key) && !this.values.has(key) ? { param: this.params.get(key)!, negate: false } : undefined);
  }

  /** After `key = value` with a value the file does not show: remember when it is a parameter's truth value. */
  noteParam(key: string, value: Node | null | undefined): void {
    this.fromParams.delete(key);
    if (this.get(key) !== undefined) return;
    const p = this.paramOf(value, 0);
    if (p) this.fromParams.set(key, p);
  }

  private paramOf(n: Node | null | undefined, depth: number): ParamValue | undefined {
    const u = unwrap(n);
    if (!u || depth > 8) return undefined;
    if (u.type === 'identifier' || u.type === 'field_expression') {
      const p = this.paramValue(u.text.replace(/\s+/g, '').replace(/->/g, '.'));
      return p && depth === 0 ? p : p && { param: p.param, negate: p.negate, truth: true };
    }
    if (u.type === 'unary_expression' && u.child(0)?.type === '!') {
      const inner = this.paramOf(u.childForFieldName('argument'), depth + 1);
      return inner && { param: inner.param, negate: !inner.negate, truth: true };
    }
    if (u.type === 'conditional_expression') {
      // `on ? 1 : 0`
      const cond = this.paramOf(u.childForFieldName('condition'), depth + 1);
      const a = this.eval(u.childForFieldName('consequence'));
      const b = this.eval(u.childForFieldName('alternative'));
      if (!cond || a === undefined || b === undefined || (a !== 0) === (b !== 0)) return undefined;
      return { param: cond.param, negate: a === 0 ? !cond.negate : cond.negate, truth: true };
    }
    return undefined;
  }

  exit(): void {
    const keys = this.assignedIn.pop();
    if (!keys || !this.assignedIn.length) return;
    for (const k of keys) {
      this.fromParams.delete(k);
      this.values.set(k, undefined);
      this.assignedIn[this.assignedIn.length - 1].add(k);
    }
  }

  private put(key: string, v: number | undefined): void {
    this.fromParams.delete(key);
    this.values.set(key, v);
    this.assignedIn[this.assignedIn.length - 1].add(key);
  }

  /** A fresh declaration: its value counts in every enclosing block from here on. */
  declare(name: string, v: number | undefined): void {
    this.clearStruct(name);
    this.fromParams.delete(name);
    this.values.set(name, v);
  }

  assign(key: string, v: number | undefined): void {
    this.put(key, v);
  }

  /** `memset(&x, 0, …)`, `= {0}`: every field is zero until assigned. */
  zero(base: string, declared: boolean): void {
    this.clearStruct(base);
    if (declared) this.values.set(`${base}.*`, 0);
    else this.put(`${base}.*`, 0);
  }

  /** Passed by address to unknown code: nothing is known of it any more. */
  invalidate(base: string): void {
    this.clearStruct(base);
    this.put(base, undefined);
    this.put(`${base}.*`, undefined);
  }

  private clearStruct(base: string): void {
    for (const k of [...this.values.keys()]) if (k.startsWith(`${base}.`)) this.values.delete(k);
    for (const k of [...this.fromParams.keys()]) if (k.startsWith(`${base}.`)) this.fromParams.delete(k);
  }

  get(key: string): number | undefined {
    if (this.values.has(key)) return this.values.get(key);
    const dot = key.indexOf('.');
    if (dot > 0) {
      const all = `${key.slice(0, dot)}.*`;
      if (this.values.has(all)) return this.values.get(all);
    }
    return undefined;
  }

  /** The field itself was written (not only zeroed with the rest of its struct). */
  assigned(key: string): boolean {
    return this.values.has(key);
  }

  known(key: string): boolean {
    return this.values.get(key) !== undefined;
  }

  /** Records an initialiser list: positional (by the known layout of the struct type) or designated. */
  initStruct(base: string, typeText: string, init: Node): void {
    this.clearStruct(base);
    const items = init.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
    if (items.length === 0 || (items.length === 1 && this.eval(items[0]) === 0 && items[0].type !== 'initializer_pair')) {
      this.values.set(`${base}.*`, 0);
      return;
    }
    this.values.set(`${base}.*`, 0); // C zero-fills the members an initialiser leaves out
    const layout = layouts.find(([re]) => re.test(typeText))?.[1];
    items.forEach((item, i) => {
      if (item.type === 'initializer_pair') {
        const d = item.childForFieldName('designator');
        const field = d?.type === 'field_designator' ? d.text.replace(/^\./, '') : undefined;
        if (field) this.values.set(`${base}.${field}`, this.eval(item.childForFieldName('value')));
        if (field) this.noteParam(`${base}.${field}`, item.childForFieldName('value'));
      } else if (layout && i < layout.length) {
        this.values.set(`${base}.${layout[i]}`, this.eval(item));
        this.noteParam(`${base}.${layout[i]}`, item);
      }
    });
  }

  /** The integer value of an expression when the file shows it; undefined when computed. */
  eval(n: Node | null | undefined): number | undefined {
    const u = unwrap(n);
    if (!u) return undefined;
    switch (u.type) {
      case 'number_literal':
        return parseNumber(u.text);
      case 'true':
        return 1;
      case 'false':
      case 'null':
        return 0;
      case 'identifier': {
        if (Object.prototype.hasOwnProperty.call(named, u.text)) return named[u.text];
        if (this.values.has(u.text)) return this.values.get(u.text);
        const m = this.macros.get(u.text);
        return m !== undefined ? macroValue(m, this.macros) : undefined;
      }
      case 'field_expression':
        return this.get(u.text.replace(/\s+/g, '').replace(/->/g, '.'));
      // `cfg::port`: constants are recorded by their own name, whatever namespace holds them.
      case 'qualified_identifier':
        return this.eval(u.childForFieldName('name'));
      case 'unary_expression': {
        const v = this.eval(u.childForFieldName('argument'));
        const op = u.child(0)?.type;
        if (v === undefined) return undefined;
        return op === '-' ? -v : op === '~' ? ~v : op === '!' ? (v ? 0 : 1) : op === '+' ? v : undefined;
      }
      case 'call_expression': {
        const f = u.childForFieldName('function')?.text;
        const args = u.childForFieldName('arguments')?.namedChildren ?? [];
        if (f && /^(htons|htonl|ntohs|ntohl)$/.test(f) && args.length === 1) return this.eval(args[0]);
        // `inet_addr("127.0.0.1")`: an IPv4 address written out.
        if (f === 'inet_addr' && args.length === 1 && args[0]?.type === 'string_literal') return dottedQuad(args[0].text.slice(1, -1));
        return undefined;
      }
      default:
        return undefined;
    }
  }
}

function dottedQuad(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((v, p) => v * 256 + Number(p), 0);
}
