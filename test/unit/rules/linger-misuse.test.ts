import { ruleTester } from '../ruleTester';
import { ASIO_WIN } from './programs';

const WIN = `#include <winsock2.h>
#include <ws2tcpip.h>

`;

const POSIX = `#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>
#include <string.h>

`;

ruleTester('linger-misuse', {
  valid: [
    {
      // vsomeip offer_test_external_sd_msg_sender.cpp: linger on a UDP socket has no connection to reset.
      name: 'asio: linger(true, 0) on a udp::socket',
      lang: 'cpp',
      compile: 'mingw',
      code:
        ASIO_WIN +
        `void send_offer(asio::io_context &io, const asio::ip::udp::endpoint &to) {
    asio::ip::udp::socket s(io);
    s.open(asio::ip::udp::v4());
    s.set_option(asio::socket_base::linger(true, 0));
    s.send_to(asio::buffer("offer", 5), to);
    s.close();
}
`,
    },
    {
      name: 'SO_LINGER {1, 0} on a datagram socket',
      lang: 'c',
      compile: 'mingw',
      code: `#include <winsock2.h>

void send_once(const struct sockaddr *to, int tolen) {
    struct linger lg = {1, 0};
    SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (s == INVALID_SOCKET) return;
    setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof lg);
    sendto(s, "x", 1, 0, to, tolen);
    closesocket(s);
}
`,
    },
    {
      name: 'l_onoff = 0 in an initialiser',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void normal_close(SOCKET s) {
    struct linger lg = {0, 0};
    setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg));
}
`,
    },
    {
      name: 'l_onoff = 0 by field assignment (a timeout alone does nothing)',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `void normal_close(int fd) {
    struct linger lg;
    lg.l_onoff = 0;
    lg.l_linger = 5;
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
}
`,
    },
    {
      name: 'l_onoff = 0 in a designated initialiser',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `void normal_close(int fd) {
    struct linger lg = { .l_onoff = 0, .l_linger = 10 };
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
}
`,
    },
    {
      name: 'memset to zero and only l_linger set',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `void normal_close(int fd) {
    struct linger lg;
    memset(&lg, 0, sizeof(lg));
    lg.l_linger = 10;
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
}
`,
    },
    {
      name: 'SO_DONTLINGER',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void normal_close(SOCKET s) {
    BOOL dont = TRUE;
    setsockopt(s, SOL_SOCKET, SO_DONTLINGER, (const char *)&dont, sizeof(dont));
    closesocket(s);
}
`,
    },
    {
      name: 'computed l_onoff (lg.l_onoff = flag)',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `void apply_linger(int fd, int flag, int seconds) {
    struct linger lg;
    lg.l_onoff = flag;
    lg.l_linger = seconds;
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
}
`,
    },
    {
      name: 'computed values in the initialiser',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `struct options { u_short linger_on; u_short linger_secs; };

void apply_linger(SOCKET s, const struct options *opts) {
    struct linger lg = {opts->linger_on, opts->linger_secs};
    setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg));
}
`,
    },
    {
      name: 'l_onoff switched back to 0 before the call',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void normal_close(SOCKET s) {
    struct linger lg = {1, 0};
    lg.l_onoff = 0;
    setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg));
}
`,
    },
    {
      name: 'the harmless one of two linger variables is passed',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void normal_close(SOCKET s) {
    struct linger hard = {1, 0}, soft = {0, 0};
    setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&soft, sizeof(soft));
    (void)hard;
}
`,
    },
    {
      name: 'getsockopt(SO_LINGER) only reads',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int lingers(SOCKET s) {
    struct linger lg = {1, 0};
    int len = sizeof(lg);
    getsockopt(s, SOL_SOCKET, SO_LINGER, (char *)&lg, &len);
    return lg.l_onoff;
}
`,
    },
    {
      name: 'C++ linger lg{0, 0}',
      lang: 'cpp',
      compile: 'gcc',
      code:
        POSIX +
        `void normal_close(int fd) {
    linger lg{0, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
    close(fd);
}
`,
    },
    {
      name: 'memset after the field assignments resets them',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `void normal_close(int fd) {
    struct linger lg;
    lg.l_onoff = 1;
    lg.l_linger = 0;
    memset(&lg, 0, sizeof(lg));
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
}
`,
    },
  ],

  invalid: [
    {
      // Issue #10 item 4: l_onoff (and l_linger) taken from parameters are decided at the call sites.
      name: 'a helper that sets SO_LINGER from its parameters, called with {1, 0} before the close',
      lang: 'c',
      compile: 'mingw',
      code: `#include <winsock2.h>

/* The linger settings are the caller's. */
static void set_linger(SOCKET s, int on, int seconds) {
    struct linger lg = {on, seconds};
    setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg));
}

void drop(SOCKET c) {
    set_linger(c, 1, 0);
    closesocket(c);
}
`,
      errors: [{ messageId: 'abortive', text: 'set_linger(c, 1, 0)' }],
      output: null,
    },
    {
      name: 'a timed linger on a socket made non-blocking with ioctlsocket(FIONBIO): the WSAEWOULDBLOCK hazard',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void serve(SOCKET ls) {
    u_long nonblocking = 1;
    struct linger lg = {1, 30};
    SOCKET c = accept(ls, NULL, NULL);
    ioctlsocket(c, FIONBIO, &nonblocking);
    setsockopt(c, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg));
}
`,
      errors: [
        {
          messageId: 'nonblocking',
          text: 'setsockopt(c, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg))',
          messageIncludes: 'WSAEWOULDBLOCK (10035) while data is unsent and leaves the socket open',
        },
      ],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

void serve(SOCKET ls) {
    u_long nonblocking = 1;
    SOCKET c = accept(ls, NULL, NULL);
    ioctlsocket(c, FIONBIO, &nonblocking);
}
`,
    },
    {
      name: 'a timed linger on a socket made non-blocking by WSAEventSelect',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void serve(SOCKET ls, WSAEVENT ev) {
    struct linger lg;
    SOCKET c = accept(ls, NULL, NULL);
    WSAEventSelect(c, ev, FD_READ | FD_CLOSE);
    lg.l_onoff = 1;
    lg.l_linger = 10;
    setsockopt(c, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg));
}
`,
      errors: [{ messageId: 'nonblocking', text: 'setsockopt(c, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg))', messageIncludes: 'on the non-blocking socket c' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

void serve(SOCKET ls, WSAEVENT ev) {
    SOCKET c = accept(ls, NULL, NULL);
    WSAEventSelect(c, ev, FD_READ | FD_CLOSE);
}
`,
    },
    {
      name: 'FIONBIO set back to 0: a timed linger on a blocking socket blocks closesocket instead',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void serve(SOCKET ls) {
    u_long blocking = 0;
    struct linger lg = {1, 30};
    SOCKET c = accept(ls, NULL, NULL);
    ioctlsocket(c, FIONBIO, &blocking);
    setsockopt(c, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg));
}
`,
      errors: [{ messageId: 'blocking', text: 'setsockopt(c, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg))', messageIncludes: 'a 30-second timeout makes closesocket block' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

void serve(SOCKET ls) {
    u_long blocking = 0;
    SOCKET c = accept(ls, NULL, NULL);
    ioctlsocket(c, FIONBIO, &blocking);
}
`,
    },
    {
      name: 'Windows {1, 0} on an accepted socket: removed, and the close made graceful',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void serve_one(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    if (c == INVALID_SOCKET) {
        return;
    }
    send(c, "bye", 3, 0);
    struct linger lg = {1, 0};
    setsockopt(c, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg));
    closesocket(c);
}
`,
      errors: [{ messageId: 'abortive', text: 'setsockopt(c, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg))', severity: 'warning' }],
      safe: false,
      output:
        WIN +
        `void serve_one(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    if (c == INVALID_SOCKET) {
        return;
    }
    send(c, "bye", 3, 0);
    shutdown(c, SD_SEND);
    char drain[512];
    while (recv(c, drain, sizeof drain, 0) > 0) {
    }
    closesocket(c);
}
`,
    },
    {
      name: 'POSIX memset then l_onoff = 1, l_linger = 0: all of it removed, SHUT_WR before close',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `void finish(int listener) {
    int fd = accept(listener, NULL, NULL);
    if (fd < 0) {
        return;
    }
    send(fd, "bye", 3, 0);
    struct linger lg;
    memset(&lg, 0, sizeof(lg));
    lg.l_onoff = 1;
    lg.l_linger = 0;
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
    close(fd);
}
`,
      errors: [{ messageId: 'posixAbortive', text: 'setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg))' }],
      safe: false,
      output:
        POSIX +
        `void finish(int listener) {
    int fd = accept(listener, NULL, NULL);
    if (fd < 0) {
        return;
    }
    send(fd, "bye", 3, 0);
    shutdown(fd, SHUT_WR);
    char drain[512];
    while (recv(fd, drain, sizeof drain, 0) > 0) {
    }
    close(fd);
}
`,
    },
    {
      name: 'Windows {1, 30} in an if wrapper, shutdown already before the close: nothing inserted',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int finish(SOCKET c) {
    struct linger lg = {1, 30};
    if (setsockopt(c, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg)) == SOCKET_ERROR) {
        return -1;
    }
    shutdown(c, SD_SEND);
    return closesocket(c);
}
`,
      errors: [{ messageId: 'blocking', text: 'setsockopt(c, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg))' }],
      safe: false,
      output:
        WIN +
        `int finish(SOCKET c) {
    shutdown(c, SD_SEND);
    return closesocket(c);
}
`,
    },
    {
      name: 'designated { .l_onoff = 1, .l_linger = 0 }: the variable is used elsewhere, so it stays',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `int abort_conn(int fd) {
    struct linger lg = { .l_onoff = 1, .l_linger = 0 };
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
    return lg.l_linger;
}
`,
      errors: [{ messageId: 'posixAbortive', text: 'setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg))' }],
      safe: false,
      output:
        POSIX +
        `int abort_conn(int fd) {
    struct linger lg = { .l_onoff = 1, .l_linger = 0 };
    return lg.l_linger;
}
`,
    },
    {
      name: 'C++ linger lg{1, 0} on an accepted socket',
      lang: 'cpp',
      compile: 'mingw',
      code:
        WIN +
        `void drop(SOCKET ls) {
    SOCKET c = accept(ls, nullptr, nullptr);
    linger lg{1, 0};
    setsockopt(c, SOL_SOCKET, SO_LINGER, reinterpret_cast<const char *>(&lg), sizeof(lg));
    closesocket(c);
}
`,
      errors: [{ messageId: 'abortive', text: 'setsockopt(c, SOL_SOCKET, SO_LINGER, reinterpret_cast<const char *>(&lg), sizeof(lg))' }],
      safe: false,
      output:
        WIN +
        `void drop(SOCKET ls) {
    SOCKET c = accept(ls, nullptr, nullptr);
    shutdown(c, SD_SEND);
    char drain[512];
    while (recv(c, drain, sizeof drain, 0) > 0) {
    }
    closesocket(c);
}
`,
    },
    {
      name: 'a helper that only makes the close abortive: its body is emptied',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `static void make_abortive(SOCKET s) {
    struct linger lg = {1, 0};
    setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg));
}

void drop(SOCKET s) {
    make_abortive(s);
}
`,
      errors: [{ messageId: 'abortive', text: 'setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg))' }],
      safe: false,
      output:
        WIN +
        `static void make_abortive(SOCKET s) {
}

void drop(SOCKET s) {
    make_abortive(s);
}
`,
    },
    {
      name: 'the close sits in an if block: the graceful close goes inside it',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void drop(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    struct linger lg = {1, 0};
    setsockopt(c, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg));
    if (c != INVALID_SOCKET) {
        closesocket(c);
    }
}
`,
      errors: [{ messageId: 'abortive', text: 'setsockopt(c, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg))' }],
      safe: false,
      output:
        WIN +
        `void drop(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    if (c != INVALID_SOCKET) {
        shutdown(c, SD_SEND);
        char drain[512];
        while (recv(c, drain, sizeof drain, 0) > 0) {
        }
        closesocket(c);
    }
}
`,
    },
    {
      name: 'LINGER typedef, ZeroMemory then l_onoff = TRUE',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void abort_conn(SOCKET s) {
    LINGER lg;
    ZeroMemory(&lg, sizeof(lg));
    lg.l_onoff = TRUE;
    setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg));
}
`,
      errors: [{ messageId: 'abortive', text: 'setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg))' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

void abort_conn(SOCKET s) {
}
`,
    },
    {
      name: 'compound literal (struct linger){1, 0}',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void abort_conn(SOCKET s) {
    setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&(struct linger){1, 0}, sizeof(struct linger));
}
`,
      errors: [{ messageId: 'abortive', text: 'setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&(struct linger){1, 0}, sizeof(struct linger))' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

void abort_conn(SOCKET s) {
}
`,
    },
    {
      name: 'file-scope static const struct linger = {1, 0}',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `static const struct linger kAbortiveClose = {1, 0};

void abort_conn(SOCKET s) {
    setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&kAbortiveClose, sizeof(kAbortiveClose));
}
`,
      errors: [{ messageId: 'abortive', text: 'setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&kAbortiveClose, sizeof(kAbortiveClose))' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

static const struct linger kAbortiveClose = {1, 0};

void abort_conn(SOCKET s) {
}
`,
    },
    {
      name: 'POSIX field assignments with a timeout (l_onoff = 1, l_linger = 30)',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `void slow_close(int fd) {
    struct linger lg;
    lg.l_onoff = 1;
    lg.l_linger = 30;
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
    close(fd);
}
`,
      errors: [{ messageId: 'posixBlocking', text: 'setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg))' }],
      safe: false,
      output: `#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>
#include <string.h>

void slow_close(int fd) {
    close(fd);
}
`,
    },
    {
      name: 'designated initialiser in the other order',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `void abort_conn(int fd) {
    struct linger lg = { .l_linger = 0, .l_onoff = 1 };
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
}
`,
      errors: [{ messageId: 'posixAbortive', text: 'setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg))' }],
      safe: false,
      output: `#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>
#include <string.h>

void abort_conn(int fd) {
}
`,
    },
    {
      name: 'initialiser { 1 } leaves l_linger = 0',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void abort_conn(SOCKET s) {
    struct linger lg = { 1 };
    setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg));
}
`,
      errors: [{ messageId: 'abortive', text: 'setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg))' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

void abort_conn(SOCKET s) {
}
`,
    },
    {
      name: 'the abortive one of two linger variables is passed',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void abort_conn(SOCKET s) {
    struct linger soft = {0, 0}, hard = {1, 0};
    setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&hard, sizeof(hard));
    (void)soft;
}
`,
      errors: [{ messageId: 'abortive', text: 'setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&hard, sizeof(hard))' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

void abort_conn(SOCKET s) {
    struct linger soft = {0, 0}, hard = {1, 0};
    (void)soft;
}
`,
    },
    {
      name: 'struct field conn->fd',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `struct conn { int fd; };

void conn_reset(struct conn *conn) {
    struct linger lg = {1, 0};
    setsockopt(conn->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
    close(conn->fd);
}
`,
      errors: [{ messageId: 'posixAbortive', text: 'setsockopt(conn->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg))' }],
      safe: false,
      output: `#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>
#include <string.h>

struct conn { int fd; };

void conn_reset(struct conn *conn) {
    close(conn->fd);
}
`,
    },
    {
      name: 'C++ member sock_ with linger lg = {1, 0}',
      lang: 'cpp',
      compile: 'gcc',
      code:
        POSIX +
        `class Connection {
public:
    void reset() {
        linger lg = {1, 0};
        setsockopt(sock_, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
        close(sock_);
    }

private:
    int sock_ = -1;
};

void drop(Connection &c) { c.reset(); }
`,
      errors: [{ messageId: 'posixAbortive', text: 'setsockopt(sock_, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg))' }],
      safe: false,
      output: `#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>
#include <string.h>

class Connection {
public:
    void reset() {
        close(sock_);
    }

private:
    int sock_ = -1;
};

void drop(Connection &c) { c.reset(); }
`,
    },
    {
      name: 'inside a C++ lambda',
      lang: 'cpp',
      compile: 'gcc',
      code:
        POSIX +
        `void drop_all(const int *fds, int n) {
    auto reset = [](int fd) {
        linger lg{1, 0};
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
        close(fd);
    };
    for (int i = 0; i < n; i++) {
        reset(fds[i]);
    }
}
`,
      errors: [{ messageId: 'posixAbortive', text: 'setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg))' }],
      safe: false,
      output: `#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>
#include <string.h>

void drop_all(const int *fds, int n) {
    auto reset = [](int fd) {
        close(fd);
    };
    for (int i = 0; i < n; i++) {
        reset(fds[i]);
    }
}
`,
    },
  ],
});

// TypeScript and JavaScript (Node).

ruleTester('linger-misuse', {
  valid: [
    {
      name: 'a graceful end()',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.end('bye\\n');
});
server.listen(7100);
`,
    },
    {
      name: 'destroy() is close-without-shutdown, not linger-misuse',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.destroy();
});
server.listen(7101);
`,
    },
    {
      name: 'end() with a backstop, the fixed form',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export function reject(socket: net.Socket): void {
  socket.write('busy, try again later\\r\\n');
  socket.end();
  socket.setTimeout(5000, () => socket.destroy());
}
`,
    },
    {
      name: 'a user class with a resetAndDestroy method is not a socket',
      lang: 'ts',
      compile: 'tsc',
      code: `class Circuit {
  private state: 'open' | 'closed' = 'closed';
  resetAndDestroy(): void {
    this.state = 'open';
  }
}

const breaker = new Circuit();
breaker.resetAndDestroy();
`,
    },
    {
      name: 'an object literal method named resetAndDestroy',
      lang: 'ts',
      compile: 'tsc',
      code: `const cache = {
  entries: new Map<string, string>(),
  resetAndDestroy(): void {
    this.entries.clear();
  },
};

cache.resetAndDestroy();
`,
    },
    {
      name: "a local 'net' that is not Node's net module",
      lang: 'ts',
      compile: 'tsc',
      code: `const net = {
  Socket: class FakeSocket {
    resetAndDestroy(): this {
      return this;
    }
  },
};

const s = new net.Socket();
s.resetAndDestroy();
`,
    },
    {
      name: 'feature detection only reads the method, never calls it',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export function supportsReset(sock: net.Socket): boolean {
  return typeof sock.resetAndDestroy === 'function';
}
`,
    },
    {
      name: 'suppressed with a socklint-disable-next-line comment',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  // socklint-disable-next-line linger-misuse -- the test peer expects ECONNRESET
  sock.resetAndDestroy();
});
server.listen(7102);
`,
    },
    {
      name: 'CommonJS: destroy on error and end on data',
      lang: 'cjs',
      compile: 'node',
      code: `const net = require('net');

const server = net.createServer((socket) => {
  socket.on('error', () => socket.destroy());
  socket.on('data', () => socket.end());
});
server.listen(7103);
`,
    },
  ],

  invalid: [
    {
      name: 'connection listener: resetAndDestroy alone on its line',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('busy\\r\\n');
  sock.resetAndDestroy();
});
server.listen(7110);
`,
      errors: [{ messageId: 'resetAndDestroy', text: 'sock.resetAndDestroy()', severity: 'warning' }],
      safe: false,
      output: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('busy\\r\\n');
  sock.end();
  sock.setTimeout(5000, () => sock.destroy());
});
server.listen(7110);
`,
    },
    {
      name: "an arrow's expression body: resetAndDestroy becomes end",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.on('data', () => sock.resetAndDestroy());
});
server.listen(7111);
`,
      errors: [{ messageId: 'resetAndDestroy', text: 'sock.resetAndDestroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.on('data', () => sock.end());
});
server.listen(7111);
`,
    },
    {
      name: "in an 'error' handler too (any state)",
      lang: 'ts',
      compile: 'tsc',
      code: `import { createConnection } from 'net';

const client = createConnection(7112, 'localhost');
client.on('error', (err) => {
  console.error(err);
  client.resetAndDestroy();
});
`,
      errors: [{ messageId: 'resetAndDestroy', text: 'client.resetAndDestroy()' }],
      safe: false,
      output: `import { createConnection } from 'net';

const client = createConnection(7112, 'localhost');
client.on('error', (err) => {
  console.error(err);
  client.end();
  client.setTimeout(5000, () => client.destroy());
});
`,
    },
    {
      name: 'tls.connect socket reset in its setTimeout callback',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as tls from 'node:tls';

const socket = tls.connect(443, 'example.com', { servername: 'example.com' });
socket.setTimeout(10_000, () => {
  socket.resetAndDestroy();
});
`,
      errors: [{ messageId: 'resetAndDestroy', text: 'socket.resetAndDestroy()' }],
      safe: false,
      output: `import * as tls from 'node:tls';

const socket = tls.connect(443, 'example.com', { servername: 'example.com' });
socket.setTimeout(10_000, () => {
  socket.end();
  socket.setTimeout(5000, () => socket.destroy());
});
`,
    },
    {
      name: 'a net.Socket parameter: reject()',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export function reject(socket: net.Socket): void {
  socket.write('busy, try again later\\r\\n');
  socket.resetAndDestroy();
}
`,
      errors: [{ messageId: 'resetAndDestroy', text: 'socket.resetAndDestroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

export function reject(socket: net.Socket): void {
  socket.write('busy, try again later\\r\\n');
  socket.end();
  socket.setTimeout(5000, () => socket.destroy());
}
`,
    },
    {
      name: 'a class field: this.sock.resetAndDestroy()',
      lang: 'ts',
      compile: 'tsc',
      code: `import { Socket } from 'net';

export class Peer {
  constructor(private readonly sock: Socket) {}

  abort(): void {
    this.sock.resetAndDestroy();
  }
}
`,
      errors: [{ messageId: 'resetAndDestroy', text: 'this.sock.resetAndDestroy()' }],
      safe: false,
      output: `import { Socket } from 'net';

export class Peer {
  constructor(private readonly sock: Socket) {}

  abort(): void {
    this.sock.end();
    this.sock.setTimeout(5000, () => this.sock.destroy());
  }
}
`,
    },
    {
      name: 'if without braces on one line: only the method name changes',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.on('data', (buf) => {
    if (buf.length > 4096) sock.resetAndDestroy();
  });
});
server.listen(7113);
`,
      errors: [{ messageId: 'resetAndDestroy', text: 'sock.resetAndDestroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.on('data', (buf) => {
    if (buf.length > 4096) sock.end();
  });
});
server.listen(7113);
`,
    },
    {
      name: 'the result is returned: only the method name changes',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export function abort(sock: net.Socket): net.Socket {
  return sock.resetAndDestroy();
}
`,
      errors: [{ messageId: 'resetAndDestroy', text: 'sock.resetAndDestroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

export function abort(sock: net.Socket): net.Socket {
  return sock.end();
}
`,
    },
    {
      name: 'a new net.Socket that was never connected (any state)',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export function spare(): void {
  const s = new net.Socket();
  s.resetAndDestroy();
}
`,
      errors: [{ messageId: 'resetAndDestroy', text: 's.resetAndDestroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

export function spare(): void {
  const s = new net.Socket();
  s.end();
  s.setTimeout(5000, () => s.destroy());
}
`,
    },
    {
      name: "server.on('connection') with two resets",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const banned = new Set<string>(['10.0.0.66']);
const server = net.createServer();
server.on('connection', (conn) => {
  if (banned.has(conn.remoteAddress ?? '')) {
    conn.resetAndDestroy();
    return;
  }
  conn.once('data', (hello) => {
    if (!hello.toString().startsWith('HELLO')) {
      conn.resetAndDestroy();
    }
  });
});
server.listen(7114);
`,
      errors: [
        { messageId: 'resetAndDestroy', text: 'conn.resetAndDestroy()', occurrence: 1 },
        { messageId: 'resetAndDestroy', text: 'conn.resetAndDestroy()', occurrence: 2 },
      ],
      safe: false,
      output: `import * as net from 'node:net';

const banned = new Set<string>(['10.0.0.66']);
const server = net.createServer();
server.on('connection', (conn) => {
  if (banned.has(conn.remoteAddress ?? '')) {
    conn.end();
    conn.setTimeout(5000, () => conn.destroy());
    return;
  }
  conn.once('data', (hello) => {
    if (!hello.toString().startsWith('HELLO')) {
      conn.resetAndDestroy();
    }
  });
});
server.listen(7114);
`,
    },
    {
      name: "CommonJS: require('net') connection listener",
      lang: 'cjs',
      compile: 'node',
      code: `const net = require('net');

net.createServer((socket) => {
  socket.resetAndDestroy();
}).listen(7115);
`,
      errors: [{ messageId: 'resetAndDestroy', text: 'socket.resetAndDestroy()' }],
      safe: false,
      output: `const net = require('net');

net.createServer((socket) => {
  socket.end();
  socket.setTimeout(5000, () => socket.destroy());
}).listen(7115);
`,
    },
    {
      name: 'ESM JavaScript (.mjs): createServer imported by name',
      lang: 'mjs',
      compile: 'node',
      code: `import { createServer } from 'node:net';

const server = createServer((socket) => {
  socket.once('data', () => {
    socket.resetAndDestroy();
  });
});
server.listen(7116);
`,
      errors: [{ messageId: 'resetAndDestroy', text: 'socket.resetAndDestroy()' }],
      safe: false,
      output: `import { createServer } from 'node:net';

const server = createServer((socket) => {
  socket.once('data', () => {
    socket.end();
    socket.setTimeout(5000, () => socket.destroy());
  });
});
server.listen(7116);
`,
    },
    {
      name: "CommonJS: destructured Socket from require('net'), connected then reset",
      lang: 'cjs',
      compile: 'node',
      code: `const { Socket } = require('net');

const s = new Socket();
s.connect(7117, 'localhost', () => {
  s.resetAndDestroy();
});
`,
      errors: [{ messageId: 'resetAndDestroy', text: 's.resetAndDestroy()' }],
      safe: false,
      output: `const { Socket } = require('net');

const s = new Socket();
s.connect(7117, 'localhost', () => {
  s.end();
  s.setTimeout(5000, () => s.destroy());
});
`,
    },
    {
      name: 'optional call on an optional field: this.sock?.resetAndDestroy()',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as tls from 'node:tls';

export class Upstream {
  private sock?: tls.TLSSocket;

  open(): void {
    this.sock = tls.connect(443, 'example.com');
  }

  abort(): void {
    this.sock?.resetAndDestroy();
  }
}
`,
      errors: [{ messageId: 'resetAndDestroy', text: 'this.sock?.resetAndDestroy()' }],
      safe: false,
      output: `import * as tls from 'node:tls';

export class Upstream {
  private sock?: tls.TLSSocket;

  open(): void {
    this.sock = tls.connect(443, 'example.com');
  }

  abort(): void {
    this.sock?.end();
    this.sock?.setTimeout(5000, () => this.sock?.destroy());
  }
}
`,
    },
  ],
});
