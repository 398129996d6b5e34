import { ruleTester } from '../ruleTester';
import { KOFFI } from './ffiPrograms';
import { PORTABLE, WIN } from './programs';

ruleTester('exclusiveaddruse-with-reuseaddr', {
  valid: [
    {
      name: 'if / else arms never run together',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int start(SOCKET s, const struct sockaddr_in *addr, int exclusive) {
    BOOL on = TRUE;
    if (exclusive) {
        setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    } else {
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    }
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: '#ifdef _WIN32 / #else arms never run together',
      lang: 'c',
      compile: 'mingw',
      code:
        PORTABLE +
        `int open_service(int fd, const struct sockaddr_in *addr) {
    int on = 1;
#ifdef _WIN32
    setsockopt(fd, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
#else
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
#endif
    if (bind(fd, (const struct sockaddr *)addr, sizeof(*addr)) != 0) {
        return -1;
    }
    return listen(fd, 16);
}
`,
    },
    {
      name: 'SO_REUSEADDR switched off before SO_EXCLUSIVEADDRUSE',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int start(SOCKET s, const struct sockaddr_in *addr) {
    BOOL off = FALSE;
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&off, sizeof(off));
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'SO_REUSEADDR set, then set back to 0 just before SO_EXCLUSIVEADDRUSE',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int start(SOCKET s, const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    BOOL off = FALSE;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&off, sizeof(off));
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'SO_EXCLUSIVEADDRUSE set to 0 before SO_REUSEADDR',
      lang: 'cpp',
      compile: 'mingw',
      code:
        WIN +
        `int start(SOCKET s, const sockaddr_in &addr) {
    int exclusive = 0;
    int reuse = 1;
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, reinterpret_cast<const char *>(&exclusive), sizeof(exclusive));
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const char *>(&reuse), sizeof(reuse));
    if (bind(s, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'two different sockets',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void setup(SOCKET svc, SOCKET mcast) {
    BOOL on = TRUE;
    setsockopt(svc, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    setsockopt(mcast, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
}
`,
    },
    {
      name: 'the variable holds a new socket after the first one is closed',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET retry(const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        closesocket(s);
        s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
        return s;
    }
    return s;
}
`,
    },
    {
      name: 'switch cases that end in break',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void mode(SOCKET s, int which) {
    BOOL on = TRUE;
    switch (which) {
    case 0:
        setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
        break;
    case 1:
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
        break;
    default:
        break;
    }
}
`,
    },
    {
      name: 'the exclusive path returns before the SO_REUSEADDR',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int configure(SOCKET s, int service) {
    BOOL on = TRUE;
    if (service) {
        return setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    }
    return setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
}
`,
    },
    {
      name: 'the SO_REUSEADDR call is commented out or under #if 0',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void setup(SOCKET s) {
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    /* setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on)); */
#if 0
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
#endif
}
`,
    },
    {
      name: 'the same option set twice',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void setup(SOCKET s) {
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
}
`,
    },
    {
      name: 'SO_REUSEADDR with a value computed at run time (it may be 0), then SO_EXCLUSIVEADDRUSE',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void setup(SOCKET s, int share) {
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&share, sizeof(share));
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
}
`,
    },
  ],

  invalid: [
    {
      name: 'SO_EXCLUSIVEADDRUSE then SO_REUSEADDR: the second fails with WSAEINVAL',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int main(void) {
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    BOOL on = TRUE;
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(8080);
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(s);
        return 1;
    }
    listen(s, SOMAXCONN);
    closesocket(s);
    WSACleanup();
    return 0;
}
`,
      errors: [
        {
          messageId: 'bothOptions',
          text: 'setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))',
          severity: 'error',
          messageIncludes: 'WSAEINVAL',
          related: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on))',
        },
      ],
      safe: true,
      output:
        WIN +
        `int main(void) {
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    BOOL on = TRUE;
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(8080);
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(s);
        return 1;
    }
    listen(s, SOMAXCONN);
    closesocket(s);
    WSACleanup();
    return 0;
}
`,
    },
    {
      name: 'SO_REUSEADDR first (with its SOCKET_ERROR wrapper) then SO_EXCLUSIVEADDRUSE: the wrapper goes too',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET make_server(const struct sockaddr_in *addr) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    BOOL on = TRUE;
    if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    listen(s, SOMAXCONN);
    return s;
}
`,
      errors: [
        {
          messageId: 'bothOptions',
          text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on))',
          related: 'setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))',
        },
      ],
      safe: false,
      output:
        WIN +
        `SOCKET make_server(const struct sockaddr_in *addr) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    BOOL on = TRUE;
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    listen(s, SOMAXCONN);
    return s;
}
`,
    },
    {
      name: 'C++ member socket with reinterpret_cast values',
      lang: 'cpp',
      compile: 'mingw',
      code:
        WIN +
        `class Listener {
public:
    bool open(const sockaddr_in &addr) {
        sock_ = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        BOOL on = TRUE;
        setsockopt(sock_, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, reinterpret_cast<const char *>(&on), sizeof(on));
        setsockopt(this->sock_, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const char *>(&on), sizeof(on)); // fast restart
        if (bind(sock_, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr)) == SOCKET_ERROR) {
            return false;
        }
        return listen(sock_, SOMAXCONN) == 0;
    }

private:
    SOCKET sock_ = INVALID_SOCKET;
};

bool run(Listener &l, const sockaddr_in &addr) { return l.open(addr); }
`,
      errors: [{ messageId: 'bothOptions', text: 'setsockopt(this->sock_, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const char *>(&on), sizeof(on))' }],
      safe: true,
      output:
        WIN +
        `class Listener {
public:
    bool open(const sockaddr_in &addr) {
        sock_ = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        BOOL on = TRUE;
        setsockopt(sock_, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, reinterpret_cast<const char *>(&on), sizeof(on));
        if (bind(sock_, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr)) == SOCKET_ERROR) {
            return false;
        }
        return listen(sock_, SOMAXCONN) == 0;
    }

private:
    SOCKET sock_ = INVALID_SOCKET;
};

bool run(Listener &l, const sockaddr_in &addr) { return l.open(addr); }
`,
    },
    {
      name: 'SO_EXCLUSIVEADDRUSE spelled ~SO_REUSEADDR',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void setup(SOCKET s) {
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    setsockopt(s, SOL_SOCKET, ~SO_REUSEADDR, (const char *)&on, sizeof(on));
}
`,
      errors: [{ messageId: 'bothOptions', text: 'setsockopt(s, SOL_SOCKET, ~SO_REUSEADDR, (const char *)&on, sizeof(on))' }],
      safe: false,
      output:
        WIN +
        `void setup(SOCKET s) {
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, ~SO_REUSEADDR, (const char *)&on, sizeof(on));
}
`,
    },
    {
      name: 'SO_EXCLUSIVEADDRUSE spelled -5',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void setup(SOCKET s) {
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, -5, (const char *)&on, sizeof(on));
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
}
`,
      errors: [{ messageId: 'bothOptions', text: 'setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))' }],
      safe: true,
      output:
        WIN +
        `void setup(SOCKET s) {
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, -5, (const char *)&on, sizeof(on));
}
`,
    },
    {
      name: 'struct field srv->fd',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `struct server { SOCKET fd; };

void setup(struct server *srv) {
    BOOL on = TRUE;
    setsockopt(srv->fd, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    setsockopt(srv->fd, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
}
`,
      errors: [{ messageId: 'bothOptions', text: 'setsockopt(srv->fd, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))' }],
      safe: true,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

struct server { SOCKET fd; };

void setup(struct server *srv) {
    BOOL on = TRUE;
    setsockopt(srv->fd, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
}
`,
    },
    {
      name: 'on one path: SO_REUSEADDR after an if that may set SO_EXCLUSIVEADDRUSE',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void setup(SOCKET s, int service) {
    BOOL on = TRUE;
    if (service) {
        setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    }
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
}
`,
      errors: [{ messageId: 'bothOptions', text: 'setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))' }],
      safe: true,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

void setup(SOCKET s, int service) {
    BOOL on = TRUE;
    if (service) {
        setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    }
}
`,
    },
    {
      name: 'SO_EXCLUSIVEADDRUSE set by a same-file helper, SO_REUSEADDR at the caller',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `static void make_exclusive(SOCKET s) {
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
}

void setup(SOCKET s) {
    BOOL on = TRUE;
    make_exclusive(s);
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
}
`,
      errors: [{ messageId: 'bothOptions', text: 'setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))', occurrence: 1, related: 'make_exclusive(s)' }],
      safe: true,
      output:
        WIN +
        `static void make_exclusive(SOCKET s) {
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
}

void setup(SOCKET s) {
    BOOL on = TRUE;
    make_exclusive(s);
}
`,
    },
    {
      name: 'SO_REUSEADDR set by a same-file helper: reported at the caller, no fix (the helper has other callers)',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `static void allow_reuse(SOCKET s) {
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
}

void setup(SOCKET s) {
    BOOL on = TRUE;
    allow_reuse(s);
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
}
`,
      errors: [{ messageId: 'bothOptions', text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on))', related: 'allow_reuse(s)' }],
      output: null,
    },
    {
      name: 'goto: SO_REUSEADDR is written first but runs after SO_EXCLUSIVEADDRUSE',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void setup(SOCKET s) {
    BOOL on = TRUE;
    goto exclusive;
reuse:
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    return;
exclusive:
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    goto reuse;
}
`,
      errors: [{ messageId: 'bothOptions', text: 'setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))' }],
      output: null,
    },
  ],
});

// Winsock through FFI bindings in TypeScript and JavaScript (koffi, ffi-napi, ffi-rs).

ruleTester('exclusiveaddruse-with-reuseaddr', {
  valid: [
    {
      name: 'koffi: SO_EXCLUSIVEADDRUSE only',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function prepare(s: number): void {
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4);
}
`,
    },
  ],
  invalid: [
    {
      name: 'koffi: SO_REUSEADDR then ~SO_REUSEADDR on the same socket',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function prepare(s: number): void {
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, on, 4);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4);
}
`,
      errors: [{ messageId: 'bothOptions', text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4)', severity: 'error' }],
      safe: false,
      output: `import koffi from 'koffi';

const AF_INET = 2;
const SOCK_STREAM = 1;
const IPPROTO_TCP = 6;
const SOL_SOCKET = 0xffff;
const SO_REUSEADDR = 0x0004;
const SO_KEEPALIVE = 0x0008;
const SO_EXCLUSIVEADDRUSE = ~SO_REUSEADDR;

const ws2 = koffi.load('ws2_32.dll');
const socket = ws2.func('uintptr_t __stdcall socket(int af, int type, int protocol)');
const bind = ws2.func('int __stdcall bind(uintptr_t s, const void *name, int namelen)');
const setsockopt = ws2.func('int __stdcall setsockopt(uintptr_t s, int level, int optname, const void *optval, int optlen)');
const listen = ws2.func('int __stdcall listen(uintptr_t s, int backlog)');

function sockaddrIn(port: number): Buffer {
  const addr = Buffer.alloc(16);
  addr.writeUInt16LE(AF_INET, 0);
  addr.writeUInt16BE(port, 2);
  return addr;
}

export function prepare(s: number): void {
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4);
}
`,
    },
  ],
});
