/**
 * Hover on socket calls: what socklint knows of the handle at that point, and on a Windows bind
 * the outcome of a second bind from Winsock's bind table, one case per row of the table.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HoverRequest } from 'vscode-languageserver/node';
import type { MarkupContent } from 'vscode-languageserver/node';
import { positionAt } from './applyEdits';
import { TestClient } from './lspClient';
import { ruleDocUrl, rules } from '../../server/src/rules';

let client: TestClient;
before(async () => {
  client = await TestClient.start({ pull: true });
});
after(() => client.dispose());

let n = 0;
/** Opens `text` and hovers at the first occurrence of `at` (plus `shift` characters). */
async function hover(text: string, at: string, lang = 'c', shift = 0): Promise<string | undefined> {
  const uri = `file:///work/hover/h${n++}.${lang === 'c' ? 'c' : lang === 'cpp' ? 'cpp' : 'ts'}`;
  await client.open(uri, lang, text);
  await client.diagnostics(uri);
  const offset = text.indexOf(at);
  assert.ok(offset >= 0, at);
  const result = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionAt(text, offset + shift) });
  return result ? (result.contents as MarkupContent).value : undefined;
}

const W = '#include <winsock2.h>\n';
const service = (options: string, port = 'htons(port)') => `${W}int start(unsigned short port, int flag) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in a = {0};
    BOOL on = TRUE;
    a.sin_port = ${port};
${options}    if (bind(s, (struct sockaddr *)&a, sizeof a) == SOCKET_ERROR) return -1;
    listen(s, 5);
    return 0;
}
`;
const opt = (name: string) => `    setsockopt(s, SOL_SOCKET, ${name}, (const char *)&on, sizeof on);\n`;

test('a bind with SO_EXCLUSIVEADDRUSE: every second bind fails (10048, or 10013 with SO_REUSEADDR)', async () => {
  const md = (await hover(service(opt('SO_EXCLUSIVEADDRUSE')), 'bind(s'))!;
  assert.match(md, /^\*\*socklint\*\* · `bind` on `s`/);
  assert.match(md, /Created:\*\* by `socket\(\)` at line 3, a stream socket/);
  assert.match(md, /Options set:\*\* `SO_EXCLUSIVEADDRUSE` \(line 7\)/);
  assert.match(md, /any second bind to this port fails: `WSAEADDRINUSE` \(10048\), or `WSAEACCES` \(10013\) when the second socket sets `SO_REUSEADDR`/);
  assert.match(md, /\| sets `SO_REUSEADDR` \| fails: `WSAEACCES` \(10013\) \| fails: `WSAEACCES` \(10013\) \|/);
  assert.doesNotMatch(md, /succeeds/);
});

test('a bind with SO_REUSEADDR: a second SO_REUSEADDR socket shares the port, who receives is undefined', async () => {
  const md = (await hover(service(opt('SO_REUSEADDR')), 'bind(s'))!;
  assert.match(md, /With `SO_REUSEADDR` set, a second socket that also sets `SO_REUSEADDR` can bind this very port/);
  assert.match(md, /\| sets `SO_REUSEADDR` \| \*\*succeeds\*\*: both share the port; which one receives the traffic is undefined \|/);
  assert.doesNotMatch(md, /With `SO_EXCLUSIVEADDRUSE` set/);
});

test('a bind with neither option: a specific-address bind takes the traffic; wildcard binds fail', async () => {
  const md = (await hover(service(''), 'bind(s'))!;
  assert.match(md, /Without `SO_EXCLUSIVEADDRUSE`, a second socket that binds a specific local address on this port succeeds/);
  assert.match(md, /\| sets nothing \| fails: `WSAEADDRINUSE` \(10048\) \| \*\*succeeds\*\*, and takes the traffic sent to that address \|/);
  assert.match(md, /\| sets `SO_REUSEADDR` \| fails: `WSAEACCES` \(10013\) \|/);
  assert.match(md, /Options set:\*\* none/);
});

test('the option set on one branch only: both rows apply', async () => {
  const md = (await hover(service(`    if (flag) {\n    ${opt('SO_EXCLUSIVEADDRUSE')}    }\n`), 'bind(s'))!;
  assert.match(md, /`SO_EXCLUSIVEADDRUSE` on some paths only/);
  assert.match(md, /differ between paths/);
  assert.match(md, /With `SO_EXCLUSIVEADDRUSE` set/);
  assert.match(md, /Without `SO_EXCLUSIVEADDRUSE`/);
});

test('a fixed port is named; port 0 has no second bind; POSIX code has no Winsock table', async () => {
  assert.match((await hover(service('', 'htons(8080)'), 'bind(s'))!, /\*\*A second bind to port 8080\*\*/);
  assert.match((await hover(service('', 'htons(0)'), 'bind(s'))!, /Port 0: the system picks a free port/);
  const posix = `#include <sys/socket.h>\n#include <netinet/in.h>\nint start(void) {\n    int s = socket(AF_INET, SOCK_STREAM, 0);\n    struct sockaddr_in a = {0};\n    a.sin_port = htons(80);\n    if (bind(s, (struct sockaddr *)&a, sizeof a) < 0) return -1;\n    return listen(s, 5);\n}\n`;
  const md = (await hover(posix, 'bind(s'))!;
  assert.match(md, /\*POSIX code\*/);
  assert.doesNotMatch(md, /second bind/);
});

test('the rules reported at the hovered call are named with their meta.docs.description and page', async () => {
  const late = await hover(service('').replace('    listen(s, 5);\n', `${opt('SO_EXCLUSIVEADDRUSE')}    listen(s, 5);\n`), 'setsockopt(s');
  const description = rules.find((r) => r.meta.id === 'setsockopt-after-bind')!.meta.docs.description;
  assert.ok(late!.includes(`**Reported here:**\n\n- [\`setsockopt-after-bind\`](${ruleDocUrl('setsockopt-after-bind')}): ${description}`), late);
  assert.doesNotMatch(late!, /missing-exclusiveaddruse/);
  assert.doesNotMatch((await hover(service(opt('SO_EXCLUSIVEADDRUSE')), 'bind(s'))!, /Reported here/);
});

/**
 * Every row of Winsock's bind table, for a first socket on the wildcard address and on a specific
 * one, from Microsoft's table (SUCCESS for the same user where it says CHECK): the second socket's
 * options, then what its bind to the wildcard address and to the specific address gets.
 */
const expectedRows: Record<string, string[]> = {
  'wildcard default': ['sets nothing|INUSE|takes', 'SO_REUSEADDR|ACCES|takes', 'SO_EXCLUSIVEADDRUSE|INUSE|takes'],
  'wildcard SO_REUSEADDR': ['sets nothing|INUSE|takes', 'SO_REUSEADDR|shares|takes', 'SO_EXCLUSIVEADDRUSE|INUSE|takes'],
  'wildcard SO_EXCLUSIVEADDRUSE': ['sets nothing|INUSE|ACCES', 'SO_REUSEADDR|ACCES|ACCES', 'SO_EXCLUSIVEADDRUSE|INUSE|ACCES'],
  'specific default': ['sets nothing|elsewhere|INUSE', 'SO_REUSEADDR|elsewhere|ACCES', 'SO_EXCLUSIVEADDRUSE|INUSE|INUSE'],
  'specific SO_REUSEADDR': ['sets nothing|elsewhere|ACCES', 'SO_REUSEADDR|elsewhere|shares', 'SO_EXCLUSIVEADDRUSE|INUSE|INUSE'],
  'specific SO_EXCLUSIVEADDRUSE': ['sets nothing|elsewhere|INUSE', 'SO_REUSEADDR|elsewhere|ACCES', 'SO_EXCLUSIVEADDRUSE|INUSE|INUSE'],
};

/** A table row of the hover, as `who|wildcard|specific` in the words above. */
function rowsOf(md: string): string[] {
  const word = (cell: string) =>
    /WSAEADDRINUSE/.test(cell)
      ? 'INUSE'
      : /WSAEACCES/.test(cell)
        ? 'ACCES'
        : /share the port/.test(cell)
          ? 'shares'
          : /other addresses/.test(cell)
            ? 'elsewhere'
            : /takes the traffic/.test(cell)
              ? 'takes'
              : cell;
  return md
    .split('\n')
    .filter((l) => /^\| sets /.test(l))
    .map((l) => {
      const [who, wildcard, specific] = l
        .split('|')
        .slice(1, 4)
        .map((c) => c.trim());
      return [who.replace(/^sets `?|`$/g, '').replace(/^nothing$/, 'sets nothing'), word(wildcard), word(specific)].join('|');
    });
}

for (const where of ['wildcard', 'specific'] as const) {
  for (const option of ['default', 'SO_REUSEADDR', 'SO_EXCLUSIVEADDRUSE']) {
    test(`the bind table, first socket on ${where === 'wildcard' ? 'the wildcard address' : 'a specific address'} with ${option === 'default' ? 'no option' : option}`, async () => {
      const address = where === 'wildcard' ? '    a.sin_addr.s_addr = htonl(INADDR_ANY);\n' : '    a.sin_addr.s_addr = inet_addr("10.0.0.5");\n';
      const md = (await hover(service(address + (option === 'default' ? '' : opt(option))), 'bind(s'))!;
      assert.match(md, where === 'wildcard' ? /first socket on the wildcard address;/ : /first socket bound to one specific address/);
      assert.deepEqual(rowsOf(md), expectedRows[`${where} ${option}`]);
    });
  }
}

test('an address the code does not show is taken as the wildcard, and the hover says so', async () => {
  const md = (await hover(service('    a.sin_addr.s_addr = pick_address();\n'), 'bind(s'))!;
  assert.match(md, /as services usually bind: socklint cannot see the address/);
});

test('a socket from a parameter: socklint says it cannot know, and every row applies', async () => {
  const text = `${W}int serve(SOCKET s, const struct sockaddr *a) {\n    if (bind(s, a, sizeof(struct sockaddr_in)) == SOCKET_ERROR) return -1;\n    return listen(s, 5);\n}\n`;
  const md = (await hover(text, 'bind(s'))!;
  assert.match(md, /Created:\*\* elsewhere/);
  assert.match(md, /every row applies/);
  assert.equal(md.match(/\| The second socket \|/g)?.length, 3);
});

test('hover on setsockopt, listen, accept, shutdown and closesocket describes the handle there', async () => {
  const text = `${W}void serve(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    char buf[16];
    if (c == INVALID_SOCKET) return;
    shutdown(c, SD_SEND);
    while (recv(c, buf, sizeof buf, 0) > 0) { }
    closesocket(c);
}
`;
  assert.match((await hover(text, 'accept('))!, /Accepts\*\* a connection: `c` is a new connected stream socket/);
  const atShutdown = (await hover(text, 'shutdown('))!;
  assert.match(atShutdown, /Accepted:\*\* by `accept\(\)` at line 3/);
  assert.match(atShutdown, /State:\*\* connected \(line 3\)/);
  const atClose = (await hover(text, 'closesocket('))!;
  assert.match(atClose, /State:\*\* no longer connected \(shut down and drained/);
  assert.doesNotMatch(atClose, /connected \(line/);
  const late = (await hover(service('').replace('    listen(s, 5);\n', `${opt('SO_REUSEADDR')}    listen(s, 5);\n`), 'setsockopt('))!;
  assert.match(late, /State:\*\* bound \(line 7\)/);
  assert.match((await hover(service(''), 'listen('))!, /State:\*\* bound \(line 7\)/);
});

test('only the call name is hoverable, and other code has no hover', async () => {
  const text = service('');
  assert.equal(await hover(text, 'sizeof a'), undefined, 'an argument of the bind');
  assert.equal(await hover(text, 'BOOL on'), undefined);
  assert.ok(await hover(text, 'bind(s', 'c', 3), 'the end of the name');
});

test('a portable file shows what each build sees', async () => {
  const text = `#ifdef _WIN32
#include <winsock2.h>
#endif
int start(void) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    int on = 1;
    a.sin_port = htons(80);
#ifdef _WIN32
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof on);
#else
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof on);
#endif
    if (bind(s, (struct sockaddr *)&a, sizeof a) != 0) return -1;
    return listen(s, 5);
}
`;
  const md = (await hover(text, 'bind(s'))!;
  const windows = md.indexOf('*Windows build*');
  const posix = md.indexOf('*POSIX build*');
  assert.ok(windows > 0 && posix > windows, md);
  assert.match(md.slice(windows, posix), /`SO_EXCLUSIVEADDRUSE` \(line 10\)[\s\S]*any second bind to this port fails/);
  assert.match(md.slice(posix), /`SO_REUSEADDR` \(line 12\)/);
  assert.doesNotMatch(md.slice(posix), /second bind/);
});

test('Node: hover on end(), destroy() and a dgram bind, without the Winsock table', async () => {
  const text = `import * as net from 'node:net';
import * as dgram from 'node:dgram';
net.createServer((sock) => {
  sock.write('x');
  sock.end();
  sock.destroy();
}).listen(8080);
const u = dgram.createSocket('udp4');
u.bind(5000);
`;
  const atEnd = (await hover(text, 'sock.end', 'typescript'))!;
  assert.match(atEnd, /`sock.end` on `sock`/);
  assert.match(atEnd, /\*Node.js, any platform\*/);
  assert.match(atEnd, /Accepted:\*\* a connection a server received, at line 3/);
  assert.match(atEnd, /State:\*\* connected/);
  assert.match((await hover(text, 'sock.destroy', 'typescript'))!, /shut down for sending/);
  const atBind = (await hover(text, 'u.bind', 'typescript'))!;
  assert.match(atBind, /Created:\*\* by `createSocket\(\)` at line 8, a datagram socket/);
  assert.doesNotMatch(atBind, /second bind/);
  assert.match((await hover(text, 'dgram.createSocket', 'typescript'))!, /Creates\*\* a datagram socket in `u`, with no options set yet/);
});

test("Node: hover on a server's listen, on createServer, on resetAndDestroy, and on createSocket with reuseAddr", async () => {
  const text = `import * as net from 'node:net';
import * as dgram from 'node:dgram';
const srv = net.createServer((sock) => {
  sock.write('x');
  sock.resetAndDestroy();
});
srv.listen(8080);
const u = dgram.createSocket({ type: 'udp4', reuseAddr: true });
u.bind(5000);
`;
  const atListen = (await hover(text, 'srv.listen', 'typescript'))!;
  assert.match(atListen, /`srv.listen` on `srv`/);
  assert.match(atListen, /Created:\*\* by `createServer\(\)` at line 3/);
  assert.match((await hover(text, 'net.createServer', 'typescript'))!, /Creates\*\* a server in `srv`/);
  const atReset = (await hover(text, 'sock.resetAndDestroy', 'typescript'))!;
  assert.match(atReset, /Accepted:\*\* a connection a server received, at line 3/);
  assert.match(atReset, /State:\*\* connected/);
  assert.match((await hover(text, 'dgram.createSocket', 'typescript'))!, /Creates\*\* a datagram socket in `u`, with `SO_REUSEADDR` set by this call/);
  assert.match((await hover(text, 'u.bind', 'typescript'))!, /Options set:\*\* `SO_REUSEADDR` \(line 8\)/);
});
