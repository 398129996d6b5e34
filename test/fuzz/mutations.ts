/**
 * The damage an editor buffer takes while someone types, as fast-check arbitraries over a program:
 * deleted and duplicated spans, unbalanced braces and quotes, `#if` without `#endif`, NUL bytes,
 * lone surrogates, a BOM, CR and CRLF line ends, tabs, astral characters. Each mutation carries a
 * description, so a failure names what was done where.
 */
import fc from 'fast-check';

export interface Mutation {
  describe: string;
  apply(text: string): string;
}

const INSERTS = ['{', '}', '(', ')', '"', "'", '`', '#if X\n', '#ifdef _WIN32\n', '#endif\n', '\0', '\uD800', '\uDC00', '\t', '😀', '/*', '*/', '//', '\n'];

function clamp(at: number, text: string): number {
  return Math.min(Math.max(at, 0), text.length);
}

/** A span of the text: a start and a length, both scaled to the text when the mutation is applied. */
const span = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 0, max: 200 }) });

const one: fc.Arbitrary<Mutation> = fc.oneof(
  span.map(({ at, length }) => ({
    describe: `delete ${length} units at ${at.toFixed(4)}`,
    apply: (t: string) => {
      const s = clamp(Math.floor(at * t.length), t);
      return t.slice(0, s) + t.slice(clamp(s + length, t));
    },
  })),
  span.map(({ at, length }) => ({
    describe: `duplicate ${length} units at ${at.toFixed(4)}`,
    apply: (t: string) => {
      const s = clamp(Math.floor(at * t.length), t);
      const e = clamp(s + length, t);
      return t.slice(0, e) + t.slice(s, e) + t.slice(e);
    },
  })),
  fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), what: fc.constantFrom(...INSERTS) }).map(({ at, what }) => ({
    describe: `insert ${JSON.stringify(what)} at ${at.toFixed(4)}`,
    apply: (t: string) => {
      const s = clamp(Math.floor(at * t.length), t);
      return t.slice(0, s) + what + t.slice(s);
    },
  })),
  fc.constant({ describe: 'BOM', apply: (t: string) => '\uFEFF' + t }),
  fc.constant({ describe: 'CRLF line ends', apply: (t: string) => t.replace(/\r?\n/g, '\r\n') }),
  fc.constant({ describe: 'CR line ends', apply: (t: string) => t.replace(/\r?\n/g, '\r') }),
  fc.constant({ describe: 'tabs for indentation', apply: (t: string) => t.replace(/^( {4})+/gm, (m) => '\t'.repeat(m.length / 4)) }),
);

/** One to four mutations, applied in turn. */
export const mutations: fc.Arbitrary<Mutation> = fc.array(one, { minLength: 1, maxLength: 4 }).map((ms) => ({
  describe: ms.map((m) => m.describe).join(', then '),
  apply: (t: string) => ms.reduce((acc, m) => m.apply(acc), t),
}));

/** What "a comment or whitespace" is, in the insertion property. */
export const CFAMILY_FILLERS = [' ', '\t', '\n', '/* c */', '/*😀é*/', '/**/'];
export const SCRIPT_FILLERS = [' ', '\t', '/* c */', '/*😀é*/', '/**/'];
