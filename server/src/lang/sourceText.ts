/** Scans of source text that both front ends answer for the rules' fixes (engine/rule.ts Codegen). */

/**
 * Whether code changes a variable: assigns it (`x = …`, `x += …`), increments or decrements it,
 * takes its address (`&x`, C), or calls a method on it (`buf.writeInt32LE(1, 0)`, `obj->set(…)`).
 * A text scan shared by the C and TypeScript front ends: a name in a string or comment counts too,
 * which only ever withholds a fix.
 */
export function modifiesIn(code: string, name: string): boolean {
  const n = escapeRegExp(name);
  return new RegExp(`(?:\\b${n}\\s*(?:[-+*/|&^]?=(?!=)|\\+\\+|--)|&\\s*${n}\\b|(?:\\+\\+|--)\\s*${n}\\b|\\b${n}\\s*(?:\\.|->)\\s*\\w+\\s*\\()`).test(code);
}

/** Lines of a branch with `word` changed to `replacement` inside its double-quoted string literals. */
export function retargetStrings(body: string, word: string, replacement: string): string[] {
  const w = new RegExp(`\\b${escapeRegExp(word)}\\b`, 'g');
  return body.split(/\r\n|\r|\n/).map((l) => l.replace(/"(?:[^"\\]|\\.)*"/g, (s) => s.replace(w, replacement)));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
