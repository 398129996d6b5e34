import { ruleTester } from '../ruleTester';
import { KOFFI, FFI_NAPI } from './ffiPrograms';
import { ASIO_WIN, LATE_REUSE_LINE, LATE_REUSE_SERVICE } from './programs';

const WIN = `#include <winsock2.h>
#include <ws2tcpip.h>

`;

const POSIX = `#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>
#include <string.h>

`;

const PORTABLE = `#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
typedef SOCKET sock_t;
#else
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>
typedef int sock_t;
#endif
#include <string.h>

`;

ruleTester('missing-exclusiveaddruse', {
  valid: [
    {
      // libtorrent src/session_impl.cpp: the program's own option class for SO_EXCLUSIVEADDRUSE, in a Windows arm.
      name: 'asio: an option class whose name() is SO_EXCLUSIVEADDRUSE counts as exclusive use',
      lang: 'cpp',
      compile: 'mingw',
      code:
        ASIO_WIN +
        `struct exclusive_address_use {
    explicit exclusive_address_use(int enable) : m_value(enable) {}
    template <class Protocol> int level(Protocol const &) const { return SOL_SOCKET; }
    template <class Protocol> int name(Protocol const &) const { return SO_EXCLUSIVEADDRUSE; }
    template <class Protocol> int const *data(Protocol const &) const { return &m_value; }
    template <class Protocol> size_t size(Protocol const &) const { return sizeof(m_value); }
    int m_value;
};
void serve(asio::io_context &io, const tcp::endpoint &ep) {
    tcp::acceptor acc(io);
    acc.open(ep.protocol());
    acc.set_option(exclusive_address_use(true));
    acc.bind(ep);
    acc.listen();
}
`,
    },
    {
      name: 'SO_EXCLUSIVEADDRUSE set after the bind: one mistake, reported by setsockopt-after-bind alone',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int serve(SOCKET s, const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'a same-file helper that sets the option, called only after the bind: setsockopt-after-bind reports the call',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `static void make_exclusive(SOCKET sock) {
    BOOL on = TRUE;
    setsockopt(sock, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
}

int serve(SOCKET s, const struct sockaddr_in *addr) {
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    make_exclusive(s);
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      // Found in cpp-httplib: the callback's caller creates the socket and sets its options first.
      name: 'a socket a lambda receives as a parameter: its caller is out of sight',
      lang: 'cpp',
      compile: 'mingw',
      code:
        WIN +
        `#include <functional>
bool create(const std::function<bool(SOCKET, const sockaddr *)> &setup);

bool start(const sockaddr *sa) {
    return create([&](SOCKET sock, const sockaddr *addr) -> bool {
        if (::bind(sock, addr, sizeof(sockaddr_in)) == SOCKET_ERROR) {
            return false;
        }
        return ::listen(sock, SOMAXCONN) != SOCKET_ERROR;
    });
}
`,
    },
    {
      name: 'SO_EXCLUSIVEADDRUSE = TRUE set before the bind',
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
    addr.sin_port = htons(27015);
    BOOL exclusive = TRUE;
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
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
      name: 'SO_EXCLUSIVEADDRUSE spelled ~SO_REUSEADDR',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int serve(SOCKET s, const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, ~SO_REUSEADDR, (const char *)&on, sizeof(on));
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'POSIX code never gets it',
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
    listen(fd, 16);
    close(fd);
    return 0;
}
`,
    },
    {
      name: 'the POSIX branch of portable code (the Windows branch sets the option)',
      lang: 'c',
      compile: 'gcc',
      code:
        PORTABLE +
        `int open_listener(sock_t s, const struct sockaddr_in *addr) {
#ifdef _WIN32
    BOOL exclusive = TRUE;
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive));
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
#else
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) < 0) {
        return -1;
    }
#endif
    return listen(s, 16);
}
`,
    },
    {
      name: 'port 0 via htons(0)',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET ephemeral_listener(void) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(0);
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    listen(s, SOMAXCONN);
    return s;
}
`,
    },
    {
      name: 'port 0 via sin_port = 0 (UDP)',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET any_port_udp(void) {
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = 0;
    if (bind(u, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(u);
        return INVALID_SOCKET;
    }
    return u;
}
`,
    },
    {
      name: 'IPv6 port 0 (sin6_port = htons(0))',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET ephemeral6(void) {
    SOCKET s = socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in6 addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin6_family = AF_INET6;
    addr.sin6_port = htons(0);
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    listen(s, SOMAXCONN);
    return s;
}
`,
    },
    {
      name: 'client socket: bound to a local port, then connected, never listened',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET dial(const struct sockaddr_in *server) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in local = {0};
    local.sin_family = AF_INET;
    local.sin_port = htons(40000);
    if (bind(s, (struct sockaddr *)&local, sizeof(local)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    if (connect(s, (const struct sockaddr *)server, sizeof(*server)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}
`,
    },
    {
      name: 'UDP multicast receiver (IP_ADD_MEMBERSHIP)',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET join_group(void) {
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(5007);
    if (bind(u, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(u);
        return INVALID_SOCKET;
    }
    struct ip_mreq mreq;
    mreq.imr_multiaddr.s_addr = inet_addr("239.255.0.7");
    mreq.imr_interface.s_addr = htonl(INADDR_ANY);
    setsockopt(u, IPPROTO_IP, IP_ADD_MEMBERSHIP, (const char *)&mreq, sizeof(mreq));
    return u;
}
`,
    },
    {
      name: 'a same-file helper sets SO_EXCLUSIVEADDRUSE on its parameter before the bind',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `static int make_exclusive(SOCKET sock) {
    BOOL on = TRUE;
    return setsockopt(sock, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
}

int serve(unsigned short port) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (make_exclusive(s) == SOCKET_ERROR) {
        closesocket(s);
        return -1;
    }
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(s);
        return -1;
    }
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'the handle went to an unknown function before the bind: hold back',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int register_socket(SOCKET s);

int serve(unsigned short port) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    register_socket(s);
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(s);
        return -1;
    }
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'struct field srv->fd with the option set',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `struct server { SOCKET fd; struct sockaddr_in addr; };

int server_start(struct server *srv) {
    BOOL on = TRUE;
    srv->fd = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    setsockopt(srv->fd, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    if (bind(srv->fd, (struct sockaddr *)&srv->addr, sizeof(srv->addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(srv->fd, SOMAXCONN);
}
`,
    },
    {
      name: 'C++ member: option set on this->sock_, bound as sock_',
      lang: 'cpp',
      compile: 'mingw',
      code:
        WIN +
        `class Listener {
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
      name: 'std::bind and obj.bind(...) are not socket binds',
      lang: 'cpp',
      compile: 'mingw',
      code:
        WIN +
        `#include <functional>

struct Registry {
    int bind(SOCKET s, const sockaddr *addr, int len) { return static_cast<int>(s) + (addr != nullptr) + len; }
};

static int serve(SOCKET s, int backlog) { return listen(s, backlog); }

int start(Registry &registry, SOCKET s, const sockaddr_in &addr) {
    registry.bind(s, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr));
    auto run = std::bind(serve, s, SOMAXCONN);
    return run();
}
`,
    },
    {
      name: 'a C++ lambda that binds a socket captured after SO_EXCLUSIVEADDRUSE was set',
      lang: 'cpp',
      compile: 'mingw',
      code:
        WIN +
        `int start(const sockaddr_in &addr) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, reinterpret_cast<const char *>(&on), sizeof(on));
    auto open = [s, &addr]() {
        if (bind(s, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr)) == SOCKET_ERROR) {
            return false;
        }
        return listen(s, SOMAXCONN) == 0;
    };
    return open() ? 0 : -1;
}
`,
    },
    {
      name: 'a POSIX-only file with Winsock compatibility names (typedef SOCKET, #define closesocket close)',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `typedef int SOCKET;
#define INVALID_SOCKET (-1)
#define SOCKET_ERROR (-1)
#define closesocket close

int serve(unsigned short port) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    if (s == INVALID_SOCKET) {
        return -1;
    }
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(s);
        return -1;
    }
    return listen(s, 16);
}
`,
    },
    {
      name: 'IPv6 multicast receiver (IPV6_ADD_MEMBERSHIP)',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET join6(const struct sockaddr_in6 *addr, const struct ipv6_mreq *group) {
    SOCKET u = socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP);
    if (bind(u, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        closesocket(u);
        return INVALID_SOCKET;
    }
    setsockopt(u, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, (const char *)group, sizeof(*group));
    return u;
}
`,
    },
    {
      name: 'port 0 in a designated initialiser',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int any_port(SOCKET s) {
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = 0 };
    bind(s, (struct sockaddr *)&addr, sizeof(addr));
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'port 0 through a local variable',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int any_port(SOCKET s) {
    unsigned short port = 0;
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    bind(s, (struct sockaddr *)&addr, sizeof(addr));
    return listen(s, SOMAXCONN);
}
`,
    },
  ],

  invalid: [
    {
      name: 'asio: an acceptor opened, bound and listening without the exclusive option',
      lang: 'cpp',
      compile: 'mingw',
      code:
        ASIO_WIN +
        `void serve(asio::io_context &io) {
    tcp::acceptor acc(io);
    tcp::endpoint ep(tcp::v4(), 8082);
    acc.open(ep.protocol());
    acc.bind(ep);
    acc.listen();
}
`,
      errors: [{ messageId: 'missing', text: 'acc.bind(ep)', severity: 'warning', related: 'acc.open(ep.protocol())' }],
      safe: false,
      output:
        ASIO_WIN +
        `void serve(asio::io_context &io) {
    tcp::acceptor acc(io);
    tcp::endpoint ep(tcp::v4(), 8082);
    acc.open(ep.protocol());
    acc.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_EXCLUSIVEADDRUSE>(true));
    acc.bind(ep);
    acc.listen();
}
`,
    },
    {
      name: 'main: the error body of the bind check is copied into the new check',
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
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(27015);
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(s);
        WSACleanup();
        return 1;
    }
    listen(s, SOMAXCONN);
    closesocket(s);
    WSACleanup();
    return 0;
}
`,
      errors: [{ messageId: 'missing', text: 'bind(s, (struct sockaddr *)&addr, sizeof(addr))', severity: 'warning', messageIncludes: 'SO_EXCLUSIVEADDRUSE' }],
      safe: false,
      output:
        WIN +
        `int main(void) {
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(27015);
    BOOL exclusive = TRUE;
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        closesocket(s);
        WSACleanup();
        return 1;
    }
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(s);
        WSACleanup();
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
      name: 'SOCKET function, unchecked bind to an unknown port: return INVALID_SOCKET',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET make_listener(unsigned short port) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    bind(s, (struct sockaddr *)&addr, sizeof(addr));
    listen(s, SOMAXCONN);
    return s;
}
`,
      errors: [{ messageId: 'missing', text: 'bind(s, (struct sockaddr *)&addr, sizeof(addr))' }],
      safe: false,
      output:
        WIN +
        `SOCKET make_listener(unsigned short port) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    BOOL exclusive = TRUE;
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        return INVALID_SOCKET;
    }
    bind(s, (struct sockaddr *)&addr, sizeof(addr));
    listen(s, SOMAXCONN);
    return s;
}
`,
    },
    {
      name: 'void function, unicast UDP socket on a fixed port: return;',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void run_udp(void) {
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(9000);
    bind(u, (struct sockaddr *)&addr, sizeof(addr));
    char buf[512];
    recv(u, buf, sizeof(buf), 0);
    closesocket(u);
}
`,
      errors: [{ messageId: 'missing', text: 'bind(u, (struct sockaddr *)&addr, sizeof(addr))' }],
      safe: false,
      output:
        WIN +
        `void run_udp(void) {
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(9000);
    BOOL exclusive = TRUE;
    if (setsockopt(u, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        return;
    }
    bind(u, (struct sockaddr *)&addr, sizeof(addr));
    char buf[512];
    recv(u, buf, sizeof(buf), 0);
    closesocket(u);
}
`,
    },
    {
      name: 'int function (not main): return -1; the name exclusive is taken, so exclusive2',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int start_service(SOCKET s, unsigned short port, int exclusive) {
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    bind(s, (struct sockaddr *)&addr, sizeof(addr));
    return listen(s, exclusive ? 1 : SOMAXCONN);
}
`,
      errors: [{ messageId: 'missing', text: 'bind(s, (struct sockaddr *)&addr, sizeof(addr))' }],
      safe: false,
      output:
        WIN +
        `int start_service(SOCKET s, unsigned short port, int exclusive) {
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    BOOL exclusive2 = TRUE;
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive2, sizeof(exclusive2)) == SOCKET_ERROR) {
        return -1;
    }
    bind(s, (struct sockaddr *)&addr, sizeof(addr));
    return listen(s, exclusive ? 1 : SOMAXCONN);
}
`,
    },
    {
      name: 'C++ bool function: return false;',
      lang: 'cpp',
      compile: 'mingw',
      code:
        WIN +
        `bool open_server(SOCKET s, const sockaddr_in &addr) {
    bind(s, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr));
    return listen(s, SOMAXCONN) == 0;
}
`,
      errors: [{ messageId: 'missing', text: 'bind(s, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr))' }],
      safe: false,
      output:
        WIN +
        `bool open_server(SOCKET s, const sockaddr_in &addr) {
    BOOL exclusive = TRUE;
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        return false;
    }
    bind(s, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr));
    return listen(s, SOMAXCONN) == 0;
}
`,
    },
    {
      name: 'BOOL function: return FALSE;',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `BOOL open_port(SOCKET s, const struct sockaddr_in *addr) {
    bind(s, (const struct sockaddr *)addr, sizeof(*addr));
    return listen(s, SOMAXCONN) == 0;
}
`,
      errors: [{ messageId: 'missing', text: 'bind(s, (const struct sockaddr *)addr, sizeof(*addr))' }],
      safe: false,
      output:
        WIN +
        `BOOL open_port(SOCKET s, const struct sockaddr_in *addr) {
    BOOL exclusive = TRUE;
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        return FALSE;
    }
    bind(s, (const struct sockaddr *)addr, sizeof(*addr));
    return listen(s, SOMAXCONN) == 0;
}
`,
    },
    {
      name: 'portable file, bind outside any _WIN32 branch: the fix is guarded by #ifdef SO_EXCLUSIVEADDRUSE',
      lang: 'c',
      compile: 'mingw',
      code:
        PORTABLE +
        `int open_listener(sock_t s, unsigned short port) {
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    bind(s, (struct sockaddr *)&addr, sizeof(addr));
    return listen(s, 16);
}
`,
      errors: [{ messageId: 'missing', text: 'bind(s, (struct sockaddr *)&addr, sizeof(addr))' }],
      safe: false,
      output:
        PORTABLE +
        `int open_listener(sock_t s, unsigned short port) {
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
#ifdef SO_EXCLUSIVEADDRUSE
    BOOL exclusive = TRUE;
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        return -1;
    }
#endif
    bind(s, (struct sockaddr *)&addr, sizeof(addr));
    return listen(s, 16);
}
`,
    },
    {
      name: 'portable file, bind inside the _WIN32 branch: no guard; only the Windows bind is reported',
      lang: 'c',
      compile: 'mingw',
      code:
        PORTABLE +
        `int open_listener(unsigned short port) {
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
#ifdef _WIN32
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(s);
        return -1;
    }
    return listen(s, SOMAXCONN);
#else
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        close(fd);
        return -1;
    }
    return listen(fd, 16);
#endif
}
`,
      errors: [{ messageId: 'missing', text: 'bind(s, (struct sockaddr *)&addr, sizeof(addr))' }],
      safe: false,
      output:
        PORTABLE +
        `int open_listener(unsigned short port) {
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
#ifdef _WIN32
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    BOOL exclusive = TRUE;
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        closesocket(s);
        return -1;
    }
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(s);
        return -1;
    }
    return listen(s, SOMAXCONN);
#else
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        close(fd);
        return -1;
    }
    return listen(fd, 16);
#endif
}
`,
    },
    {
      name: 'the getaddrinfo server of the Winsock sample: iResult = bind(...); the body of the iResult check is copied',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int main(void) {
    WSADATA wsaData;
    struct addrinfo *result = NULL;
    struct addrinfo hints;
    int iResult = WSAStartup(MAKEWORD(2, 2), &wsaData);
    if (iResult != 0) {
        return 1;
    }
    ZeroMemory(&hints, sizeof(hints));
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    hints.ai_flags = AI_PASSIVE;
    iResult = getaddrinfo(NULL, "27015", &hints, &result);
    if (iResult != 0) {
        WSACleanup();
        return 1;
    }
    SOCKET ListenSocket = socket(result->ai_family, result->ai_socktype, result->ai_protocol);
    if (ListenSocket == INVALID_SOCKET) {
        freeaddrinfo(result);
        WSACleanup();
        return 1;
    }
    iResult = bind(ListenSocket, result->ai_addr, (int)result->ai_addrlen);
    if (iResult == SOCKET_ERROR) {
        freeaddrinfo(result);
        closesocket(ListenSocket);
        WSACleanup();
        return 1;
    }
    freeaddrinfo(result);
    listen(ListenSocket, SOMAXCONN);
    closesocket(ListenSocket);
    WSACleanup();
    return 0;
}
`,
      errors: [{ messageId: 'missing', text: 'bind(ListenSocket, result->ai_addr, (int)result->ai_addrlen)' }],
      safe: false,
      output:
        WIN +
        `int main(void) {
    WSADATA wsaData;
    struct addrinfo *result = NULL;
    struct addrinfo hints;
    int iResult = WSAStartup(MAKEWORD(2, 2), &wsaData);
    if (iResult != 0) {
        return 1;
    }
    ZeroMemory(&hints, sizeof(hints));
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    hints.ai_flags = AI_PASSIVE;
    iResult = getaddrinfo(NULL, "27015", &hints, &result);
    if (iResult != 0) {
        WSACleanup();
        return 1;
    }
    SOCKET ListenSocket = socket(result->ai_family, result->ai_socktype, result->ai_protocol);
    if (ListenSocket == INVALID_SOCKET) {
        freeaddrinfo(result);
        WSACleanup();
        return 1;
    }
    BOOL exclusive = TRUE;
    if (setsockopt(ListenSocket, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        freeaddrinfo(result);
        closesocket(ListenSocket);
        WSACleanup();
        return 1;
    }
    iResult = bind(ListenSocket, result->ai_addr, (int)result->ai_addrlen);
    if (iResult == SOCKET_ERROR) {
        freeaddrinfo(result);
        closesocket(ListenSocket);
        WSACleanup();
        return 1;
    }
    freeaddrinfo(result);
    listen(ListenSocket, SOMAXCONN);
    closesocket(ListenSocket);
    WSACleanup();
    return 0;
}
`,
    },
    {
      name: 'port 0 overwritten by a fixed port before the bind',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int serve(SOCKET s) {
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(0);
    addr.sin_port = htons(8443);
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(s, SOMAXCONN);
}
`,
      errors: [{ messageId: 'missing', text: 'bind(s, (struct sockaddr *)&addr, sizeof(addr))' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

int serve(SOCKET s) {
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(0);
    addr.sin_port = htons(8443);
    BOOL exclusive = TRUE;
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        return -1;
    }
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'listen done by a same-file helper',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `static int start_listening(SOCKET s) {
    return listen(s, SOMAXCONN);
}

int serve(SOCKET s, const struct sockaddr_in *addr) {
    bind(s, (const struct sockaddr *)addr, sizeof(*addr));
    return start_listening(s);
}
`,
      errors: [{ messageId: 'missing', text: 'bind(s, (const struct sockaddr *)addr, sizeof(*addr))' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

static int start_listening(SOCKET s) {
    return listen(s, SOMAXCONN);
}

int serve(SOCKET s, const struct sockaddr_in *addr) {
    BOOL exclusive = TRUE;
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        return -1;
    }
    bind(s, (const struct sockaddr *)addr, sizeof(*addr));
    return start_listening(s);
}
`,
    },
    {
      name: 'designated initialiser with a fixed port',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int serve(SOCKET s) {
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(80) };
    bind(s, (struct sockaddr *)&addr, sizeof(addr));
    return listen(s, SOMAXCONN);
}
`,
      errors: [{ messageId: 'missing', text: 'bind(s, (struct sockaddr *)&addr, sizeof(addr))' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

int serve(SOCKET s) {
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(80) };
    BOOL exclusive = TRUE;
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        return -1;
    }
    bind(s, (struct sockaddr *)&addr, sizeof(addr));
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'UDP socket from WSASocket',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int open_udp(const struct sockaddr_in *addr) {
    SOCKET u = WSASocket(AF_INET, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (bind(u, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        closesocket(u);
        return -1;
    }
    return 0;
}
`,
      errors: [{ messageId: 'missing', text: 'bind(u, (const struct sockaddr *)addr, sizeof(*addr))' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

int open_udp(const struct sockaddr_in *addr) {
    SOCKET u = WSASocket(AF_INET, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, WSA_FLAG_OVERLAPPED);
    BOOL exclusive = TRUE;
    if (setsockopt(u, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        closesocket(u);
        return -1;
    }
    if (bind(u, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        closesocket(u);
        return -1;
    }
    return 0;
}
`,
    },
    {
      name: 'SO_EXCLUSIVEADDRUSE set to FALSE does not count',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int serve(SOCKET s, const struct sockaddr_in *addr) {
    BOOL off = FALSE;
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&off, sizeof(off));
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(s, SOMAXCONN);
}
`,
      errors: [{ messageId: 'missing', text: 'bind(s, (const struct sockaddr *)addr, sizeof(*addr))' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

int serve(SOCKET s, const struct sockaddr_in *addr) {
    BOOL off = FALSE;
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&off, sizeof(off));
    BOOL exclusive = TRUE;
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        return -1;
    }
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'SO_EXCLUSIVEADDRUSE set on another socket',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int serve(SOCKET a, SOCKET b, const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    setsockopt(a, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    if (bind(b, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(b, SOMAXCONN);
}
`,
      errors: [{ messageId: 'missing', text: 'bind(b, (const struct sockaddr *)addr, sizeof(*addr))' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

int serve(SOCKET a, SOCKET b, const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    setsockopt(a, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    BOOL exclusive = TRUE;
    if (setsockopt(b, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        return -1;
    }
    if (bind(b, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(b, SOMAXCONN);
}
`,
    },
    {
      name: 'struct field srv->fd',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `struct server { SOCKET fd; struct sockaddr_in addr; };

int server_start(struct server *srv) {
    srv->fd = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (bind(srv->fd, (struct sockaddr *)&srv->addr, sizeof(srv->addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(srv->fd, SOMAXCONN);
}
`,
      errors: [{ messageId: 'missing', text: 'bind(srv->fd, (struct sockaddr *)&srv->addr, sizeof(srv->addr))' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

struct server { SOCKET fd; struct sockaddr_in addr; };

int server_start(struct server *srv) {
    srv->fd = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    BOOL exclusive = TRUE;
    if (setsockopt(srv->fd, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
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
      name: 'struct field ctx.sock, UDP',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `struct udp_ctx { SOCKET sock; unsigned short port; };

int ctx_open(struct udp_ctx ctx) {
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(ctx.port);
    ctx.sock = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (bind(ctx.sock, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        return -1;
    }
    return 0;
}
`,
      errors: [{ messageId: 'missing', text: 'bind(ctx.sock, (struct sockaddr *)&addr, sizeof(addr))' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

struct udp_ctx { SOCKET sock; unsigned short port; };

int ctx_open(struct udp_ctx ctx) {
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(ctx.port);
    ctx.sock = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    BOOL exclusive = TRUE;
    if (setsockopt(ctx.sock, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        return -1;
    }
    if (bind(ctx.sock, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        return -1;
    }
    return 0;
}
`,
    },
    {
      name: 'C++ member sock_',
      lang: 'cpp',
      compile: 'mingw',
      code:
        WIN +
        `class Server {
public:
    bool start(const sockaddr_in &addr) {
        sock_ = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        if (bind(sock_, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr)) == SOCKET_ERROR) {
            return false;
        }
        return listen(sock_, SOMAXCONN) == 0;
    }

private:
    SOCKET sock_ = INVALID_SOCKET;
};

bool run(Server &srv, const sockaddr_in &addr) { return srv.start(addr); }
`,
      errors: [{ messageId: 'missing', text: 'bind(sock_, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr))' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

class Server {
public:
    bool start(const sockaddr_in &addr) {
        sock_ = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        BOOL exclusive = TRUE;
        if (setsockopt(sock_, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
            return false;
        }
        if (bind(sock_, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr)) == SOCKET_ERROR) {
            return false;
        }
        return listen(sock_, SOMAXCONN) == 0;
    }

private:
    SOCKET sock_ = INVALID_SOCKET;
};

bool run(Server &srv, const sockaddr_in &addr) { return srv.start(addr); }
`,
    },
    {
      name: 'Windows recognised from SOCKET / SOCKET_ERROR without a winsock include',
      lang: 'c',
      code: `#include "net_compat.h"

int serve(SOCKET s, struct sockaddr_in *addr) {
    if (bind(s, (struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(s, SOMAXCONN);
}
`,
      errors: [{ messageId: 'missing', text: 'bind(s, (struct sockaddr *)addr, sizeof(*addr))' }],
      safe: false,
      output: `#include "net_compat.h"

int serve(SOCKET s, struct sockaddr_in *addr) {
    BOOL exclusive = TRUE;
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        return -1;
    }
    if (bind(s, (struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'Windows recognised from an #ifdef _MSC_VER branch',
      lang: 'c',
      code: `#include "net_compat.h"

int serve(int s, struct sockaddr_in *addr) {
#ifdef _MSC_VER
    if (bind(s, (struct sockaddr *)addr, sizeof(*addr)) != 0) {
        return -1;
    }
#endif
    return listen(s, 16);
}
`,
      errors: [{ messageId: 'missing', text: 'bind(s, (struct sockaddr *)addr, sizeof(*addr))' }],
      safe: false,
      output: `#include "net_compat.h"

int serve(int s, struct sockaddr_in *addr) {
#ifdef _MSC_VER
    BOOL exclusive = TRUE;
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        return -1;
    }
    if (bind(s, (struct sockaddr *)addr, sizeof(*addr)) != 0) {
        return -1;
    }
#endif
    return listen(s, 16);
}
`,
    },
    {
      // Inserting SO_EXCLUSIVEADDRUSE would make the late SO_REUSEADDR fail with WSAEINVAL
      // (exclusiveaddruse-with-reuseaddr): the fix is setsockopt-after-bind's, which settles both.
      name: 'SO_REUSEADDR set after the bind: the fix moves it before the bind as SO_EXCLUSIVEADDRUSE',
      lang: 'c',
      compile: 'mingw',
      code: WIN + LATE_REUSE_SERVICE,
      errors: [{ messageId: 'missing', text: 'bind(s, (struct sockaddr *)&addr, sizeof(addr))' }],
      safe: false,
      output: WIN + LATE_REUSE_SERVICE.replace(LATE_REUSE_LINE, '').replace('    if (bind(', LATE_REUSE_LINE.replace('SO_REUSEADDR', 'SO_EXCLUSIVEADDRUSE') + '    if (bind('),
    },
    {
      // Found by npm run fuzz: lines inserted with \n into a file whose lines end in \r alone.
      name: 'a file with classic Mac (CR) line ends gets inserted lines ending in CR',
      lang: 'c',
      compile: 'mingw',
      code: (WIN + LATE_REUSE_SERVICE.replace(LATE_REUSE_LINE, '')).replace(/\n/g, '\r'),
      errors: [{ messageId: 'missing', text: 'bind(s, (struct sockaddr *)&addr, sizeof(addr))' }],
      safe: false,
      output: (
        WIN +
        LATE_REUSE_SERVICE.replace(LATE_REUSE_LINE, '').replace(
          '    if (bind(',
          '    BOOL exclusive = TRUE;\n    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {\n        closesocket(s);\n        return INVALID_SOCKET;\n    }\n    if (bind(',
        )
      ).replace(/\n/g, '\r'),
    },
  ],
});

// Winsock through FFI bindings in TypeScript and JavaScript (koffi, ffi-napi, ffi-rs).

ruleTester('missing-exclusiveaddruse', {
  valid: [
    {
      name: 'koffi: SO_EXCLUSIVEADDRUSE set before the bind',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function serve(port: number): number {
  const s: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const on = Buffer.from([1, 0, 0, 0]);
  setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, on.length);
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
      name: 'koffi: a bound socket that is never listened on (a client binding its source address)',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI +
        `export function client(port: number): number {
  const s: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const addr = sockaddrIn(port);
  if (bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  return s;
}
`,
    },
  ],
  invalid: [
    {
      name: 'koffi: bind then listen without SO_EXCLUSIVEADDRUSE',
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
  listen(s, 128);
  return s;
}
`,
      errors: [{ messageId: 'missing', text: 'bind(s, addr, addr.length)' }],
      output: null,
    },
    {
      name: 'ffi-napi: ws2.bind then ws2.listen without SO_EXCLUSIVEADDRUSE',
      lang: 'ts',
      compile: 'tsc',
      code:
        FFI_NAPI +
        `export function serve(addr: Buffer): number {
  const s: number = ws2.socket(2, 1, 6);
  if (ws2.bind(s, addr, addr.length) !== 0) {
    throw new Error('bind failed');
  }
  ws2.listen(s, 64);
  return s;
}
`,
      errors: [{ messageId: 'missing', text: 'ws2.bind(s, addr, addr.length)' }],
      output: null,
    },
  ],
});

// close-without-shutdown through FFI: an accepted connection closed with closesocket.
