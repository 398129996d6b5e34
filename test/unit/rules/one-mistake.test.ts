/**
 * One mistake, one diagnostic: where two rules would describe the same mistake, only the rule
 * that names it precisely reports, at the statement to change, relating the other statement.
 * Two diagnostics on one program are expected only for two mistakes with different fixes.
 * Every pair of rules that can meet on one socket is covered here (docs/rules/README.md).
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Analyzer } from '../../../server/src/analyzer';
import { defaultSettings } from '../../../server/src/engine/settings';
import { getAnalyzer } from '../../helpers/analyzer';

const W = '#include <winsock2.h>\n';
const BIND = '    if (bind(s, (struct sockaddr *)&a, sizeof a) == SOCKET_ERROR) return -1;\n';
const opt = (name: string, h = 's', v = 'on') => `    setsockopt(${h}, SOL_SOCKET, ${name}, (const char *)&${v}, sizeof ${v});\n`;
/** A Windows TCP service on a fixed port; `pre` and `post` go before and after its bind. */
const service = (pre: string, post: string, bind = BIND) => `${W}int start(unsigned short port) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in a = {0};
    BOOL on = TRUE;
    a.sin_port = htons(port);
${pre}${bind}${post}    listen(s, 5);
    return 0;
}
`;
/** An accepted connection: `body` ends it. */
const connection = (body: string) => `${W}void serve(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    if (c == INVALID_SOCKET) return;
    send(c, "bye", 3, 0);
${body}}
`;
const LINGER = (onoff: number, secs: number) => `    struct linger lg = {${onoff}, ${secs}};\n${opt('SO_LINGER', 'c', 'lg')}`;

describe('one mistake, one diagnostic', () => {
  let analyzer: Analyzer;
  before(async () => {
    analyzer = await getAnalyzer();
  });
  const report = (text: string, lang = 'c') => {
    const { findings } = analyzer.analyzeText(`file:///pair.${lang === 'c' ? 'c' : 'ts'}`, lang, text, defaultSettings);
    return findings.map((f) => ({
      id: f.ruleId,
      at: text.slice(f.start, f.end).split('(')[0] + '(' + (text.slice(f.start, f.end).match(/SO_\w+/)?.[0] ?? ''),
      related: f.related.map((r) => text.slice(r.start, r.end).split('(')[0]),
    }));
  };
  const ids = (text: string, lang = 'c') => report(text, lang).map((r) => `${r.id}@${r.at}`);

  it('SO_EXCLUSIVEADDRUSE after bind: setsockopt-after-bind alone, relating the bind (not missing-exclusiveaddruse)', () => {
    const found = report(service('', opt('SO_EXCLUSIVEADDRUSE')));
    assert.deepEqual(
      found.map((f) => `${f.id}@${f.at}`),
      ['setsockopt-after-bind@setsockopt(SO_EXCLUSIVEADDRUSE'],
    );
    assert.deepEqual(found[0].related, ['bind']);
  });

  it('the same in TypeScript through FFI', () => {
    const text = `import koffi from 'koffi';
const ws = koffi.load('ws2_32.dll');
const socket = ws.func('socket', 'uintptr', ['int', 'int', 'int']);
const bind = ws.func('bind', 'int', ['uintptr', 'void*', 'int']);
const setsockopt = ws.func('setsockopt', 'int', ['uintptr', 'int', 'int', 'void*', 'int']);
const listen = ws.func('listen', 'int', ['uintptr', 'int']);
const s = socket(2, 1, 6);
if (bind(s, Buffer.alloc(16), 16) !== 0) throw new Error('bind');
setsockopt(s, 0xffff, -5, Buffer.from([1, 0, 0, 0]), 4);
listen(s, 5);
`;
    assert.deepEqual(ids(text, 'typescript'), ['setsockopt-after-bind@setsockopt(']);
  });

  it('SO_EXCLUSIVEADDRUSE set to FALSE after bind is no attempt: the bind still lacks it', () => {
    const text = service('', '    BOOL off = FALSE;\n' + opt('SO_EXCLUSIVEADDRUSE', 's', 'off'));
    assert.ok(ids(text).includes('missing-exclusiveaddruse@bind('), ids(text).join());
  });

  it('SO_REUSEADDR then SO_EXCLUSIVEADDRUSE: exclusiveaddruse-with-reuseaddr alone (not reuseaddr-port-hijack)', () => {
    const found = report(service(opt('SO_REUSEADDR') + opt('SO_EXCLUSIVEADDRUSE'), ''));
    assert.deepEqual(
      found.map((f) => `${f.id}@${f.at}`),
      ['exclusiveaddruse-with-reuseaddr@setsockopt(SO_EXCLUSIVEADDRUSE'],
    );
    assert.deepEqual(found[0].related, ['setsockopt']);
  });

  it('SO_EXCLUSIVEADDRUSE then SO_REUSEADDR: exclusiveaddruse-with-reuseaddr alone', () => {
    assert.deepEqual(ids(service(opt('SO_EXCLUSIVEADDRUSE') + opt('SO_REUSEADDR'), '')), ['exclusiveaddruse-with-reuseaddr@setsockopt(SO_REUSEADDR']);
  });

  it('SO_REUSEADDR alone before bind: reuseaddr-port-hijack alone (not missing-exclusiveaddruse)', () => {
    assert.deepEqual(ids(service(opt('SO_REUSEADDR'), '')), ['reuseaddr-port-hijack@setsockopt(SO_REUSEADDR']);
  });

  it('SO_REUSEADDR after bind: two mistakes (a late option, and no exclusive use), two fixes', () => {
    assert.deepEqual(ids(service('', opt('SO_REUSEADDR'))), ['missing-exclusiveaddruse@bind(', 'setsockopt-after-bind@setsockopt(SO_REUSEADDR']);
  });

  it('an unchecked bind without exclusive use: two mistakes on one call, two fixes', () => {
    const text = service('', '', '    bind(s, (struct sockaddr *)&a, sizeof a);\n');
    assert.deepEqual(ids(text), ['bind-result-unchecked@bind(', 'missing-exclusiveaddruse@bind(']);
  });

  it('SO_LINGER {1, 0} then close: linger-misuse alone, relating the close (not close-without-shutdown)', () => {
    const found = report(connection(LINGER(1, 0) + '    closesocket(c);\n'));
    assert.deepEqual(
      found.map((f) => `${f.id}@${f.at}`),
      ['linger-misuse@setsockopt(SO_LINGER'],
    );
    assert.deepEqual(found[0].related, ['closesocket']);
  });

  it('SO_LINGER with a timeout then close: linger-misuse alone', () => {
    assert.deepEqual(ids(connection(LINGER(1, 5) + '    closesocket(c);\n')), ['linger-misuse@setsockopt(SO_LINGER']);
  });

  it('SO_LINGER off then close: close-without-shutdown, as without the option', () => {
    assert.deepEqual(ids(connection(LINGER(0, 0) + '    closesocket(c);\n')), ['close-without-shutdown@closesocket(']);
  });

  it('shutdown then close without a drain: shutdown-without-drain alone (not close-without-shutdown)', () => {
    assert.deepEqual(ids(connection('    shutdown(c, SD_SEND);\n    closesocket(c);\n')), ['shutdown-without-drain@closesocket(']);
  });

  it('SO_LINGER {1, 0}, then shutdown and close without a drain: two mistakes (an abortive close, no drain), two fixes', () => {
    assert.deepEqual(ids(connection(`${LINGER(1, 0)}    shutdown(c, SD_SEND);\n    closesocket(c);\n`)), ['linger-misuse@setsockopt(SO_LINGER', 'shutdown-without-drain@closesocket(']);
  });

  it('SO_REUSEADDR before bind and SO_EXCLUSIVEADDRUSE after: two mistakes on the late call (a conflict, and too late), two fixes', () => {
    assert.deepEqual(ids(service(opt('SO_REUSEADDR'), opt('SO_EXCLUSIVEADDRUSE'))), [
      'exclusiveaddruse-with-reuseaddr@setsockopt(SO_EXCLUSIVEADDRUSE',
      'setsockopt-after-bind@setsockopt(SO_EXCLUSIVEADDRUSE',
    ]);
  });

  it('an unchecked bind and SO_EXCLUSIVEADDRUSE after it: two mistakes, two fixes', () => {
    const unchecked = '    bind(s, (struct sockaddr *)&a, sizeof a);\n';
    assert.deepEqual(ids(service('', opt('SO_EXCLUSIVEADDRUSE'), unchecked)), ['bind-result-unchecked@bind(', 'setsockopt-after-bind@setsockopt(SO_EXCLUSIVEADDRUSE']);
  });

  it('Node: resetAndDestroy() is linger-misuse alone; destroy() is close-without-shutdown alone', () => {
    const node = (call: string) => `import * as net from 'node:net';\nnet.createServer((sock) => {\n  sock.write('x');\n  sock.${call}();\n}).listen(80);\n`;
    assert.deepEqual(ids(node('resetAndDestroy'), 'typescript'), ['linger-misuse@sock.resetAndDestroy(']);
    assert.deepEqual(ids(node('destroy'), 'typescript'), ['close-without-shutdown@sock.destroy(']);
  });

  it('Node: reuseAddr and a setter before bind are two mistakes', () => {
    const text = `import * as dgram from 'node:dgram';\nconst s = dgram.createSocket({ type: 'udp4', reuseAddr: true });\ns.bind(5000);\ns.setBroadcast(true);\n`;
    assert.deepEqual(ids(text, 'typescript'), ['reuseaddr-port-hijack@reuseAddr: true(', 'dgram-option-before-bind@s.setBroadcast(']);
  });
});
