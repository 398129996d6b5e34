import { ruleTester } from '../ruleTester';
import { PORTABLE, POSIX, WIN } from './programs';

/** Shared code of a portable file: the fix compares with 0, which both builds understand. */
const portableBind =
  PORTABLE +
  `int open_service(int fd, unsigned short port) {
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    bind(fd, (struct sockaddr *)&addr, sizeof(addr));
    return listen(fd, 16);
}
`;

const portableBindFixed =
  PORTABLE +
  `int open_service(int fd, unsigned short port) {
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
        return -1;
    }
    return listen(fd, 16);
}
`;

ruleTester('bind-result-unchecked', {
  valid: [
    {
      name: '(void)bind(...) discards on purpose',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void best_effort(SOCKET s, const struct sockaddr_in *addr) {
    (void)bind(s, (const struct sockaddr *)addr, sizeof(*addr));
}
`,
    },
    {
      name: 'if (bind(...) == SOCKET_ERROR)',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int start(SOCKET s, const struct sockaddr_in *addr) {
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'rc = bind(...) then checked',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `int start(int fd, const struct sockaddr_in *addr) {
    int rc;
    rc = bind(fd, (const struct sockaddr *)addr, sizeof(*addr));
    if (rc < 0) {
        return -1;
    }
    int rc2 = listen(fd, 16);
    return rc2;
}
`,
    },
    {
      name: 'int rc = bind(...) in a declaration',
      lang: 'cpp',
      compile: 'mingw',
      code:
        WIN +
        `int start(SOCKET s, const sockaddr_in &addr) {
    int rc = bind(s, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr));
    if (rc == SOCKET_ERROR) {
        return WSAGetLastError();
    }
    return 0;
}
`,
    },
    {
      name: 'return bind(...) hands the result to the caller',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `int bind_any(int fd, unsigned short port) {
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    return bind(fd, (struct sockaddr *)&addr, sizeof(addr));
}
`,
    },
    {
      name: 'a same-file helper that binds is not reported again at its call',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `static int bind_port(SOCKET s, unsigned short port) {
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    return bind(s, (struct sockaddr *)&addr, sizeof(addr));
}

void start(SOCKET s) {
    bind_port(s, 8080);
    listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'std::bind is not the socket call',
      lang: 'cpp',
      compile: 'gcc',
      code:
        POSIX +
        `#include <functional>

static int serve(int fd) { return listen(fd, 16); }

int start(int fd) {
    std::bind(serve, fd);
    auto run = std::bind(serve, fd);
    return run();
}
`,
    },
    {
      name: 'a member bind and a bind with the wrong arity are not the socket call',
      lang: 'cpp',
      compile: 'gcc',
      code:
        POSIX +
        `struct Registry {
    int bind(int fd, const sockaddr *addr, socklen_t len) { return fd + (addr != nullptr) + (int)len; }
};

static int bind(int fd, unsigned short port) { return fd + port; }

void start(Registry &registry, int fd, const sockaddr_in &addr) {
    registry.bind(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr));
    bind(fd, 8080);
}
`,
    },
    {
      name: 'retry loop: the result is the loop condition',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void start(SOCKET s, const struct sockaddr_in *addr) {
    while (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        Sleep(100);
    }
}
`,
    },
    {
      name: 'commented out and under #if 0',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int start(SOCKET s, const struct sockaddr_in *addr) {
    /* bind(s, (const struct sockaddr *)addr, sizeof(*addr)); */
#if 0
    bind(s, (const struct sockaddr *)addr, sizeof(*addr));
#endif
    return bind(s, (const struct sockaddr *)addr, sizeof(*addr));
}
`,
    },
    {
      name: 'the result feeds a logical expression',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `int start(int fd, const struct sockaddr_in *addr) {
    int ok = bind(fd, (const struct sockaddr *)addr, sizeof(*addr)) == 0 && listen(fd, 16) == 0;
    return ok ? 0 : -1;
}
`,
    },
  ],

  invalid: [
    {
      name: 'main: the Windows service ignores bind; the fix closes its own socket and returns 1',
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
    bind(s, (struct sockaddr *)&addr, sizeof(addr));
    listen(s, SOMAXCONN);
    closesocket(s);
    WSACleanup();
    return 0;
}
`,
      errors: [{ messageId: 'discarded', text: 'bind(s, (struct sockaddr *)&addr, sizeof(addr))', severity: 'warning', messageIncludes: 'WSAEADDRINUSE' }],
      safe: false,
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
      name: "POSIX int function: < 0 and return -1; a parameter socket is the caller's to close",
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `int start(int fd, unsigned short port) {
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    bind(fd, (struct sockaddr *)&addr, sizeof(addr));
    return listen(fd, 16);
}
`,
      errors: [{ messageId: 'discarded', text: 'bind(fd, (struct sockaddr *)&addr, sizeof(addr))', messageIncludes: 'EADDRINUSE' }],
      safe: false,
      output:
        POSIX +
        `int start(int fd, unsigned short port) {
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        return -1;
    }
    return listen(fd, 16);
}
`,
    },
    {
      name: 'SOCKET function: closes the socket it made, return INVALID_SOCKET',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET make_server(const struct sockaddr_in *addr) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) {
        return INVALID_SOCKET;
    }
    bind(s, (const struct sockaddr *)addr, sizeof(*addr));
    listen(s, SOMAXCONN);
    return s;
}
`,
      errors: [{ messageId: 'discarded', text: 'bind(s, (const struct sockaddr *)addr, sizeof(*addr))' }],
      safe: false,
      output:
        WIN +
        `SOCKET make_server(const struct sockaddr_in *addr) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) {
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
      name: 'C++ void function, deeper block: return;',
      lang: 'cpp',
      compile: 'mingw',
      code:
        WIN +
        `void start(SOCKET s, const sockaddr_in &addr, bool fixed) {
    if (fixed) {
        bind(s, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr));
    }
    listen(s, SOMAXCONN);
}
`,
      errors: [{ messageId: 'discarded', text: 'bind(s, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr))' }],
      safe: false,
      output:
        WIN +
        `void start(SOCKET s, const sockaddr_in &addr, bool fixed) {
    if (fixed) {
        if (bind(s, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr)) == SOCKET_ERROR) {
            return;
        }
    }
    listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'C++ bool member function: return false; ::bind',
      lang: 'cpp',
      compile: 'gcc',
      code:
        POSIX +
        `class Listener {
public:
    bool open(const sockaddr_in &addr) {
        fd_ = socket(AF_INET, SOCK_STREAM, 0);
        ::bind(fd_, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr));
        return listen(fd_, 16) == 0;
    }

private:
    int fd_ = -1;
};

bool run(Listener &l, const sockaddr_in &addr) { return l.open(addr); }
`,
      errors: [{ messageId: 'discarded', text: '::bind(fd_, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr))' }],
      safe: false,
      output:
        POSIX +
        `class Listener {
public:
    bool open(const sockaddr_in &addr) {
        fd_ = socket(AF_INET, SOCK_STREAM, 0);
        if (::bind(fd_, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr)) < 0) {
            close(fd_);
            return false;
        }
        return listen(fd_, 16) == 0;
    }

private:
    int fd_ = -1;
};

bool run(Listener &l, const sockaddr_in &addr) { return l.open(addr); }
`,
    },
    {
      name: 'BOOL function: return FALSE;',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `BOOL start(SOCKET s, const struct sockaddr_in *addr) {
    bind(s, (const struct sockaddr *)addr, sizeof(*addr));
    return listen(s, SOMAXCONN) == 0;
}
`,
      errors: [{ messageId: 'discarded', text: 'bind(s, (const struct sockaddr *)addr, sizeof(*addr))' }],
      safe: false,
      output:
        WIN +
        `BOOL start(SOCKET s, const struct sockaddr_in *addr) {
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return FALSE;
    }
    return listen(s, SOMAXCONN) == 0;
}
`,
    },
    {
      name: 'C function returning a pointer: return NULL;',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `#include <stdlib.h>

struct server { int fd; };

struct server *server_new(const struct sockaddr_in *addr) {
    struct server *srv = malloc(sizeof(*srv));
    if (srv == NULL) {
        return NULL;
    }
    srv->fd = socket(AF_INET, SOCK_STREAM, 0);
    bind(srv->fd, (const struct sockaddr *)addr, sizeof(*addr));
    return srv;
}
`,
      errors: [{ messageId: 'discarded', text: 'bind(srv->fd, (const struct sockaddr *)addr, sizeof(*addr))' }],
      safe: false,
      output:
        POSIX +
        `#include <stdlib.h>

struct server { int fd; };

struct server *server_new(const struct sockaddr_in *addr) {
    struct server *srv = malloc(sizeof(*srv));
    if (srv == NULL) {
        return NULL;
    }
    srv->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (bind(srv->fd, (const struct sockaddr *)addr, sizeof(*addr)) < 0) {
        close(srv->fd);
        return NULL;
    }
    return srv;
}
`,
    },
    {
      name: 'C++ function returning a pointer: return nullptr;',
      lang: 'cpp',
      compile: 'mingw',
      code:
        WIN +
        `struct Server { SOCKET s; };

Server *make_server(Server *srv, const sockaddr_in &addr) {
    srv->s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    bind(srv->s, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr));
    return srv;
}
`,
      errors: [{ messageId: 'discarded', text: 'bind(srv->s, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr))' }],
      safe: false,
      output:
        WIN +
        `struct Server { SOCKET s; };

Server *make_server(Server *srv, const sockaddr_in &addr) {
    srv->s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (bind(srv->s, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr)) == SOCKET_ERROR) {
        closesocket(srv->s);
        return nullptr;
    }
    return srv;
}
`,
    },
    {
      name: 'portable shared code: != 0 (Windows build)',
      lang: 'c',
      compile: 'mingw',
      code: portableBind,
      errors: [{ messageId: 'discarded', text: 'bind(fd, (struct sockaddr *)&addr, sizeof(addr))' }],
      safe: false,
      output: portableBindFixed,
    },
    {
      name: 'portable shared code: != 0 (POSIX build)',
      lang: 'c',
      compile: 'gcc',
      code: portableBind,
      errors: [{ messageId: 'discarded', text: 'bind(fd, (struct sockaddr *)&addr, sizeof(addr))' }],
      safe: false,
      output: portableBindFixed,
    },
    {
      name: 'unknown return type: no fix',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `DWORD start(SOCKET s, const struct sockaddr_in *addr) {
    bind(s, (const struct sockaddr *)addr, sizeof(*addr));
    return (DWORD)listen(s, SOMAXCONN);
}
`,
      errors: [{ messageId: 'discarded', text: 'bind(s, (const struct sockaddr *)addr, sizeof(*addr))' }],
      output: null,
    },
    {
      name: 'a helper with an unchecked bind is reported once, in the helper',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `static void bind_port(SOCKET s, unsigned short port) {
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    bind(s, (struct sockaddr *)&addr, sizeof(addr));
}

void start(SOCKET a, SOCKET b) {
    bind_port(a, 8080);
    bind_port(b, 8081);
    listen(a, SOMAXCONN);
    listen(b, SOMAXCONN);
}
`,
      errors: [{ messageId: 'discarded', text: 'bind(s, (struct sockaddr *)&addr, sizeof(addr))' }],
      safe: false,
      output:
        WIN +
        `static void bind_port(SOCKET s, unsigned short port) {
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        return;
    }
}

void start(SOCKET a, SOCKET b) {
    bind_port(a, 8080);
    bind_port(b, 8081);
    listen(a, SOMAXCONN);
    listen(b, SOMAXCONN);
}
`,
    },
    {
      name: 'two unchecked binds are two findings',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `void start(int a, int b, const struct sockaddr_in *addr_a, const struct sockaddr_in *addr_b) {
    bind(a, (const struct sockaddr *)addr_a, sizeof(*addr_a));
    bind(b, (const struct sockaddr *)addr_b, sizeof(*addr_b));
}
`,
      errors: [
        { messageId: 'discarded', text: 'bind(a, (const struct sockaddr *)addr_a, sizeof(*addr_a))' },
        { messageId: 'discarded', text: 'bind(b, (const struct sockaddr *)addr_b, sizeof(*addr_b))' },
      ],
      safe: false,
      output: `#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>
#include <string.h>

void start(int a, int b, const struct sockaddr_in *addr_a, const struct sockaddr_in *addr_b) {
    if (bind(a, (const struct sockaddr *)addr_a, sizeof(*addr_a)) < 0) {
        return;
    }
    bind(b, (const struct sockaddr *)addr_b, sizeof(*addr_b));
}
`,
    },
  ],
});
