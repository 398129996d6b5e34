import { ruleTester } from '../ruleTester';
import { PORTABLE, POSIX, WIN } from './programs';

ruleTester('invalid-socket-compare', {
  valid: [
    {
      name: 'a field whose declaration is out of sight (a header), assigned a cast socket',
      lang: 'c',
      code: `#include <winsock2.h>
#include "conn.h"
int open_conn(struct conn *ctx) {
    ctx->fd = (int) socket(AF_INET, SOCK_STREAM, 0);
    if (ctx->fd < 0) {
        return -1;
    }
    return 0;
}
`,
    },
    {
      name: 's == INVALID_SOCKET and s != INVALID_SOCKET',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET open_tcp(void) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) {
        return INVALID_SOCKET;
    }
    if (s != INVALID_SOCKET) {
        return s;
    }
    return INVALID_SOCKET;
}
`,
    },
    {
      name: 's == -1 works through the usual conversions',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET open_tcp(void) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == -1) {
        return INVALID_SOCKET;
    }
    return s;
}
`,
    },
    {
      name: 'POSIX: int fd < 0 is the right test there',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `int open_tcp(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return -1;
    }
    return fd;
}
`,
    },
    {
      name: 'a Windows file: int results of recv and friends compared with 0',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `#include <stdio.h>

int pump(SOCKET s) {
    char buf[256];
    int fd = _fileno(stdin);
    int n = recv(s, buf, sizeof(buf), 0);
    if (n <= 0 || fd < 0) {
        return -1;
    }
    return n > 0 ? n : 0;
}
`,
    },
    {
      name: 'POSIX code that defines SOCKET itself',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `typedef int SOCKET;

SOCKET open_tcp(void) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) {
        return -1;
    }
    return s;
}
`,
    },
    {
      name: 'portable file: the test sits in the POSIX (#else) arm',
      lang: 'c',
      compile: 'gcc',
      code:
        PORTABLE +
        `#ifdef _WIN32
typedef SOCKET sock_t;
#else
typedef int SOCKET;
typedef int sock_t;
#endif

int check(SOCKET s) {
#ifdef _WIN32
    return s == INVALID_SOCKET ? -1 : 0;
#else
    return s < 0 ? -1 : 0;
#endif
}
`,
    },
    {
      name: 'C++ auto from something other than socket()/accept()',
      lang: 'cpp',
      compile: 'mingw',
      code:
        WIN +
        `int pump(SOCKET s) {
    char buf[64];
    auto n = recv(s, buf, sizeof(buf), 0);
    if (n < 0) {
        return -1;
    }
    return n;
}
`,
    },
    {
      name: '== 0 and != 0 are not sign tests',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int ready(SOCKET s) {
    if (s == 0) {
        return 0;
    }
    return s != 0;
}
`,
    },
    {
      name: 'comments and #if 0',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int check(SOCKET s) {
    /* if (s < 0) return -1; */
    // if (s >= 0) return 0;
#if 0
    if (s < 0) {
        return -1;
    }
#endif
    return s == INVALID_SOCKET ? -1 : 0;
}
`,
    },
    {
      name: 'a POSIX file with a C++ auto socket',
      lang: 'cpp',
      compile: 'gcc',
      code:
        POSIX +
        `int open_tcp() {
    auto fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return -1;
    }
    return fd;
}
`,
    },
    {
      name: '(int)s < 0 is a signed test and works',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int check(SOCKET s) {
    if ((int)s < 0) {
        return -1;
    }
    return 0;
}
`,
    },
  ],

  invalid: [
    {
      name: 'SOCKET s = socket(...); if (s < 0): always false',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int main(void) {
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s < 0) {
        WSACleanup();
        return 1;
    }
    closesocket(s);
    WSACleanup();
    return 0;
}
`,
      errors: [{ messageId: 'unsignedCompare', text: 's < 0', severity: 'error', messageIncludes: 'always false' }],
      safe: true,
      output:
        WIN +
        `int main(void) {
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) {
        WSACleanup();
        return 1;
    }
    closesocket(s);
    WSACleanup();
    return 0;
}
`,
    },
    {
      name: 'parameter: s >= 0 is always true',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void release(SOCKET s) {
    if (s >= 0) {
        closesocket(s);
    }
}
`,
      errors: [{ messageId: 'unsignedCompare', text: 's >= 0', messageIncludes: 'always true' }],
      safe: true,
      output:
        WIN +
        `void release(SOCKET s) {
    if (s != INVALID_SOCKET) {
        closesocket(s);
    }
}
`,
    },
    {
      name: 's <= 0 and s > 0 only test for zero',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int state(SOCKET a, SOCKET b) {
    if (a <= 0) {
        return -1;
    }
    return b > 0;
}
`,
      errors: [
        { messageId: 'unsignedCompare', text: 'a <= 0', messageIncludes: 'true only for 0' },
        { messageId: 'unsignedCompare', text: 'b > 0', messageIncludes: 'true only for 0' },
      ],
      safe: true,
      output:
        WIN +
        `int state(SOCKET a, SOCKET b) {
    if (a == INVALID_SOCKET) {
        return -1;
    }
    return b > 0;
}
`,
    },
    {
      name: 'mirrored: 0 > s and 0 <= s',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int check(SOCKET s, SOCKET t) {
    if (0 > s) {
        return -1;
    }
    return 0 <= t;
}
`,
      errors: [
        { messageId: 'unsignedCompare', text: '0 > s' },
        { messageId: 'unsignedCompare', text: '0 <= t' },
      ],
      safe: true,
      output:
        WIN +
        `int check(SOCKET s, SOCKET t) {
    if (s == INVALID_SOCKET) {
        return -1;
    }
    return 0 <= t;
}
`,
    },
    {
      name: 'mirrored 0 <= s becomes s != INVALID_SOCKET',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int usable(SOCKET s) {
    return 0 <= s;
}
`,
      errors: [{ messageId: 'unsignedCompare', text: '0 <= s' }],
      safe: true,
      output:
        WIN +
        `int usable(SOCKET s) {
    return s != INVALID_SOCKET;
}
`,
    },
    {
      name: 'inside a wider relational expression the replacement is parenthesised',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int failed(SOCKET s) {
    return s < 0 == 1;
}
`,
      errors: [{ messageId: 'unsignedCompare', text: 's < 0' }],
      safe: true,
      output:
        WIN +
        `int failed(SOCKET s) {
    return (s == INVALID_SOCKET) == 1;
}
`,
    },
    {
      name: 'inside arithmetic the replacement is parenthesised; under && it is not',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int count_bad(SOCKET a, SOCKET b) {
    int bad = (a < 0) + (b >= 0 && b != 1);
    return bad;
}
`,
      errors: [
        { messageId: 'unsignedCompare', text: 'a < 0' },
        { messageId: 'unsignedCompare', text: 'b >= 0' },
      ],
      safe: true,
      output:
        WIN +
        `int count_bad(SOCKET a, SOCKET b) {
    int bad = (a == INVALID_SOCKET) + (b >= 0 && b != 1);
    return bad;
}
`,
    },
    {
      name: 'struct field srv->fd declared SOCKET',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `struct server { SOCKET fd; int port; };

int server_open(struct server *srv) {
    srv->fd = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (srv->fd < 0) {
        return -1;
    }
    return 0;
}
`,
      errors: [{ messageId: 'unsignedCompare', text: 'srv->fd < 0' }],
      safe: true,
      output:
        WIN +
        `struct server { SOCKET fd; int port; };

int server_open(struct server *srv) {
    srv->fd = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (srv->fd == INVALID_SOCKET) {
        return -1;
    }
    return 0;
}
`,
    },
    {
      name: 'C++ class member sock_ and this->sock_',
      lang: 'cpp',
      compile: 'mingw',
      code:
        WIN +
        `class Client {
public:
    bool open() {
        sock_ = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        return this->sock_ >= 0;
    }
    bool valid() const { return sock_ > 0; }

private:
    SOCKET sock_ = INVALID_SOCKET;
};

bool run(Client &c) { return c.open() && c.valid(); }
`,
      errors: [
        { messageId: 'unsignedCompare', text: 'this->sock_ >= 0' },
        { messageId: 'unsignedCompare', text: 'sock_ > 0' },
      ],
      safe: true,
      output:
        WIN +
        `class Client {
public:
    bool open() {
        sock_ = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        return this->sock_ != INVALID_SOCKET;
    }
    bool valid() const { return sock_ > 0; }

private:
    SOCKET sock_ = INVALID_SOCKET;
};

bool run(Client &c) { return c.open() && c.valid(); }
`,
    },
    {
      name: 'global SOCKET',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `static SOCKET g_listener = INVALID_SOCKET;

void stop_listener(void) {
    if (g_listener < 0) {
        return;
    }
    closesocket(g_listener);
    g_listener = INVALID_SOCKET;
}
`,
      errors: [{ messageId: 'unsignedCompare', text: 'g_listener < 0' }],
      safe: true,
      output:
        WIN +
        `static SOCKET g_listener = INVALID_SOCKET;

void stop_listener(void) {
    if (g_listener == INVALID_SOCKET) {
        return;
    }
    closesocket(g_listener);
    g_listener = INVALID_SOCKET;
}
`,
    },
    {
      name: 'C++ auto from accept()',
      lang: 'cpp',
      compile: 'mingw',
      code:
        WIN +
        `void serve_one(SOCKET ls) {
    auto c = accept(ls, nullptr, nullptr);
    if (c < 0) {
        return;
    }
    shutdown(c, SD_SEND);
    closesocket(c);
}
`,
      errors: [{ messageId: 'unsignedCompare', text: 'c < 0' }],
      safe: true,
      output:
        WIN +
        `void serve_one(SOCKET ls) {
    auto c = accept(ls, nullptr, nullptr);
    if (c == INVALID_SOCKET) {
        return;
    }
    shutdown(c, SD_SEND);
    closesocket(c);
}
`,
    },
    {
      name: 'C++ auto assigned from socket() later',
      lang: 'cpp',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET open_tcp() {
    auto s = INVALID_SOCKET;
    s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s < 0) {
        return INVALID_SOCKET;
    }
    return s;
}
`,
      errors: [{ messageId: 'unsignedCompare', text: 's < 0' }],
      safe: true,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

SOCKET open_tcp() {
    auto s = INVALID_SOCKET;
    s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) {
        return INVALID_SOCKET;
    }
    return s;
}
`,
    },
    {
      name: 'portable file, shared code: the Windows build has an unsigned SOCKET',
      lang: 'c',
      compile: 'mingw',
      code:
        PORTABLE +
        `#ifndef _WIN32
typedef int SOCKET;
#endif

int check(SOCKET s) {
    return s < 0 ? -1 : 0;
}
`,
      errors: [{ messageId: 'unsignedCompare', text: 's < 0' }],
      safe: true,
      output:
        PORTABLE +
        `#ifndef _WIN32
typedef int SOCKET;
#endif

int check(SOCKET s) {
    return s == INVALID_SOCKET ? -1 : 0;
}
`,
    },
    {
      name: 'two sockets in one || condition are two findings',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int both(SOCKET a, SOCKET b) {
    if (a < 0 || b < 0) {
        return -1;
    }
    return 0;
}
`,
      errors: [
        { messageId: 'unsignedCompare', text: 'a < 0' },
        { messageId: 'unsignedCompare', text: 'b < 0' },
      ],
      safe: true,
      output:
        WIN +
        `int both(SOCKET a, SOCKET b) {
    if (a == INVALID_SOCKET || b < 0) {
        return -1;
    }
    return 0;
}
`,
    },
  ],
});
