/**
 * Workspace headers a file includes with `#include "…"` (RULES.md "Platform", "Macros"): their
 * macros are expanded, their platform macros decide the file's `#if` arms, their shims and
 * Winsock includes decide the file's platform, and their struct fields give declared types.
 * Each case is checked with and without the header, so it shows what the header changes.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Analyzer } from '../../../server/src/analyzer';
import { defaultSettings } from '../../../server/src/engine/settings';
import { type HeaderSource, includeLimits } from '../../../server/src/lang/cfamily/includes';
import { wasmDir } from '../../helpers/analyzer';
import { acceptLoopClosingWith } from '../../server/samples';

const root = path.resolve('/proj');
const files = new Map<string, string>();
const reads: string[] = [];
const source: HeaderSource = {
  read(file) {
    reads.push(file);
    return files.get(file);
  },
  root: (file) => (file.startsWith(root + path.sep) ? root : undefined),
};
const analyzerP = Analyzer.create({ wasmDir: wasmDir(), headers: source });
after(async () => (await analyzerP).dispose());

let n = 0;
/** Rule ids found in `text` as `/proj/<rel>`, with the given headers (paths under /proj) in place. */
async function rulesIn(rel: string, text: string, headers: Record<string, string>): Promise<string[]> {
  files.clear();
  for (const [p, t] of Object.entries(headers)) files.set(path.join(root, p), t);
  const analyzer = await analyzerP;
  const uri = pathToFileURL(path.join(root, rel)).toString();
  analyzer.open(uri, rel.endsWith('.cpp') ? 'cpp' : 'c', ++n, text);
  const result = analyzer.analyze(uri, defaultSettings);
  assert.ok(result && !result.skipped, result?.skipped);
  return result.findings.map((f) => f.ruleId).sort();
}

const acceptLoop = acceptLoopClosingWith;

describe('workspace headers', () => {
  it('a close macro with a statement body, defined in an included header, is the calls it makes', async () => {
    const header = { 'src/sock.h': '#define CLOSE_S(s) if (s != INVALID_SOCKET) { closesocket(s); s = INVALID_SOCKET; }\n' };
    assert.deepEqual(await rulesIn('src/server.c', acceptLoop('CLOSE_S(c)'), header), ['close-without-shutdown']);
    assert.deepEqual(await rulesIn('src/server.c', acceptLoop('CLOSE_S(c)'), {}), [], 'without the header the macro is an unknown call, and the rule holds back');
    const graceful = { 'src/sock.h': '#define CLOSE_S(s) do { shutdown(s, SD_SEND); while (recv(s, buf, sizeof buf, 0) > 0) {} closesocket(s); } while (0)\n' };
    assert.deepEqual(await rulesIn('src/server.c', acceptLoop('CLOSE_S(c)'), graceful), [], "the macro's drain loop reads until the peer is done");
  });

  it('headers are followed transitively, beside the includer first, then up to the root and its include/ folder', async () => {
    const nested = { 'src/net/net.h': '#include "compat/close.h"\n', 'src/net/compat/close.h': '#include "sock.h"\n', 'include/sock.h': '#define CLOSE_S(s) closesocket(s)\n' };
    const text = acceptLoop('CLOSE_S(c)').replace('#include "sock.h"', '#include "net/net.h"');
    assert.deepEqual(await rulesIn('src/server.c', text, nested), ['close-without-shutdown']);
    const readsBefore = reads.length;
    await rulesIn('src/server.c', text, { ...nested, 'include/sock.h': '' });
    assert.ok(reads.slice(readsBefore).includes(path.join(root, 'include', 'sock.h')));
  });

  it('include cycles end, headers outside the root and system headers are never read', async () => {
    const cyclic = { 'src/a.h': '#include "b.h"\n#define CLOSE_S(s) closesocket(s)\n', 'src/b.h': '#include "a.h"\n' };
    const text = acceptLoop('CLOSE_S(c)').replace('#include "sock.h"', '#include "a.h"\n#include "../../outside.h"\n#include <stdio.h>');
    reads.length = 0;
    assert.deepEqual(await rulesIn('src/server.c', text, cyclic), ['close-without-shutdown']);
    assert.ok(!reads.some((r) => r.endsWith('outside.h') || r.endsWith('stdio.h')), reads.join(', '));
    assert.equal(new Set(reads).size, reads.length, 'each header is read once');
  });

  const service = (arm: string) => `#include <winsock2.h>
#include "os.h"
int start(void) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_port = htons(8080);
#ifdef ${arm}
    if (bind(s, (struct sockaddr *)&a, sizeof a) < 0) return -1;
#else
    if (bind(s, (struct sockaddr *)&a, sizeof a) == SOCKET_ERROR) return -1;
#endif
    return listen(s, 5);
}
`;

  it("a project's platform macro defined in a header decides the file's #if arms", async () => {
    // A name that does not say its platform, unlike OS_UNIX (preprocessor.ts reads names too).
    const os = { 'src/os.h': '#if defined(__linux__) || defined(__APPLE__)\n#define NIX_BUILD 1\n#endif\n' };
    const withHeader = await rulesIn('src/svc.c', service('NIX_BUILD'), os);
    assert.deepEqual(withHeader, ['missing-exclusiveaddruse'], 'only the Windows (#else) bind is reported');
    assert.deepEqual(await rulesIn('src/svc.c', service('NIX_BUILD'), {}), ['missing-exclusiveaddruse', 'missing-exclusiveaddruse'], 'without it both arms are Windows code');
  });

  it('a header with POSIX shims makes a file that uses closesocket no Windows code; one that includes Winsock does', async () => {
    const text = `#include "compat.h"
int start(void) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_port = htons(8080);
    if (bind(s, (struct sockaddr *)&a, sizeof a) < 0) { closesocket(s); return -1; }
    return listen(s, 5);
}
`;
    const shims = { 'src/compat.h': '#include <sys/socket.h>\n#include <netinet/in.h>\n#define closesocket close\n' };
    assert.deepEqual(await rulesIn('src/svc.c', text, shims), []);
    assert.deepEqual(await rulesIn('src/svc.c', text, {}), ['missing-exclusiveaddruse'], 'closesocket alone marks Windows code');
    const winsock = { 'src/compat.h': '#include <winsock2.h>\n' };
    assert.deepEqual(await rulesIn('src/svc.c', text.replace('closesocket(s)', 'shutdown(s, 2)'), winsock), ['missing-exclusiveaddruse']);
    assert.deepEqual(await rulesIn('src/svc.c', text.replace('closesocket(s)', 'shutdown(s, 2)'), {}), []);
  });

  const listener = `#include "platform.h"
int start(void) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0};
    a.sin_port = htons(8080);
    if (bind(s, (struct sockaddr *)&a, sizeof a) < 0) return -1;
    return listen(s, 5);
}
`;

  it('a project header called winsock.h is judged by what it holds', async () => {
    const text = listener.replace('#include "platform.h"', '#include <sys/socket.h>\n#include "winsock.h"');
    assert.deepEqual(await rulesIn('src/svc.c', text, { 'src/winsock.h': '#include <stdint.h>\n' }), []);
    assert.deepEqual(await rulesIn('src/svc.c', text, {}), ['missing-exclusiveaddruse'], 'not found in the workspace, it is the system header');
  });

  it("a header's Winsock include makes includers Windows code, except through a platform selector, under _MSC_VER only, or beside <sys/socket.h>", async () => {
    const selector = {
      'src/platform.h': '#ifndef PLATFORM_H\n#define PLATFORM_H\n#if defined(PROJ_POSIX)\n#include "posix_impl.h"\n#elif defined(PROJ_WINDOWS)\n#include "win_impl.h"\n#endif\n#endif\n',
      'src/posix_impl.h': '#include <sys/socket.h>\n',
      'src/win_impl.h': '#include <winsock2.h>\n',
    };
    assert.deepEqual(await rulesIn('src/svc.c', listener, selector), []);
    assert.deepEqual(await rulesIn('src/svc.c', listener, { 'src/platform.h': '#ifdef _MSC_VER\n#include <winsock2.h>\n#endif\n' }), []);
    assert.deepEqual(
      await rulesIn('src/svc.c', listener, { 'src/platform.h': '#ifndef PLATFORM_H\n#define PLATFORM_H\n#include <winsock2.h>\n#endif\n' }),
      ['missing-exclusiveaddruse'],
      'an include guard is no condition',
    );
    // Winsock for the Windows build, shims for the others: code using SOCKET and closesocket is shared with Windows.
    const portable = { 'src/platform.h': '#ifdef _WIN32\n#include <winsock2.h>\n#else\n#include <sys/socket.h>\ntypedef int SOCKET;\n#define closesocket close\n#endif\n' };
    const winsockNames = listener.replace('int s = socket', 'SOCKET s = socket').replace('return -1;', '{ closesocket(s); return -1; }');
    assert.deepEqual(await rulesIn('src/svc.c', winsockNames, portable), ['missing-exclusiveaddruse']);
    assert.deepEqual(await rulesIn('src/svc.c', listener, portable), ['missing-exclusiveaddruse'], 'the Windows build includes Winsock through the header');
    const posixBackend = listener.replace('#include "platform.h"', '#include <sys/socket.h>\n#include "platform.h"');
    assert.deepEqual(await rulesIn('src/svc.c', posixBackend, portable), [], 'a file including <sys/socket.h> in every build is no Windows code');
  });

  it("a header that sets _WIN32_WINNT for Windows builds gives its includers a Windows build; one compiler's arm does not", async () => {
    const target = { 'src/platform.h': '#ifdef _WIN32\n#ifndef _WIN32_WINNT\n#define _WIN32_WINNT 0x0602\n#endif\n#endif\n' };
    assert.deepEqual(await rulesIn('src/svc.c', listener, target), ['missing-exclusiveaddruse']);
    assert.deepEqual(await rulesIn('src/svc.c', listener, { 'src/platform.h': '#ifdef __MINGW32__\n#define _WIN32_WINNT 0x0600\n#endif\n' }), []);
    assert.deepEqual(await rulesIn('src/svc.c', listener, {}), []);
  });

  it('a struct field declared SOCKET in a header is judged by invalid-socket-compare; one declared int is not', async () => {
    const text = `#include <winsock2.h>
#include "conn.h"
int open_conn(struct conn *c) {
    c->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (c->fd < 0) return -1;
    return 0;
}
`;
    assert.deepEqual(await rulesIn('src/conn.c', text, { 'src/conn.h': 'struct conn { SOCKET fd; int port; };\n' }), ['invalid-socket-compare']);
    assert.deepEqual(await rulesIn('src/conn.c', text, { 'src/conn.h': 'struct conn { int fd; int port; };\n' }), []);
  });

  it('the analyzer knows which open files read a header, and the search has limits', async () => {
    const analyzer = await analyzerP;
    await rulesIn('src/server.c', acceptLoop('CLOSE_S(c)'), { 'src/sock.h': '#define CLOSE_S(s) closesocket(s)\n' });
    assert.deepEqual(analyzer.includersOf(path.join(root, 'src', 'sock.h')), [pathToFileURL(path.join(root, 'src/server.c')).toString()]);
    assert.deepEqual(analyzer.includersOf(path.join(root, 'src', 'other.h')), []);
    const chain: Record<string, string> = {};
    for (let i = 0; i < 200; i++) chain[`src/h${i}.h`] = `#include "h${i + 1}.h"\n`;
    reads.length = 0;
    await rulesIn('src/server.c', acceptLoop('closesocket(c)').replace('"sock.h"', '"h0.h"'), chain);
    assert.equal(new Set(reads).size, includeLimits.depth);
  });
});
