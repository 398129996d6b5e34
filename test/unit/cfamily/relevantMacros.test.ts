/** Which #defines can stand for a socket call or option: followed through chains, in linear work. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { relevantMacros } from '../../../server/src/lang/cfamily/relevance';

const known = new Set(['closesocket', 'SO_REUSEADDR']);

test('a macro matters when its body names a socket call or option, directly or through other macros', () => {
  const bodies = new Map([
    ['CLOSE', 'closesocket'],
    ['CLOSE2', 'CLOSE(s)'],
    ['REUSE', '(SO_REUSEADDR)'],
    ['UNRELATED', 'printf("%d", x)'],
    ['CYCLE_A', 'CYCLE_B'],
    ['CYCLE_B', 'CYCLE_A'],
  ]);
  assert.deepEqual([...relevantMacros(bodies, (id) => known.has(id))].sort(), ['CLOSE', 'CLOSE2', 'REUSE']);
});

test('a chain of 20,000 defines asks about each name of each body once', () => {
  const n = 20_000;
  const bodies = new Map<string, string>();
  for (let i = 0; i < n; i++) bodies.set(`M${i}`, `M${i + 1}`);
  bodies.set(`M${n}`, 'SO_REUSEADDR');
  let asked = 0;
  const found = relevantMacros(bodies, (id) => {
    asked++;
    return known.has(id);
  });
  assert.equal(found.size, n + 1);
  // One question per body name: a pass per link of the chain asked n² / 2 of them.
  assert.equal(asked, n + 1);
});
