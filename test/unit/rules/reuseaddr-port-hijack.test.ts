import { ruleTester } from '../ruleTester';
import type { Settings } from '../../../server/src/engine/settings';
import { ASIO_WIN, PORTABLE, POSIX, WIN } from './programs';

/** The portable service of the two `#ifdef _WIN32` split cases, checked once per build. */
const portableService =
  PORTABLE +
  `int open_service(int fd, unsigned short port) {
    struct sockaddr_in addr;
    int on = 1;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
        return -1;
    }
    return listen(fd, 16);
}
`;

const portableServiceFixed =
  PORTABLE +
  `int open_service(int fd, unsigned short port) {
    struct sockaddr_in addr;
    int on = 1;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
#ifdef _WIN32
    setsockopt(fd, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
#else
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
#endif
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
        return -1;
    }
    return listen(fd, 16);
}
`;

ruleTester('reuseaddr-port-hijack', {
  valid: [
    {
      name: 'the same helper called with 0 clears SO_REUSEADDR: nothing shares the port (missing-exclusiveaddruse reports the bind)',
      lang: 'c',
      compile: 'mingw',
      code: `#include <winsock2.h>
#include <string.h>

/* The option's value is the caller's: each call decides it. */
static int set_reuse(SOCKET s, int on) {
    int opt = on ? 1 : 0;
    return setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&opt, sizeof(opt));
}

SOCKET listen_on(unsigned short port) {
    struct sockaddr_in a;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET)
        return INVALID_SOCKET;
    set_reuse(s, 0);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    if (bind(s, (struct sockaddr *)&a, sizeof(a)) == SOCKET_ERROR || listen(s, 5) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}
`,
    },
    {
      // libtorrent src/lsd.cpp: a multicast receiver shares its port by design (asio's join_group).
      name: 'asio: reuse_address on a UDP socket that joins a multicast group',
      lang: 'cpp',
      compile: 'mingw',
      code:
        ASIO_WIN +
        `void discover(asio::io_context &io) {
    asio::ip::udp::socket s(io);
    s.open(asio::ip::udp::v4());
    s.set_option(asio::ip::udp::socket::reuse_address(true));
    s.bind(asio::ip::udp::endpoint(asio::ip::address_v4::any(), 6771));
    s.set_option(asio::ip::multicast::join_group(asio::ip::make_address("239.192.152.143")));
}
`,
    },
    {
      // Survey 3 (Boost.Beast async-local examples): a Unix-domain acceptor binds a path, not a port.
      name: 'asio: a local::stream_protocol acceptor constructed from an endpoint',
      lang: 'cpp',
      code:
        ASIO_WIN +
        `void serve(asio::io_context &io) {
    asio::local::stream_protocol::acceptor acc(io, asio::local::stream_protocol::endpoint("/run/app.sock"));
    asio::local::stream_protocol::socket s(io);
    acc.accept(s);
}
`,
    },
    {
      // The same through the alias the Beast examples use: `using stream_protocol = net::local::stream_protocol;`.
      name: 'asio: a local acceptor whose protocol is named through a using alias',
      lang: 'cpp',
      code:
        ASIO_WIN +
        `using stream_protocol = asio::local::stream_protocol;
void serve(asio::io_context &io) {
    stream_protocol::acceptor acc(io, stream_protocol::endpoint("/run/app.sock"));
    stream_protocol::socket s(io);
    acc.accept(s);
}
`,
    },
    {
      // An enumerator without a value is the one before it plus one: PICK_ANY is 0, an ephemeral port.
      name: 'port 0 from an enumerator counted from the one before it',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `enum port_choice { FIXED_PORT = -1, PICK_ANY };

SOCKET wakeup_listener(void) {
    BOOL on = TRUE;
    struct sockaddr_in addr;
    SOCKET l = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(PICK_ANY);
    bind(l, (struct sockaddr *)&addr, sizeof(addr));
    listen(l, 1);
    return l;
}
`,
    },
    {
      name: 'asio: an acceptor made exclusive with a boolean<SOL_SOCKET, SO_EXCLUSIVEADDRUSE> option',
      lang: 'cpp',
      compile: 'mingw',
      code:
        ASIO_WIN +
        `typedef asio::detail::socket_option::boolean<SOL_SOCKET, SO_EXCLUSIVEADDRUSE> exclusive_address;
void serve(asio::io_context &io) {
    tcp::acceptor acc(io);
    tcp::endpoint ep(tcp::v4(), 8080);
    acc.open(ep.protocol());
    acc.set_option(exclusive_address(true));
    acc.bind(ep);
    acc.listen();
}
`,
    },
    {
      name: 'asio: the acceptor constructor told not to reuse the address',
      lang: 'cpp',
      compile: 'mingw',
      code:
        ASIO_WIN +
        `void serve(asio::io_context &io) {
    tcp::acceptor acc(io, tcp::endpoint(tcp::v4(), 8080), false);
}
`,
    },
    {
      name: 'asio in a program that is not built for Windows',
      lang: 'cpp',
      code:
        `#include <asio.hpp>
using asio::ip::tcp;
` +
        `class server {
public:
    server(asio::io_context &io, unsigned short port) : acceptor_(io, tcp::endpoint(tcp::v4(), port)) {}
private:
    tcp::acceptor acceptor_;
};
`,
    },
    {
      name: 'POSIX code: SO_REUSEADDR for fast restart means something else there',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `int main(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr;
    int on = 1;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(8080);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
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
      name: 'multicast receiver: IP_ADD_MEMBERSHIP after the bind',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET join_group(unsigned short port) {
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    BOOL on = TRUE;
    struct sockaddr_in addr = {0};
    struct ip_mreq mreq;
    setsockopt(u, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (bind(u, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(u);
        return INVALID_SOCKET;
    }
    mreq.imr_multiaddr.s_addr = inet_addr("239.255.0.1");
    mreq.imr_interface.s_addr = htonl(INADDR_ANY);
    setsockopt(u, IPPROTO_IP, IP_ADD_MEMBERSHIP, (const char *)&mreq, sizeof(mreq));
    return u;
}
`,
    },
    {
      name: 'multicast receiver: membership joined before SO_REUSEADDR',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int rejoin(SOCKET u, const struct sockaddr_in *addr, const struct ip_mreq *mreq) {
    BOOL on = TRUE;
    setsockopt(u, IPPROTO_IP, IP_ADD_MEMBERSHIP, (const char *)mreq, sizeof(*mreq));
    setsockopt(u, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    if (bind(u, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    return 0;
}
`,
    },
    {
      name: 'SO_REUSEADDR set to FALSE',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int start(SOCKET s, unsigned short port) {
    BOOL off = FALSE;
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&off, sizeof(off));
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'SO_REUSEADDR set to 0 through an int',
      lang: 'cpp',
      compile: 'mingw',
      code:
        WIN +
        `int start(SOCKET s, const sockaddr_in &addr) {
    int reuse = 0;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const char *>(&reuse), sizeof(reuse));
    if (bind(s, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'a value computed at run time (from a parameter)',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int start(SOCKET s, unsigned short port, BOOL share) {
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&share, sizeof(share));
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'bound to port 0 (an ephemeral port nobody else serves)',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET ephemeral(void) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    BOOL on = TRUE;
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    listen(s, 1);
    return s;
}
`,
    },
    {
      name: 'the socket went to unknown code before the setsockopt',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void register_socket(SOCKET s);

int start(SOCKET s, unsigned short port) {
    BOOL on = TRUE;
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        return -1;
    }
    register_socket(s);
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    return 0;
}
`,
    },
    {
      name: 'a client socket that is never bound',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET dial(const struct sockaddr_in *server) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    if (connect(s, (const struct sockaddr *)server, sizeof(*server)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}
`,
    },
    {
      name: 'portable file: the setsockopt sits in the POSIX (#else) arm',
      lang: 'c',
      compile: 'gcc',
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
      name: 'another socket is the bound one',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int pair(SOCKET a, SOCKET b, const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    setsockopt(b, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    if (bind(a, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(a, SOMAXCONN);
}
`,
    },
    {
      name: 'SO_EXCLUSIVEADDRUSE is the right option',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int start(SOCKET s, const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'commented out and #if 0',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int start(SOCKET s, const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    /* setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on)); */
    // setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
#if 0
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
#endif
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'set after the bind: it has no effect there (setsockopt-after-bind reports it)',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int start(SOCKET s, unsigned short port) {
    BOOL on = TRUE;
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        return -1;
    }
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'after SO_EXCLUSIVEADDRUSE it fails with WSAEINVAL (exclusiveaddruse-with-reuseaddr reports it)',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int start(SOCKET s, const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'a client that binds a fixed local port before connecting is not a service',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET dial_from(unsigned short local_port, const struct sockaddr_in *server) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    BOOL on = TRUE;
    struct sockaddr_in local = {0};
    if (s == INVALID_SOCKET) {
        return INVALID_SOCKET;
    }
    local.sin_family = AF_INET;
    local.sin_port = htons(local_port);
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    if (bind(s, (struct sockaddr *)&local, sizeof(local)) == SOCKET_ERROR ||
        connect(s, (const struct sockaddr *)server, sizeof(*server)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}
`,
    },
  ],

  invalid: [
    {
      // libmodbus modbus-tcp.c:610 (survey 7): the if head is written once per arm; the fix for a portable file
      // would rewrite the statement across the arms the parse left out, so none is offered.
      name: 'SO_REUSEADDR in an if head written once per #ifdef _WIN32 arm, differing only in the cast',
      lang: 'c',
      compile: 'mingw',
      code: `#ifdef _WIN32
#include <winsock2.h>
#else
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>
#define closesocket close
typedef int SOCKET;
#endif
#include <string.h>

/* libmodbus modbus-tcp.c: the head of the if is written once per arm, with a different cast. */
int listen_on(unsigned short port) {
    struct sockaddr_in addr;
    int enable = 1;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
#ifdef _WIN32
    if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&enable, sizeof(enable)) == -1) {
#else
    if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const void *)&enable, sizeof(enable)) == -1) {
#endif
        closesocket(s);
        return -1;
    }
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == -1 || listen(s, 5) == -1) {
        closesocket(s);
        return -1;
    }
    return (int)s;
}
`,
      errors: [{ messageId: 'sharedPort', text: 'setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&enable, sizeof(enable))' }],
      output: null,
    },
    {
      // ZLToolKit sockutil.cpp:307 (survey 8): setReuseable(sockfd, true, false), whose value is 'on ? 1 : 0'.
      name: 'a helper whose SO_REUSEADDR value is its parameter, called with 1 (RULES: decided at the call sites)',
      lang: 'c',
      compile: 'mingw',
      code: `#include <winsock2.h>
#include <string.h>

/* The option's value is the caller's: each call decides it. */
static int set_reuse(SOCKET s, int on) {
    int opt = on ? 1 : 0;
    return setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&opt, sizeof(opt));
}

SOCKET listen_on(unsigned short port) {
    struct sockaddr_in a;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET)
        return INVALID_SOCKET;
    set_reuse(s, 1);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    if (bind(s, (struct sockaddr *)&a, sizeof(a)) == SOCKET_ERROR || listen(s, 5) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}
`,
      errors: [{ messageId: 'sharedPort', text: 'set_reuse(s, 1)' }],
      // The helper serves other callers too: it is not rewritten for this one.
      output: null,
    },
    {
      // vsomeip udp_server_endpoint_impl.cpp:99: the option object is made first, then set.
      name: 'asio: reuse_address made as an object with true, then set_option()ed on a UDP service',
      lang: 'cpp',
      compile: 'mingw',
      code: `#define _WIN32_WINNT 0x0601
#include <asio.hpp>

/* A UDP service whose option object is made before it is set. */
void serve(asio::io_context &io) {
    asio::ip::udp::socket s(io);
    s.open(asio::ip::udp::v4());
    asio::socket_base::reuse_address opt_reuse_address(true);
    s.set_option(opt_reuse_address);
    s.bind(asio::ip::udp::endpoint(asio::ip::udp::v4(), 30490));
}
`,
      errors: [{ messageId: 'sharedPort', text: 's.set_option(opt_reuse_address)' }],
      // The option object may be used elsewhere too: no edit of its declaration is offered.
      output: null,
    },
    {
      // vsomeip tcp_server_endpoint_impl.cpp:71: the program's acceptor class takes asio's own options.
      name: 'asio: a wrapper class of the program set_option()ed with socket_base::reuse_address(true)',
      lang: 'cpp',
      compile: 'mingw',
      code: `#define _WIN32_WINNT 0x0601
#include <asio.hpp>
#include <memory>

/* The program's own acceptor: it hands asio's options to the asio acceptor it holds. */
class tcp_acceptor {
public:
    explicit tcp_acceptor(asio::io_context &io) : acc_(io) {}
    void open(const asio::ip::tcp &p, asio::error_code &ec) { acc_.open(p, ec); }
    template <typename Option> void set_option(const Option &o, asio::error_code &ec) { acc_.set_option(o, ec); }
    void bind(const asio::ip::tcp::endpoint &ep, asio::error_code &ec) { acc_.bind(ep, ec); }
    void listen(int backlog, asio::error_code &ec) { acc_.listen(backlog, ec); }

private:
    asio::ip::tcp::acceptor acc_;
};

class server {
public:
    explicit server(asio::io_context &io) : acceptor_(new tcp_acceptor(io)) {}
    void init(const asio::ip::tcp::endpoint &local, asio::error_code &ec) {
        acceptor_->open(local.protocol(), ec);
        if (ec) return;
        acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
        if (ec) return;
        acceptor_->bind(local, ec);
        if (ec) return;
        acceptor_->listen(asio::socket_base::max_listen_connections, ec);
    }

private:
    std::unique_ptr<tcp_acceptor> acceptor_;
};
`,
      errors: [{ messageId: 'sharedPort', text: 'acceptor_->set_option(asio::socket_base::reuse_address(true), ec)' }],
      safe: false,
      output: `#define _WIN32_WINNT 0x0601
#include <asio.hpp>
#include <memory>

/* The program's own acceptor: it hands asio's options to the asio acceptor it holds. */
class tcp_acceptor {
public:
    explicit tcp_acceptor(asio::io_context &io) : acc_(io) {}
    void open(const asio::ip::tcp &p, asio::error_code &ec) { acc_.open(p, ec); }
    template <typename Option> void set_option(const Option &o, asio::error_code &ec) { acc_.set_option(o, ec); }
    void bind(const asio::ip::tcp::endpoint &ep, asio::error_code &ec) { acc_.bind(ep, ec); }
    void listen(int backlog, asio::error_code &ec) { acc_.listen(backlog, ec); }

private:
    asio::ip::tcp::acceptor acc_;
};

class server {
public:
    explicit server(asio::io_context &io) : acceptor_(new tcp_acceptor(io)) {}
    void init(const asio::ip::tcp::endpoint &local, asio::error_code &ec) {
        acceptor_->open(local.protocol(), ec);
        if (ec) return;
        acceptor_->set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_EXCLUSIVEADDRUSE>(true), ec);
        if (ec) return;
        acceptor_->bind(local, ec);
        if (ec) return;
        acceptor_->listen(asio::socket_base::max_listen_connections, ec);
    }

private:
    std::unique_ptr<tcp_acceptor> acceptor_;
};
`,
    },
    {
      // ptunnel-ng ptunnel.c:337: 'server_sock = sock; listen(server_sock, 10);' is the same socket listening.
      name: 'a listener bound under one name and listened on under a copy of it',
      lang: 'c',
      compile: 'mingw',
      code: `#include <winsock2.h>
#include <string.h>

/* The listener is bound under one name and listened on under another. */
SOCKET start_forwarder(unsigned short port) {
    SOCKET sock, server_sock;
    BOOL yes = TRUE;
    struct sockaddr_in addr;
    sock = socket(AF_INET, SOCK_STREAM, 0);
    if (sock == INVALID_SOCKET)
        return INVALID_SOCKET;
    if (setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, (const char *)&yes, sizeof yes) == SOCKET_ERROR) {
        closesocket(sock);
        return INVALID_SOCKET;
    }
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (bind(sock, (struct sockaddr *)&addr, sizeof addr) == SOCKET_ERROR) {
        closesocket(sock);
        return INVALID_SOCKET;
    }
    server_sock = sock;
    listen(server_sock, 10);
    return server_sock;
}
`,
      errors: [{ messageId: 'sharedPort', text: 'setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, (const char *)&yes, sizeof yes)' }],
      safe: false,
      output: `#include <winsock2.h>
#include <string.h>

/* The listener is bound under one name and listened on under another. */
SOCKET start_forwarder(unsigned short port) {
    SOCKET sock, server_sock;
    BOOL yes = TRUE;
    struct sockaddr_in addr;
    sock = socket(AF_INET, SOCK_STREAM, 0);
    if (sock == INVALID_SOCKET)
        return INVALID_SOCKET;
    if (setsockopt(sock, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&yes, sizeof yes) == SOCKET_ERROR) {
        closesocket(sock);
        return INVALID_SOCKET;
    }
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (bind(sock, (struct sockaddr *)&addr, sizeof addr) == SOCKET_ERROR) {
        closesocket(sock);
        return INVALID_SOCKET;
    }
    server_sock = sock;
    listen(server_sock, 10);
    return server_sock;
}
`,
    },
    {
      // tftpd64 udp4u.c: the socket's type comes from getaddrinfo, whose hints ask for SOCK_DGRAM.
      name: 'a UDP service whose type comes from the getaddrinfo hints, walked with ai = ai->ai_next',
      lang: 'c',
      compile: 'mingw',
      code: `#include <winsock2.h>
#include <ws2tcpip.h>
#include <string.h>

/* A UDP service on the port it is given: the type comes from the hints. */
SOCKET open_udp(const char *port) {
    struct addrinfo hints, *res, *ai;
    SOCKET s = INVALID_SOCKET;
    BOOL on = TRUE;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_flags = AI_PASSIVE;
    if (getaddrinfo(NULL, port, &hints, &res) != 0)
        return INVALID_SOCKET;
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        s = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (s == INVALID_SOCKET)
            continue;
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof on);
        if (bind(s, ai->ai_addr, (int)ai->ai_addrlen) == 0)
            break;
        closesocket(s);
        s = INVALID_SOCKET;
    }
    freeaddrinfo(res);
    return s;
}
`,
      errors: [{ messageId: 'sharedPort', text: 'setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof on)' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>
#include <string.h>

/* A UDP service on the port it is given: the type comes from the hints. */
SOCKET open_udp(const char *port) {
    struct addrinfo hints, *res, *ai;
    SOCKET s = INVALID_SOCKET;
    BOOL on = TRUE;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_flags = AI_PASSIVE;
    if (getaddrinfo(NULL, port, &hints, &res) != 0)
        return INVALID_SOCKET;
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        s = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (s == INVALID_SOCKET)
            continue;
        setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof on);
        if (bind(s, ai->ai_addr, (int)ai->ai_addrlen) == 0)
            break;
        closesocket(s);
        s = INVALID_SOCKET;
    }
    freeaddrinfo(res);
    return s;
}
`,
    },
    {
      name: 'asio: the acceptor constructor taking an endpoint sets SO_REUSEADDR by default',
      lang: 'cpp',
      compile: 'mingw',
      code:
        ASIO_WIN +
        `class server {
public:
    server(asio::io_context &io, unsigned short port) : acceptor_(io, tcp::endpoint(tcp::v4(), port)) {}
private:
    tcp::acceptor acceptor_;
};
`,
      errors: [{ messageId: 'acceptorConstructor', text: 'acceptor_(io, tcp::endpoint(tcp::v4(), port))', severity: 'warning' }],
      safe: false,
      output:
        ASIO_WIN +
        `class server {
public:
    server(asio::io_context &io, unsigned short port) : acceptor_([&] {
            tcp::acceptor a(io);
            const auto endpoint = tcp::endpoint(tcp::v4(), port);
            a.open(endpoint.protocol());
            a.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_EXCLUSIVEADDRUSE>(true));
            a.bind(endpoint);
            a.listen();
            return a;
        }()) {}
private:
    tcp::acceptor acceptor_;
};
`,
    },
    {
      // Survey 3 (Boost.Beast examples): the constructor written with braces and a braced endpoint.
      name: 'asio: an acceptor constructed with braces, tcp::acceptor acc{io, {address, port}}',
      lang: 'cpp',
      compile: 'mingw',
      code:
        ASIO_WIN +
        `void serve(asio::io_context &io, const asio::ip::address &address, unsigned short port) {
    tcp::acceptor acceptor{io, {address, port}};
    tcp::socket s{io};
    acceptor.accept(s);
}
`,
      errors: [{ messageId: 'acceptorConstructor', text: 'acceptor{io, {address, port}}' }],
      safe: false,
      output:
        ASIO_WIN +
        `void serve(asio::io_context &io, const asio::ip::address &address, unsigned short port) {
    tcp::acceptor acceptor{[&] {
            tcp::acceptor a(io);
            const tcp::acceptor::endpoint_type endpoint{address, port};
            a.open(endpoint.protocol());
            a.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_EXCLUSIVEADDRUSE>(true));
            a.bind(endpoint);
            a.listen();
            return a;
        }()};
    tcp::socket s{io};
    acceptor.accept(s);
}
`,
    },
    {
      // Survey 3 (Boost.Beast awaitable examples): `auto acc = tcp::acceptor{…}` constructs one as well.
      name: 'asio: auto acceptor = tcp::acceptor{io, {address, port}} and auto = tcp::acceptor(io, endpoint)',
      lang: 'cpp',
      compile: 'mingw',
      code:
        ASIO_WIN +
        `void serve(asio::io_context &io, const asio::ip::address &address, unsigned short port) {
    auto first = tcp::acceptor{io, {address, port}};
    auto second = tcp::acceptor(io, tcp::endpoint(tcp::v4(), port));
    tcp::socket s{io};
    first.accept(s);
    second.accept(s);
}
`,
      errors: [
        { messageId: 'acceptorConstructor', text: 'first = tcp::acceptor{io, {address, port}}' },
        { messageId: 'acceptorConstructor', text: 'second = tcp::acceptor(io, tcp::endpoint(tcp::v4(), port))' },
      ],
      safe: false,
      output:
        ASIO_WIN +
        `void serve(asio::io_context &io, const asio::ip::address &address, unsigned short port) {
    auto first = tcp::acceptor{[&] {
            tcp::acceptor a(io);
            const tcp::acceptor::endpoint_type endpoint{address, port};
            a.open(endpoint.protocol());
            a.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_EXCLUSIVEADDRUSE>(true));
            a.bind(endpoint);
            a.listen();
            return a;
        }()};
    auto second = tcp::acceptor(io, tcp::endpoint(tcp::v4(), port));
    tcp::socket s{io};
    first.accept(s);
    second.accept(s);
}
`,
    },
    {
      // The constructor runs the same way when the acceptor is made on the heap; the fix builds the
      // acceptor it moves in (acceptors are movable, so make_shared<acceptor>(acceptor&&) works).
      name: 'asio: an acceptor made with std::make_shared from an endpoint, and one with reset(new acceptor(...))',
      lang: 'cpp',
      compile: 'mingw',
      code:
        ASIO_WIN +
        `std::shared_ptr<tcp::acceptor> shared_acceptor(asio::io_context &io, unsigned short port) {
    std::shared_ptr<tcp::acceptor> acc;
    acc = std::make_shared<tcp::acceptor>(io, tcp::endpoint(tcp::v4(), port));
    return acc;
}

void owned_acceptor(std::unique_ptr<tcp::acceptor> &acc, asio::io_context &io, const tcp::endpoint &ep) {
    acc.reset(new tcp::acceptor(io, ep));
}
`,
      errors: [
        { messageId: 'acceptorConstructor', text: 'std::make_shared<tcp::acceptor>(io, tcp::endpoint(tcp::v4(), port))' },
        { messageId: 'acceptorConstructor', text: 'new tcp::acceptor(io, ep)' },
      ],
      safe: false,
      output:
        ASIO_WIN +
        `std::shared_ptr<tcp::acceptor> shared_acceptor(asio::io_context &io, unsigned short port) {
    std::shared_ptr<tcp::acceptor> acc;
    acc = std::make_shared<tcp::acceptor>([&] {
            tcp::acceptor a(io);
            const auto endpoint = tcp::endpoint(tcp::v4(), port);
            a.open(endpoint.protocol());
            a.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_EXCLUSIVEADDRUSE>(true));
            a.bind(endpoint);
            a.listen();
            return a;
        }());
    return acc;
}

void owned_acceptor(std::unique_ptr<tcp::acceptor> &acc, asio::io_context &io, const tcp::endpoint &ep) {
    acc.reset(new tcp::acceptor(io, ep));
}
`,
    },
    {
      name: 'asio: set_option(reuse_address(true)) on a listening acceptor',
      lang: 'cpp',
      compile: 'mingw',
      code:
        ASIO_WIN +
        `void serve(asio::io_context &io) {
    tcp::acceptor acc(io);
    tcp::endpoint ep(tcp::v4(), 8080);
    acc.open(ep.protocol());
    acc.set_option(tcp::acceptor::reuse_address(true));
    acc.bind(ep);
    acc.listen();
}
`,
      errors: [{ messageId: 'sharedPort', text: 'acc.set_option(tcp::acceptor::reuse_address(true))', severity: 'warning', related: 'acc.bind(ep)' }],
      safe: false,
      output:
        ASIO_WIN +
        `void serve(asio::io_context &io) {
    tcp::acceptor acc(io);
    tcp::endpoint ep(tcp::v4(), 8080);
    acc.open(ep.protocol());
    acc.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_EXCLUSIVEADDRUSE>(true));
    acc.bind(ep);
    acc.listen();
}
`,
    },
    {
      name: 'Windows service: SO_REUSEADDR before the bind to port 8080',
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
          messageId: 'sharedPort',
          text: 'setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))',
          severity: 'warning',
          related: 'bind(s, (struct sockaddr *)&addr, sizeof(addr))',
          messageIncludes: 'SO_EXCLUSIVEADDRUSE',
        },
      ],
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
      name: 'wrapped in its SOCKET_ERROR check; the wrapper stays',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET make_server(unsigned short port) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    int yes = 1;
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&yes, sizeof(yes)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    listen(s, SOMAXCONN);
    return s;
}
`,
      errors: [{ messageId: 'sharedPort', text: 'setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&yes, sizeof(yes))' }],
      safe: false,
      output:
        WIN +
        `SOCKET make_server(unsigned short port) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    int yes = 1;
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&yes, sizeof(yes)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
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
      name: 'UDP service socket bound to a fixed port',
      lang: 'cpp',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET open_udp() {
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    BOOL on = TRUE;
    sockaddr_in addr = {};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(5353);
    setsockopt(u, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const char *>(&on), sizeof(on));
    if (bind(u, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr)) == SOCKET_ERROR) {
        closesocket(u);
        return INVALID_SOCKET;
    }
    return u;
}
`,
      errors: [
        {
          messageId: 'sharedPort',
          text: 'setsockopt(u, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const char *>(&on), sizeof(on))',
          related: 'bind(u, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr))',
        },
      ],
      safe: false,
      output:
        WIN +
        `SOCKET open_udp() {
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    BOOL on = TRUE;
    sockaddr_in addr = {};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(5353);
    setsockopt(u, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, reinterpret_cast<const char *>(&on), sizeof(on));
    if (bind(u, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr)) == SOCKET_ERROR) {
        closesocket(u);
        return INVALID_SOCKET;
    }
    return u;
}
`,
    },
    {
      name: 'portable file, shared code: the statement is split by #ifdef _WIN32 (Windows build)',
      lang: 'c',
      compile: 'mingw',
      code: portableService,
      errors: [{ messageId: 'sharedPort', text: 'setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))' }],
      safe: false,
      output: portableServiceFixed,
    },
    {
      name: 'portable file, shared code: the statement is split by #ifdef _WIN32 (POSIX build)',
      lang: 'c',
      compile: 'gcc',
      code: portableService,
      errors: [{ messageId: 'sharedPort', text: 'setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))' }],
      safe: false,
      output: portableServiceFixed,
    },
    {
      name: 'portable file, in the _WIN32 arm: a plain replacement',
      lang: 'c',
      compile: 'mingw',
      code:
        PORTABLE +
        `int open_service(int fd, const struct sockaddr_in *addr) {
    int on = 1;
#ifdef _WIN32
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
#endif
    if (bind(fd, (const struct sockaddr *)addr, sizeof(*addr)) != 0) {
        return -1;
    }
    return listen(fd, 16);
}
`,
      errors: [{ messageId: 'sharedPort', text: 'setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))' }],
      safe: false,
      output:
        PORTABLE +
        `int open_service(int fd, const struct sockaddr_in *addr) {
    int on = 1;
#ifdef _WIN32
    setsockopt(fd, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
#endif
    if (bind(fd, (const struct sockaddr *)addr, sizeof(*addr)) != 0) {
        return -1;
    }
    return listen(fd, 16);
}
`,
    },
    {
      name: 'portable file, shared code: the whole if (setsockopt(...) != 0) {...} is split',
      lang: 'c',
      compile: 'gcc',
      code:
        PORTABLE +
        `int open_service(int fd, unsigned short port) {
    struct sockaddr_in addr;
    int on = 1;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on)) != 0) {
        return -1;
    }
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
        return -1;
    }
    return listen(fd, 16);
}
`,
      errors: [{ messageId: 'sharedPort', text: 'setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))' }],
      safe: false,
      output:
        PORTABLE +
        `int open_service(int fd, unsigned short port) {
    struct sockaddr_in addr;
    int on = 1;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
#ifdef _WIN32
    if (setsockopt(fd, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on)) != 0) {
        return -1;
    }
#else
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on)) != 0) {
        return -1;
    }
#endif
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
        return -1;
    }
    return listen(fd, 16);
}
`,
    },
    {
      name: 'set by a same-file helper: reported at the call, no fix there',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `static void allow_reuse(SOCKET s) {
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
}

int start(SOCKET s, unsigned short port) {
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    allow_reuse(s);
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(s, SOMAXCONN);
}
`,
      errors: [{ messageId: 'sharedPort', text: 'allow_reuse(s)', occurrence: 1, related: 'bind(s, (struct sockaddr *)&addr, sizeof(addr))' }],
      output: null,
    },
    {
      name: 'bound to an unknown port (the address comes from the caller)',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int start(SOCKET s, const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(s, SOMAXCONN);
}
`,
      errors: [{ messageId: 'sharedPort', text: 'setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

int start(SOCKET s, const struct sockaddr_in *addr) {
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(s, SOMAXCONN);
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
    BOOL on = TRUE;
    srv->fd = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    srv->addr.sin_port = htons(9000);
    setsockopt(srv->fd, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    if (bind(srv->fd, (struct sockaddr *)&srv->addr, sizeof(srv->addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(srv->fd, SOMAXCONN);
}
`,
      errors: [{ messageId: 'sharedPort', text: 'setsockopt(srv->fd, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

struct server {
    SOCKET fd;
    struct sockaddr_in addr;
};

int server_start(struct server *srv) {
    BOOL on = TRUE;
    srv->fd = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    srv->addr.sin_port = htons(9000);
    setsockopt(srv->fd, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    if (bind(srv->fd, (struct sockaddr *)&srv->addr, sizeof(srv->addr)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(srv->fd, SOMAXCONN);
}
`,
    },
    {
      name: 'C++ member socket, option value from a compound-free literal int',
      lang: 'cpp',
      compile: 'mingw',
      code:
        WIN +
        `class Server {
public:
    bool open(unsigned short port) {
        sock_ = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        const char yes = 1;
        sockaddr_in addr = {};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        setsockopt(sock_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
        if (bind(sock_, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr)) == SOCKET_ERROR) {
            return false;
        }
        return listen(sock_, SOMAXCONN) == 0;
    }

private:
    SOCKET sock_ = INVALID_SOCKET;
};

bool run(Server &srv) { return srv.open(7000); }
`,
      errors: [{ messageId: 'sharedPort', text: 'setsockopt(sock_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes))' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

class Server {
public:
    bool open(unsigned short port) {
        sock_ = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        const char yes = 1;
        sockaddr_in addr = {};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        setsockopt(sock_, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, &yes, sizeof(yes));
        if (bind(sock_, reinterpret_cast<const sockaddr *>(&addr), sizeof(addr)) == SOCKET_ERROR) {
            return false;
        }
        return listen(sock_, SOMAXCONN) == 0;
    }

private:
    SOCKET sock_ = INVALID_SOCKET;
};

bool run(Server &srv) { return srv.open(7000); }
`,
    },
    {
      name: 'bound on one branch only: some path binds the port',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int start(SOCKET s, const struct sockaddr_in *addr, int fixed) {
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    if (fixed) {
        if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
            return -1;
        }
    }
    return listen(s, SOMAXCONN);
}
`,
      errors: [{ messageId: 'sharedPort', text: 'setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

int start(SOCKET s, const struct sockaddr_in *addr, int fixed) {
    BOOL on = TRUE;
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    if (fixed) {
        if (bind(s, (const struct sockaddr *)addr, sizeof(*addr)) == SOCKET_ERROR) {
            return -1;
        }
    }
    return listen(s, SOMAXCONN);
}
`,
    },
    {
      name: 'two services in one function: only the fixed-port one',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int start_both(SOCKET svc, SOCKET tmp) {
    BOOL on = TRUE;
    struct sockaddr_in fixed = {0};
    struct sockaddr_in any = {0};
    fixed.sin_family = AF_INET;
    fixed.sin_port = htons(443);
    any.sin_family = AF_INET;
    any.sin_port = 0;
    setsockopt(svc, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    setsockopt(tmp, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    if (bind(svc, (struct sockaddr *)&fixed, sizeof(fixed)) == SOCKET_ERROR) {
        return -1;
    }
    if (bind(tmp, (struct sockaddr *)&any, sizeof(any)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(svc, SOMAXCONN);
}
`,
      errors: [{ messageId: 'sharedPort', text: 'setsockopt(svc, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

int start_both(SOCKET svc, SOCKET tmp) {
    BOOL on = TRUE;
    struct sockaddr_in fixed = {0};
    struct sockaddr_in any = {0};
    fixed.sin_family = AF_INET;
    fixed.sin_port = htons(443);
    any.sin_family = AF_INET;
    any.sin_port = 0;
    setsockopt(svc, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    setsockopt(tmp, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    if (bind(svc, (struct sockaddr *)&fixed, sizeof(fixed)) == SOCKET_ERROR) {
        return -1;
    }
    if (bind(tmp, (struct sockaddr *)&any, sizeof(any)) == SOCKET_ERROR) {
        return -1;
    }
    return listen(svc, SOMAXCONN);
}
`,
    },
  ],
});

// TypeScript and JavaScript (Node).

const POSIX_SETTINGS: Settings = { enable: true, rules: {}, platform: 'posix' };

ruleTester('reuseaddr-port-hijack', {
  valid: [
    {
      name: 'reuseAddr: false',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket({ type: 'udp4', reuseAddr: false });
sock.on('message', (msg, rinfo) => {
  sock.send(msg, rinfo.port, rinfo.address);
});
sock.bind(41234);
`,
    },
    {
      name: 'a multicast receiver joins its group in the bind callback',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const MDNS_GROUP = '224.0.0.251';
const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
sock.bind(5353, () => {
  sock.addMembership(MDNS_GROUP);
});
`,
    },
    {
      name: "a multicast receiver joins its group in a 'listening' handler",
      lang: 'ts',
      compile: 'tsc',
      code: `import { createSocket } from 'dgram';

const GROUP = '239.255.255.250';
const ssdp = createSocket({ type: 'udp4', reuseAddr: true });
ssdp.on('listening', () => {
  ssdp.addMembership(GROUP);
  ssdp.setMulticastTTL(2);
});
ssdp.on('message', (msg) => console.log(msg.toString()));
ssdp.bind(1900);
`,
    },
    {
      name: 'addSourceSpecificMembership is a multicast receiver too',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const feed = dgram.createSocket({ type: 'udp4', reuseAddr: true });
feed.once('listening', () => {
  feed.addSourceSpecificMembership('10.1.1.1', '232.1.1.1');
});
feed.bind(6000);
`,
    },
    {
      name: 'bound to port 0',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket({ type: 'udp6', reuseAddr: true });
sock.bind(0, () => {
  console.log('bound to', sock.address().port);
});
`,
    },
    {
      name: 'bind({ port: 0 }) and bind() without a port',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const a = dgram.createSocket({ type: 'udp4', reuseAddr: true });
a.bind({ port: 0, address: '127.0.0.1' });
const b = dgram.createSocket({ type: 'udp4', reuseAddr: true });
b.bind();
`,
    },
    {
      name: 'a connected client socket',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const resolver = dgram.createSocket({ type: 'udp4', reuseAddr: true });
resolver.connect(53, '8.8.8.8', () => {
  resolver.send(Buffer.from([0x12, 0x34]));
});
`,
    },
    {
      name: 'never bound: send binds implicitly to a random port',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

export function ping(host: string): void {
  const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  sock.send('ping', 7, host, () => sock.close());
}
`,
    },
    {
      name: 'no reuseAddr at all (string form)',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket('udp4');
sock.on('message', (msg) => {
  console.log(msg.length);
});
sock.bind(41234);
`,
    },
    {
      name: 'reuseAddr in an object that never reaches dgram.createSocket',
      lang: 'ts',
      compile: 'tsc',
      code: `interface ListenConfig {
  port: number;
  reuseAddr: boolean;
}

const config: ListenConfig = { port: 41234, reuseAddr: true };
export default config;
`,
    },
    {
      name: 'a value socklint cannot compute',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const reuse = process.env.REUSE === '1';
const sock = dgram.createSocket({ type: 'udp4', reuseAddr: reuse });
sock.on('message', () => undefined);
sock.bind(41234);
`,
    },
    {
      name: 'CommonJS multicast listener',
      lang: 'cjs',
      compile: 'node',
      code: `const dgram = require('dgram');

const listener = dgram.createSocket({ type: 'udp4', reuseAddr: true });
listener.bind(5007, () => {
  listener.addMembership('239.0.0.7');
});
`,
    },
    {
      name: "a same-file helper joins the group from the 'listening' handler",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

function join(s: dgram.Socket, group: string): void {
  s.addMembership(group);
}

const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
sock.on('listening', () => join(sock, '239.9.9.9'));
sock.bind(9999);
`,
    },
    {
      name: 'a socket passed to unknown code before its bind',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

declare function configure(s: dgram.Socket): void;

const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
configure(sock);
sock.bind(9998);
`,
    },
    {
      name: 'addMembership before the bind still makes it a multicast receiver',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
sock.addMembership('239.1.1.1');
sock.bind(9997);
`,
    },
    {
      name: 'a TCP server is not a dgram socket',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer({ noDelay: true }, (sock) => sock.end());
server.listen({ port: 9996, exclusive: false });
`,
    },
    {
      name: 'bound to a const port that is 0',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const EPHEMERAL = 0;
const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
sock.on('message', () => undefined);
sock.bind(EPHEMERAL);
`,
    },
  ],

  invalid: [
    {
      name: 'unicast service on a fixed port',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const server = dgram.createSocket({ type: 'udp4', reuseAddr: true });
server.on('message', (msg, rinfo) => {
  server.send(msg, rinfo.port, rinfo.address);
});
server.bind(41234);
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true', severity: 'warning', related: 'server.bind(41234)' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const server = dgram.createSocket({ type: 'udp4' });
server.on('message', (msg, rinfo) => {
  server.send(msg, rinfo.port, rinfo.address);
});
server.bind(41234);
`,
    },
    {
      name: 'bind({ port: PORT }) with a const port',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const PORT = 5300;
const dns = dgram.createSocket({ type: 'udp6', reuseAddr: true });
dns.on('message', () => undefined);
dns.bind({ port: PORT, address: '::' });
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const PORT = 5300;
const dns = dgram.createSocket({ type: 'udp6' });
dns.on('message', () => undefined);
dns.bind({ port: PORT, address: '::' });
`,
    },
    {
      name: 'an unknown port from the environment',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

export function serve(): dgram.Socket {
  const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  sock.on('message', (msg) => console.log(msg.toString()));
  sock.bind(Number(process.env.SYSLOG_PORT ?? '514'));
  return sock;
}
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

export function serve(): dgram.Socket {
  const sock = dgram.createSocket({ type: 'udp4' });
  sock.on('message', (msg) => console.log(msg.toString()));
  sock.bind(Number(process.env.SYSLOG_PORT ?? '514'));
  return sock;
}
`,
    },
    {
      name: 'any platform: reported with the platform set to posix',
      lang: 'ts',
      compile: 'tsc',
      settings: POSIX_SETTINGS,
      code: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
sock.on('message', () => undefined);
sock.bind(41234);
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket({ type: 'udp4' });
sock.on('message', () => undefined);
sock.bind(41234);
`,
    },
    {
      name: 'reuseAddr first: the property and the comma after it go',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket({ reuseAddr: true, type: 'udp4' });
sock.on('message', () => undefined);
sock.bind(41234);
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket({ type: 'udp4' });
sock.on('message', () => undefined);
sock.bind(41234);
`,
    },
    {
      name: 'a multi-line options object: the line goes',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket({
  type: 'udp4',
  reuseAddr: true,
  recvBufferSize: 1 << 20,
});
sock.on('message', () => undefined);
sock.bind(41234);
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const sock = dgram.createSocket({
  type: 'udp4',
  recvBufferSize: 1 << 20,
});
sock.on('message', () => undefined);
sock.bind(41234);
`,
    },
    {
      name: 'a message listener as the second argument, createSocket imported by name',
      lang: 'ts',
      compile: 'tsc',
      code: `import { createSocket } from 'dgram';

const echo = createSocket({ type: 'udp4', reuseAddr: true }, (msg, rinfo) => {
  echo.send(msg, rinfo.port, rinfo.address);
});
echo.bind(7, '0.0.0.0');
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true' }],
      safe: false,
      output: `import { createSocket } from 'dgram';

const echo = createSocket({ type: 'udp4' }, (msg, rinfo) => {
  echo.send(msg, rinfo.port, rinfo.address);
});
echo.bind(7, '0.0.0.0');
`,
    },
    {
      name: 'a broadcast sender on a fixed port is not a multicast receiver',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const beacon = dgram.createSocket({ type: 'udp4', reuseAddr: true });
beacon.bind(41848, () => {
  beacon.setBroadcast(true);
  beacon.send('HELLO', 41848, '255.255.255.255');
});
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const beacon = dgram.createSocket({ type: 'udp4' });
beacon.bind(41848, () => {
  beacon.setBroadcast(true);
  beacon.send('HELLO', 41848, '255.255.255.255');
});
`,
    },
    {
      name: 'inside a class method',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

export class StatsdServer {
  private socket?: dgram.Socket;

  start(port: number): void {
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true, ipv6Only: false });
    socket.on('message', (msg) => this.handle(msg));
    socket.bind(port);
    this.socket = socket;
  }

  private handle(msg: Buffer): void {
    console.log(msg.toString());
  }
}
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

export class StatsdServer {
  private socket?: dgram.Socket;

  start(port: number): void {
    const socket = dgram.createSocket({ type: 'udp4', ipv6Only: false });
    socket.on('message', (msg) => this.handle(msg));
    socket.bind(port);
    this.socket = socket;
  }

  private handle(msg: Buffer): void {
    console.log(msg.toString());
  }
}
`,
    },
    {
      name: "CommonJS: const dgram = require('dgram')",
      lang: 'cjs',
      compile: 'node',
      code: `const dgram = require('dgram');

const server = dgram.createSocket({ type: 'udp4', reuseAddr: true });
server.on('message', (msg, rinfo) => {
  server.send(msg, rinfo.port, rinfo.address);
});
server.bind(41234);
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true' }],
      safe: false,
      output: `const dgram = require('dgram');

const server = dgram.createSocket({ type: 'udp4' });
server.on('message', (msg, rinfo) => {
  server.send(msg, rinfo.port, rinfo.address);
});
server.bind(41234);
`,
    },
    {
      name: "JavaScript (.js): destructured require('node:dgram')",
      lang: 'js',
      compile: 'node',
      code: `const { createSocket } = require('node:dgram');

const tftp = createSocket({ type: 'udp4', reuseAddr: true });
tftp.on('message', () => {});
tftp.bind({ port: 69 });
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true' }],
      safe: false,
      output: `const { createSocket } = require('node:dgram');

const tftp = createSocket({ type: 'udp4' });
tftp.on('message', () => {});
tftp.bind({ port: 69 });
`,
    },
    {
      name: 'ESM JavaScript (.mjs)',
      lang: 'mjs',
      compile: 'node',
      code: `import * as dgram from 'node:dgram';

const PORT = 9999;
const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
sock.on('message', (msg) => {
  console.log(String(msg));
});
sock.bind(PORT);
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const PORT = 9999;
const sock = dgram.createSocket({ type: 'udp4' });
sock.on('message', (msg) => {
  console.log(String(msg));
});
sock.bind(PORT);
`,
    },
    {
      name: 'two unicast services, two findings',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const v4 = dgram.createSocket({ type: 'udp4', reuseAddr: true });
const v6 = dgram.createSocket({ type: 'udp6', reuseAddr: true, ipv6Only: true });
for (const s of [v4, v6]) {
  s.on('message', () => undefined);
}
v4.bind(5300);
v6.bind(5300);
`,
      errors: [
        { messageId: 'nodeReuseAddr', text: 'reuseAddr: true', occurrence: 1 },
        { messageId: 'nodeReuseAddr', text: 'reuseAddr: true', occurrence: 2 },
      ],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const v4 = dgram.createSocket({ type: 'udp4' });
const v6 = dgram.createSocket({ type: 'udp6', reuseAddr: true, ipv6Only: true });
for (const s of [v4, v6]) {
  s.on('message', () => undefined);
}
v4.bind(5300);
v6.bind(5300);
`,
    },
    {
      name: 'bind({ port }) with a shorthand property',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';

const port = 41250;
const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
sock.on('message', () => undefined);
sock.bind({ port });
`,
      errors: [{ messageId: 'nodeReuseAddr', text: 'reuseAddr: true', related: 'sock.bind({ port })' }],
      safe: false,
      output: `import * as dgram from 'node:dgram';

const port = 41250;
const sock = dgram.createSocket({ type: 'udp4' });
sock.on('message', () => undefined);
sock.bind({ port });
`,
    },
  ],
});
