/**
 * Reproducers for what socklint got wrong on real open-source socket code (docs/real-world.md).
 *
 * Every snippet here is written from scratch for this file: it reproduces the *pattern* seen in a
 * project (named in the case), never the project's code. Valid cases are false positives (or
 * analysis failures) that must produce no finding; invalid cases are clear false negatives.
 * A case marked `todo` is a gap socklint does not handle yet: it runs as a node:test todo (its
 * failure does not fail the suite) and says so once it passes; the todo text names the gap.
 */
import { ruleTester } from '../ruleTester';

const WIN = `#include <winsock2.h>
#include <ws2tcpip.h>

`;

/**
 * SoftEther VPN's NewUDP4/NewUDP6 (survey 3): bind; if the port is busy, retry with SO_REUSEADDR
 * (which shares the busy port), then with SO_REUSEADDR off and SO_EXCLUSIVEADDRUSE. The options of
 * the retries belong to the later binds, not to the first one.
 */
const RETRY_PROGRAM = `SOCKET udp_service(unsigned short port) {
    struct sockaddr_in a;
    BOOL on = TRUE, off = FALSE;
    SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (s == INVALID_SOCKET)
        return INVALID_SOCKET;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    if (bind(s, (struct sockaddr *)&a, sizeof(a)) != 0) {
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (char *)&on, sizeof(on));
        if (bind(s, (struct sockaddr *)&a, sizeof(a)) != 0) {
            setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (char *)&off, sizeof(off));
            setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (char *)&on, sizeof(on));
            if (bind(s, (struct sockaddr *)&a, sizeof(a)) != 0) {
                closesocket(s);
                return INVALID_SOCKET;
            }
        }
    }
    return s;
}
`;

/**
 * ZeroTierOne osdep/Phy.hpp's pattern, judged by two rules: the socket type, a validity test and the
 * close are per-platform macros; a UDP port and a TCP listener are opened through them.
 */
const PHY_PROGRAM = `#if defined(_WIN32)
#include <winsock2.h>
#include <ws2tcpip.h>
#define SOCK_T SOCKET
#define SOCK_OK(s) ((s) != INVALID_SOCKET)
#define SOCK_CLOSE(s) ::closesocket(s)
#else
#include <sys/socket.h>
#include <unistd.h>
#define SOCK_T int
#define SOCK_OK(s) ((s) > -1)
#define SOCK_CLOSE(s) ::close(s)
#endif

/* The service's UDP port: reuse is switched off, but exclusive use is never asked for. */
SOCK_T udp_open(const struct sockaddr *local, int len) {
    SOCK_T s = ::socket(local->sa_family, SOCK_DGRAM, 0);
    if (!SOCK_OK(s))
        return s;
#if defined(_WIN32)
    BOOL off = FALSE;
    ::setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&off, sizeof(off));
#endif
    if (::bind(s, local, len) != 0) {
        SOCK_CLOSE(s);
        return (SOCK_T)-1;
    }
    return s;
}

/* A TCP service listener: on Windows SO_REUSEADDR lets another process bind the same port. */
SOCK_T tcp_listen(const struct sockaddr *local, int len) {
    SOCK_T s = ::socket(local->sa_family, SOCK_STREAM, 0);
    if (!SOCK_OK(s))
        return s;
#if defined(_WIN32)
    BOOL on = TRUE;
    ::setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
#else
    int on = 1;
    ::setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (void *)&on, sizeof(on));
#endif
    if (::bind(s, local, len) != 0 || ::listen(s, 128) != 0) {
        SOCK_CLOSE(s);
        return (SOCK_T)-1;
    }
    return s;
}
`;

/**
 * ZeroTierOne attic/historic/anode/libanode/system_transport.c's pattern, judged by two rules: one
 * switch case per address family, and the IPv6 case holds an #ifdef block.
 */
const SWITCH_PROGRAM = `#include <winsock2.h>
#include <ws2tcpip.h>
#include <string.h>

/* One listener per address family; the IPv6 case has an optional option in an #ifdef. */
SOCKET listen_family(int family, unsigned short port) {
    SOCKET fd;
    struct sockaddr_in a4;
    struct sockaddr_in6 a6;
    switch (family) {
    case AF_INET:
        fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd == INVALID_SOCKET)
            return INVALID_SOCKET;
        memset(&a4, 0, sizeof(a4));
        a4.sin_family = AF_INET;
        a4.sin_port = htons(port);
        if (bind(fd, (const struct sockaddr *)&a4, sizeof(a4)) == SOCKET_ERROR)
            return INVALID_SOCKET;
        break;
    case AF_INET6:
        fd = socket(AF_INET6, SOCK_STREAM, 0);
        if (fd == INVALID_SOCKET)
            return INVALID_SOCKET;
#ifdef IPV6_V6ONLY
        {
            DWORD only = 1;
            setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, (const char *)&only, sizeof(only));
        }
#endif
        memset(&a6, 0, sizeof(a6));
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons(port);
        if (bind(fd, (const struct sockaddr *)&a6, sizeof(a6)) == SOCKET_ERROR)
            return INVALID_SOCKET;
        break;
    default:
        return INVALID_SOCKET;
    }
    if (listen(fd, 8) == SOCKET_ERROR)
        return INVALID_SOCKET;
    return fd;
}

/* A UDP service port per address family, with SO_REUSEADDR in both cases. */
SOCKET udp_family(int family, unsigned short port) {
    SOCKET fd;
    BOOL on = TRUE;
    struct sockaddr_in a4;
    struct sockaddr_in6 a6;
    switch (family) {
    case AF_INET:
        fd = socket(AF_INET, SOCK_DGRAM, 0);
        if (fd == INVALID_SOCKET)
            return INVALID_SOCKET;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
        memset(&a4, 0, sizeof(a4));
        a4.sin_family = AF_INET;
        a4.sin_port = htons(port);
        if (bind(fd, (const struct sockaddr *)&a4, sizeof(a4)) == SOCKET_ERROR)
            return INVALID_SOCKET;
        break;
    case AF_INET6:
        fd = socket(AF_INET6, SOCK_DGRAM, 0);
        if (fd == INVALID_SOCKET)
            return INVALID_SOCKET;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
#ifdef IPV6_V6ONLY
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, (const char *)&on, sizeof(on));
#endif
        memset(&a6, 0, sizeof(a6));
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons(port);
        if (bind(fd, (const struct sockaddr *)&a6, sizeof(a6)) == SOCKET_ERROR)
            return INVALID_SOCKET;
        break;
    default:
        return INVALID_SOCKET;
    }
    return fd;
}
`;

/** libmicrohttpd's pattern, judged by two rules: SO_REUSEADDR only in a POSIX-only arm of a project macro. */
const POSIX_ONLY_REUSEADDR = `#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <string.h>
#define POSIX_SOCKETS 1
typedef int SOCKET;
#define INVALID_SOCKET (-1)
#endif

/* The traditional SO_REUSEADDR is for POSIX only: on Windows it would let others share the port. */
SOCKET open_listener(unsigned short port) {
    SOCKET s = socket(PF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in sin;
    if (s == INVALID_SOCKET)
        return INVALID_SOCKET;
#ifdef POSIX_SOCKETS
    int on = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (void *)&on, sizeof(on));
#endif
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
    if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) != 0)
        return INVALID_SOCKET;
    if (listen(s, SOMAXCONN) != 0)
        return INVALID_SOCKET;
    return s;
}
`;

// ---------------------------------------------------------------------------------------------
// missing-exclusiveaddruse

ruleTester('missing-exclusiveaddruse', {
  valid: [
    {
      // libzmq tests/testutil.cpp:487 (the old corpus, this session): the family comes from a parameter, and the
      // path that sets no option is the AF_UNIX one.
      name: 'real-world: a listener whose exclusive option is set only for AF_INET/AF_INET6, bound for AF_UNIX otherwise',
      todo: 'the family tested in the if (af == AF_INET || af == AF_INET6) head is not a fact the else path keeps',
      lang: 'c',
      compile: 'mingw',
      code: `#include <winsock2.h>
#include <ws2tcpip.h>
#include <afunix.h>

/* A test listener for TCP or AF_UNIX: only the TCP arm shares its port. */
SOCKET test_listener(int af, const struct sockaddr *addr, int len) {
    BOOL on = TRUE;
    SOCKET s = socket(af, SOCK_STREAM, 0);
    if (s == INVALID_SOCKET)
        return INVALID_SOCKET;
    if (af == AF_INET || af == AF_INET6) {
        setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
    }
    if (bind(s, addr, len) != 0 || listen(s, SOMAXCONN) != 0) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}
`,
    },
    {
      // Survey 5: UDPspeeder common.cpp:868. A UDP socket bound to an optional source address and then
      // connect()ed to one peer is a client, not a service.
      name: 'real-world: a UDP socket bound to a source address, then connected to its peer',
      lang: 'c',
      compile: 'mingw',
      code: `#include <winsock2.h>

int open_client(const struct sockaddr *local, int local_len, const struct sockaddr *remote, int remote_len) {
    SOCKET fd = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (fd == INVALID_SOCKET)
        return -1;
    if (local && bind(fd, local, local_len) == SOCKET_ERROR)
        return -1;
    if (connect(fd, remote, remote_len) != 0) {
        closesocket(fd);
        return -1;
    }
    return 0;
}
`,
    },
    {
      // libwebsockets lib/plat/windows/windows-pipe.c:75/80/95/100: the address is a pointer into a
      // context struct, its port is set to 0 through the pointer, and bind gets the pointer itself.
      name: 'real-world: UDP wake-up sockets bound through a sockaddr pointer whose port was set to 0',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `/* Two loopback UDP sockets that wake a WSAPoll() loop; the OS picks the port. */
int make_wakeup_pair(struct sockaddr_in *where, SOCKET pair[2]) {
    pair[0] = socket(AF_INET, SOCK_DGRAM, 0);
    if (pair[0] == INVALID_SOCKET)
        return -1;
    pair[1] = socket(AF_INET, SOCK_DGRAM, 0);
    if (pair[1] == INVALID_SOCKET)
        return -1;
    where->sin_family = AF_INET;
    where->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    where->sin_port = 0;
    if (bind(pair[1], (const struct sockaddr *)where, sizeof(*where)) == SOCKET_ERROR)
        return -1;
    where->sin_port = 0;
    if (bind(pair[0], (const struct sockaddr *)where, sizeof(*where)) == SOCKET_ERROR)
        return -1;
    int len = sizeof(*where);
    if (getsockname(pair[0], (struct sockaddr *)where, &len) == SOCKET_ERROR)
        return -1;
    return 0;
}
`,
    },
    {
      // FreeRDP libfreerdp/core/listener.c:100: a Linux-only AF_VSOCK listener inside
      // #if defined(HAVE_AF_VSOCK_H) of a file that also has Winsock code. AF_VSOCK does not exist
      // in Winsock, so this is POSIX code whatever the #if says.
      name: 'real-world: AF_VSOCK listener in a Linux-only #if arm of a portable file',
      lang: 'c',
      compile: 'gcc',
      code: `#ifdef _WIN32
#include <winsock2.h>
#define close_socket(s) closesocket(s)
#else
#include <sys/socket.h>
#include <unistd.h>
#define close_socket(s) close(s)
#endif

#if defined(HAVE_LINUX_VSOCK)
#include <linux/vm_sockets.h>

/* Host-guest listener: AF_VSOCK exists only on Linux. */
int vsock_listen(unsigned int port) {
    int fd = socket(AF_VSOCK, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_vm addr;
    addr.svm_family = AF_VSOCK;
    addr.svm_cid = VMADDR_CID_ANY;
    addr.svm_port = port;
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
        close(fd);
        return -1;
    }
    if (listen(fd, 8) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}
#endif
`,
    },
    {
      // libzmq src/ip.cpp:592 and src/ipc_listener.cpp:136 (Windows AF_UNIX listeners): the socket
      // comes from the project's own open_socket(AF_UNIX, ...) and the address from an address object.
      // An AF_UNIX path has no port to share.
      name: 'real-world: AF_UNIX listener created through a wrapper given AF_UNIX, bound to an address object',
      lang: 'cpp',
      compile: 'mingw',
      code: `#include <winsock2.h>
#include <ws2tcpip.h>
#include <afunix.h>

/* The portable layer defines these elsewhere: a socket factory and an address object. */
SOCKET make_socket(int family, int type, int protocol);
struct local_endpoint;
const struct sockaddr *endpoint_addr(const struct local_endpoint *e);
int endpoint_len(const struct local_endpoint *e);

/* A named-pipe-like local listener: AF_UNIX has a path, not a port, so nobody can share it. */
SOCKET listen_local(const struct local_endpoint *where) {
    SOCKET l = make_socket(AF_UNIX, SOCK_STREAM, 0);
    if (l == INVALID_SOCKET)
        return INVALID_SOCKET;
    if (bind(l, endpoint_addr(where), endpoint_len(where)) != 0) {
        closesocket(l);
        return INVALID_SOCKET;
    }
    if (listen(l, 1) != 0) {
        closesocket(l);
        return INVALID_SOCKET;
    }
    return l;
}
`,
    },
  ],
  invalid: [
    {
      // Survey 4: rest_rpc include/rest_rpc/rpc_server.hpp:147. SO_REUSEADDR is set for one compiler only;
      // the other Windows build binds with neither option.
      name: 'real-world: SO_REUSEADDR set under #ifdef __MINGW32__ only, so an MSVC build binds without either option',
      lang: 'c',
      compile: 'mingw',
      code: `#include <winsock2.h>

SOCKET listen_on(unsigned short port) {
    struct sockaddr_in a = {0};
    BOOL on = TRUE;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET)
        return INVALID_SOCKET;
#ifdef __MINGW32__
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
#endif
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    if (bind(s, (struct sockaddr *)&a, sizeof(a)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    if (listen(s, SOMAXCONN) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}
`,
      errors: [{ messageId: 'missing', text: 'bind(s, (struct sockaddr *)&a, sizeof(a))' }],
      // SO_EXCLUSIVEADDRUSE inserted before the bind would fail with WSAEINVAL in the MinGW build.
      output: null,
    },
    {
      // Survey 3, SoftEther src/Mayaqua/Network.c NewUDP4: the exclusive option on the last retry hid the first bind.
      name: 'real-world: SO_EXCLUSIVEADDRUSE set only for a retry after the bind failed',
      lang: 'c',
      compile: 'mingw',
      code: WIN + RETRY_PROGRAM,
      errors: [{ messageId: 'missing', text: 'bind(s, (struct sockaddr *)&a, sizeof(a))' }],
      // The retry sets SO_REUSEADDR: inserting SO_EXCLUSIVEADDRUSE here would make that call fail.
      output: null,
    },
    {
      // libcoap src/coap_tcp.c:259 and src/coap_io.c:180 (also libwebsockets lib/core-net/adopt.c:897):
      // an #if inside the argument list of bind() makes the bind invisible.
      name: 'real-world: #ifdef inside the argument list of bind()',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET open_service(const struct sockaddr *where, int where_len) {
    SOCKET s = socket(where->sa_family, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET)
        return INVALID_SOCKET;
    if (bind(s, where,
#ifdef ONLY_IPV4
             (int)sizeof(struct sockaddr_in)
#else
             where_len
#endif
             ) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    if (listen(s, SOMAXCONN) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}
`,
      errors: [
        {
          messageId: 'missing',
          text: `bind(s, where,
#ifdef ONLY_IPV4
             (int)sizeof(struct sockaddr_in)
#else
             where_len
#endif
             )`,
        },
      ],
      output: null,
    },
    {
      // libcoap src/coap_tcp.c:219-223 (and coap_io.c:125-129): the head of an if statement is
      // written once per #ifdef _WIN32 / #else arm and the arms share one "{ ... }" body. The parser
      // nests the rest of the function inside the arms, and nothing after it is analysed as Windows code.
      name: 'real-world: if head split across #ifdef _WIN32 / #else arms with a shared body',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int note_failure(const char *what);

SOCKET open_service(const struct sockaddr *where, int where_len) {
    u_long nonblocking = 1;
    SOCKET s = socket(where->sa_family, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET)
        return INVALID_SOCKET;
#ifdef _WIN32
    if (ioctlsocket(s, FIONBIO, &nonblocking) == SOCKET_ERROR) {
#else
    if (ioctl(s, FIONBIO, &nonblocking) == -1) {
#endif
        note_failure("FIONBIO");
    }
    if (bind(s, where, where_len) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    if (listen(s, SOMAXCONN) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}
`,
      errors: [{ messageId: 'missing', text: 'bind(s, where, where_len)' }],
      safe: false,
      output:
        WIN +
        `int note_failure(const char *what);

SOCKET open_service(const struct sockaddr *where, int where_len) {
    u_long nonblocking = 1;
    SOCKET s = socket(where->sa_family, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET)
        return INVALID_SOCKET;
#ifdef _WIN32
    if (ioctlsocket(s, FIONBIO, &nonblocking) == SOCKET_ERROR) {
#else
    if (ioctl(s, FIONBIO, &nonblocking) == -1) {
#endif
        note_failure("FIONBIO");
    }
    BOOL exclusive = TRUE;
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    if (bind(s, where, where_len) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    if (listen(s, SOMAXCONN) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}
`,
    },
    {
      // Found while reducing FreeRDP listener.c: a zeroed sockaddr_storage whose port is set through
      // a sockaddr_in pointer to it is read as "port 0" (the memset), so the service is not reported.
      name: 'real-world: port set through a sockaddr_in pointer into a zeroed sockaddr_storage',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `#include <string.h>

int serve_on(unsigned short port, SOCKET *out) {
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof(ss));
    struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET)
        return -1;
    if (bind(s, (struct sockaddr *)&ss, sizeof(struct sockaddr_in)) == SOCKET_ERROR) {
        closesocket(s);
        return -1;
    }
    if (listen(s, SOMAXCONN) == SOCKET_ERROR) {
        closesocket(s);
        return -1;
    }
    *out = s;
    return 0;
}
`,
      errors: [{ messageId: 'missing', text: 'bind(s, (struct sockaddr *)&ss, sizeof(struct sockaddr_in))' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

#include <string.h>

int serve_on(unsigned short port, SOCKET *out) {
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof(ss));
    struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET)
        return -1;
    BOOL exclusive = TRUE;
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        closesocket(s);
        return -1;
    }
    if (bind(s, (struct sockaddr *)&ss, sizeof(struct sockaddr_in)) == SOCKET_ERROR) {
        closesocket(s);
        return -1;
    }
    if (listen(s, SOMAXCONN) == SOCKET_ERROR) {
        closesocket(s);
        return -1;
    }
    *out = s;
    return 0;
}
`,
    },
    {
      // SDL_net src/SDL_net.c:1770-1772: SO_REUSEADDR is set from a property (default true), so its
      // value is unknown. reuseaddr-port-hijack needs a known true value, and missing-exclusiveaddruse
      // now stands back for any SO_REUSEADDR: the listener is reported by neither rule.
      name: 'real-world: SO_REUSEADDR with a computed value on a listener: still needs SO_EXCLUSIVEADDRUSE',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `#include <string.h>

SOCKET open_service(unsigned short port, int allow_sharing) {
    int reuse = allow_sharing ? 1 : 0;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET)
        return INVALID_SOCKET;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&reuse, sizeof(reuse));
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
`,
      errors: [{ messageId: 'missing', text: 'bind(s, (struct sockaddr *)&addr, sizeof(addr))' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

#include <string.h>

SOCKET open_service(unsigned short port, int allow_sharing) {
    int reuse = allow_sharing ? 1 : 0;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET)
        return INVALID_SOCKET;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&reuse, sizeof(reuse));
    BOOL exclusive = TRUE;
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
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
`,
    },
    {
      // ZeroTierOne osdep/Phy.hpp:408 (udpBind): the validity test is a per-platform macro.
      name: 'real-world: UDP service socket checked through a validity macro, SO_REUSEADDR set to FALSE',
      lang: 'cpp',
      compile: 'mingw',
      code: PHY_PROGRAM,
      errors: [{ messageId: 'missing', text: '::bind(s, local, len)' }],
      safe: false,
      output: PHY_PROGRAM.replace(
        '#endif\n    if (::bind(s, local, len) != 0) {',
        '#endif\n#ifdef SO_EXCLUSIVEADDRUSE\n    BOOL exclusive = TRUE;\n    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {\n        SOCK_CLOSE(s);\n        return (SOCK_T)-1;\n    }\n#endif\n    if (::bind(s, local, len) != 0) {',
      ),
    },
    {
      // ZeroTierOne attic/historic/anode/libanode/system_transport.c:385 (stream_listen): one case per
      // address family; the IPv6 case holds an #ifdef IPV6_V6ONLY block.
      name: 'real-world: listeners in switch cases, one of which holds an #ifdef block',
      lang: 'c',
      compile: 'mingw',
      code: SWITCH_PROGRAM,
      errors: [
        { messageId: 'missing', text: 'bind(fd, (const struct sockaddr *)&a4, sizeof(a4))' },
        { messageId: 'missing', text: 'bind(fd, (const struct sockaddr *)&a6, sizeof(a6))' },
      ],
      output: null,
    },
    {
      // teeworlds src/base/system.c:1484 (priv_net_create_socket): socket(domain, type, 0) with the type
      // from the caller; net_udp_create passes SOCK_DGRAM and a fixed port.
      name: 'real-world: a same-file helper binds a socket whose type the caller passes as SOCK_DGRAM',
      todo: 'the socket type passed by the caller is not decided through the helper summary (RULES: values from a parameter are decided at the call sites)',
      lang: 'c',
      compile: 'mingw',
      code: `#include <winsock2.h>
#include <ws2tcpip.h>
#include <string.h>

/* Creates and binds a socket of the caller's type. */
static SOCKET create_bound(int type, struct sockaddr *addr, int len) {
    SOCKET s = socket(addr->sa_family, type, 0);
    if (s == INVALID_SOCKET)
        return INVALID_SOCKET;
    if (bind(s, addr, len) != 0) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}

/* The game server's UDP port. */
SOCKET open_game_port(unsigned short port) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    return create_bound(SOCK_DGRAM, (struct sockaddr *)&a, sizeof(a));
}
`,
      errors: [{ messageId: 'missing', text: 'bind(s, addr, len)' }],
    },
    {
      // libmicrohttpd src/microhttpd/daemon.c:8425 and src/testcurl/test_add_conn.c:284: SO_REUSEADDR only
      // under the project macro MHD_POSIX_SOCKETS (not Windows); the Windows path binds with no option.
      // In the project the macro comes from a header (mhd_sockets.h); here it is defined in the file.
      name: 'real-world: SO_REUSEADDR only under a project macro defined for POSIX: the Windows bind needs SO_EXCLUSIVEADDRUSE',
      lang: 'c',
      compile: 'mingw',
      code: POSIX_ONLY_REUSEADDR,
      errors: [{ messageId: 'missing', text: 'bind(s, (struct sockaddr *)&sin, sizeof(sin))' }],
      safe: false,
      output: `#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <string.h>
#define POSIX_SOCKETS 1
typedef int SOCKET;
#define INVALID_SOCKET (-1)
#endif

/* The traditional SO_REUSEADDR is for POSIX only: on Windows it would let others share the port. */
SOCKET open_listener(unsigned short port) {
    SOCKET s = socket(PF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in sin;
    if (s == INVALID_SOCKET)
        return INVALID_SOCKET;
#ifdef POSIX_SOCKETS
    int on = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (void *)&on, sizeof(on));
#endif
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
#ifdef SO_EXCLUSIVEADDRUSE
    BOOL exclusive = TRUE;
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        return INVALID_SOCKET;
    }
#endif
    if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) != 0)
        return INVALID_SOCKET;
    if (listen(s, SOMAXCONN) != 0)
        return INVALID_SOCKET;
    return s;
}
`,
    },
    {
      // simple-web-server server_http.hpp:355 (platform forced to Windows; here the file says _WIN32_WINNT):
      // reuse_address from the configuration, no exclusive option before the acceptor binds.
      name: 'real-world: asio acceptor bound with reuse_address taken from the configuration',
      lang: 'cpp',
      code: `#define _WIN32_WINNT 0x0601
#include <asio.hpp>

struct Config {
    unsigned short port = 8080;
    bool reuse_address = true;
};

/* Reuse comes from the configuration; exclusive use is never asked for. */
unsigned short bind_and_listen(asio::ip::tcp::acceptor &acceptor, const Config &config) {
    asio::ip::tcp::endpoint endpoint(asio::ip::tcp::v4(), config.port);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(config.reuse_address));
    acceptor.bind(endpoint);
    acceptor.listen();
    return acceptor.local_endpoint().port();
}
`,
      errors: [{ messageId: 'missing', text: 'acceptor.bind(endpoint)' }],
      safe: false,
      output: `#define _WIN32_WINNT 0x0601
#include <asio.hpp>

struct Config {
    unsigned short port = 8080;
    bool reuse_address = true;
};

/* Reuse comes from the configuration; exclusive use is never asked for. */
unsigned short bind_and_listen(asio::ip::tcp::acceptor &acceptor, const Config &config) {
    asio::ip::tcp::endpoint endpoint(asio::ip::tcp::v4(), config.port);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(config.reuse_address));
    acceptor.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_EXCLUSIVEADDRUSE>(true));
    acceptor.bind(endpoint);
    acceptor.listen();
    return acceptor.local_endpoint().port();
}
`,
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// reuseaddr-port-hijack

ruleTester('reuseaddr-port-hijack', {
  valid: [
    {
      // Survey 2: tinc src/multicast_device.c:84. The socket joins its multicast group after the bind,
      // inside a switch whose case labels are wrapped in #ifdef IP_ADD_MEMBERSHIP; the join is not seen.
      name: 'real-world: multicast join in a switch case wrapped in #ifdef after the bind',
      lang: 'c',
      compile: 'mingw',
      code: `#include <winsock2.h>
#include <ws2tcpip.h>
#include <string.h>

/* A multicast receiver: the group is joined per address family once the socket is bound. */
SOCKET join_group(const struct addrinfo *ai) {
    static const int one = 1;
    SOCKET fd = socket(ai->ai_family, SOCK_DGRAM, IPPROTO_UDP);
    if (fd == INVALID_SOCKET)
        return INVALID_SOCKET;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, (const char *)&one, sizeof(one));
    if (bind(fd, ai->ai_addr, (int)ai->ai_addrlen) != 0) {
        closesocket(fd);
        return INVALID_SOCKET;
    }
    switch (ai->ai_family) {
#ifdef IP_ADD_MEMBERSHIP
    case AF_INET: {
        struct ip_mreq mreq;
        struct sockaddr_in in;
        memcpy(&in, ai->ai_addr, sizeof(in));
        mreq.imr_multiaddr.s_addr = in.sin_addr.s_addr;
        mreq.imr_interface.s_addr = htonl(INADDR_ANY);
        if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, (const char *)&mreq, sizeof(mreq)) != 0) {
            closesocket(fd);
            return INVALID_SOCKET;
        }
        break;
    }
#endif
    default:
        closesocket(fd);
        return INVALID_SOCKET;
    }
    return fd;
}
`,
    },
    {
      // libmicrohttpd (see the missing-exclusiveaddruse case): the SO_REUSEADDR is in a POSIX-only arm.
      name: 'real-world: SO_REUSEADDR under a project macro defined only for POSIX is not Windows code',
      lang: 'c',
      compile: 'mingw',
      code: POSIX_ONLY_REUSEADDR,
    },
    {
      // libzmq src/ip.cpp:408 (Windows signaler pair): the port is zmq::signaler_port, an enum constant
      // that config.hpp sets to 0 (the OS picks the port). In the project the enum is in that header;
      // here it is in the file.
      name: 'real-world: SO_REUSEADDR on a loopback listener whose port is an enum constant equal to 0',
      lang: 'cpp',
      compile: 'mingw',
      code: `#include <winsock2.h>
#include <string.h>

namespace cfg {
enum {
    //  0 lets the OS pick the port of the wake-up pair.
    wakeup_port = 0
};
}

SOCKET wakeup_listener() {
    SOCKET l = socket(AF_INET, SOCK_STREAM, 0);
    if (l == INVALID_SOCKET)
        return INVALID_SOCKET;
    BOOL on = 1;
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, (char *)&on, sizeof on);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(cfg::wakeup_port);
    if (bind(l, (struct sockaddr *)&addr, sizeof addr) == SOCKET_ERROR || listen(l, 1) == SOCKET_ERROR) {
        closesocket(l);
        return INVALID_SOCKET;
    }
    return l;
}
`,
    },
  ],
  invalid: [
    {
      // Survey 3, SoftEther NewUDP4: the first retry shares the busy port; SO_REUSEADDR is off again before the exclusive option.
      name: 'real-world: SO_REUSEADDR on a retry, switched off before SO_EXCLUSIVEADDRUSE on the next one',
      lang: 'c',
      compile: 'mingw',
      code: WIN + RETRY_PROGRAM,
      errors: [{ messageId: 'sharedPort', text: 'setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (char *)&on, sizeof(on))' }],
      safe: false,
      output: WIN + RETRY_PROGRAM.replace('SO_REUSEADDR, (char *)&on', 'SO_EXCLUSIVEADDRUSE, (char *)&on'),
    },
    {
      // Found while reducing libcoap src/coap_tcp.c: an unknown call in the POSIX-only #else arm
      // (ioctl) makes the Windows rule hold back, although that call never runs on Windows.
      name: 'real-world: an unknown call in the POSIX #else arm does not hide the Windows SO_REUSEADDR',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET open_service(const struct sockaddr *where, int where_len) {
    int on = 1;
    u_long nonblocking = 1;
    SOCKET s = socket(where->sa_family, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET)
        return INVALID_SOCKET;
#ifdef _WIN32
    ioctlsocket(s, FIONBIO, &nonblocking);
#else
    ioctl(s, FIONBIO, &on);
#endif
    if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    if (bind(s, where, where_len) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    if (listen(s, SOMAXCONN) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}
`,
      errors: [{ messageId: 'sharedPort', text: 'setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

SOCKET open_service(const struct sockaddr *where, int where_len) {
    int on = 1;
    u_long nonblocking = 1;
    SOCKET s = socket(where->sa_family, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET)
        return INVALID_SOCKET;
#ifdef _WIN32
    ioctlsocket(s, FIONBIO, &nonblocking);
#else
    ioctl(s, FIONBIO, &on);
#endif
    if (setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    if (bind(s, where, where_len) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    if (listen(s, SOMAXCONN) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}
`,
    },
    {
      // ZeroTierOne osdep/Phy.hpp:581 (tcpListen): the Windows TCP listener sets SO_REUSEADDR = TRUE.
      name: 'real-world: TCP listener checked through a validity macro sets SO_REUSEADDR on Windows',
      lang: 'cpp',
      compile: 'mingw',
      code: PHY_PROGRAM,
      errors: [{ messageId: 'sharedPort', text: '::setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))' }],
      safe: false,
      output: PHY_PROGRAM.replace('SO_REUSEADDR, (const char *)&on, sizeof(on));', 'SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));'),
    },
    {
      // ZeroTierOne attic/historic/anode/libanode/system_transport.c:292 and :312 (datagram_listen).
      name: 'real-world: UDP sockets with SO_REUSEADDR in switch cases, one of which holds an #ifdef block',
      lang: 'c',
      compile: 'mingw',
      code: SWITCH_PROGRAM,
      errors: [
        { messageId: 'sharedPort', text: 'setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))', occurrence: 1 },
        { messageId: 'sharedPort', text: 'setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on))', occurrence: 2 },
      ],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>
#include <string.h>

/* One listener per address family; the IPv6 case has an optional option in an #ifdef. */
SOCKET listen_family(int family, unsigned short port) {
    SOCKET fd;
    struct sockaddr_in a4;
    struct sockaddr_in6 a6;
    switch (family) {
    case AF_INET:
        fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd == INVALID_SOCKET)
            return INVALID_SOCKET;
        memset(&a4, 0, sizeof(a4));
        a4.sin_family = AF_INET;
        a4.sin_port = htons(port);
        if (bind(fd, (const struct sockaddr *)&a4, sizeof(a4)) == SOCKET_ERROR)
            return INVALID_SOCKET;
        break;
    case AF_INET6:
        fd = socket(AF_INET6, SOCK_STREAM, 0);
        if (fd == INVALID_SOCKET)
            return INVALID_SOCKET;
#ifdef IPV6_V6ONLY
        {
            DWORD only = 1;
            setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, (const char *)&only, sizeof(only));
        }
#endif
        memset(&a6, 0, sizeof(a6));
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons(port);
        if (bind(fd, (const struct sockaddr *)&a6, sizeof(a6)) == SOCKET_ERROR)
            return INVALID_SOCKET;
        break;
    default:
        return INVALID_SOCKET;
    }
    if (listen(fd, 8) == SOCKET_ERROR)
        return INVALID_SOCKET;
    return fd;
}

/* A UDP service port per address family, with SO_REUSEADDR in both cases. */
SOCKET udp_family(int family, unsigned short port) {
    SOCKET fd;
    BOOL on = TRUE;
    struct sockaddr_in a4;
    struct sockaddr_in6 a6;
    switch (family) {
    case AF_INET:
        fd = socket(AF_INET, SOCK_DGRAM, 0);
        if (fd == INVALID_SOCKET)
            return INVALID_SOCKET;
        setsockopt(fd, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
        memset(&a4, 0, sizeof(a4));
        a4.sin_family = AF_INET;
        a4.sin_port = htons(port);
        if (bind(fd, (const struct sockaddr *)&a4, sizeof(a4)) == SOCKET_ERROR)
            return INVALID_SOCKET;
        break;
    case AF_INET6:
        fd = socket(AF_INET6, SOCK_DGRAM, 0);
        if (fd == INVALID_SOCKET)
            return INVALID_SOCKET;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
#ifdef IPV6_V6ONLY
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, (const char *)&on, sizeof(on));
#endif
        memset(&a6, 0, sizeof(a6));
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons(port);
        if (bind(fd, (const struct sockaddr *)&a6, sizeof(a6)) == SOCKET_ERROR)
            return INVALID_SOCKET;
        break;
    default:
        return INVALID_SOCKET;
    }
    return fd;
}
`,
    },
    {
      // cpprestsdk Release/src/http/listener/http_server_asio.cpp:531 (platform forced to Windows; here
      // the file says _WIN32_WINNT).
      name: 'real-world: asio acceptor with set_option(reuse_address(true)) in a Windows program',
      lang: 'cpp',
      code: `#define _WIN32_WINNT 0x0601
#include <asio.hpp>

/* An HTTP listener on Windows: the acceptor asks for address reuse before it binds. */
void start_listener(asio::io_context &io, asio::ip::tcp::acceptor &acceptor, unsigned short port) {
    asio::ip::tcp::endpoint endpoint(asio::ip::tcp::v4(), port);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen();
    (void)io;
}
`,
      errors: [{ messageId: 'sharedPort', text: 'acceptor.set_option(asio::socket_base::reuse_address(true))' }],
      safe: false,
      output: `#define _WIN32_WINNT 0x0601
#include <asio.hpp>

/* An HTTP listener on Windows: the acceptor asks for address reuse before it binds. */
void start_listener(asio::io_context &io, asio::ip::tcp::acceptor &acceptor, unsigned short port) {
    asio::ip::tcp::endpoint endpoint(asio::ip::tcp::v4(), port);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_EXCLUSIVEADDRUSE>(true));
    acceptor.bind(endpoint);
    acceptor.listen();
    (void)io;
}
`,
    },
    {
      // mangos-classic src/shared/Network/AsyncListener.hpp:37 (platform forced to Windows): the acceptor
      // is built from an endpoint, which sets reuse_address(true) before it binds. The anchor on the
      // constructor arguments is an assumption.
      name: 'real-world: asio acceptor constructed from an endpoint in a Windows program',
      lang: 'cpp',
      code: `#define _WIN32_WINNT 0x0601
#include <asio.hpp>

/* The endpoint constructor opens, sets reuse_address(true) by default, binds and listens. */
void serve(asio::io_context &io, unsigned short port) {
    asio::ip::tcp::acceptor acceptor(io, asio::ip::tcp::endpoint(asio::ip::tcp::v4(), port));
    asio::ip::tcp::socket peer(io);
    acceptor.accept(peer);
}
`,
      errors: [{ messageId: 'acceptorConstructor', text: 'acceptor(io, asio::ip::tcp::endpoint(asio::ip::tcp::v4(), port))' }],
      safe: false,
      output: `#define _WIN32_WINNT 0x0601
#include <asio.hpp>

/* The endpoint constructor opens, sets reuse_address(true) by default, binds and listens. */
void serve(asio::io_context &io, unsigned short port) {
    asio::ip::tcp::acceptor acceptor([&] {
            asio::ip::tcp::acceptor a(io);
            const auto endpoint = asio::ip::tcp::endpoint(asio::ip::tcp::v4(), port);
            a.open(endpoint.protocol());
            a.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_EXCLUSIVEADDRUSE>(true));
            a.bind(endpoint);
            a.listen();
            return a;
        }());
    asio::ip::tcp::socket peer(io);
    acceptor.accept(peer);
}
`,
    },
    {
      // Survey 2: i2pd libi2pd/NTCP2.cpp:1524 and libi2pd_client/I2PService.h:225 (platform forced to
      // Windows; here the file says _WIN32_WINNT): the acceptor is created with reset(new acceptor(io, ep)),
      // whose constructor sets reuse_address(true) before it binds. The anchor is an assumption.
      name: 'real-world: asio acceptor created with reset(new acceptor(io, endpoint)) in a Windows program',
      lang: 'cpp',
      code: `#define _WIN32_WINNT 0x0601
#include <asio.hpp>
#include <memory>

class Transport {
public:
    explicit Transport(asio::io_context &io) : m_io(io) {}

    /* The endpoint constructor opens, sets reuse_address(true) by default, binds and listens. */
    void start(unsigned short port) {
        asio::ip::tcp::endpoint ep(asio::ip::tcp::v4(), port);
        m_acceptor.reset(new asio::ip::tcp::acceptor(m_io, ep));
    }

private:
    asio::io_context &m_io;
    std::unique_ptr<asio::ip::tcp::acceptor> m_acceptor;
};
`,
      errors: [{ messageId: 'acceptorConstructor', text: 'new asio::ip::tcp::acceptor(m_io, ep)' }],
      safe: false,
      output: `#define _WIN32_WINNT 0x0601
#include <asio.hpp>
#include <memory>

class Transport {
public:
    explicit Transport(asio::io_context &io) : m_io(io) {}

    /* The endpoint constructor opens, sets reuse_address(true) by default, binds and listens. */
    void start(unsigned short port) {
        asio::ip::tcp::endpoint ep(asio::ip::tcp::v4(), port);
        m_acceptor.reset(new asio::ip::tcp::acceptor([&] {
                asio::ip::tcp::acceptor a(m_io);
                const auto endpoint = ep;
                a.open(endpoint.protocol());
                a.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_EXCLUSIVEADDRUSE>(true));
                a.bind(endpoint);
                a.listen();
                return a;
            }()));
    }

private:
    asio::io_context &m_io;
    std::unique_ptr<asio::ip::tcp::acceptor> m_acceptor;
};
`,
    },
    {
      // Survey 2: i2pd daemon/I2PControl.cpp:38 (platform forced to Windows; here the file says
      // _WIN32_WINNT): std::make_unique<acceptor>(io, endpoint) runs the same constructor. The anchor is an
      // assumption.
      name: 'real-world: asio acceptor created with std::make_unique from an endpoint in a Windows program',
      lang: 'cpp',
      code: `#define _WIN32_WINNT 0x0601
#include <asio.hpp>
#include <memory>

class ControlService {
public:
    /* The endpoint constructor opens, sets reuse_address(true) by default, binds and listens. */
    ControlService(asio::io_context &io, unsigned short port) {
        m_acceptor = std::make_unique<asio::ip::tcp::acceptor>(io, asio::ip::tcp::endpoint(asio::ip::tcp::v4(), port));
    }

private:
    std::unique_ptr<asio::ip::tcp::acceptor> m_acceptor;
};
`,
      errors: [{ messageId: 'acceptorConstructor', text: 'std::make_unique<asio::ip::tcp::acceptor>(io, asio::ip::tcp::endpoint(asio::ip::tcp::v4(), port))' }],
      safe: false,
      output: `#define _WIN32_WINNT 0x0601
#include <asio.hpp>
#include <memory>

class ControlService {
public:
    /* The endpoint constructor opens, sets reuse_address(true) by default, binds and listens. */
    ControlService(asio::io_context &io, unsigned short port) {
        m_acceptor = std::make_unique<asio::ip::tcp::acceptor>([&] {
                asio::ip::tcp::acceptor a(io);
                const auto endpoint = asio::ip::tcp::endpoint(asio::ip::tcp::v4(), port);
                a.open(endpoint.protocol());
                a.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_EXCLUSIVEADDRUSE>(true));
                a.bind(endpoint);
                a.listen();
                return a;
            }());
    }

private:
    std::unique_ptr<asio::ip::tcp::acceptor> m_acceptor;
};
`,
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// close-without-shutdown (and analysis failures, which hide every rule)

ruleTester('close-without-shutdown', {
  valid: [
    {
      // Survey 6: libpcap sockutils.c:706. The loop breaks on a successful connect; 'i == n' is reached only when
      // every connect failed.
      name: 'real-world: close after a connect loop ran out, the loop breaking on success',
      todo: 'the loop counter tested after the loop is not tied to the break that a successful connect takes',
      lang: 'c',
      compile: 'mingw',
      code: `#include <winsock2.h>
#include <ws2tcpip.h>

/* Tries each address; the loop breaks on the first connect that succeeds. */
SOCKET connect_any(const struct addrinfo *list[], int n) {
    SOCKET sock = INVALID_SOCKET;
    int i;
    for (i = 0; i < n; i++) {
        if (sock == INVALID_SOCKET) {
            sock = socket(list[i]->ai_family, SOCK_STREAM, IPPROTO_TCP);
            if (sock == INVALID_SOCKET)
                return INVALID_SOCKET;
        }
        if (connect(sock, list[i]->ai_addr, (int)list[i]->ai_addrlen) == 0)
            break;
    }
    if (i == n) {
        /* Every connect failed: the socket never connected. */
        closesocket(sock);
        return INVALID_SOCKET;
    }
    return sock;
}
`,
    },
    {
      // Survey 2: basic-ftp src/transfer.ts:118, again: the connect callback upgrades the socket to TLS
      // by assigning the variable, which must not make the 'timeout' handler's socket a fresh connection.
      name: "real-world: a named 'timeout' handler, and a connect callback that reassigns the socket to its TLS upgrade",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';
import { connect as connectTLS } from 'node:tls';

export function openDataConnection(host: string, port: number, secure: boolean): Promise<net.Socket> {
  return new Promise<net.Socket>((resolve, reject) => {
    let socket: net.Socket = net.connect({ port, host });
    const onTimeout = function () {
      socket.destroy();
      reject(new Error('timeout'));
    };
    socket.on('timeout', onTimeout);
    socket.once('connect', () => {
      if (secure) socket = connectTLS({ socket });
      socket.removeListener('timeout', onTimeout);
      resolve(socket);
    });
  });
}
`,
    },
    {
      // Survey 3: mysqljs/mysql tool/free-port.js:12. A connect timeout: the 'connect' listener clears
      // the timer, so its callback only runs on a socket that never connected.
      name: "real-world: a connect-timeout timer that the 'connect' listener clears destroys the socket",
      lang: 'js',
      compile: 'node',
      code: `'use strict';
const net = require('net');

function probe(port, cb) {
  const socket = net.createConnection(port, 'localhost');
  const timer = setTimeout(() => {
    socket.destroy();
    cb(false);
  }, 1000);
  socket.on('connect', () => {
    clearTimeout(timer);
    socket.end();
    cb(true);
  });
  socket.on('error', () => {
    clearTimeout(timer);
    cb(false);
  });
}
module.exports = probe;
`,
    },
    {
      // Survey 3: miniupnp miniupnpc/src/connecthostport.c:228. The connect result is tested after a retry
      // loop only POSIX builds compile; in the Windows build the test still reads connect's result.
      name: "real-world: a failed connect's result tested after a POSIX-only retry loop",
      lang: 'c',
      compile: 'mingw',
      code: `#ifdef _WIN32
#include <winsock2.h>
#else
#include <sys/socket.h>
#include <errno.h>
#define closesocket close
#define IGNORE_EINTR
#endif

SOCKET dial(struct sockaddr_in dest) {
    int n;
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    if (s == INVALID_SOCKET)
        return INVALID_SOCKET;
    n = connect(s, (struct sockaddr *)&dest, sizeof(struct sockaddr_in));
#ifdef IGNORE_EINTR
    while (n < 0 && errno == EINTR)
        n = connect(s, (struct sockaddr *)&dest, sizeof(struct sockaddr_in));
#endif
    if (n < 0) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}
`,
    },
    {
      // Survey 3: SoftEther src/Mayaqua/Network.c:14027. The helper connects; when it reports failure the
      // socket never connected, so closing it needs no graceful shutdown.
      name: 'real-world: closed when a same-file connect helper reports failure',
      lang: 'c',
      compile: 'mingw',
      code: `#include <winsock2.h>

/* Returns 0 only when the connection was made. */
static int connect_timeout(SOCKET s, struct sockaddr *addr, int size) {
    if (connect(s, addr, size) == SOCKET_ERROR)
        return -1;
    return 0;
}

SOCKET dial(struct sockaddr_in *a) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    if (s == INVALID_SOCKET)
        return INVALID_SOCKET;
    if (connect_timeout(s, (struct sockaddr *)a, sizeof(*a)) != 0) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}
`,
    },
    {
      // Survey 3: nodemailer test/http-proxy (a CONNECT proxy). Each side's 'error' listener destroys the
      // other side: the exchange has failed, so tearing down both is cleanup. The client side comes from
      // an HTTP server's 'connect' listener, which socklint does not type; its listener still counts.
      name: "real-world: a proxy's 'error' listener destroys the other side",
      lang: 'js',
      compile: 'node',
      code: `'use strict';
const http = require('http');
const net = require('net');

const proxy = http.createServer();
proxy.on('connect', (req, clientSocket) => {
  const serverSocket = net.connect(443, 'example.com', () => {
    clientSocket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    serverSocket.pipe(clientSocket);
    clientSocket.pipe(serverSocket);
  });
  serverSocket.on('error', () => clientSocket.destroy());
  clientSocket.on('error', () => serverSocket.destroy());
});
proxy.listen(8080);
`,
    },
    {
      // Survey 3: mysqljs/node-imap lib/Connection.js. The 'timeout' listener is a function kept in a property.
      name: "real-world: a 'timeout' listener kept in a property destroys the socket",
      lang: 'js',
      compile: 'node',
      code: `'use strict';
const net = require('net');

function Conn() {}
Conn.prototype.connect = function (port, host) {
  const socket = net.connect(port, host);
  this._onSocketTimeout = function () {
    socket.destroy();
  };
  socket.on('timeout', this._onSocketTimeout);
  socket.setTimeout(30000);
};
module.exports = Conn;
`,
    },
    {
      // Survey 2: basic-ftp src/transfer.ts:118 (connectForPassiveTransfer). A function expression stored
      // in a const is registered with on('timeout', ...). In the project the socket comes from a factory
      // method and is known through the type checker; here net.connect() makes it visible to the
      // syntactic pass that these tests run.
      name: "real-world: a named 'timeout' handler (function expression in a const) destroys the socket",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

/** Opens a data connection; a named 'timeout' handler gives up on it. */
export function openDataConnection(host: string, port: number, ms: number): Promise<net.Socket> {
  return new Promise<net.Socket>((resolve, reject) => {
    const socket = net.connect({ port, host, timeout: ms });
    const onTimeout = function () {
      socket.destroy();
      reject(new Error(\`timeout connecting to \${host}:\${port}\`));
    };
    socket.on('error', reject);
    socket.on('timeout', onTimeout);
    socket.once('connect', () => {
      socket.setTimeout(0);
      resolve(socket);
    });
  });
}
`,
    },
    {
      // Survey 2: ssh2 lib/agent.js:70 (OpenSSHAgent.getStream). A hoisted function declaration is
      // registered for 'close', 'end' and 'error' in one chain of on() calls.
      name: "real-world: a hoisted failure handler registered for 'close', 'end' and 'error' in one chain",
      lang: 'js',
      compile: 'node',
      code: `'use strict';
const { Socket } = require('net');

/** Connects to a local agent; one named failure handler serves 'close', 'end' and 'error'. */
function openAgent(path, cb) {
  let done = false;
  const sock = new Socket();
  sock.on('connect', () => {
    if (!done) {
      done = true;
      cb(null, sock);
    }
  });
  sock.on('close', onFail)
      .on('end', onFail)
      .on('error', onFail);
  sock.connect(path);

  function onFail() {
    sock.destroy();
    if (!done) {
      done = true;
      cb(new Error('agent connection failed'));
    }
  }
}

module.exports = openAgent;
`,
    },
    {
      // FreeRDP libfreerdp/core/test/TestFuzzServerSeedGen.c:467: the accepted socket is copied into
      // a struct that relay threads receive; the threads shut it down. The handle went to unknown code.
      name: 'real-world: accepted socket handed to relay threads inside a struct, which shut it down',
      lang: 'c',
      compile: 'gcc',
      code: `#include <sys/socket.h>
#include <netinet/in.h>
#include <pthread.h>
#include <unistd.h>

struct pump_args {
    int from;
    int to;
};

/* Copies one direction, then half-closes the destination. */
static void *pump(void *arg) {
    struct pump_args *p = arg;
    char buf[512];
    ssize_t n;
    while ((n = recv(p->from, buf, sizeof(buf), 0)) > 0)
        send(p->to, buf, (size_t)n, 0);
    shutdown(p->to, SHUT_WR);
    return NULL;
}

int relay_once(int listener, int backend) {
    int client = accept(listener, NULL, NULL);
    if (client < 0)
        return -1;
    struct pump_args up = { client, backend };
    struct pump_args down = { backend, client };
    pthread_t t1, t2;
    pthread_create(&t1, NULL, pump, &up);
    pthread_create(&t2, NULL, pump, &down);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    close(client);
    return 0;
}
`,
    },
    {
      // POCO Net/include/Poco/Net/SocketAddress.h (read as C++): an inline operator== calls
      // toString(). A callee named like an Object.prototype member crashed the analysis of the file.
      name: 'real-world: a call to a function named toString (C++) does not break the analysis',
      lang: 'cpp',
      compile: 'gcc',
      code: `#include <string>

class PeerName {
public:
    std::string toString() const;
    bool operator==(const PeerName &other) const { return toString() == other.toString(); }
};
`,
    },
    {
      name: 'real-world: a call to a declared C function named constructor does not break the analysis',
      lang: 'c',
      compile: 'gcc',
      code: `int constructor(int kind);

int make_default(void) {
    return constructor(0);
}
`,
    },
    {
      // node-mysql2 lib/base/connection.js:248 (_handleTimeoutError): the connect timer is cleared on
      // 'connect', so the method only destroys a socket that never connected.
      name: 'real-world: a connect-timeout method destroys a socket that never connected',
      lang: 'js',
      compile: 'node',
      code: `'use strict';
const net = require('net');

class Conn {
  constructor(port, host, ms) {
    this.stream = net.connect(port, host);
    this.connectTimer = setTimeout(this.onConnectTimeout.bind(this), ms);
    this.stream.once('connect', () => {
      clearTimeout(this.connectTimer);
      this.connectTimer = null;
    });
  }

  // Only ever runs while the connection attempt is still pending.
  onConnectTimeout() {
    this.connectTimer = null;
    this.stream.destroy();
    this.emitError(new Error('connect ETIMEDOUT'));
  }

  emitError(err) {
    console.error(err.message);
  }
}

module.exports = Conn;
`,
    },
    {
      // tedious src/connector.ts:98 (onAbort): removed on 'connect', so it only runs before the connection.
      name: "real-world: an abort handler that runs only before 'connect'",
      todo: "an abort handler removed on 'connect' runs only before the socket connected; not seen",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

/** Connects, or gives up when the caller aborts first: the abort can only run before 'connect'. */
export function connectOnce(port: number, host: string, signal: AbortSignal): Promise<net.Socket> {
  return new Promise<net.Socket>((resolve, reject) => {
    const socket = net.connect({ port, host });

    const onAbort = () => {
      socket.removeListener('connect', onConnect);
      socket.destroy();
      reject(new Error('aborted'));
    };

    const onConnect = () => {
      signal.removeEventListener('abort', onAbort);
      resolve(socket);
    };

    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', onConnect);
  });
}
`,
    },
    {
      // tedious src/connector.ts:109 (onError): registered with socket.on('error', onError).
      name: "real-world: a named 'error' handler registered with socket.on('error', onError)",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

/** The 'error' handler is a named function registered with on('error', ...). */
export function connectOrFail(port: number, host: string): Promise<net.Socket> {
  return new Promise<net.Socket>((resolve, reject) => {
    const socket = net.connect({ port, host });

    const onError = (err: Error) => {
      socket.removeListener('connect', onConnect);
      socket.destroy();
      reject(err);
    };

    const onConnect = () => {
      socket.removeListener('error', onError);
      resolve(socket);
    };

    socket.on('error', onError);
    socket.on('connect', onConnect);
  });
}
`,
    },
    {
      // undici test/cache-interceptor/cache-tests-worker.mjs:138: destroyed in the same synchronous
      // stretch as net.connect(), before it can connect.
      name: 'real-world: destroy() right after net.connect() for an unsupported scheme',
      todo: 'destroy() in the synchronous stretch right after net.connect() is on a socket that never connected',
      lang: 'mjs',
      compile: 'node',
      code: `import net from 'node:net';

/** Probes a URL's port, but gives up at once on a scheme it cannot speak. */
export function probe(url) {
  const { protocol, hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port) || 80, hostname);
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    if (protocol !== 'http:' && protocol !== 'https:') {
      socket.destroy();
      resolve(false);
    }
  });
}
`,
    },
  ],
  invalid: [
    {
      // Survey 6: redsocks redsocks.c:1257 (and libhv hloop.c:1029 in survey 8): one path to the close meets only
      // known calls, another hands the socket to a function of another file first.
      name: 'real-world: a goto fail close reached both before and after the socket went to unknown code',
      todo: 'an escape on any path makes the rule hold back, even for the paths where nothing unknown saw the socket',
      lang: 'c',
      compile: 'gcc',
      code: `#include <sys/socket.h>
#include <unistd.h>

int hand_off(int fd); /* another file's */

/* The getsockname failure path reaches the close with nothing but known calls. */
void on_accept(int lfd) {
    struct sockaddr_storage me;
    socklen_t len = sizeof(me);
    int fd = accept(lfd, NULL, NULL);
    if (fd < 0)
        return;
    if (getsockname(fd, (struct sockaddr *)&me, &len) != 0)
        goto fail;
    if (hand_off(fd) != 0)
        goto fail;
    return;
fail:
    close(fd);
}
`,
      errors: [{ messageId: 'noShutdown', text: 'close(fd)' }],
    },
    {
      // Survey 5: node-red nodes/core/network/31-tcpin.js:402. The connection lives in a variable of the node's
      // constructor, made by a setup function and written and destroyed by the 'input' handler.
      name: 'real-world: a connection a nested setup function stores in an outer var, destroyed by a sibling handler',
      lang: 'js',
      compile: 'node',
      code: `'use strict';
const net = require('net');

module.exports = function start(node, port, host) {
  var client;
  var setup = function () {
    client = net.connect(port, host);
    client.on('error', function () {});
  };
  setup();

  node.on('input', function (payload) {
    client.write(payload);
    client.destroy();
  });
};
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'client.destroy()' }],
      safe: false,
      output: `'use strict';
const net = require('net');

module.exports = function start(node, port, host) {
  var client;
  var setup = function () {
    client = net.connect(port, host);
    client.on('error', function () {});
  };
  setup();

  node.on('input', function (payload) {
    client.write(payload);
    client.end();
  });
};
`,
    },
    {
      // The same timer when nothing clears it on connect: it may fire on a connected socket.
      name: 'real-world: a timer nobody clears on connect destroys the socket',
      lang: 'js',
      compile: 'node',
      code: `'use strict';
const net = require('net');

function probe(port, cb) {
  const socket = net.createConnection(port, 'localhost');
  const timer = setTimeout(() => {
    socket.destroy();
    cb(false);
  }, 1000);
  socket.on('connect', () => {
    socket.write('ping');
    cb(true);
  });
  socket.on('error', () => {
    clearTimeout(timer);
    cb(false);
  });
}
module.exports = probe;
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      safe: false,
      output: `'use strict';
const net = require('net');

function probe(port, cb) {
  const socket = net.createConnection(port, 'localhost');
  const timer = setTimeout(() => {
    socket.end();
    cb(false);
  }, 1000);
  socket.on('connect', () => {
    socket.write('ping');
    cb(true);
  });
  socket.on('error', () => {
    clearTimeout(timer);
    cb(false);
  });
}
module.exports = probe;
`,
    },
    {
      // Survey 3 rerun: nodemailer http-proxy-client.js:142 as written there: the factory is assigned on each branch.
      name: 'real-world: a socket factory assigned net.connect.bind(net) or tls.connect.bind(tls) on each branch',
      lang: 'js',
      compile: 'node',
      code: `'use strict';
const net = require('net');
const tls = require('tls');

function viaProxy(port, host, secure, cb) {
  let connect;
  if (secure) {
    connect = tls.connect.bind(tls);
  } else {
    connect = net.connect.bind(net);
  }
  const socket = connect(port, host, () => socket.write('CONNECT x:25 HTTP/1.1\\r\\n\\r\\n'));
  socket.once('data', (chunk) => {
    if (!chunk.toString().startsWith('HTTP/1.1 200')) {
      socket.destroy();
      return cb(new Error('proxy refused'));
    }
    cb(null, socket);
  });
}
module.exports = viaProxy;
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      safe: false,
      output: `'use strict';
const net = require('net');
const tls = require('tls');

function viaProxy(port, host, secure, cb) {
  let connect;
  if (secure) {
    connect = tls.connect.bind(tls);
  } else {
    connect = net.connect.bind(net);
  }
  const socket = connect(port, host, () => socket.write('CONNECT x:25 HTTP/1.1\\r\\n\\r\\n'));
  socket.once('data', (chunk) => {
    if (!chunk.toString().startsWith('HTTP/1.1 200')) {
      socket.end();
      return cb(new Error('proxy refused'));
    }
    cb(null, socket);
  });
}
module.exports = viaProxy;
`,
    },
    {
      // Survey 3 rerun: node-redis socket.ts:409 (#onSocketError). Methods that only 'error', 'close' and
      // 'timeout' listeners call are cleanup; the method that stops a healthy connection is not.
      name: 'real-world: methods run only by failure listeners destroy the socket; stop() does too',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';
export class Conn {
  #socket?: net.Socket;
  open(port: number): void {
    const socket = net.connect(port, 'localhost');
    this.#socket = socket;
    socket.once('error', (err) => this.#fail(err)).once('close', (hadError) => {
      if (hadError) return;
      this.#fail(new Error('closed'));
    });
    socket.on('timeout', this.onTimeout.bind(this));
  }
  #fail(err: Error): void {
    console.error(err);
    this.#socket?.destroy();
  }
  onTimeout(): void {
    this.#socket?.destroy();
  }
  stop(): void {
    this.#socket?.destroy();
  }
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'this.#socket?.destroy()', occurrence: 3 }],
      safe: false,
      output: `import * as net from 'node:net';
export class Conn {
  #socket?: net.Socket;
  open(port: number): void {
    const socket = net.connect(port, 'localhost');
    this.#socket = socket;
    socket.once('error', (err) => this.#fail(err)).once('close', (hadError) => {
      if (hadError) return;
      this.#fail(new Error('closed'));
    });
    socket.on('timeout', this.onTimeout.bind(this));
  }
  #fail(err: Error): void {
    console.error(err);
    this.#socket?.destroy();
  }
  onTimeout(): void {
    this.#socket?.destroy();
  }
  stop(): void {
    this.#socket?.end();
  }
}
`,
    },
    {
      // Survey 4: ftp-srv src/connector/passive.js:45. The listener is a const arrow of the enclosing function.
      name: 'real-world: a connection listener kept in a const inside a function, given to createServer by name',
      lang: 'js',
      compile: 'node',
      code: `'use strict';
const net = require('net');

function listenData(port, allowed) {
  const onConnection = (socket) => {
    if (socket.remoteAddress !== allowed) {
      socket.destroy();
      return;
    }
    socket.end('hello\\n');
  };
  return net.createServer(onConnection).listen(port);
}
module.exports = listenData;
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      safe: false,
      output: `'use strict';
const net = require('net');

function listenData(port, allowed) {
  const onConnection = (socket) => {
    if (socket.remoteAddress !== allowed) {
      socket.end();
      return;
    }
    socket.end('hello\\n');
  };
  return net.createServer(onConnection).listen(port);
}
module.exports = listenData;
`,
    },
    {
      // Survey 4: ftp-srv. The server comes from whichever module the caller picks.
      name: 'real-world: createServer on (secure ? tls : net)',
      lang: 'js',
      compile: 'node',
      code: `'use strict';
const net = require('net');
const tls = require('tls');

function listenData(port, secure, allowed) {
  return (secure ? tls : net)
    .createServer({}, (socket) => {
      if (socket.remoteAddress !== allowed) {
        socket.destroy();
        return;
      }
      socket.end('hello\\n');
    })
    .listen(port);
}
module.exports = listenData;
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      safe: false,
      output: `'use strict';
const net = require('net');
const tls = require('tls');

function listenData(port, secure, allowed) {
  return (secure ? tls : net)
    .createServer({}, (socket) => {
      if (socket.remoteAddress !== allowed) {
        socket.end();
        return;
      }
      socket.end('hello\\n');
    })
    .listen(port);
}
module.exports = listenData;
`,
    },
    {
      // Survey 3: nodemailer lib/smtp-connection/http-proxy-client.js:142. The socket factory is
      // net.connect or tls.connect bound to its module, under a local name.
      name: 'real-world: a socket made through net.connect.bind(net) under another name',
      lang: 'js',
      compile: 'node',
      code: `'use strict';
const net = require('net');
const tls = require('tls');

function viaProxy(port, host, secure, cb) {
  const connect = secure ? tls.connect.bind(tls) : net.connect.bind(net);
  const socket = connect(port, host, () => socket.write('CONNECT x:25 HTTP/1.1\\r\\n\\r\\n'));
  socket.once('data', (chunk) => {
    if (!chunk.toString().startsWith('HTTP/1.1 200')) {
      socket.destroy();
      return cb(new Error('proxy refused'));
    }
    cb(null, socket);
  });
}
module.exports = viaProxy;
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      safe: false,
      output: `'use strict';
const net = require('net');
const tls = require('tls');

function viaProxy(port, host, secure, cb) {
  const connect = secure ? tls.connect.bind(tls) : net.connect.bind(net);
  const socket = connect(port, host, () => socket.write('CONNECT x:25 HTTP/1.1\\r\\n\\r\\n'));
  socket.once('data', (chunk) => {
    if (!chunk.toString().startsWith('HTTP/1.1 200')) {
      socket.end();
      return cb(new Error('proxy refused'));
    }
    cb(null, socket);
  });
}
module.exports = viaProxy;
`,
    },
    {
      // Survey 3: node-redis packages/client/lib/client/socket.ts:485. A private field declared net.Socket,
      // filled by an async private factory, destroyed by another method.
      name: 'real-world: a private field typed net.Socket destroyed by a method',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';
import { once } from 'node:events';

export class Client {
  #socket?: net.Socket;

  async #createSocket(): Promise<net.Socket> {
    const socket = net.connect(6379, '127.0.0.1');
    await once(socket, 'connect');
    return socket;
  }

  async connect(): Promise<void> {
    this.#socket = await this.#createSocket();
  }

  destroySocket(): void {
    if (this.#socket) {
      this.#socket.destroy();
      this.#socket = undefined;
    }
  }
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'this.#socket.destroy()' }],
      safe: false,
      output: `import * as net from 'node:net';
import { once } from 'node:events';

export class Client {
  #socket?: net.Socket;

  async #createSocket(): Promise<net.Socket> {
    const socket = net.connect(6379, '127.0.0.1');
    await once(socket, 'connect');
    return socket;
  }

  async connect(): Promise<void> {
    this.#socket = await this.#createSocket();
  }

  destroySocket(): void {
    if (this.#socket) {
      this.#socket.end();
      this.#socket = undefined;
    }
  }
}
`,
    },
    {
      // The same helper reporting success: the socket is connected when it is closed.
      name: 'real-world: closed after a same-file connect helper reports success',
      lang: 'c',
      compile: 'mingw',
      code: `#include <winsock2.h>

/* Returns 0 only when the connection was made. */
static int connect_timeout(SOCKET s, struct sockaddr *addr, int size) {
    if (connect(s, addr, size) == SOCKET_ERROR)
        return -1;
    return 0;
}

void ping(struct sockaddr_in *a) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    if (s == INVALID_SOCKET)
        return;
    if (connect_timeout(s, (struct sockaddr *)a, sizeof(*a)) == 0) {
        send(s, "ping", 4, 0);
        closesocket(s);
    }
}
`,
      errors: [{ messageId: 'noShutdown', text: 'closesocket(s)' }],
      safe: false,
      output: `#include <winsock2.h>

/* Returns 0 only when the connection was made. */
static int connect_timeout(SOCKET s, struct sockaddr *addr, int size) {
    if (connect(s, addr, size) == SOCKET_ERROR)
        return -1;
    return 0;
}

void ping(struct sockaddr_in *a) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    if (s == INVALID_SOCKET)
        return;
    if (connect_timeout(s, (struct sockaddr *)a, sizeof(*a)) == 0) {
        send(s, "ping", 4, 0);
        shutdown(s, SD_SEND);
        char drain[512];
        while (recv(s, drain, sizeof drain, 0) > 0) {
        }
        closesocket(s);
    }
}
`,
    },
    {
      // Survey 3: node-redis packages/client/lib/client/socket.spec.ts. A typed array of connections is
      // iterated and each one destroyed (RULES.md: iterated collections of sockets are a source).
      name: 'real-world: each socket of a net.Socket[] destroyed in a for-of loop',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export function teardown(connections: net.Socket[]): void {
  for (const conn of connections) conn.destroy();
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'conn.destroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

export function teardown(connections: net.Socket[]): void {
  for (const conn of connections) conn.end();
}
`,
    },
    {
      // ZeroTierOne osdep/Phy.hpp:982 (poll): an accepted connection is closed when the socket table is
      // full; an earlier case of the switch holds an #if block (Phy.hpp also needs the validity macro).
      name: 'real-world: accepted socket closed in a switch case after a case holding an #if block',
      lang: 'cpp',
      compile: 'mingw',
      code: `#include <winsock2.h>

enum Kind { CONNECTING, LISTENING };

/* One step of a select() loop: a full table turns the new connection away. */
void on_readable(Kind kind, SOCKET s, SOCKET *slots, int used, int max, fd_set *except_set) {
    switch (kind) {
    case CONNECTING:
#if defined(_WIN32)
        FD_CLR(s, except_set);
#endif
        break;
    case LISTENING: {
        SOCKET c = ::accept(s, NULL, NULL);
        if (c == INVALID_SOCKET)
            break;
        if (used >= max)
            closesocket(c);
        else
            slots[used] = c;
        break;
    }
    }
}
`,
      errors: [{ messageId: 'noShutdown', text: 'closesocket(c)' }],
      output: null,
    },
    {
      // socket.io packages/engine.io/lib/server.ts:1068 (abortUpgrade): writes a 400 response, then destroys
      // the socket that the 'upgrade' listener passed through handleUpgrade().
      name: "real-world: an 'upgrade' socket refused by a helper that writes a response and destroys it",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as http from 'node:http';
import type { Duplex } from 'node:stream';

const CRLF = String.fromCharCode(13, 10);

/** Refuses an upgrade: the 400 response is still queued when the socket is destroyed. */
function refuseUpgrade(socket: Duplex, message: string): void {
  if (socket.writable) {
    socket.write('HTTP/1.1 400 Bad Request' + CRLF + 'Connection: close' + CRLF + 'Content-Length: ' + Buffer.byteLength(message) + CRLF + CRLF + message);
  }
  socket.destroy();
}

export function attach(server: http.Server, allowed: (req: http.IncomingMessage) => boolean): void {
  server.on('upgrade', (req, socket, head) => {
    if (!allowed(req)) {
      refuseUpgrade(socket, 'Bad request');
      return;
    }
    socket.unshift(head);
  });
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      // The helper may be called for sockets that did fail: its destroy() is not rewritten for one caller.
      output: null,
    },
    {
      // socket.io packages/engine.io/lib/server.ts:699 (WebSocketResponse.end): a class field typed Duplex
      // holds the 'upgrade' socket.
      name: "real-world: a class field typed Duplex holding the 'upgrade' socket is destroyed",
      todo: "a class field typed Duplex holding the 'upgrade' socket is not tracked (issue #10 item 8)",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as http from 'node:http';
import type { Duplex } from 'node:stream';

/** A response stand-in for upgrade requests: ending it drops the upgrade socket. */
class UpgradeResponse {
  constructor(private readonly socket: Duplex) {}

  end(): void {
    this.socket.destroy();
  }
}

export function attach(server: http.Server, check: (req: http.IncomingMessage, res: UpgradeResponse) => void): void {
  server.on('upgrade', (req, socket) => {
    check(req, new UpgradeResponse(socket));
  });
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'this.socket.destroy()' }],
    },
    {
      // Survey 2: basic-ftp src/FtpContext.ts:412 (_closeSocket, called by _closeControlSocket after
      // send("QUIT")): a same-file helper destroys the Socket it is given; the QUIT can be lost.
      name: 'real-world: a same-file helper destroys the Socket it is given after the caller queued a goodbye',
      lang: 'ts',
      compile: 'tsc',
      code: `import { Socket } from 'node:net';

export class ControlChannel {
  protected socket: Socket = new Socket();

  send(line: string): void {
    this.socket.write(line + '\\r\\n');
  }

  /** Says goodbye, then drops the connection through a helper: the goodbye may never leave. */
  quit(): void {
    this.send('QUIT');
    this.closeSocket(this.socket);
  }

  protected closeSocket(socket: Socket | undefined): void {
    if (socket) {
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.destroy();
    }
  }
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      output: null,
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// bind-result-unchecked

ruleTester('bind-result-unchecked', {
  valid: [],
  invalid: [
    {
      // redis (Windows port) src/Win32_Interop/win32_wsiocp.c:372, :390, :449, :460: the bind before
      // ConnectEx stores its result in a variable that the next statement overwrites.
      name: 'real-world: bind result stored and overwritten before it is read',
      todo: 'a bind result stored and overwritten before it is read counts as checked',
      lang: 'c',
      compile: 'mingw',
      code: `#include <winsock2.h>
#include <mswsock.h>
#include <string.h>

/* ConnectEx needs a bound socket; the bind's result is overwritten before anyone reads it. */
int start_connect(SOCKET fd, const struct sockaddr *to, int tolen, LPFN_CONNECTEX connect_ex, OVERLAPPED *ov) {
    struct sockaddr_in local;
    int result;
    memset(&local, 0, sizeof(local));
    local.sin_family = AF_INET;
    local.sin_port = 0;
    result = bind(fd, (struct sockaddr *)&local, sizeof(local));
    result = connect_ex(fd, to, tolen, NULL, 0, NULL, ov);
    if (!result && WSAGetLastError() != ERROR_IO_PENDING)
        return SOCKET_ERROR;
    return 0;
}
`,
      errors: [{ messageId: 'discarded', text: 'bind(fd, (struct sockaddr *)&local, sizeof(local))' }],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// setsockopt-after-bind

ruleTester('setsockopt-after-bind', {
  valid: [],
  invalid: [
    {
      // Survey 2: restbed src/corvusoft/restbed/detail/service_impl.cpp:133 and :229. The acceptor is
      // made by std::make_shared from an endpoint (so it is already bound), then reuse_address is set.
      name: 'real-world: reuse_address set on an acceptor that std::make_shared built from an endpoint',
      lang: 'cpp',
      code: `#include <asio.hpp>
#include <memory>

class Listener {
public:
    /* The endpoint constructor already bound the acceptor: the reuse option comes too late. */
    void start(asio::io_context &io, unsigned short port, bool reuse) {
        m_acceptor = std::make_shared<asio::ip::tcp::acceptor>(io, asio::ip::tcp::endpoint(asio::ip::tcp::v6(), port));
        m_acceptor->set_option(asio::socket_base::reuse_address(reuse));
        m_acceptor->listen();
    }

private:
    std::shared_ptr<asio::ip::tcp::acceptor> m_acceptor;
};
`,
      errors: [{ messageId: 'afterBind', text: 'm_acceptor->set_option(asio::socket_base::reuse_address(reuse))' }],
      safe: true,
      output: `#include <asio.hpp>
#include <memory>

class Listener {
public:
    /* The endpoint constructor already bound the acceptor: the reuse option comes too late. */
    void start(asio::io_context &io, unsigned short port, bool reuse) {
        m_acceptor->set_option(asio::socket_base::reuse_address(reuse));
        m_acceptor = std::make_shared<asio::ip::tcp::acceptor>(io, asio::ip::tcp::endpoint(asio::ip::tcp::v6(), port));
        m_acceptor->listen();
    }

private:
    std::shared_ptr<asio::ip::tcp::acceptor> m_acceptor;
};
`,
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// invalid-socket-compare

ruleTester('invalid-socket-compare', {
  valid: [],
  invalid: [
    {
      // Survey 2: 3proxy src/authradius.c:547. The comparison's left side is the assignment itself:
      // (sockfd = socket(...)) < 0 with sockfd declared SOCKET. The >= 0 tests on the same variable are found.
      name: 'real-world: (s = socket(...)) < 0 on a variable declared SOCKET',
      lang: 'c',
      compile: 'mingw',
      code: `#include <winsock2.h>

/* Opens a UDP socket; the creation check tests the assignment's value against 0. */
int open_udp(SOCKET *out) {
    SOCKET fd = INVALID_SOCKET;
    if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) < 0)
        return -1;
    *out = fd;
    return 0;
}
`,
      errors: [{ messageId: 'unsignedCompare', text: '(fd = socket(AF_INET, SOCK_DGRAM, 0)) < 0' }],
      // The fix keeps the assignment.
      safe: true,
      output: `#include <winsock2.h>

/* Opens a UDP socket; the creation check tests the assignment's value against 0. */
int open_udp(SOCKET *out) {
    SOCKET fd = INVALID_SOCKET;
    if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) == INVALID_SOCKET)
        return -1;
    *out = fd;
    return 0;
}
`,
    },
  ],
});
