/** Which statements only set up a linger variable (the linger-misuse fix removes them with the call). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lingerSetupOf } from '../../../server/src/lang/cfamily/lingerSetup';
import { Grammars } from '../../../server/src/lang/treesitter';
import { wasmDir } from '../../helpers/analyzer';

const cases: Array<[string, 'c' | 'cpp', string | undefined]> = [
  ['struct linger lg;', 'c', 'lg'],
  ['struct linger lg = {1, 0};', 'c', 'lg'],
  ['LINGER lg = { 1, 30 };', 'c', 'lg'],
  ['static const struct linger lg = {1, 0};', 'c', 'lg'],
  ['linger lg{1, 0};', 'cpp', 'lg'],
  ['memset(&lg, 0, sizeof(lg));', 'c', 'lg'],
  ['ZeroMemory(&lg, sizeof lg);', 'c', 'lg'],
  ['lg.l_onoff = 1;', 'c', 'lg'],
  ['lg.l_linger = (u_short)0;', 'c', 'lg'],
  // More than set-up: kept.
  ['struct linger lg = make_linger();', 'c', undefined],
  ['struct linger a, b;', 'c', undefined],
  ['lg.l_linger = timeout_of(conn);', 'c', undefined],
  ['lg.l_onoff = other.l_onoff = 1;', 'c', undefined],
  ['p->l_onoff = 1;', 'c', undefined],
  ['lg.l_onoff += 1;', 'c', undefined],
  ['memset(buf, 0, sizeof buf);', 'c', undefined],
  ['int n = 0;', 'c', undefined],
];

test('statements that only declare, fill in or zero a linger variable', async () => {
  const grammars = await Grammars.load(wasmDir());
  for (const lang of ['c', 'cpp'] as const) {
    const parser = grammars.parser(lang);
    for (const [stmt, l, expected] of cases) {
      if (l !== lang) continue;
      const tree = parser.parse(`void f(void) {\n    ${stmt}\n}\n`)!;
      const body = tree.rootNode.namedChildren[0]!.childForFieldName('body')!;
      const node = body.namedChildren.find((c) => c && c.type !== 'comment')!;
      assert.equal(lingerSetupOf(node), expected, `${lang}: ${stmt}`);
      tree.delete();
    }
    parser.delete();
  }
});
