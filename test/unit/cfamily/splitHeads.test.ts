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
    assert.deepEqual(joinSplitHeads(whole), { text: whole, key: '' });
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

  it('joins bare heads whose shared body follows the group (privoxy jbsockets.c)', () => {
    const text =
      '#ifdef HAVE_RFC2553\n   if (bind(fd, rp->ai_addr, rp->ai_addrlen) < 0)\n#else\n   if (bind(fd, (struct sockaddr *)&inaddr, sizeof(inaddr)) < 0)\n#endif\n   {\n      return -1;\n   }\n';
    const joined = joinSplitHeads(text);
    assert.notEqual(joined.key, '');
    assert.ok(joined.text.includes('rp->ai_addr') && !joined.text.includes('inaddr'));
    // A complete statement in each arm is no head.
    assert.equal(joinSplitHeads('#ifdef A\n   if (a) f();\n#else\n   if (b) g();\n#endif\n').key, '');
  });

  it('ignores braces in strings and comments', () => {
    const text = '#ifdef _WIN32\n    log("{"); /* { */\n#else\n    log("}");\n#endif\n';
    assert.equal(joinSplitHeads(text).key, '');
  });
});
