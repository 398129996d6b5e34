import { ruleTester } from '../ruleTester';
import { KOFFI, KOFFI_SPLIT, FFI_NAPI, FFI_RS } from './ffiPrograms';
import { LATE_REUSE_LINE, LATE_REUSE_SERVICE, PORTABLE } from './programs';

const WIN = `#include <winsock2.h>
#include <ws2tcpip.h>

`;

const POSIX = `#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>
#include <string.h>

`;

/** The same listener in the shared part of a portable file (sockets as int, as both builds accept). */
const LATE_REUSE_PORTABLE = LATE_REUSE_SERVICE.replaceAll('SOCKET ', 'int ')
  .replaceAll('INVALID_SOCKET', '-1')
  .replaceAll('SOCKET_ERROR', '-1')
  .replace('BOOL on = TRUE', 'int on = 1')
  .replaceAll('closesocket(s)', 'shutdown(s, 2)');

ruleTester('setsockopt-after-bind', {
  valid: [
    {
      name: 'option set before the bind (Windows, checked)',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int main(void) {
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(8080);
    BOOL on = TRUE;
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on)) == SOCKET_ERROR) {
        closesocket(s);
        return 1;
    }
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
      name: 'options that are fine after bind on a stream socket (timeouts, TCP_NODELAY, SO_KEEPALIVE, SO_LINGER)',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `int tune(int fd, const struct sockaddr_in *addr) {
    if (bind(fd, (const struct sockaddr *)addr, sizeof(*addr)) < 0) {
        return -1;
    }
    struct timeval tv = {5, 0};
    int on = 1;
    struct linger lg = {0, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on));
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
    return listen(fd, 16);
}
`,
    },
    {
      name: 'options that are fine after bind on a datagram socket (broadcast, multicast, buffer sizes)',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int join(SOCKET u, const struct sockaddr_in *addr) {
    if (bind(u, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    BOOL on = TRUE;
    int size = 1 << 20;
    DWORD ttl = 4;
    struct ip_mreq mreq;
    mreq.imr_multiaddr.s_addr = inet_addr("239.1.2.3");
    mreq.imr_interface.s_addr = htonl(INADDR_ANY);
    setsockopt(u, SOL_SOCKET, SO_BROADCAST, (const char *)&on, sizeof(on));
    setsockopt(u, IPPROTO_IP, IP_ADD_MEMBERSHIP, (const char *)&mreq, sizeof(mreq));
    setsockopt(u, IPPROTO_IP, IP_MULTICAST_TTL, (const char *)&ttl, sizeof(ttl));
    setsockopt(u, SOL_SOCKET, SO_RCVBUF, (const char *)&size, sizeof(size));
    setsockopt(u, SOL_SOCKET, SO_SNDBUF, (const char *)&size, sizeof(size));
    return 0;
}
`,
    },
    {
      name: 'another handle is bound',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int two(const struct sockaddr_in *addr) {
    SOCKET a = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    SOCKET b = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (bind(a, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    BOOL on = TRUE;
    setsockopt(b, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    listen(a, SOMAXCONN);
    return 0;
}
`,
    },
    {
      name: 'setsockopt in the else branch of the if whose then branch binds',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int setup(SOCKET s, const struct sockaddr_in *addr, int mode) {
    BOOL on = TRUE;
    if (mode == 0) {
        bind(s, (const struct sockaddr *)addr, sizeof(*addr));
    } else {
        setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    }
    return 0;
}
`,
    },
    {
      name: 'the binding path returns early, so the later setsockopt never runs after the bind',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int serve(SOCKET s, const struct sockaddr_in *addr, int configure_only) {
    BOOL on = TRUE;
    if (!configure_only) {
        if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
            return -1;
        }
        return listen(s, SOMAXCONN);
    }
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    return 0;
}
`,
    },
    {
      name: '#ifdef _WIN32 and #else arms never run together',
      lang: 'c',
      compile: 'gcc',
      code: `#ifdef _WIN32
#include <winsock2.h>
#else
#include <sys/socket.h>
#include <netinet/in.h>
#endif

int start(int fd, const struct sockaddr_in *addr) {
    int on = 1;
#ifdef _WIN32
    if (bind(fd, (const struct sockaddr *)addr, sizeof(*addr)) != 0) {
        return -1;
    }
#else
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (bind(fd, (const struct sockaddr *)addr, sizeof(*addr)) != 0) {
        return -1;
    }
#endif
    return listen(fd, 16);
}
`,
    },
    {
      name: 'goto: textually after the bind but runs before it',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int start(SOCKET s, const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    goto configure;
bind_it:
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(s, SOMAXCONN);
configure:
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    goto bind_it;
}
`,
    },
    {
      name: 'switch cases that end in break never run together',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int step(SOCKET s, int which, const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    switch (which) {
    case 0:
        bind(s, (const struct sockaddr *)addr, sizeof(*addr));
        break;
    case 1:
        setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
        break;
    default:
        break;
    }
    return 0;
}
`,
    },
    {
      name: 'a new socket per loop iteration is a new handle',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void probe(const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    for (int i = 0; i < 3; i++) {
        SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
        bind(s, (const struct sockaddr *)addr, sizeof(*addr));
        closesocket(s);
    }
}
`,
    },
    {
      name: 'the variable gets a new socket after the bind',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int retry(const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        closesocket(s);
        s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
        bind(s, (const struct sockaddr *)addr, sizeof(*addr));
    }
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'std::bind is not a socket bind',
      lang: 'cpp',
      compile: 'gcc',
      code:
        POSIX +
        `#include <functional>

static int serve(int fd) { return listen(fd, 16); }

int start(int fd) {
    auto run = std::bind(serve, fd);
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    return run();
}
`,
    },
    {
      name: 'boost::bind is not a socket bind',
      lang: 'cpp',
      compile: 'gcc',
      code:
        POSIX +
        `namespace boost {
template <class F, class A> int bind(F f, A a, int fd) { return f(a, fd); }
}

static int handle(int a, int fd) { return a + fd; }

int start(int fd) {
    boost::bind(handle, 1, fd);
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    return listen(fd, 16);
}
`,
    },
    {
      name: 'obj.bind(...) is a member of another object, not the socket call',
      lang: 'cpp',
      compile: 'gcc',
      code:
        POSIX +
        `struct Registry {
    int bind(int fd, const sockaddr *addr, socklen_t len) { return fd + (addr != nullptr) + (int)len; }
};

int start(Registry &registry, int fd, const sockaddr_in &addr) {
    registry.bind(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr));
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    return listen(fd, 16);
}
`,
    },
    {
      name: 'a bind overload with the wrong arity is not the socket call',
      lang: 'cpp',
      compile: 'gcc',
      code:
        POSIX +
        `static int bind(int fd, unsigned short port) {
    sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    return fd;
}

int start(int fd) {
    bind(fd, 8080);
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    return listen(fd, 16);
}
`,
    },
    {
      name: 'a C++ lambda is its own scope: its own local socket shadows the bound one',
      lang: 'cpp',
      compile: 'gcc',
      code:
        POSIX +
        `int start(int s, const sockaddr_in &addr) {
    if (bind(s, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr)) < 0) {
        return -1;
    }
    auto make = []() {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        int on = 1;
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
        return s;
    };
    int other = make();
    close(other);
    return listen(s, 16);
}
`,
    },
    {
      name: 'a same-file helper that sets the option, called before the bind',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `static void set_exclusive(SOCKET s) {
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
}

int start(SOCKET s, const struct sockaddr_in *addr) {
    set_exclusive(s);
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'struct fields of two different servers',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `struct server { int fd; struct sockaddr_in addr; };

int start_both(struct server *a, struct server *b) {
    bind(a->fd, (struct sockaddr *)&a->addr, sizeof(a->addr));
    int on = 1;
    setsockopt(b->fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    bind(b->fd, (struct sockaddr *)&b->addr, sizeof(b->addr));
    return listen(a->fd, 16) | listen(b->fd, 16);
}
`,
    },
    {
      name: 'C++ members: a different member socket',
      lang: 'cpp',
      compile: 'gcc',
      code:
        POSIX +
        `class Server {
public:
    int start(const sockaddr_in &addr) {
        if (bind(listen_sock_, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr)) < 0) {
            return -1;
        }
        int on = 1;
        setsockopt(this->data_sock_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
        return listen(listen_sock_, 16);
    }

private:
    int listen_sock_ = -1;
    int data_sock_ = -1;
};

int run(Server &srv, const sockaddr_in &addr) { return srv.start(addr); }
`,
    },
    {
      name: 'code in #if 0 never runs',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void setup(SOCKET s, const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    bind(s, (const struct sockaddr *)addr, sizeof(*addr));
#if 0
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
#endif
    (void)on;
}
`,
    },
    {
      name: 'the binding branch ends in exit()',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `#include <stdlib.h>

void setup(SOCKET s, const struct sockaddr_in *addr, int serve_now) {
    BOOL on = TRUE;
    if (serve_now) {
        bind(s, (const struct sockaddr *)addr, sizeof(*addr));
        listen(s, SOMAXCONN);
        exit(0);
    }
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
}
`,
    },
  ],

  invalid: [
    {
      name: 'Windows: SO_EXCLUSIVEADDRUSE after a checked bind; the declaration moves along',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int main(void) {
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(8080);
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(s);
        return 1;
    }
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    listen(s, SOMAXCONN);
    closesocket(s);
    WSACleanup();
    return 0;
}
`,
      errors: [
        {
          messageId: 'afterBind',
          text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on))',
          severity: 'warning',
          related: 'bind(s, (struct sockaddr *)&addr, sizeof(addr))',
        },
      ],
      safe: true,
      output:
        WIN +
        `int main(void) {
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(8080);
    BOOL on = TRUE;
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
      name: 'POSIX: SO_REUSEADDR after bind, wrapped in its error check, with its declaration',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `int main(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(8080);
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        close(fd);
        return 1;
    }
    int on = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0) {
        close(fd);
        return 1;
    }
    listen(fd, 16);
    close(fd);
    return 0;
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on))', related: 'bind(fd, (struct sockaddr *)&addr, sizeof(addr))' }],
      safe: true,
      output:
        POSIX +
        `int main(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(8080);
    int on = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0) {
        close(fd);
        return 1;
    }
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        close(fd);
        return 1;
    }
    listen(fd, 16);
    close(fd);
    return 0;
}
`,
    },
    {
      name: 'Windows: if (setsockopt(...) == SOCKET_ERROR) {...} after an unchecked bind statement',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET make_server(unsigned short port) {
    BOOL on = TRUE;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    bind(s, (struct sockaddr *)&addr, sizeof(addr));
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    listen(s, SOMAXCONN);
    return s;
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on))', related: 'bind(s, (struct sockaddr *)&addr, sizeof(addr))' }],
      safe: true,
      output:
        WIN +
        `SOCKET make_server(unsigned short port) {
    BOOL on = TRUE;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    bind(s, (struct sockaddr *)&addr, sizeof(addr));
    listen(s, SOMAXCONN);
    return s;
}
`,
    },
    {
      name: 'C++ POSIX: IPV6_V6ONLY after bind',
      lang: 'cpp',
      compile: 'gcc',
      code:
        POSIX +
        `int open_v6(unsigned short port) {
    int fd = socket(AF_INET6, SOCK_STREAM, 0);
    sockaddr_in6 addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin6_family = AF_INET6;
    addr.sin6_port = htons(port);
    if (bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof(addr)) < 0) {
        close(fd);
        return -1;
    }
    int off = 0;
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
    listen(fd, 16);
    return fd;
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off))', related: 'bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof(addr))' }],
      safe: true,
      output:
        POSIX +
        `int open_v6(unsigned short port) {
    int fd = socket(AF_INET6, SOCK_STREAM, 0);
    sockaddr_in6 addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin6_family = AF_INET6;
    addr.sin6_port = htons(port);
    int off = 0;
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
    if (bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof(addr)) < 0) {
        close(fd);
        return -1;
    }
    listen(fd, 16);
    return fd;
}
`,
    },
    {
      name: 'struct field srv->fd',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `struct server {
    SOCKET fd;
    struct sockaddr_in addr;
};

int server_start(struct server *srv) {
    srv->fd = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (bind(srv->fd, (struct sockaddr *)&srv->addr, sizeof(srv->addr)) == SOCKET_ERROR) {
        return -1;
    }
    BOOL on = TRUE;
    if (setsockopt(srv->fd, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(srv->fd, SOMAXCONN);
}
`,
      errors: [
        {
          messageId: 'afterBind',
          text: 'setsockopt(srv->fd, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on))',
          related: 'bind(srv->fd, (struct sockaddr *)&srv->addr, sizeof(srv->addr))',
        },
      ],
      safe: true,
      output:
        WIN +
        `struct server {
    SOCKET fd;
    struct sockaddr_in addr;
};

int server_start(struct server *srv) {
    srv->fd = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    BOOL on = TRUE;
    if (setsockopt(srv->fd, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on)) == SOCKET_ERROR) {
        return -1;
    }
    if (bind(srv->fd, (struct sockaddr *)&srv->addr, sizeof(srv->addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(srv->fd, SOMAXCONN);
}
`,
    },
    {
      name: 'only the declarations the moved statement uses move along',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `int start(int fd, const struct sockaddr_in *addr) {
    if (bind(fd, (const struct sockaddr *)addr, sizeof(*addr)) < 0) {
        return -1;
    }
    int backlog = 16;
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    return listen(fd, backlog);
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on))' }],
      safe: true,
      output:
        POSIX +
        `int start(int fd, const struct sockaddr_in *addr) {
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (bind(fd, (const struct sockaddr *)addr, sizeof(*addr)) < 0) {
        return -1;
    }
    int backlog = 16;
    return listen(fd, backlog);
}
`,
    },
    {
      name: 'a deeper-indented statement is re-indented to the bind statement',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int start(SOCKET s, const struct sockaddr_in *addr) {
    bind(s, (const struct sockaddr *)addr, sizeof(*addr));
    {
        BOOL on = TRUE;
        if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on)) == SOCKET_ERROR) {
            return -1;
        }
    }
    return listen(s, SOMAXCONN);
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on))' }],
      safe: true,
      output:
        WIN +
        `int start(SOCKET s, const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on)) == SOCKET_ERROR) {
        return -1;
    }
    bind(s, (const struct sockaddr *)addr, sizeof(*addr));
    {
    }
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'Windows: IPV6_V6ONLY after the bind of a dual-stack listener',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET dual_stack(const struct sockaddr_in6 *addr) {
    SOCKET s = socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP);
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    DWORD v6only = 0;
    setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, (const char *)&v6only, sizeof(v6only));
    listen(s, SOMAXCONN);
    return s;
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, (const char *)&v6only, sizeof(v6only))', related: 'bind(s, (const struct sockaddr *)addr, sizeof(*addr))' }],
      safe: true,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

SOCKET dual_stack(const struct sockaddr_in6 *addr) {
    SOCKET s = socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP);
    DWORD v6only = 0;
    setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, (const char *)&v6only, sizeof(v6only));
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
      name: 'after a do/while bind retry loop',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int start(SOCKET s, const struct sockaddr_in *addr) {
    int tries = 0;
    int rc;
    do {
        rc = bind(s, (const struct sockaddr *)addr, sizeof(*addr));
    } while (rc == SOCKET_ERROR && ++tries < 3);
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    return listen(s, SOMAXCONN);
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on))' }],
      output: null,
    },
    {
      name: 'struct field ctx.sock with SO_REUSEPORT',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `struct conn_ctx { int sock; int port; };

int ctx_listen(struct conn_ctx ctx, const struct sockaddr_in *addr) {
    bind(ctx.sock, (const struct sockaddr *)addr, sizeof(*addr));
    int on = 1;
    setsockopt(ctx.sock, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on));
    return listen(ctx.sock, 16);
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(ctx.sock, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on))' }],
      safe: true,
      output: `#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>
#include <string.h>

struct conn_ctx { int sock; int port; };

int ctx_listen(struct conn_ctx ctx, const struct sockaddr_in *addr) {
    int on = 1;
    setsockopt(ctx.sock, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on));
    bind(ctx.sock, (const struct sockaddr *)addr, sizeof(*addr));
    return listen(ctx.sock, 16);
}
`,
    },
    {
      name: 'reachable after the bind in the else branch of a later if',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int setup(SOCKET s, const struct sockaddr_in *addr, int quick) {
    BOOL on = TRUE;
    bind(s, (const struct sockaddr *)addr, sizeof(*addr));
    if (quick) {
        listen(s, SOMAXCONN);
    } else {
        setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    }
    return 0;
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on))' }],
      output: null,
    },
    {
      name: 'reachable from the binding branch of an earlier if',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `int setup(int fd, const struct sockaddr_in *addr, int fixed_port) {
    int on = 1;
    if (fixed_port) {
        bind(fd, (const struct sockaddr *)addr, sizeof(*addr));
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    return listen(fd, 16);
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on))' }],
      output: null,
    },
    {
      name: 'goto: textually before the bind but runs after it',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int start(SOCKET s, const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    goto bind_it;
configure:
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    return listen(s, SOMAXCONN);
bind_it:
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    goto configure;
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on))' }],
      output: null,
    },
    {
      name: 'loop: reached through the back edge after the bind of an earlier iteration',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void setup(SOCKET s, const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
        } else {
            bind(s, (const struct sockaddr *)addr, sizeof(*addr));
        }
    }
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on))' }],
      output: null,
    },
    {
      name: 'switch: a case that falls through into the next one',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int step(SOCKET s, int which, const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    switch (which) {
    case 0:
        bind(s, (const struct sockaddr *)addr, sizeof(*addr));
        /* fall through */
    case 1:
        setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
        break;
    default:
        break;
    }
    return 0;
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on))' }],
      output: null,
    },
    {
      name: 'SO_EXCLUSIVEADDRUSE spelled ~SO_REUSEADDR',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int start(SOCKET s, const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    bind(s, (const struct sockaddr *)addr, sizeof(*addr));
    setsockopt(s, SOL_SOCKET, ~SO_REUSEADDR, (const char *)&on, sizeof(on));
    return listen(s, SOMAXCONN);
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, ~SO_REUSEADDR, (const char *)&on, sizeof(on))' }],
      safe: true,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

int start(SOCKET s, const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, ~SO_REUSEADDR, (const char *)&on, sizeof(on));
    bind(s, (const struct sockaddr *)addr, sizeof(*addr));
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'SO_EXCLUSIVEADDRUSE spelled -5',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int start(SOCKET s, const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    bind(s, (const struct sockaddr *)addr, sizeof(*addr));
    setsockopt(s, SOL_SOCKET, -5, (const char *)&on, sizeof(on));
    return listen(s, SOMAXCONN);
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, -5, (const char *)&on, sizeof(on))' }],
      safe: true,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

int start(SOCKET s, const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, -5, (const char *)&on, sizeof(on));
    bind(s, (const struct sockaddr *)addr, sizeof(*addr));
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'IP_FREEBIND and IP_TRANSPARENT after the bind',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `int start(int fd, const struct sockaddr_in *addr) {
    int on = 1;
    bind(fd, (const struct sockaddr *)addr, sizeof(*addr));
    setsockopt(fd, SOL_IP, IP_FREEBIND, &on, sizeof(on));
    setsockopt(fd, SOL_IP, IP_TRANSPARENT, &on, sizeof(on));
    return listen(fd, 16);
}
`,
      errors: [
        { messageId: 'afterBind', text: 'setsockopt(fd, SOL_IP, IP_FREEBIND, &on, sizeof(on))' },
        { messageId: 'afterBind', text: 'setsockopt(fd, SOL_IP, IP_TRANSPARENT, &on, sizeof(on))' },
      ],
      safe: true,
      output: `#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>
#include <string.h>

int start(int fd, const struct sockaddr_in *addr) {
    int on = 1;
    setsockopt(fd, SOL_IP, IP_FREEBIND, &on, sizeof(on));
    bind(fd, (const struct sockaddr *)addr, sizeof(*addr));
    setsockopt(fd, SOL_IP, IP_TRANSPARENT, &on, sizeof(on));
    return listen(fd, 16);
}
`,
    },
    {
      name: 'after a retry loop that breaks out once bind succeeds',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void setup(SOCKET s, const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    for (;;) {
        if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == 0) {
            break;
        }
        Sleep(100);
    }
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on))' }],
      output: null,
    },
    {
      name: 'two late options are two findings; a harmless option between them is not',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `int start(int fd, const struct sockaddr_in *addr) {
    int on = 1;
    bind(fd, (const struct sockaddr *)addr, sizeof(*addr));
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on));
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on));
    return listen(fd, 16);
}
`,
      errors: [
        { messageId: 'afterBind', text: 'setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on))' },
        { messageId: 'afterBind', text: 'setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on))' },
      ],
      safe: true,
      output: `#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>
#include <string.h>

int start(int fd, const struct sockaddr_in *addr) {
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    bind(fd, (const struct sockaddr *)addr, sizeof(*addr));
    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on));
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on));
    return listen(fd, 16);
}
`,
    },
    {
      name: 'C++ member: bound as sock_, configured as this->sock_',
      lang: 'cpp',
      compile: 'mingw',
      code:
        WIN +
        `class Listener {
public:
    bool open(const sockaddr_in &addr) {
        sock_ = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        if (bind(sock_, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr)) == SOCKET_ERROR) {
            return false;
        }
        BOOL on = TRUE;
        setsockopt(this->sock_, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, reinterpret_cast<const char *>(&on), sizeof(on));
        return listen(sock_, SOMAXCONN) == 0;
    }

private:
    SOCKET sock_ = INVALID_SOCKET;
};

bool run(Listener &l, const sockaddr_in &addr) { return l.open(addr); }
`,
      errors: [
        {
          messageId: 'afterBind',
          text: 'setsockopt(this->sock_, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, reinterpret_cast<const char *>(&on), sizeof(on))',
          related: 'bind(sock_, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr))',
        },
      ],
      safe: true,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

class Listener {
public:
    bool open(const sockaddr_in &addr) {
        sock_ = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        BOOL on = TRUE;
        setsockopt(this->sock_, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, reinterpret_cast<const char *>(&on), sizeof(on));
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
      name: 'C++: ::bind is the socket call even next to std::bind',
      lang: 'cpp',
      compile: 'gcc',
      code:
        POSIX +
        `#include <functional>

int start(int fd, const sockaddr_in &addr) {
    auto later = std::bind(listen, fd, 16);
    if (::bind(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr)) < 0) {
        return -1;
    }
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    return later();
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on))', related: '::bind(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr))' }],
      safe: true,
      output: `#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>
#include <string.h>

#include <functional>

int start(int fd, const sockaddr_in &addr) {
    auto later = std::bind(listen, fd, 16);
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (::bind(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr)) < 0) {
        return -1;
    }
    return later();
}
`,
    },
    {
      name: 'C++ lambda capturing the bound socket keeps its state',
      lang: 'cpp',
      compile: 'gcc',
      code:
        POSIX +
        `int start(int fd, const sockaddr_in &addr) {
    if (bind(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr)) < 0) {
        return -1;
    }
    auto tune = [fd]() {
        int on = 1;
        return setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    };
    tune();
    return listen(fd, 16);
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on))' }],
      output: null,
    },
    {
      // Moved as it is, SO_REUSEADDR would work and open the port to hijack (reuseaddr-port-hijack).
      name: 'Windows service: a late SO_REUSEADDR moves before the bind as SO_EXCLUSIVEADDRUSE',
      lang: 'c',
      compile: 'mingw',
      code: WIN + LATE_REUSE_SERVICE,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))' }],
      safe: false,
      output: WIN + LATE_REUSE_SERVICE.replace(LATE_REUSE_LINE, '').replace('    if (bind(', LATE_REUSE_LINE.replace('SO_REUSEADDR', 'SO_EXCLUSIVEADDRUSE') + '    if (bind('),
      otherFixes: [{ titleIncludes: 'Move setsockopt(SO_REUSEADDR)', output: null, absent: true }],
    },
    {
      name: 'portable service: the moved SO_REUSEADDR becomes SO_EXCLUSIVEADDRUSE in the Windows build only',
      lang: 'c',
      compile: 'mingw',
      code: PORTABLE + LATE_REUSE_PORTABLE,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))' }],
      safe: false,
      output:
        PORTABLE +
        LATE_REUSE_PORTABLE.replace(LATE_REUSE_LINE, '').replace(
          '    if (bind(',
          '#ifdef _WIN32\n' + LATE_REUSE_LINE.replace('SO_REUSEADDR', 'SO_EXCLUSIVEADDRUSE') + '#else\n' + LATE_REUSE_LINE + '#endif\n    if (bind(',
        ),
    },
    {
      name: 'Windows client binding a fixed local port: the late SO_REUSEADDR moves as it is (safe)',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int dial(const struct sockaddr_in *server) {
    BOOL on = TRUE;
    struct sockaddr_in local = {0};
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    local.sin_family = AF_INET;
    local.sin_port = htons(5000);
    bind(s, (struct sockaddr *)&local, sizeof(local));
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    return connect(s, (const struct sockaddr *)server, sizeof(*server));
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))' }],
      safe: true,
      output:
        WIN +
        `int dial(const struct sockaddr_in *server) {
    BOOL on = TRUE;
    struct sockaddr_in local = {0};
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    local.sin_family = AF_INET;
    local.sin_port = htons(5000);
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    bind(s, (struct sockaddr *)&local, sizeof(local));
    return connect(s, (const struct sockaddr *)server, sizeof(*server));
}
`,
    },
    {
      // Found by npm run fuzz: moving one as SO_EXCLUSIVEADDRUSE would make the other fail with WSAEINVAL.
      name: 'Windows service with two late SO_REUSEADDR calls: no fix moves one of them',
      lang: 'c',
      compile: 'mingw',
      code: WIN + LATE_REUSE_SERVICE.replace(LATE_REUSE_LINE, LATE_REUSE_LINE + LATE_REUSE_LINE),
      errors: [
        { messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))', occurrence: 1 },
        { messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))', occurrence: 2 },
      ],
      output: null,
    },
    {
      name: "Windows service whose option is the program's own macro: no fix rather than a move that opens the port",
      lang: 'c',
      compile: 'mingw',
      code: WIN + '#define REUSE_OPT SO_REUSEADDR\n\n' + LATE_REUSE_SERVICE.replace('SOL_SOCKET, SO_REUSEADDR', 'SOL_SOCKET, REUSE_OPT'),
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, REUSE_OPT, (const char *)&on, sizeof(on))' }],
      output: null,
    },
    {
      // restbed: the member is declared in a header the analysis does not read; make_shared says
      // what it holds, and its endpoint constructor has bound it already.
      name: 'asio: reuse_address set on a member acceptor that make_shared built from an endpoint, the member declared elsewhere',
      lang: 'cpp',
      code: `#include <asio.hpp>
#include <memory>
#include "service_impl.hpp"

using asio::ip::tcp;

void ServiceImpl::http_start(void) {
    m_acceptor = std::make_shared<tcp::acceptor>(*m_io_context, tcp::endpoint(tcp::v6(), m_port));
    m_acceptor->set_option(asio::socket_base::reuse_address(m_reuse));
    m_acceptor->listen(m_backlog);
}
`,
      errors: [{ messageId: 'afterBind', text: 'm_acceptor->set_option(asio::socket_base::reuse_address(m_reuse))' }],
      safe: true,
      output: `#include <asio.hpp>
#include <memory>
#include "service_impl.hpp"

using asio::ip::tcp;

void ServiceImpl::http_start(void) {
    m_acceptor->set_option(asio::socket_base::reuse_address(m_reuse));
    m_acceptor = std::make_shared<tcp::acceptor>(*m_io_context, tcp::endpoint(tcp::v6(), m_port));
    m_acceptor->listen(m_backlog);
}
`,
    },
  ],
});

// Winsock through FFI bindings in TypeScript and JavaScript (koffi, ffi-napi, ffi-rs).

ruleTester('setsockopt-after-bind', {
  valid: [
    {
      name: 'koffi: SO_EXCLUSIVEADDRUSE before the bind',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function serve(port: number): number {
  const s: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const on = Buffer.from([1, 0, 0, 0]);
  if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length) !== 0) {
    throw new Error('setsockopt failed');
  }
  const addr = sockaddrIn(port);
  if (bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  listen(s, 128);
  return s;
}
`,
    },
    {
      name: 'koffi: SO_KEEPALIVE after the bind is fine',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function serve(port: number): number {
  const s: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const addr = sockaddrIn(port);
  if (bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, on, on.length);
  listen(s, 128);
  return s;
}
`,
    },
    {
      name: 'koffi: the option is set on another socket',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function pair(port: number): [number, number] {
  const a: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const b: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const addr = sockaddrIn(port);
  if (bind(a, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(b, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
  listen(a, 128);
  return [a, b];
}
`,
    },
    {
      name: 'Function.prototype.bind with the socket among its arguments is not a bind',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `function report(this: unknown, s: number, port: number): void {
  console.log('listening', s, port);
}

export class Listener {
  private readonly s: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);

  constructor(private readonly port: number) {
    this.onError = this.onError.bind(this);
  }

  start(): void {
    const announce = report.bind(null, this.s, this.port);
    const on = Buffer.from([1, 0, 0, 0]);
    setsockopt(this.s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
    const addr = sockaddrIn(this.port);
    if (bind(this.s, addr, addr.length) !== 0) {
      this.onError();
      return;
    }
    listen(this.s, 128);
    announce();
  }

  onError(): void {
    console.error('bind failed');
  }
}
`,
    },
    {
      name: 'a function named bind that is not from the FFI library',
      lang: 'ts',
      compile: 'tsc',
      code: `import koffi from 'koffi';

const SOL_SOCKET = 0xffff;
const SO_EXCLUSIVEADDRUSE = ~4;

const ws2 = koffi.load('ws2_32.dll');
const setsockopt = ws2.func('int __stdcall setsockopt(uintptr_t s, int level, int optname, const void *optval, int optlen)');

const routes = new Map<string, number>();

function bind(name: string, s: number, port: number): void {
  routes.set(name, s * 65536 + port);
}

export function register(s: number): void {
  bind('http', s, 8080);
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
}
`,
    },
    {
      name: 'an option that is not a const of the file (a parameter)',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function setOption(s: number, port: number, option: number): void {
  const addr = sockaddrIn(port);
  if (bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(s, SOL_SOCKET, option, on, on.length);
}
`,
    },
    {
      name: 'bind and setsockopt in branches that never run together',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function step(s: number, port: number, configureOnly: boolean): void {
  const on = Buffer.from([1, 0, 0, 0]);
  if (configureOnly) {
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
  } else {
    const addr = sockaddrIn(port);
    bind(s, addr, addr.length);
    listen(s, 16);
  }
}
`,
    },
    {
      name: 'ffi-napi: SO_EXCLUSIVEADDRUSE (-5) before ws2.bind',
      lang: 'ts',
      compile: 'tsc',
      code:
        FFI_NAPI +
        `export function serve(addr: Buffer): number {
  const s: number = ws2.socket(2, 1, 6);
  const on = Buffer.from([1, 0, 0, 0]);
  ws2.setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4);
  if (ws2.bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  ws2.listen(s, 64);
  return s;
}
`,
    },
    {
      name: 'ffi-rs: SO_EXCLUSIVEADDRUSE before the bind',
      lang: 'ts',
      compile: 'tsc',
      code:
        FFI_RS +
        `export function serve(addr: Buffer): number {
  const s: number = load({ library: 'ws2_32', funcName: 'socket', retType: DataType.I64, paramsType: [DataType.I32, DataType.I32, DataType.I32], paramsValue: [AF_INET, SOCK_STREAM, 6] });
  const on = Buffer.from([1, 0, 0, 0]);
  load({ library: 'ws2_32', funcName: 'setsockopt', retType: DataType.I32, paramsType: [DataType.I64, DataType.I32, DataType.I32, DataType.U8Array, DataType.I32], paramsValue: [s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4] });
  load({ library: 'ws2_32', funcName: 'bind', retType: DataType.I32, paramsType: [DataType.I64, DataType.U8Array, DataType.I32], paramsValue: [s, addr, addr.length] });
  load({ library: 'ws2_32', funcName: 'listen', retType: DataType.I32, paramsType: [DataType.I64, DataType.I32], paramsValue: [s, 64] });
  return s;
}
`,
    },
    {
      name: "Node's dgram bind is not a Winsock bind",
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `import * as dgram from 'node:dgram';

export function mixed(s: number): void {
  const udp = dgram.createSocket('udp4');
  udp.bind(41234);
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
  udp.close();
}
`,
    },
    {
      name: "CommonJS: const koffi = require('koffi'), option before bind",
      lang: 'cjs',
      compile: 'node',
      code: `const koffi = require('koffi');

const SOL_SOCKET = 0xffff;
const SO_EXCLUSIVEADDRUSE = ~4;

const ws2 = koffi.load('ws2_32.dll');
const bind = ws2.func('int __stdcall bind(uintptr_t s, const void *name, int namelen)');
const setsockopt = ws2.func('int __stdcall setsockopt(uintptr_t s, int level, int optname, const void *optval, int optlen)');

function serve(s, addr) {
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4);
  return bind(s, addr, addr.length);
}

module.exports = { serve };
`,
    },
    {
      name: 'ffi-napi: SO_RCVBUF after the bind is fine',
      lang: 'ts',
      compile: 'tsc',
      code:
        FFI_NAPI +
        `const SO_RCVBUF = 0x1002;

export function serve(addr: Buffer): number {
  const s: number = ws2.socket(2, 2, 17);
  if (ws2.bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  const size = Buffer.alloc(4);
  size.writeInt32LE(1 << 20);
  ws2.setsockopt(s, SOL_SOCKET, SO_RCVBUF, size, 4);
  return s;
}
`,
    },
  ],

  invalid: [
    {
      // The mistake is the same on POSIX: SO_REUSEADDR set after bind does nothing there either.
      name: 'koffi bound from libc: a POSIX setsockopt after bind is late too',
      lang: 'ts',
      compile: 'tsc',
      code: `import koffi from 'koffi';

const SOL_SOCKET = 1;
const SO_REUSEADDR = 2;

const libc = koffi.load('libc.so.6');
const bind = libc.func('int bind(int fd, const void *addr, int len)');
const setsockopt = libc.func('int setsockopt(int fd, int level, int optname, const void *optval, int optlen)');

export function reuse(fd: number, addr: Buffer): void {
  bind(fd, addr, addr.length);
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, Buffer.from([1, 0, 0, 0]), 4);
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, Buffer.from([1, 0, 0, 0]), 4)', related: 'bind(fd, addr, addr.length)' }],
      safe: true,
      output: `import koffi from 'koffi';

const SOL_SOCKET = 1;
const SO_REUSEADDR = 2;

const libc = koffi.load('libc.so.6');
const bind = libc.func('int bind(int fd, const void *addr, int len)');
const setsockopt = libc.func('int setsockopt(int fd, int level, int optname, const void *optval, int optlen)');

export function reuse(fd: number, addr: Buffer): void {
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, Buffer.from([1, 0, 0, 0]), 4);
  bind(fd, addr, addr.length);
}
`,
    },
    {
      name: 'koffi: SO_EXCLUSIVEADDRUSE (~SO_REUSEADDR) after a checked bind; the declaration moves along',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function serve(port: number): number {
  const s: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const addr = sockaddrIn(port);
  if (bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
  listen(s, 128);
  return s;
}
`,
      errors: [
        {
          messageId: 'afterBind',
          text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length)',
          severity: 'warning',
          related: 'bind(s, addr, addr.length)',
          messageIncludes: 'SO_EXCLUSIVEADDRUSE',
        },
      ],
      safe: true,
      output:
        KOFFI +
        `export function serve(port: number): number {
  const s: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const addr = sockaddrIn(port);
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
  if (bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  listen(s, 128);
  return s;
}
`,
    },
    {
      name: 'koffi name/result/parameters form: SO_EXCLUSIVEADDRUSE = ~4 after an unchecked bind',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI_SPLIT +
        `export function serve(addr: Buffer): number {
  const on = Buffer.from([1, 0, 0, 0]);
  const s: number = socket(2, 1, 6);
  bind(s, addr, addr.length);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4);
  listen(s, 128);
  return s;
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4)', related: 'bind(s, addr, addr.length)' }],
      safe: true,
      output:
        KOFFI_SPLIT +
        `export function serve(addr: Buffer): number {
  const on = Buffer.from([1, 0, 0, 0]);
  const s: number = socket(2, 1, 6);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4);
  bind(s, addr, addr.length);
  listen(s, 128);
  return s;
}
`,
    },
    {
      name: 'koffi: the option spelled ~SO_REUSEADDR in the call, wrapped in its result check',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function serve(port: number): number {
  const s: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const on = Buffer.from([1, 0, 0, 0]);
  const addr = sockaddrIn(port);
  if (bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  if (setsockopt(s, SOL_SOCKET, ~SO_REUSEADDR, on, on.length) !== 0) {
    throw new Error('setsockopt failed');
  }
  listen(s, 128);
  return s;
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, ~SO_REUSEADDR, on, on.length)' }],
      safe: true,
      output:
        KOFFI +
        `export function serve(port: number): number {
  const s: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const on = Buffer.from([1, 0, 0, 0]);
  const addr = sockaddrIn(port);
  if (setsockopt(s, SOL_SOCKET, ~SO_REUSEADDR, on, on.length) !== 0) {
    throw new Error('setsockopt failed');
  }
  if (bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  listen(s, 128);
  return s;
}
`,
    },
    {
      name: "koffi: the '__stdcall' convention form and SO_EXCLUSIVEADDRUSE = -5",
      lang: 'ts',
      compile: 'tsc',
      code: `import koffi from 'koffi';

const SOL_SOCKET = 0xffff;
const SO_EXCLUSIVEADDRUSE = -5;

const lib = koffi.load('ws2_32');
const bind = lib.func('__stdcall', 'bind', 'int', ['uintptr_t', 'void *', 'int']);
const setsockopt = lib.func('__stdcall', 'setsockopt', 'int', ['uintptr_t', 'int', 'int', 'void *', 'int']);

export function claim(s: number, addr: Buffer): void {
  const rc: number = bind(s, addr, addr.length);
  if (rc !== 0) {
    throw new Error(\`bind: \${rc}\`);
  }
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, Buffer.from([1, 0, 0, 0]), 4);
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, Buffer.from([1, 0, 0, 0]), 4)', related: 'bind(s, addr, addr.length)' }],
      safe: true,
      output: `import koffi from 'koffi';

const SOL_SOCKET = 0xffff;
const SO_EXCLUSIVEADDRUSE = -5;

const lib = koffi.load('ws2_32');
const bind = lib.func('__stdcall', 'bind', 'int', ['uintptr_t', 'void *', 'int']);
const setsockopt = lib.func('__stdcall', 'setsockopt', 'int', ['uintptr_t', 'int', 'int', 'void *', 'int']);

export function claim(s: number, addr: Buffer): void {
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, Buffer.from([1, 0, 0, 0]), 4);
  const rc: number = bind(s, addr, addr.length);
  if (rc !== 0) {
    throw new Error(\`bind: \${rc}\`);
  }
}
`,
    },
    {
      name: 'ffi-napi: ws2.setsockopt(SO_EXCLUSIVEADDRUSE) after ws2.bind',
      lang: 'ts',
      compile: 'tsc',
      code:
        FFI_NAPI +
        `export function serve(addr: Buffer): number {
  const s: number = ws2.socket(2, 1, 6);
  if (ws2.bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  const on = Buffer.from([1, 0, 0, 0]);
  ws2.setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4);
  ws2.listen(s, 64);
  return s;
}
`,
      errors: [{ messageId: 'afterBind', text: 'ws2.setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4)', related: 'ws2.bind(s, addr, addr.length)' }],
      safe: true,
      output:
        FFI_NAPI +
        `export function serve(addr: Buffer): number {
  const s: number = ws2.socket(2, 1, 6);
  const on = Buffer.from([1, 0, 0, 0]);
  ws2.setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4);
  if (ws2.bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  ws2.listen(s, 64);
  return s;
}
`,
    },
    {
      // No output check: moving SO_REUSEADDR before the bind makes it take effect, and the fixed
      // text then rightly has a reuseaddr-port-hijack finding (Windows, fixed port).
      name: 'ffi-napi: SO_REUSEADDR after the bind',
      lang: 'ts',
      compile: 'tsc',
      code:
        FFI_NAPI +
        `export function serve(addr: Buffer): number {
  const s: number = ws2.socket(2, 1, 6);
  ws2.bind(s, addr, addr.length);
  const on = Buffer.from([1, 0, 0, 0]);
  ws2.setsockopt(s, SOL_SOCKET, SO_REUSEADDR, on, 4);
  ws2.listen(s, 64);
  return s;
}
`,
      errors: [{ messageId: 'afterBind', text: 'ws2.setsockopt(s, SOL_SOCKET, SO_REUSEADDR, on, 4)', messageIncludes: 'SO_REUSEADDR' }],
      output: null,
    },
    {
      name: "ffi-rs: load({ funcName: 'setsockopt' }) after load({ funcName: 'bind' })",
      lang: 'ts',
      compile: 'tsc',
      code:
        FFI_RS +
        `export function serve(addr: Buffer): number {
  const s: number = load({ library: 'ws2_32', funcName: 'socket', retType: DataType.I64, paramsType: [DataType.I32, DataType.I32, DataType.I32], paramsValue: [AF_INET, SOCK_STREAM, 6] });
  load({ library: 'ws2_32', funcName: 'bind', retType: DataType.I32, paramsType: [DataType.I64, DataType.U8Array, DataType.I32], paramsValue: [s, addr, addr.length] });
  const on = Buffer.from([1, 0, 0, 0]);
  load({
    library: 'ws2_32',
    funcName: 'setsockopt',
    retType: DataType.I32,
    paramsType: [DataType.I64, DataType.I32, DataType.I32, DataType.U8Array, DataType.I32],
    paramsValue: [s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4],
  });
  load({ library: 'ws2_32', funcName: 'listen', retType: DataType.I32, paramsType: [DataType.I64, DataType.I32], paramsValue: [s, 64] });
  return s;
}
`,
      errors: [
        {
          messageId: 'afterBind',
          text: `load({
    library: 'ws2_32',
    funcName: 'setsockopt',
    retType: DataType.I32,
    paramsType: [DataType.I64, DataType.I32, DataType.I32, DataType.U8Array, DataType.I32],
    paramsValue: [s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4],
  })`,
        },
      ],
      safe: true,
      output:
        FFI_RS +
        `export function serve(addr: Buffer): number {
  const s: number = load({ library: 'ws2_32', funcName: 'socket', retType: DataType.I64, paramsType: [DataType.I32, DataType.I32, DataType.I32], paramsValue: [AF_INET, SOCK_STREAM, 6] });
  const on = Buffer.from([1, 0, 0, 0]);
  load({
    library: 'ws2_32',
    funcName: 'setsockopt',
    retType: DataType.I32,
    paramsType: [DataType.I64, DataType.I32, DataType.I32, DataType.U8Array, DataType.I32],
    paramsValue: [s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4],
  });
  load({ library: 'ws2_32', funcName: 'bind', retType: DataType.I32, paramsType: [DataType.I64, DataType.U8Array, DataType.I32], paramsValue: [s, addr, addr.length] });
  load({ library: 'ws2_32', funcName: 'listen', retType: DataType.I32, paramsType: [DataType.I64, DataType.I32], paramsValue: [s, 64] });
  return s;
}
`,
    },
    {
      name: 'bound on one path only: reported, no fix (the bind is inside the if)',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function prepare(s: number, port: number, bindNow: boolean): void {
  const on = Buffer.from([1, 0, 0, 0]);
  if (bindNow) {
    const addr = sockaddrIn(port);
    bind(s, addr, addr.length);
  }
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length)' }],
      output: null,
    },
    {
      name: 'a class field holds the socket',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export class WinListener {
  private readonly sock: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);

  start(port: number): void {
    const addr = sockaddrIn(port);
    const on = Buffer.from([1, 0, 0, 0]);
    if (bind(this.sock, addr, addr.length) !== 0) {
      throw new Error('bind failed');
    }
    setsockopt(this.sock, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
    listen(this.sock, 128);
  }
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(this.sock, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length)' }],
      safe: true,
      output:
        KOFFI +
        `export class WinListener {
  private readonly sock: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);

  start(port: number): void {
    const addr = sockaddrIn(port);
    const on = Buffer.from([1, 0, 0, 0]);
    setsockopt(this.sock, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
    if (bind(this.sock, addr, addr.length) !== 0) {
      throw new Error('bind failed');
    }
    listen(this.sock, 128);
  }
}
`,
    },
    {
      name: "CommonJS: const koffi = require('koffi')",
      lang: 'cjs',
      compile: 'node',
      code: `const koffi = require('koffi');

const SOL_SOCKET = 0xffff;
const SO_EXCLUSIVEADDRUSE = ~4;

const ws2 = koffi.load('ws2_32.dll');
const bind = ws2.func('int __stdcall bind(uintptr_t s, const void *name, int namelen)');
const setsockopt = ws2.func('int __stdcall setsockopt(uintptr_t s, int level, int optname, const void *optval, int optlen)');

function serve(s, addr) {
  const on = Buffer.from([1, 0, 0, 0]);
  const rc = bind(s, addr, addr.length);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4);
  return rc;
}

module.exports = { serve };
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4)' }],
      safe: true,
      output: `const koffi = require('koffi');

const SOL_SOCKET = 0xffff;
const SO_EXCLUSIVEADDRUSE = ~4;

const ws2 = koffi.load('ws2_32.dll');
const bind = ws2.func('int __stdcall bind(uintptr_t s, const void *name, int namelen)');
const setsockopt = ws2.func('int __stdcall setsockopt(uintptr_t s, int level, int optname, const void *optval, int optlen)');

function serve(s, addr) {
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4);
  const rc = bind(s, addr, addr.length);
  return rc;
}

module.exports = { serve };
`,
    },
    {
      name: 'ESM JavaScript (.mjs): import koffi, SO_REUSEADDR after bind',
      lang: 'mjs',
      compile: 'node',
      code: `import koffi from 'koffi';

const SOL_SOCKET = 0xffff;
const SO_REUSEADDR = 4;

const ws2 = koffi.load('ws2_32.dll');
const bind = ws2.func('int __stdcall bind(uintptr_t s, const void *name, int namelen)');
const setsockopt = ws2.func('int __stdcall setsockopt(uintptr_t s, int level, int optname, const void *optval, int optlen)');

export function reuse(s, addr) {
  if (bind(s, addr, addr.length) !== 0) {
    return false;
  }
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, Buffer.from([1, 0, 0, 0]), 4);
  return true;
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_REUSEADDR, Buffer.from([1, 0, 0, 0]), 4)' }],
      safe: true,
      output: `import koffi from 'koffi';

const SOL_SOCKET = 0xffff;
const SO_REUSEADDR = 4;

const ws2 = koffi.load('ws2_32.dll');
const bind = ws2.func('int __stdcall bind(uintptr_t s, const void *name, int namelen)');
const setsockopt = ws2.func('int __stdcall setsockopt(uintptr_t s, int level, int optname, const void *optval, int optlen)');

export function reuse(s, addr) {
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, Buffer.from([1, 0, 0, 0]), 4);
  if (bind(s, addr, addr.length) !== 0) {
    return false;
  }
  return true;
}
`,
    },
    {
      name: 'koffi: IPV6_V6ONLY after the bind',
      lang: 'ts',
      compile: 'tsc',
      code: `import koffi from 'koffi';

const AF_INET6 = 23;
const SOCK_STREAM = 1;
const IPPROTO_IPV6 = 41;
const IPV6_V6ONLY = 27;

const ws2 = koffi.load('ws2_32.dll');
const socket = ws2.func('uintptr_t __stdcall socket(int af, int type, int protocol)');
const bind = ws2.func('int __stdcall bind(uintptr_t s, const void *name, int namelen)');
const setsockopt = ws2.func('int __stdcall setsockopt(uintptr_t s, int level, int optname, const void *optval, int optlen)');

export function dualStack(addr6: Buffer): number {
  const s: number = socket(AF_INET6, SOCK_STREAM, 6);
  const off = Buffer.alloc(4);
  bind(s, addr6, addr6.length);
  setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, off, 4);
  return s;
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, off, 4)', messageIncludes: 'IPV6_V6ONLY' }],
      safe: true,
      output: `import koffi from 'koffi';

const AF_INET6 = 23;
const SOCK_STREAM = 1;
const IPPROTO_IPV6 = 41;
const IPV6_V6ONLY = 27;

const ws2 = koffi.load('ws2_32.dll');
const socket = ws2.func('uintptr_t __stdcall socket(int af, int type, int protocol)');
const bind = ws2.func('int __stdcall bind(uintptr_t s, const void *name, int namelen)');
const setsockopt = ws2.func('int __stdcall setsockopt(uintptr_t s, int level, int optname, const void *optval, int optlen)');

export function dualStack(addr6: Buffer): number {
  const s: number = socket(AF_INET6, SOCK_STREAM, 6);
  const off = Buffer.alloc(4);
  setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, off, 4);
  bind(s, addr6, addr6.length);
  return s;
}
`,
    },
    {
      name: "ffi-napi: Library('ws2_32.dll'), the late call checked with !== 0",
      lang: 'ts',
      compile: 'tsc',
      code: `import ffi from 'ffi-napi';

const SOL_SOCKET = 0xffff;
const SO_EXCLUSIVEADDRUSE = ~4;

const winsock = ffi.Library('ws2_32.dll', {
  bind: ['int', ['uint64', 'pointer', 'int']],
  setsockopt: ['int', ['uint64', 'int', 'int', 'pointer', 'int']],
});

export function claim(s: number, addr: Buffer): void {
  const on = Buffer.from([1, 0, 0, 0]);
  winsock.bind(s, addr, addr.length);
  if (winsock.setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4) !== 0) {
    throw new Error('setsockopt failed');
  }
}
`,
      errors: [{ messageId: 'afterBind', text: 'winsock.setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4)', related: 'winsock.bind(s, addr, addr.length)' }],
      safe: true,
      output: `import ffi from 'ffi-napi';

const SOL_SOCKET = 0xffff;
const SO_EXCLUSIVEADDRUSE = ~4;

const winsock = ffi.Library('ws2_32.dll', {
  bind: ['int', ['uint64', 'pointer', 'int']],
  setsockopt: ['int', ['uint64', 'int', 'int', 'pointer', 'int']],
});

export function claim(s: number, addr: Buffer): void {
  const on = Buffer.from([1, 0, 0, 0]);
  if (winsock.setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, 4) !== 0) {
    throw new Error('setsockopt failed');
  }
  winsock.bind(s, addr, addr.length);
}
`,
    },
    {
      // As in C, a value changed between the bind and the option (here by a method call) holds the
      // move back: moving only the declaration would set the option from an unfilled buffer.
      name: 'koffi: the option buffer is filled between bind and setsockopt: reported, no move',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function serve(port: number): number {
  const s: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const addr = sockaddrIn(port);
  if (bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  const on = Buffer.alloc(4);
  on.writeInt32LE(1);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
  listen(s, 128);
  return s;
}
`,
      errors: [{ messageId: 'afterBind', text: 'setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length)' }],
      output: null,
    },
  ],
});

// Not required by the issue, but the C rule applies to FFI binds too: a Windows service socket
// (bound from ws2_32, then listened on) without SO_EXCLUSIVEADDRUSE. No TS fix is offered.
