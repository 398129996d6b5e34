/**
 * Configured wrappers act as the socket call they wrap: a project's `CLOSESOCK(c)` is a close, its
 * `sock_shutdown(c)` a shutdown of sending. Without the configuration they are unknown calls, and
 * the rules hold back for the socket passed to them.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Analyzer } from '../../../server/src/analyzer';
import { defaultSettings, type Settings, wrapperTable } from '../../../server/src/engine/settings';
import { getAnalyzer } from '../../helpers/analyzer';

const server = (body: string) => `#include <winsock2.h>
void serve(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    char buf[512];
    if (c == INVALID_SOCKET) return;
    send(c, "bye", 3, 0);
${body}
}
`;

describe('wrappers', () => {
  let analyzer: Analyzer;
  before(async () => {
    analyzer = await getAnalyzer();
  });
  const findings = (text: string, settings: Settings = defaultSettings, lang = 'c') =>
    analyzer.analyzeText(`file:///w.${lang}`, lang, text, settings).findings.map((f) => `${f.ruleId}@${text.slice(f.start, f.end)}`);
  const configured: Settings = { ...defaultSettings, wrappers: { close: ['CLOSESOCK', 'net_close'], shutdown: ['sock_shutdown'], drain: ['drain_all'] } };

  it('an unconfigured wrapper is an unknown call: nothing is reported', () => {
    assert.deepEqual(findings(server('    CLOSESOCK(c);')), []);
  });

  it('a close wrapper closes, and the message names it', () => {
    const text = server('    CLOSESOCK(c);');
    assert.deepEqual(findings(text, configured), ['close-without-shutdown@CLOSESOCK(c)']);
    const [f] = analyzer.analyzeText('file:///w.c', 'c', text, configured).findings;
    assert.match(f.message, /^CLOSESOCK\(\) closes the connected socket c without shutdown\(c, SD_SEND\)/);
  });

  it('a close wrapper with more arguments takes the socket from the first', () => {
    assert.deepEqual(findings(server('    net_close(c, 1);'), configured), ['close-without-shutdown@net_close(c, 1)']);
  });

  it('a one-argument shutdown wrapper shuts down sending; a drain wrapper reads to the end', () => {
    assert.deepEqual(findings(server('    sock_shutdown(c);\n    CLOSESOCK(c);'), configured), ['shutdown-without-drain@CLOSESOCK(c)']);
    assert.deepEqual(findings(server('    sock_shutdown(c);\n    drain_all(c);\n    CLOSESOCK(c);'), configured), []);
  });

  it("a shutdown wrapper with the call's own arguments reads the direction", () => {
    assert.deepEqual(findings(server('    sock_shutdown(c, SD_RECEIVE);\n    CLOSESOCK(c);'), configured), ['close-without-shutdown@CLOSESOCK(c)']);
  });

  it("wrappers with the wrapped call's arguments: setsockopt and bind", () => {
    const text = `#include <winsock2.h>
void start(unsigned short port) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in a = {0};
    BOOL on = TRUE;
    a.sin_port = htons(port);
    if (Bind(s, (struct sockaddr *)&a, sizeof a) != 0) return;
    Setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof on);
    listen(s, 5);
}
`;
    assert.deepEqual(findings(text), []);
    const ids = findings(text, { ...defaultSettings, wrappers: { bind: ['Bind'], setsockopt: ['Setsockopt'] } });
    assert.ok(ids.includes('setsockopt-after-bind@Setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof on)'), ids.join());
  });

  it('a function defined in the file keeps its own summary over the configuration', () => {
    const text = `#include <winsock2.h>
static void CLOSESOCK(SOCKET s) { shutdown(s, SD_SEND); closesocket(s); }
${server('    CLOSESOCK(c);').replace('#include <winsock2.h>\n', '')}`;
    assert.deepEqual(
      findings(text, configured).filter((f) => f.startsWith('close-without-shutdown')),
      [],
    );
  });

  it('the table resolves a name listed under two kinds the same way whatever the key order', () => {
    assert.equal(wrapperTable({ drain: ['x'], close: ['x'] }).get('x'), 'close');
    assert.equal(wrapperTable({ close: ['x'], drain: ['x'] }).get('x'), 'close');
  });
});
