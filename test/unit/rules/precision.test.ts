/**
 * Precision on real-code patterns: each case is a small program and the exact list of findings of
 * ALL rules on it, written `ruleId@text` (the text the finding's range covers; `#n` is added when
 * that text occurs more than once in the program, n = which occurrence, 1-based).
 *
 * Patterns from real socket code that must be handled without false positives: wrapper macros,
 * spellings of options, aliases, arrays of sockets, duplicated handles, loopback socketpair
 * emulation, goto cleanup, SEH __finally, dead code, values computed at run time, structs handed to
 * unknown code, per-platform helpers, fork().
 */
import { describe, it, before, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Analyzer } from '../../../server/src/analyzer';
import { getAnalyzer } from '../../helpers/analyzer';
import { compilerAvailable, compilerFor, type Lang, type Toolchain } from '../../helpers/compile';
import { CompileBatch } from '../../helpers/compileBatch';
import { PORTABLE, POSIX, WIN } from './programs';

interface PrecisionCase {
  name: string;
  lang: Lang;
  code: string;
  /** Findings of all rules in order of their start, as `ruleId@text` (`#n`: the nth occurrence of text). */
  expected: string[];
  /** Syntax-check the program with each of these toolchains. */
  compile: Toolchain[];
  /** Why the program is not compiled (when `compile` is empty). */
  noCompile?: string;
  only?: boolean;
}

function occurrences(text: string, needle: string): number[] {
  const at: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) at.push(i);
  return at;
}

function label(code: string, ruleId: string, start: number, end: number): string {
  const text = code.slice(start, end);
  const all = occurrences(code, text);
  return all.length > 1 ? `${ruleId}@${text}#${all.indexOf(start) + 1}` : `${ruleId}@${text}`;
}

function numbered(text: string): string {
  return text
    .split('\n')
    .map((l, i) => `${String(i + 1).padStart(3)}| ${l}`)
    .join('\n');
}

const cases: PrecisionCase[] = [
  // ------------------------------------------------------------------------------------------
  // Wrapper macros
  {
    name: 'CLOSESOCKET(s) wrapper macro is the close; SHUT(s) wrapper macro is the shutdown',
    lang: 'c',
    compile: ['mingw'],
    code:
      WIN +
      `#define CLOSESOCKET(s) closesocket(s)
#define SHUT(s) shutdown((s), SD_SEND)

int fetch_abrupt(const struct sockaddr_in *server) {
    SOCKET c1 = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (c1 == INVALID_SOCKET) {
        return -1;
    }
    if (connect(c1, (const struct sockaddr *)server, sizeof(*server)) == SOCKET_ERROR) {
        CLOSESOCKET(c1);
        return -1;
    }
    send(c1, "ping", 4, 0);
    CLOSESOCKET(c1);
    return 0;
}

int fetch_graceful(const struct sockaddr_in *server) {
    char buf[256];
    SOCKET c2 = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (c2 == INVALID_SOCKET) {
        return -1;
    }
    if (connect(c2, (const struct sockaddr *)server, sizeof(*server)) == SOCKET_ERROR) {
        CLOSESOCKET(c2);
        return -1;
    }
    send(c2, "ping", 4, 0);
    SHUT(c2);
    while (recv(c2, buf, sizeof(buf), 0) > 0) {
    }
    CLOSESOCKET(c2);
    return 0;
}

int fetch_undrained(const struct sockaddr_in *server) {
    SOCKET c3 = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (c3 == INVALID_SOCKET) {
        return -1;
    }
    if (connect(c3, (const struct sockaddr *)server, sizeof(*server)) == SOCKET_ERROR) {
        CLOSESOCKET(c3);
        return -1;
    }
    send(c3, "ping", 4, 0);
    SHUT(c3);
    CLOSESOCKET(c3);
    return 0;
}
`,
    expected: ['close-without-shutdown@CLOSESOCKET(c1)#2', 'shutdown-without-drain@CLOSESOCKET(c3)#2'],
  },
  {
    name: '#define sclose close: the object-like alias is the close (POSIX)',
    lang: 'c',
    compile: ['gcc'],
    code:
      POSIX +
      `#define sclose close

int fetch(const struct sockaddr_in *server) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return -1;
    }
    if (connect(fd, (const struct sockaddr *)server, sizeof(*server)) < 0) {
        sclose(fd);
        return -1;
    }
    send(fd, "ping", 4, 0);
    sclose(fd);
    return 0;
}
`,
    expected: ['close-without-shutdown@sclose(fd)#2'],
  },
  {
    name: 'a close macro defined as closesocket in the _WIN32 arm and close in the #else arm',
    lang: 'c',
    compile: ['gcc', 'mingw'],
    code:
      PORTABLE +
      `#ifdef _WIN32
#define CLOSE_SOCKET(s) closesocket(s)
#else
#define CLOSE_SOCKET(s) close(s)
#endif

int fetch(const struct sockaddr_in *server) {
    int fd = (int)socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return -1;
    }
    if (connect(fd, (const struct sockaddr *)server, sizeof(*server)) != 0) {
        CLOSE_SOCKET(fd);
        return -1;
    }
    send(fd, "ping", 4, 0);
    CLOSE_SOCKET(fd);
    return 0;
}
`,
    expected: ['close-without-shutdown@CLOSE_SOCKET(fd)#2'],
  },
  {
    name: 'SD_BOTH and the literal 2 are full shutdowns: nothing to drain, nothing missing',
    lang: 'c',
    compile: ['mingw'],
    code:
      WIN +
      `void finish_both(SOCKET ls) {
    SOCKET a = accept(ls, NULL, NULL);
    if (a == INVALID_SOCKET) {
        return;
    }
    send(a, "bye", 3, 0);
    shutdown(a, SD_BOTH);
    closesocket(a);
}

void finish_two(SOCKET ls) {
    SOCKET b = accept(ls, NULL, NULL);
    if (b == INVALID_SOCKET) {
        return;
    }
    send(b, "bye", 3, 0);
    shutdown(b, 2);
    closesocket(b);
}
`,
    expected: [],
  },

  // ------------------------------------------------------------------------------------------
  // Option spellings
  {
    name: '~SO_REUSEADDR, -5 and #define MY_OPT SO_EXCLUSIVEADDRUSE all set exclusive use',
    lang: 'c',
    compile: ['mingw'],
    code:
      WIN +
      `#define MY_OPT SO_EXCLUSIVEADDRUSE

static SOCKET listen_on(unsigned short port, int spelling) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    BOOL on = TRUE;
    struct sockaddr_in addr = {0};
    if (s == INVALID_SOCKET) {
        return INVALID_SOCKET;
    }
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (spelling == 0) {
        setsockopt(s, SOL_SOCKET, ~SO_REUSEADDR, (const char *)&on, sizeof(on));
    } else if (spelling == 1) {
        setsockopt(s, SOL_SOCKET, -5, (const char *)&on, sizeof(on));
    } else {
        setsockopt(s, SOL_SOCKET, MY_OPT, (const char *)&on, sizeof(on));
    }
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    if (listen(s, SOMAXCONN) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}

SOCKET start(int spelling) {
    return listen_on(8080, spelling);
}
`,
    expected: [],
  },
  {
    name: 'MY_OPT (SO_EXCLUSIVEADDRUSE) after SO_REUSEADDR is still the conflicting pair',
    lang: 'c',
    compile: ['mingw'],
    code:
      WIN +
      `#define MY_OPT SO_EXCLUSIVEADDRUSE

void setup(SOCKET s) {
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    setsockopt(s, SOL_SOCKET, MY_OPT, (const char *)&on, sizeof(on));
}
`,
    expected: ['exclusiveaddruse-with-reuseaddr@setsockopt(s, SOL_SOCKET, MY_OPT, (const char *)&on, sizeof(on))'],
  },

  // ------------------------------------------------------------------------------------------
  // Aliases, arrays, duplicated handles
  {
    name: 'a handle copied to another variable: shut down and drained through one name, closed through the other',
    lang: 'c',
    compile: ['mingw'],
    code:
      WIN +
      `void serve_one(SOCKET ls) {
    char buf[256];
    SOCKET c = accept(ls, NULL, NULL);
    if (c == INVALID_SOCKET) {
        return;
    }
    SOCKET peer = c;
    send(peer, "hi", 2, 0);
    shutdown(c, SD_SEND);
    while (recv(c, buf, sizeof(buf), 0) > 0) {
    }
    closesocket(peer);
}
`,
    expected: [],
  },
  {
    name: 'a handle copied to another variable: shut down and drained through the copy, closed through the original',
    lang: 'c',
    compile: ['mingw'],
    code:
      WIN +
      `void serve_one(SOCKET ls) {
    char buf[256];
    SOCKET c = accept(ls, NULL, NULL);
    if (c == INVALID_SOCKET) {
        return;
    }
    SOCKET peer = c;
    shutdown(peer, SD_SEND);
    while (recv(peer, buf, sizeof(buf), 0) > 0) {
    }
    closesocket(c);
}
`,
    expected: [],
  },
  {
    name: 'a handle copied to another variable: shut down through the original, closed through the copy undrained',
    lang: 'c',
    compile: ['mingw'],
    code:
      WIN +
      `void serve_one(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    if (c == INVALID_SOCKET) {
        return;
    }
    SOCKET peer = c;
    send(peer, "hi", 2, 0);
    shutdown(c, SD_SEND);
    closesocket(peer);
}
`,
    expected: ['shutdown-without-drain@closesocket(peer)'],
  },
  {
    name: 'a handle copied to another variable and closed through the copy without shutdown',
    lang: 'c',
    compile: ['mingw'],
    code:
      WIN +
      `void serve_one(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    if (c == INVALID_SOCKET) {
        return;
    }
    SOCKET peer = c;
    send(peer, "hi", 2, 0);
    closesocket(peer);
}
`,
    expected: ['close-without-shutdown@closesocket(peer)'],
  },
  {
    name: 'a listener and its accepted sockets kept in one array fds[], closed in a loop',
    lang: 'c',
    compile: ['mingw'],
    code:
      WIN +
      `#define MAX_FDS 8

void serve(SOCKET listener) {
    SOCKET fds[MAX_FDS];
    int count = 0;
    fds[count++] = listener;
    while (count < MAX_FDS) {
        SOCKET c = accept(listener, NULL, NULL);
        if (c == INVALID_SOCKET) {
            break;
        }
        send(c, "hello", 5, 0);
        fds[count++] = c;
    }
    for (int i = 0; i < count; i++) {
        closesocket(fds[i]);
    }
}
`,
    expected: [],
  },
  {
    name: 'WSADuplicateSocket(s, pid, &info) then closesocket: the connection lives on in the other process',
    lang: 'c',
    compile: ['mingw'],
    code:
      WIN +
      `int hand_over(SOCKET ls, DWORD pid, WSAPROTOCOL_INFO *out) {
    WSAPROTOCOL_INFO info;
    SOCKET s = accept(ls, NULL, NULL);
    if (s == INVALID_SOCKET) {
        return -1;
    }
    if (WSADuplicateSocket(s, pid, &info) == SOCKET_ERROR) {
        closesocket(s);
        return -1;
    }
    *out = info;
    closesocket(s);
    return 0;
}
`,
    expected: [],
  },

  // ------------------------------------------------------------------------------------------
  // Loopback socketpair emulation
  {
    name: 'loopback socketpair emulation: port 0 on 127.0.0.1, connect, accept, closes on the error paths',
    lang: 'c',
    compile: ['mingw'],
    code:
      WIN +
      `#include <string.h>

int dumb_socketpair(SOCKET socks[2]) {
    struct sockaddr_in addr;
    int addrlen = sizeof(addr);
    SOCKET listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    SOCKET connector;
    SOCKET acceptor;
    if (listener == INVALID_SOCKET) {
        return -1;
    }
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (bind(listener, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR ||
        getsockname(listener, (struct sockaddr *)&addr, &addrlen) == SOCKET_ERROR ||
        listen(listener, 1) == SOCKET_ERROR) {
        closesocket(listener);
        return -1;
    }
    connector = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (connector == INVALID_SOCKET) {
        closesocket(listener);
        return -1;
    }
    if (connect(connector, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(connector);
        closesocket(listener);
        return -1;
    }
    acceptor = accept(listener, NULL, NULL);
    if (acceptor == INVALID_SOCKET) {
        closesocket(connector);
        closesocket(listener);
        return -1;
    }
    closesocket(listener);
    socks[0] = connector;
    socks[1] = acceptor;
    return 0;
}
`,
    expected: [],
  },

  // ------------------------------------------------------------------------------------------
  // goto cleanup
  {
    name: 'goto: a socket closed only on the failure path of its connect',
    lang: 'c',
    compile: ['mingw'],
    code:
      WIN +
      `SOCKET dial(const struct sockaddr_in *server) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) {
        goto fail;
    }
    if (connect(s, (const struct sockaddr *)server, sizeof(*server)) == SOCKET_ERROR) {
        goto fail_close;
    }
    return s;
fail_close:
    closesocket(s);
fail:
    return INVALID_SOCKET;
}
`,
    expected: [],
  },
  {
    name: 'goto cleanup: a connected socket closed at cleanup after a later failure',
    lang: 'c',
    compile: ['mingw'],
    code:
      WIN +
      `int fetch(const struct sockaddr_in *server) {
    char buf[256];
    int rc = -1;
    SOCKET t = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (t == INVALID_SOCKET) {
        return -1;
    }
    if (connect(t, (const struct sockaddr *)server, sizeof(*server)) == SOCKET_ERROR) {
        goto cleanup;
    }
    if (send(t, "GET", 3, 0) == SOCKET_ERROR) {
        goto cleanup;
    }
    shutdown(t, SD_SEND);
    while (recv(t, buf, sizeof(buf), 0) > 0) {
    }
    rc = 0;
cleanup:
    closesocket(t);
    return rc;
}
`,
    expected: ['close-without-shutdown@closesocket(t)'],
  },

  // ------------------------------------------------------------------------------------------
  // SEH
  {
    name: '__try { ... } __finally { closesocket(c); }: graceful in the body, closed in __finally',
    lang: 'c',
    compile: [],
    noCompile: 'MinGW cannot compile SEH __try/__finally',
    code:
      WIN +
      `int fetch(const struct sockaddr_in *server) {
    char buf[256];
    SOCKET c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (c == INVALID_SOCKET) {
        return -1;
    }
    if (connect(c, (const struct sockaddr *)server, sizeof(*server)) == SOCKET_ERROR) {
        closesocket(c);
        return -1;
    }
    __try {
        send(c, "ping", 4, 0);
        shutdown(c, SD_SEND);
        while (recv(c, buf, sizeof(buf), 0) > 0) {
        }
    } __finally {
        closesocket(c);
    }
    return 0;
}
`,
    expected: [],
  },
  {
    name: '__try { ... } __finally { closesocket(d); }: no shutdown anywhere',
    lang: 'c',
    compile: [],
    noCompile: 'MinGW cannot compile SEH __try/__finally',
    code:
      WIN +
      `int fetch(const struct sockaddr_in *server) {
    SOCKET d = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (d == INVALID_SOCKET) {
        return -1;
    }
    if (connect(d, (const struct sockaddr *)server, sizeof(*server)) == SOCKET_ERROR) {
        closesocket(d);
        return -1;
    }
    __try {
        send(d, "ping", 4, 0);
    } __finally {
        closesocket(d);
    }
    return 0;
}
`,
    expected: ['close-without-shutdown@closesocket(d)#2'],
  },

  // ------------------------------------------------------------------------------------------
  // Dead code
  {
    name: 'mistakes inside comments and #if 0 are not code',
    lang: 'c',
    compile: ['mingw'],
    code:
      WIN +
      `SOCKET serve(unsigned short port) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    BOOL on = TRUE;
    struct sockaddr_in addr = {0};
    /* Old code:
    if (s < 0) return INVALID_SOCKET;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    bind(s, (struct sockaddr *)&addr, sizeof(addr));
    */
    // struct linger lg = {1, 0}; setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg));
    if (s == INVALID_SOCKET) {
        return INVALID_SOCKET;
    }
#if 0
    if (s < 0) {
        return INVALID_SOCKET;
    }
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    bind(s, (struct sockaddr *)&addr, sizeof(addr));
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
#endif
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    listen(s, SOMAXCONN);
    return s;
}
`,
    expected: [],
  },

  // ------------------------------------------------------------------------------------------
  // Values computed at run time
  {
    name: 'lg.l_onoff = flag: a linger computed at run time stays silent',
    lang: 'c',
    compile: ['mingw'],
    code:
      WIN +
      `int set_linger(SOCKET s, int flag, int seconds) {
    struct linger lg;
    lg.l_onoff = flag;
    lg.l_linger = seconds;
    return setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg));
}
`,
    expected: [],
  },
  {
    name: 'SO_REUSEADDR with opt from a parameter on an exclusive service stays silent',
    lang: 'c',
    compile: ['mingw'],
    code:
      WIN +
      `SOCKET serve(unsigned short port, int opt) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    BOOL on = TRUE;
    struct sockaddr_in addr = {0};
    if (s == INVALID_SOCKET) {
        return INVALID_SOCKET;
    }
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (char *)&opt, sizeof(opt));
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    listen(s, SOMAXCONN);
    return s;
}
`,
    expected: [],
  },
  {
    name: 'SO_REUSEADDR with opt from a parameter: no hijack finding; the missing exclusive use is still real',
    lang: 'c',
    compile: ['mingw'],
    code:
      WIN +
      `SOCKET serve(unsigned short port, int opt) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in addr = {0};
    if (s == INVALID_SOCKET) {
        return INVALID_SOCKET;
    }
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (char *)&opt, sizeof(opt));
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    listen(s, SOMAXCONN);
    return s;
}
`,
    expected: ['missing-exclusiveaddruse@bind(s, (struct sockaddr *)&addr, sizeof(addr))'],
  },

  // ------------------------------------------------------------------------------------------
  // Unknown code, per-platform helpers, fork
  {
    name: 'a struct passed to unknown code holds back: handle(conn); close(conn->fd);',
    lang: 'c',
    compile: ['gcc'],
    code:
      POSIX +
      `#include <stdlib.h>

struct conn {
    int fd;
    char buf[512];
};

void handle(struct conn *conn);

void serve_one(int ls) {
    struct conn *conn = malloc(sizeof(*conn));
    if (conn == NULL) {
        return;
    }
    conn->fd = accept(ls, NULL, NULL);
    if (conn->fd < 0) {
        free(conn);
        return;
    }
    handle(conn);
    close(conn->fd);
    free(conn);
}
`,
    expected: [],
  },
  {
    name: 'a graceful-close helper defined once in the _WIN32 arm and once in #else, used by shared code',
    lang: 'c',
    compile: ['gcc', 'mingw'],
    code:
      PORTABLE +
      `#ifdef _WIN32
static void graceful_close(int fd) {
    char buf[256];
    shutdown(fd, SD_SEND);
    while (recv(fd, buf, sizeof(buf), 0) > 0) {
    }
    closesocket(fd);
}
#else
static void graceful_close(int fd) {
    char buf[256];
    shutdown(fd, SHUT_WR);
    while (recv(fd, buf, sizeof(buf), 0) > 0) {
    }
    close(fd);
}
#endif

int fetch(const struct sockaddr_in *server) {
    int fd = (int)socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return -1;
    }
    if (connect(fd, (const struct sockaddr *)server, sizeof(*server)) != 0) {
        graceful_close(fd);
        return -1;
    }
    send(fd, "ping", 4, 0);
    graceful_close(fd);
    return 0;
}
`,
    expected: [],
  },
  {
    name: 'fork(): the parent closes its copy of the accepted socket',
    lang: 'c',
    compile: ['gcc'],
    code:
      POSIX +
      `#include <sys/types.h>

static void serve_client(int c) {
    char buf[512];
    send(c, "hello\\n", 6, 0);
    shutdown(c, SHUT_WR);
    while (recv(c, buf, sizeof(buf), 0) > 0) {
    }
    close(c);
}

void accept_loop(int ls) {
    for (;;) {
        int c = accept(ls, NULL, NULL);
        if (c < 0) {
            continue;
        }
        pid_t pid = fork();
        if (pid == 0) {
            close(ls);
            serve_client(c);
            _exit(0);
        }
        close(c);
    }
}
`,
    expected: [],
  },
];

describe('precision on real-code patterns (all rules)', () => {
  let analyzer: Analyzer;
  before(async () => {
    analyzer = await getAnalyzer();
  });

  // Every program is compiled in one batch, the first time a test asks for one.
  const programs = new CompileBatch();
  for (const c of cases) for (const toolchain of c.compile) programs.add(toolchain, c.lang, c.code, c.name);

  const names = new Set<string>();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`duplicate case name ${JSON.stringify(c.name)}`);
    names.add(c.name);
    it(c.name, c.only ? { only: true } : {}, (t: TestContext) => {
      assert.ok(c.compile.length > 0 || c.noCompile, `test bug: ${c.name} neither compiles nor says why not`);
      const skipped: string[] = [];
      for (const toolchain of c.compile) {
        const cc = compilerFor(toolchain, c.lang);
        if (!compilerAvailable(cc)) {
          if (process.env.CI) assert.fail(`${cc} not found (CI is set, so a missing compiler is an error)`);
          skipped.push(`${cc} not found: compile check skipped`);
          continue;
        }
        const r = programs.check(toolchain, c.lang, c.code, c.name);
        assert.ok(r.ok, `the program does not compile with ${cc}:\n${r.stderr}\n${numbered(c.code)}`);
      }

      const uri = `file:///socklint-precision/${encodeURIComponent(c.name)}.${c.lang === 'c' ? 'c' : 'cpp'}`;
      const result = analyzer.analyzeText(uri, c.lang, c.code);
      assert.equal(result.skipped, undefined, `analysis was skipped: ${result.skipped}`);
      assert.deepEqual(result.ruleErrors, [], 'a rule threw');
      const actual = [...result.findings].sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId)).map((f) => label(c.code, f.ruleId, f.start, f.end));
      const list = (xs: string[]) => (xs.length ? xs.map((x) => `  ${x}`).join('\n') : '  (none)');
      assert.deepEqual(actual, c.expected, `findings differ\nactual:\n${list(actual)}\nexpected:\n${list(c.expected)}\n--- program ---\n${numbered(c.code)}`);
      if (skipped.length) t.skip(skipped.join('; '));
    });
  }
});
