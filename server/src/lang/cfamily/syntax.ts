import type { Node, TreeCursor } from 'web-tree-sitter';

/**
 * The first named child that is not a comment. Comments are children wherever they are written
 * (a comment after `(` or after `return`): taking the first named child would take the comment.
 */
export function firstNamed(n: Node | null | undefined): Node | undefined {
  if (!n) return undefined;
  for (const c of n.namedChildren) if (c && c.type !== 'comment') return c;
  return undefined;
}

/** Strips parentheses and casts: `((SOCKET)(s))` → `s`. Iterative, since nesting can be deep. */
export function unwrap(n: Node | null | undefined): Node | undefined {
  let cur = n ?? undefined;
  for (let i = 0; cur && i < 10000; i++) {
    if (cur.type === 'parenthesized_expression') cur = firstNamed(cur);
    else if (cur.type === 'cast_expression') cur = cur.childForFieldName('value') ?? undefined;
    else if (cur.type === 'call_expression' && isCastCall(cur)) cur = firstNamed(cur.childForFieldName('arguments'));
    else return cur;
  }
  return cur;
}

/** `static_cast<SOCKET>(x)` parses as a call of a template function. */
export function isCastCall(n: Node): boolean {
  const f = n.childForFieldName('function');
  return !!f && f.type === 'template_function' && /^(static|reinterpret|const)_cast$/.test(f.childForFieldName('name')?.text ?? '');
}

/**
 * The key a socket value is tracked under: `s`, `srv->fd`, `ctx.sock`, `socks[i]`. `this->sock_`
 * and `sock_` are the same member, so `this->` is dropped.
 */
export function handleOf(n: Node | null | undefined): { key: string; text: string } | undefined {
  const u = unwrap(n);
  if (!u) return undefined;
  switch (u.type) {
    case 'identifier':
    case 'field_identifier':
      return { key: u.text, text: u.text };
    case 'field_expression':
    case 'subscript_expression': {
      if (u.text.length > 200) return undefined;
      const text = u.text;
      const key = text
        .replace(/\s+/g, '')
        .replace(/^\(\*this\)\./, '')
        .replace(/^this->/, '');
      return { key, text };
    }
    case 'pointer_expression':
      if (u.child(0)?.type === '*' && u.text.length <= 200) return { key: u.text.replace(/\s+/g, ''), text: u.text };
      return undefined;
    default:
      return undefined;
  }
}

/** The variable whose address is taken: `&x`, `(char *)&x` → x. */
export function addressOf(n: Node | null | undefined): Node | undefined {
  const u = unwrap(n);
  if (u && u.type === 'pointer_expression' && u.child(0)?.type === '&') return unwrap(u.childForFieldName('argument'));
  return undefined;
}

export interface Callee {
  /** Last name: `bind` for `bind`, `::bind`, `std::bind`, `obj.bind`. */
  name: string;
  /** Plain call or a call of the global namespace (`::bind`): what a socket API call looks like. */
  global: boolean;
  /** `this->f(...)`, `f(...)` in a method, or a plain call: may be a same-file function. */
  local: boolean;
}

export function calleeOf(call: Node): Callee | undefined {
  const f = call.childForFieldName('function');
  if (!f) return undefined;
  if (f.type === 'identifier') return { name: f.text, global: true, local: true };
  if (f.type === 'qualified_identifier') {
    const scope = f.childForFieldName('scope');
    const name = f.childForFieldName('name');
    if (!name) return undefined;
    const last = name.type === 'identifier' ? name.text : name.text.replace(/.*::/, '');
    return { name: last, global: !scope, local: false };
  }
  if (f.type === 'field_expression') {
    const field = f.childForFieldName('field');
    const obj = f.childForFieldName('argument');
    if (!field) return undefined;
    return { name: field.text, global: false, local: obj?.type === 'this' };
  }
  if (f.type === 'parenthesized_expression' || f.type === 'pointer_expression') {
    const inner = unwrap(f);
    if (inner?.type === 'identifier') return { name: inner.text, global: false, local: false };
  }
  return undefined;
}

/**
 * The arguments as the first `#if` arm writes them: `bind(s,\n#if V4\n&a4,\n#else\n&a6,\n#endif\nlen)`
 * is a three-argument bind whichever arm a build takes.
 */
export function argsOf(call: Node): Node[] {
  const out: Node[] = [];
  const list = call.childForFieldName('arguments');
  const kids = list?.namedChildren ?? [];
  // tree-sitter-c cannot parse #if lines between arguments: it leaves ERROR nodes around them.
  const preprocErrors = kids.some((k) => k?.type === 'ERROR') && /\n[ \t]*#[ \t]*(?:if|else|elif|endif)/.test(list?.text ?? '');
  for (const n of kids) {
    if (!n || n.type === 'comment' || (preprocErrors && n.type === 'ERROR')) continue;
    if (n.type === 'preproc_if' || n.type === 'preproc_ifdef') {
      const skip = new Set([n.childForFieldName('condition')?.id, n.childForFieldName('name')?.id, n.childForFieldName('alternative')?.id]);
      for (const k of n.namedChildren) if (k && !skip.has(k.id) && k.type !== 'comment') out.push(k);
    } else out.push(n);
  }
  return out;
}

/**
 * Walks the tree under `root` reading one number per node (its type id) across the JS/WASM
 * boundary, where materialising each node cost several. `kindOf` sorts type names once per walk:
 * 0 walk through, a negative kind skips the subtree, a positive kind calls `visit`, which returns
 * whether to go into the node's children (and can read the cursor, or `cursor.currentNode`).
 */
export function walkKinds(root: Node, kindOf: (type: string) => number, visit: (kind: number, cursor: TreeCursor) => boolean): void {
  const lang = root.tree.language;
  const kinds = new Int8Array(lang.nodeTypeCount + 1);
  for (let id = 0; id < lang.nodeTypeCount; id++) kinds[id] = kindOf(lang.nodeTypeForId(id) ?? '');
  const cursor = root.walk();
  try {
    let depth = 0;
    for (;;) {
      const kind = depth === 0 ? 0 : (kinds[cursor.nodeTypeId] ?? 0);
      const descend = kind === 0 || (kind > 0 && visit(kind, cursor));
      if (descend && cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      for (;;) {
        if (depth === 0) return;
        if (cursor.gotoNextSibling()) break;
        cursor.gotoParent();
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

/**
 * Nodes below `root` in post-order (children before parents), without recursion. A skipped node is
 * listed but not entered, the root included. `parents` receives each node's parent, because
 * `Node.parent` in web-tree-sitter searches down from the root and costs the node's depth.
 */
export function postorder(root: Node, skip: (n: Node) => boolean, tick?: () => void, parents?: Map<number, Node>): Node[] {
  const out: Node[] = [];
  const stack: Array<{ n: Node; open: boolean }> = [{ n: root, open: false }];
  let steps = 0;
  while (stack.length) {
    if (tick && (++steps & 4095) === 0) tick();
    const top = stack.pop()!;
    if (top.open) {
      out.push(top.n);
      continue;
    }
    stack.push({ n: top.n, open: true });
    if (skip(top.n)) continue;
    const kids = top.n.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      if (!k) continue;
      parents?.set(k.id, top.n);
      stack.push({ n: k, open: false });
    }
  }
  return out;
}

/** Comments, string and character literals, or a name: the alternatives are tried in this order. */
const tokens = /\/\*[\s\S]*?(?:\*\/|$)|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?|\b[A-Za-z_]\w*/g;

/**
 * The names written in `text[start, end)`, outside comments and literals. Read from the text, not
 * the tree: walking a subtree costs a crossing into WASM per node. Keywords and type names come
 * along; the callers only ask whether a name is used, so a few more names are harmless.
 */
export function identifiersInText(text: string, start: number, end: number, into: Set<string>, called?: Set<string>): void {
  const slice = text.slice(start, end);
  tokens.lastIndex = 0;
  for (let m = tokens.exec(slice); m; m = tokens.exec(slice)) {
    const c = m[0].charCodeAt(0);
    if (c === 47 || c === 34 || c === 39) continue;
    into.add(m[0]);
    if (called && isCallAt(slice, tokens.lastIndex)) called.add(m[0]);
  }
}

/** The C/C++ scanner for the per-document lowering cache (engine/unitCache.ts). */
export function cIdentifiers(text: string, ids: Set<string>, calls: Set<string>): void {
  identifiersInText(text, 0, text.length, ids, calls);
}

/** Whether the name that ends at `i` is called: `(` follows, after blanks. */
function isCallAt(s: string, i: number): boolean {
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 40) return true;
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return false;
}
