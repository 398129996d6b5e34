import type { Node } from 'web-tree-sitter';

/** What a wrapper macro around a socket call stands for: `#define CLOSESOCKET(s) closesocket(s)`. */
export interface MacroAlias {
  /** The socket API it expands to: `closesocket`, `close`, `shutdown`, `WSASendDisconnect`. */
  api: string;
  /** How many arguments the macro takes (0 for an object-like alias used as a callee). */
  arity: number;
  /** For each argument of the API: the macro parameter passed, or the literal text written. */
  args: Array<{ param: number } | { text: string }>;
}

const wrapped = new Set(['closesocket', 'close', 'shutdown', 'WSASendDisconnect']);
const apiArity: Record<string, number> = { closesocket: 1, close: 1, shutdown: 2, WSASendDisconnect: 2 };

/**
 * Wrapper macros defined in the file. A name defined differently in different `#if` arms is kept
 * only when every definition expands to the same kind of call (close vs closesocket counts as the
 * same: both close), since the analysis cannot tell which arm a build takes at the call.
 */
export class MacroAliases {
  private readonly defs = new Map<string, Array<MacroAlias | undefined>>();

  add(def: Node): void {
    const name = def.childForFieldName('name')?.text;
    if (!name) return;
    const value = def.childForFieldName('value')?.text.trim() ?? '';
    const params = def.type === 'preproc_function_def' ? (def.childForFieldName('parameters')?.namedChildren ?? []).map((p) => p?.text ?? '') : undefined;
    const list = this.defs.get(name) ?? [];
    list.push(parse(value, params));
    this.defs.set(name, list);
  }

  get(name: string): MacroAlias | undefined {
    const list = this.defs.get(name);
    if (!list?.length || list.some((d) => !d)) return undefined;
    const kind = (a: MacroAlias) => (a.api === 'closesocket' ? 'close' : a.api);
    const first = list[0]!;
    return list.every((d) => kind(d!) === kind(first) && d!.arity === first.arity) ? first : undefined;
  }
}

function parse(value: string, params: string[] | undefined): MacroAlias | undefined {
  if (!params) return wrapped.has(value) ? { api: value, arity: apiArity[value], args: [] } : undefined;
  const m = /^\(?\s*(\w+)\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)\s*\)?\s*;?$/.exec(value);
  if (!m || !wrapped.has(m[1])) return undefined;
  const inner = m[2].split(',').map((a) => a.trim().replace(/^\((.*)\)$/, '$1').replace(/^\(\s*\w+\s*\)\s*/, '').trim());
  if (inner.length !== apiArity[m[1]]) return undefined;
  const args = inner.map((a) => (params.includes(a) ? { param: params.indexOf(a) } : { text: a }));
  if (!('param' in args[0])) return undefined; // the socket must come from the caller
  return { api: m[1], arity: params.length, args };
}
