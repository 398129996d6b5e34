import type { Node } from 'web-tree-sitter';
import { firstNamed, unwrap } from './syntax';

const ZEROING = new Set(['memset', 'ZeroMemory', 'SecureZeroMemory', 'bzero']);
const FIELDS = new Set(['l_onoff', 'l_linger']);

/** Whether a statement's text can be linger set-up at all (most are not: no tree reads then). */
export function mayBeLingerSetup(text: string, start: number, end: number): boolean {
  return end - start < 2000 && /linger|l_onoff|memset|ZeroMemory|bzero/i.test(text.slice(start, end));
}

function identifierText(n: Node | null | undefined): string | undefined {
  const u = unwrap(n);
  return u?.type === 'identifier' ? u.text : undefined;
}

/**
 * The linger variable a statement does nothing but set up, for the linger-misuse fix, which
 * removes those statements with the SO_LINGER call: `struct linger lg = {1, 0};` (or `LINGER lg;`),
 * `lg.l_onoff = 1;`, `memset(&lg, 0, sizeof lg);`. Anything more in the statement, and it is not.
 */
export function lingerSetupOf(stmt: Node): string | undefined {
  if (stmt.type === 'declaration') {
    const type = stmt.childForFieldName('type');
    if (!type || !/linger/i.test(type.text)) return undefined;
    const declarators = stmt.namedChildren.filter(
      (c): c is Node => !!c && c.type !== 'comment' && c.id !== type.id && !/^(storage_class_specifier|type_qualifier|attribute_specifier|ms_declspec_modifier)$/.test(c.type),
    );
    if (declarators.length !== 1) return undefined;
    const d = declarators[0];
    if (d.type === 'identifier') return d.text;
    if (d.type !== 'init_declarator') return undefined;
    const value = d.childForFieldName('value');
    const name = d.childForFieldName('declarator');
    // `= {…}` or C++ `lg{…}`; a value computed by a call is more than set-up.
    return name?.type === 'identifier' && value && (value.type === 'initializer_list' || value.type === 'argument_list') && !/\(/.test(value.text) ? name.text : undefined;
  }
  if (stmt.type !== 'expression_statement') return undefined;
  const e = firstNamed(stmt);
  if (!e) return undefined;
  if (e.type === 'assignment_expression') {
    const left = e.childForFieldName('left');
    if (e.childForFieldName('operator')?.text !== '=' || left?.type !== 'field_expression') return undefined;
    const field = left.childForFieldName('field')?.text;
    const right = e.childForFieldName('right');
    // A chained `a.l_onoff = b.l_onoff = 1` or a call on the right does more than set a field.
    if (!field || !FIELDS.has(field) || !right || right.type === 'assignment_expression' || /\(/.test(right.text.replace(/^\(+|\)+$/g, ''))) return undefined;
    return left.childForFieldName('operator')?.text === '.' ? identifierText(left.childForFieldName('argument')) : undefined;
  }
  if (e.type === 'call_expression') {
    const fn = e.childForFieldName('function');
    if (fn?.type !== 'identifier' || !ZEROING.has(fn.text)) return undefined;
    const first = firstNamed(e.childForFieldName('arguments'));
    const target = unwrap(first);
    return target?.type === 'pointer_expression' && target.childForFieldName('operator')?.text === '&' ? identifierText(target.childForFieldName('argument')) : undefined;
  }
  return undefined;
}
