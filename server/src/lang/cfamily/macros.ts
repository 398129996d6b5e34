import type { Node } from 'web-tree-sitter';
import { type Definition, definitionOf } from './includes';

/** One socket call a macro's body makes. */
export interface MacroCall {
  /** The socket API: `closesocket`, `close`, `shutdown`, `WSASendDisconnect`, `recv` (a drain loop's read). */
  api: string;
  /** For each argument of the API: the macro parameter passed, or the literal text written
   * (empty for an object-like alias used as a callee: the call's own arguments are passed). */
  args: Array<{ param: number } | { text: string }>;
}

/**
 * What a wrapper macro around socket calls stands for: `#define CLOSESOCKET(s) closesocket(s)`, or
 * a statement body such as `if (s != INVALID_SOCKET) { shutdown(s, SD_SEND); closesocket(s); s = INVALID_SOCKET; }`,
 * whose socket calls happen in order (the guard only skips sockets that are already invalid).
 */
export interface MacroAlias {
  /** How many arguments the macro takes (the API's, for an object-like alias used as a callee). */
  arity: number;
  calls: MacroCall[];
}

const wrapped = new Set(['closesocket', 'close', 'shutdown', 'WSASendDisconnect', 'recv']);
const apiArity: Record<string, number> = { closesocket: 1, close: 1, shutdown: 2, WSASendDisconnect: 2, recv: 4 };

/**
 * Wrapper macros defined in the file. A name defined differently in different `#if` arms is kept
 * only when every definition expands to the same kind of call (close vs closesocket counts as the
 * same: both close), since the analysis cannot tell which arm a build takes at the call.
 */
export class MacroAliases {
  private readonly defs = new Map<string, Array<MacroAlias | undefined>>();
  /** Function-like macros whose every definition only reads its arguments (see `readsOnly`). */
  private readonly pure = new Map<string, boolean>();

  add(def: Node): void {
    const d = definitionOf(def);
    if (d) this.addDefinition(d);
  }

  /** A definition read from the file or from a header it includes. */
  addDefinition(d: Definition): void {
    this.pure.set(d.name, (this.pure.get(d.name) ?? true) && d.params !== undefined && readsOnly(d.value));
    const list = this.defs.get(d.name) ?? [];
    list.push(parse(d.value.trim(), d.params));
    this.defs.set(d.name, list);
  }

  /**
   * `#define SOCK_OK(s) ((s) != INVALID_SOCKET)`: a macro that expands to an expression calling
   * nothing and assigning nothing only reads the socket it is given, like a comparison written out.
   */
  readsOnly(name: string): boolean {
    return this.pure.get(name) === true;
  }

  get(name: string): MacroAlias | undefined {
    const list = this.defs.get(name);
    if (!list?.length || list.some((d) => !d)) return undefined;
    const kind = (a: MacroAlias) => a.calls.map((c) => (c.api === 'closesocket' ? 'close' : c.api)).join(',');
    const first = list[0]!;
    return list.every((d) => kind(d!) === kind(first) && d!.arity === first.arity) ? first : undefined;
  }
}

const wrappedCall = /\b(closesocket|close|shutdown|WSASendDisconnect|recv)\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g;

function parse(value: string, params: string[] | undefined): MacroAlias | undefined {
  if (!params) return wrapped.has(value) ? { arity: apiArity[value], calls: [{ api: value, args: [] }] } : undefined;
  const body = value.replace(/\\\r?\n/g, ' ');
  const calls: MacroCall[] = [];
  for (const m of body.matchAll(wrappedCall)) {
    const inner = m[2].split(',').map((a) =>
      a
        .trim()
        .replace(/^\((.*)\)$/, '$1')
        .replace(/^\(\s*\w+\s*\)\s*/, '')
        .trim(),
    );
    if (inner.length !== apiArity[m[1]]) continue;
    const args = inner.map((a) => (params.includes(a) ? { param: params.indexOf(a) } : { text: a }));
    if (!('param' in args[0])) continue; // the socket must come from the caller
    calls.push({ api: m[1], args });
  }
  return calls.length ? { arity: params.length, calls } : undefined;
}

/** An expression with no call (casts and `sizeof` aside) and no assignment: it can only read. */
function readsOnly(body: string): boolean {
  const text = body.replace(/\\\r?\n/g, ' ').trim();
  if (!text || /[;{}]/.test(text)) return false;
  if (/(?<![=!<>])=(?!=)|\+\+|--/.test(text)) return false;
  for (const m of text.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) if (m[1] !== 'sizeof' && m[1] !== 'defined') return false;
  return true;
}
