import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { joinSplitHeads } from '../../../server/src/lang/cfamily/splitHeads';

const split = `int f(SOCKET s, int on) {
#ifdef _WIN32
    if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof on) == -1) {
#else
    if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == -1) {
#endif
        return -1;
    }
    return 0;
}
`;

describe('statement heads split across #if arms', () => {
  it('are parsed as the first arm: the rest becomes blanks, every offset and line kept', () => {
    const { text, key } = joinSplitHeads(split);
    assert.equal(text.length, split.length);
    assert.deepEqual(
      text.split('\n').map((l) => l.length),
      split.split('\n').map((l) => l.length),
    );
    assert.ok(text.includes('(const char *)&on'));
    assert.ok(!text.includes('#ifdef') && !text.includes('#else') && !text.includes('#endif'));
    assert.ok(!text.includes('SO_REUSEADDR, &on'));
    assert.notEqual(key, '');
    // CRLF line ends stay where they were.
    const crlf = split.replace(/\n/g, '\r\n');
    const joined = joinSplitHeads(crlf).text;
    assert.equal(joined.length, crlf.length);
    assert.equal(joined.split('\r\n').length, crlf.split('\r\n').length);
  });

  it('leaves alone arms that are whole statements, arms that leave different things open, nested groups and long arms', () => {
    const whole = '#ifdef _WIN32\n    closesocket(s);\n#else\n    close(s);\n#endif\n';
    assert.deepEqual(joinSplitHeads(whole), { text: whole, key: '', ranges: [] });
    const uneven = '#ifdef _WIN32\n    if (a) {\n#else\n    if (b) { if (c) {\n#endif\n';
    assert.equal(joinSplitHeads(uneven).key, '');
    const nested = '#ifdef _WIN32\n#ifdef X\n    if (a) {\n#endif\n#else\n    if (b) {\n#endif\n';
    assert.equal(joinSplitHeads(nested).key, '');
    const single = '#ifdef _WIN32\n    if (a) {\n#endif\n    }\n';
    assert.equal(joinSplitHeads(single).key, '', 'one arm alone is no choice between heads');
    const long = `#ifdef _WIN32\n${'    x();\n'.repeat(6)}    if (a) {\n#else\n    if (b) {\n#endif\n`;
    assert.equal(joinSplitHeads(long).key, '');
    // An argument list split over arms is read elsewhere (the first arm's arguments), not here.
    const args = 'bind(s,\n#if V4\n&a4,\n#else\n&a6,\n#endif\nlen);\n';
    assert.equal(joinSplitHeads(args).key, '');
  });

  it('joins bare heads whose shared body follows the group, when the arms differ only in casts', () => {
    const text = '#ifdef _WIN32\n   if (bind(fd, (SOCKADDR *)&sa, len) < 0)\n#else\n   if (bind(fd, (struct sockaddr *)&sa, len) < 0)\n#endif\n   {\n      return -1;\n   }\n';
    const joined = joinSplitHeads(text);
    assert.notEqual(joined.key, '');
    assert.ok(joined.text.includes('(SOCKADDR *)') && !joined.text.includes('struct sockaddr'));
    assert.ok(joined.ranges.length > 0);
    // A complete statement in each arm is no head.
    assert.equal(joinSplitHeads('#ifdef A\n   if (a) f();\n#else\n   if (b) g();\n#endif\n').key, '');
  });

  it('leaves alone arms that say different things to the rules, and #if 0', () => {
    // privoxy: a different address bound in each arm, so neither arm can stand for the other.
    const privoxy =
      '#ifdef HAVE_RFC2553\n   if (bind(fd, rp->ai_addr, rp->ai_addrlen) < 0)\n#else\n   if (bind(fd, (struct sockaddr *)&inaddr, sizeof(inaddr)) < 0)\n#endif\n   {\n      return -1;\n   }\n';
    assert.equal(joinSplitHeads(privoxy).key, '');
    // One arm sets SO_REUSEADDR, the other SO_EXCLUSIVEADDRUSE: keeping the first would make it everyone's.
    const options =
      '#ifndef _WIN32\n    if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on)) {\n#else\n    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof on)) {\n#endif\n        return -1;\n    }\n';
    assert.equal(joinSplitHeads(options).key, '');
    // Calls no rule reads may differ (libcoap: ioctlsocket or ioctl).
    const ioctl = '#ifdef _WIN32\n    if (ioctlsocket(s, FIONBIO, &on) == SOCKET_ERROR) {\n#else\n    if (ioctl(s, FIONBIO, &on) == -1) {\n#endif\n        note();\n    }\n';
    assert.notEqual(joinSplitHeads(ioctl).key, '');
    // Code under #if 0 never becomes live.
    assert.equal(joinSplitHeads(split.replace('#ifdef _WIN32', '#if 0')).key, '');
  });

  it('ignores braces in strings and comments', () => {
    const text = '#ifdef _WIN32\n    log("{"); /* { */\n#else\n    log("}");\n#endif\n';
    assert.equal(joinSplitHeads(text).key, '');
  });
});
