import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Rule } from '../../../server/src/engine/rule';
import { runRules } from '../../../server/src/engine/run';
import { defaultSettings } from '../../../server/src/engine/settings';
import { cCodegen } from '../../../server/src/lang/cfamily/codegen';
import { rules } from '../../../server/src/rules';
import { lower } from './lowered';

const program = `#include <winsock2.h>
void f(SOCKET l) {
    SOCKET c = accept(l, NULL, NULL);
    closesocket(c);
}`;

const broken: Rule = {
  meta: { id: 'always-throws', docs: { description: 'test' }, defaultSeverity: 'error', languages: ['c'], fixable: false, messages: {} },
  check() {
    throw new Error('boom');
  },
};

describe('running rules', () => {
  it('a rule that throws loses only its own findings, and the error names the rule', async () => {
    const model = await lower(program);
    const out = runRules(model, [broken, ...rules], defaultSettings, cCodegen);
    assert.deepEqual(
      out.findings.map((f) => f.ruleId),
      ['close-without-shutdown'],
    );
    assert.equal(out.ruleErrors.length, 1);
    assert.equal(out.ruleErrors[0].ruleId, 'always-throws');
    assert.match(out.ruleErrors[0].message, /boom/);
  });

  it('settings turn a rule off, change its severity, or disable everything', async () => {
    const model = await lower(program);
    assert.equal(runRules(model, rules, { ...defaultSettings, rules: { 'close-without-shutdown': 'off' } }, cCodegen).findings.length, 0);
    const hint = runRules(model, rules, { ...defaultSettings, rules: { 'close-without-shutdown': 'hint' } }, cCodegen);
    assert.deepEqual(
      hint.findings.map((f) => f.severity),
      ['hint'],
    );
    assert.equal(runRules(model, rules, { ...defaultSettings, enable: false }, cCodegen).findings.length, 0);
  });

  it('the platform setting forces the Winsock rules on or off', async () => {
    const posixServer = `#include <sys/socket.h>
#include <netinet/in.h>
int serve(void) {
    struct sockaddr_in a = { 0 };
    int s = socket(AF_INET, SOCK_STREAM, 0);
    a.sin_port = htons(8080);
    if (bind(s, (struct sockaddr *)&a, sizeof a) < 0) return -1;
    return listen(s, 5);
}`;
    const model = await lower(posixServer);
    const ids = (platform: 'auto' | 'windows' | 'posix') => runRules(model, rules, { ...defaultSettings, platform }, cCodegen).findings.map((f) => f.ruleId);
    assert.deepEqual(ids('auto'), []);
    assert.deepEqual(ids('windows'), ['missing-exclusiveaddruse']);
    assert.deepEqual(ids('posix'), []);
  });

  it('a cancelled run stops early without throwing', async () => {
    const model = await lower(program);
    const out = runRules(model, rules, defaultSettings, cCodegen, () => true);
    assert.deepEqual(out.ruleErrors, []);
    assert.equal(out.findings.length, 0);
  });
});
