import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCfg, reachableBlocks } from '../../../server/src/engine/cfg';
import type { SocketEvent, Stmt } from '../../../server/src/engine/ir';

let nextId = 0;
/** A marker event: only its id matters to the CFG. */
function ev(name: string): Stmt {
  const e = { kind: 'listen', id: nextId++, site: { start: 0, end: 0 }, region: 'posix', fn: 0, h: name, handleText: name } as SocketEvent;
  return { k: 'ev', ev: e };
}
const seq = (...body: Stmt[]): Stmt => ({ k: 'seq', body });

/** Names of the marker events reachable after the named one, sorted. */
function after(body: Stmt, from: string, build?: 'windows' | 'posix'): string[] {
  const cfg = buildCfg(body, build);
  const blockOf = new Map<string, number>();
  for (const b of cfg.blocks) for (const e of b.events) if ('h' in e) blockOf.set(e.h, b.id);
  const start = blockOf.get(from);
  assert.notEqual(start, undefined, `${from} is in no reachable block`);
  const names = new Set<string>();
  const own = cfg.blocks[start!].events.map((e) => ('h' in e ? e.h : ''));
  for (const n of own.slice(own.indexOf(from) + 1)) names.add(n);
  for (const b of reachableBlocks(cfg, start!)) for (const e of cfg.blocks[b].events) if ('h' in e) names.add(e.h);
  return [...names].sort();
}

describe('control-flow graph', () => {
  it('joins both arms of an if, and neither arm follows the other', () => {
    const body = seq(ev('a'), { k: 'if', cond: [], then: ev('t'), else: ev('e') }, ev('z'));
    assert.deepEqual(after(body, 'a'), ['e', 't', 'z']);
    assert.deepEqual(after(body, 't'), ['z']);
    assert.deepEqual(after(body, 'e'), ['z']);
  });

  it('a return ends the path: nothing after it follows', () => {
    const body = seq(ev('a'), { k: 'if', cond: [], then: seq(ev('t'), { k: 'return', value: [] }) }, ev('z'));
    assert.deepEqual(after(body, 't'), []);
    assert.deepEqual(after(body, 'a'), ['t', 'z']);
  });

  it('a loop body reaches itself through the back edge', () => {
    const body = seq({ k: 'loop', cond: [ev('c')], body: seq(ev('x'), ev('y')), update: [], doWhile: false, infinite: false }, ev('z'));
    assert.deepEqual(after(body, 'y'), ['c', 'x', 'y', 'z']);
  });

  it('an infinite loop without break never reaches what follows it', () => {
    const body = seq({ k: 'loop', cond: [], body: ev('x'), update: [], doWhile: false, infinite: true }, ev('z'));
    assert.deepEqual(after(body, 'x'), ['x']);
  });

  it('break leaves the loop, continue goes to the update', () => {
    const body = seq({ k: 'loop', cond: [], body: seq(ev('x'), { k: 'if', cond: [], then: { k: 'break' } }, ev('y'), { k: 'continue' }), update: [ev('u')], doWhile: false, infinite: true }, ev('z'));
    assert.deepEqual(after(body, 'x'), ['u', 'x', 'y', 'z']);
    assert.deepEqual(after(body, 'y'), ['u', 'x', 'y', 'z']);
  });

  it('goto jumps forward to its label, skipping what lies between', () => {
    const body = seq(ev('a'), { k: 'goto', label: 'out' }, ev('skipped'), { k: 'label', name: 'out' }, ev('z'));
    assert.deepEqual(after(body, 'a'), ['z']);
  });

  it('goto backwards makes a loop', () => {
    const body = seq({ k: 'label', name: 'again' }, ev('a'), { k: 'if', cond: [], then: { k: 'goto', label: 'again' } }, ev('z'));
    assert.deepEqual(after(body, 'z'), []);
    assert.deepEqual(after(body, 'a'), ['a', 'z']);
  });

  it('switch cases fall through until break, and without default the switch can be skipped', () => {
    const body = seq(ev('s'), { k: 'switch', cond: [], cases: [[ev('c1')], [ev('c2'), { k: 'break' }], [ev('c3')]], hasDefault: false }, ev('z'));
    assert.deepEqual(after(body, 'c1'), ['c2', 'z']);
    assert.deepEqual(after(body, 'c3'), ['z']);
    assert.deepEqual(after(body, 's'), ['c1', 'c2', 'c3', 'z']);
  });

  it('#if arms are alternatives, and a build takes only its own arms', () => {
    const body = seq(ev('a'), { k: 'alt', arms: [ev('win'), ev('posix')], builds: ['windows', 'posix'] }, ev('z'));
    assert.deepEqual(after(body, 'win'), ['z']);
    assert.deepEqual(after(body, 'a'), ['posix', 'win', 'z']);
    assert.deepEqual(after(body, 'a', 'windows'), ['win', 'z']);
    assert.deepEqual(after(body, 'a', 'posix'), ['posix', 'z']);
  });

  it('code after a noreturn call is not after anything', () => {
    const body = seq(ev('a'), { k: 'if', cond: [], then: seq(ev('t'), { k: 'noreturn' }) }, ev('z'));
    assert.deepEqual(after(body, 't'), []);
  });
});
