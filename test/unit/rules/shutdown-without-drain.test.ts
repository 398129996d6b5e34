import { ruleTester } from '../ruleTester';
import { POSIX, WIN } from './programs';

ruleTester('shutdown-without-drain', {
  valid: [
    {
      // end() keeps the stream reading (drainsItself), directly or through a same-file helper.
      name: 'Node: end() in a helper, then destroy(): the stream drains by itself',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

function finish(s: net.Socket): void {
  s.end();
}

const server = net.createServer((sock) => {
  sock.write('bye');
  finish(sock);
  sock.destroy();
});
server.listen(8080);
`,
    },
    {
      name: 'the Winsock sample: shutdown(SD_SEND), recv until 0, then closesocket',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void finish(SOCKET c) {
    char buf[512];
    int n;
    send(c, "bye", 3, 0);
    if (shutdown(c, SD_SEND) == SOCKET_ERROR) {
        closesocket(c);
        return;
    }
    do {
        n = recv(c, buf, sizeof(buf), 0);
    } while (n > 0);
    closesocket(c);
}
`,
    },
    {
      name: 'POSIX: SHUT_WR then a read() loop',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `void finish(int fd) {
    char buf[256];
    shutdown(fd, SHUT_WR);
    while (read(fd, buf, sizeof(buf)) > 0) {
    }
    close(fd);
}
`,
    },
    {
      name: 'recvfrom and WSARecv count as reads',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void finish_a(SOCKET c) {
    char buf[64];
    shutdown(c, SD_SEND);
    while (recvfrom(c, buf, sizeof(buf), 0, NULL, NULL) > 0) {
    }
    closesocket(c);
}

void finish_b(SOCKET c) {
    char data[64];
    WSABUF wb;
    DWORD got = 0;
    DWORD flags = 0;
    wb.buf = data;
    wb.len = sizeof(data);
    shutdown(c, SD_SEND);
    while (WSARecv(c, &wb, 1, &got, &flags, NULL, NULL) == 0 && got > 0) {
    }
    closesocket(c);
}
`,
    },
    {
      name: 'shutdown(SD_BOTH): nothing is left to read',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void finish(SOCKET c) {
    shutdown(c, SD_BOTH);
    closesocket(c);
}
`,
    },
    {
      name: 'shutdown(SHUT_RDWR) on POSIX',
      lang: 'cpp',
      compile: 'gcc',
      code:
        POSIX +
        `void finish(int fd) {
    shutdown(fd, SHUT_RDWR);
    close(fd);
}
`,
    },
    {
      name: 'POSIX: the close on the failure path of a checked shutdown (< 0)',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `int finish(int fd) {
    char buf[128];
    if (shutdown(fd, SHUT_WR) < 0) {
        close(fd);
        return -1;
    }
    while (recv(fd, buf, sizeof(buf), 0) > 0) {
    }
    close(fd);
    return 0;
}
`,
    },
    {
      name: 'the socket went to unknown code between shutdown and close',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void wait_for_peer(SOCKET s);

void finish(SOCKET c) {
    shutdown(c, SD_SEND);
    wait_for_peer(c);
    closesocket(c);
}
`,
    },
    {
      name: 'the drain is done by a same-file helper',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `static void drain_socket(SOCKET s) {
    char buf[512];
    while (recv(s, buf, sizeof(buf), 0) > 0) {
    }
}

void finish(SOCKET c) {
    shutdown(c, SD_SEND);
    drain_socket(c);
    closesocket(c);
}
`,
    },
    {
      name: 'SD_RECEIVE shuts the other direction',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void finish(SOCKET c) {
    shutdown(c, SD_RECEIVE);
    closesocket(c);
}
`,
    },
    {
      name: 'another socket is shut down',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void finish(SOCKET a, SOCKET b) {
    char buf[64];
    shutdown(a, SD_SEND);
    while (recv(a, buf, sizeof(buf), 0) > 0) {
    }
    closesocket(a);
    closesocket(b);
}
`,
    },
    {
      name: 'the shutdown is under #if 0',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void finish(SOCKET c) {
#if 0
    shutdown(c, SD_SEND);
#endif
    closesocket(c);
}
`,
    },
    {
      name: 'shutdown(s, 2) is SD_BOTH spelled as a number',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void finish(SOCKET c) {
    shutdown(c, 2);
    closesocket(c);
}
`,
    },
    {
      name: 'a fresh socket in the variable before the close',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET reconnect(SOCKET c) {
    shutdown(c, SD_SEND);
    c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    closesocket(c);
    return INVALID_SOCKET;
}
`,
    },
  ],

  invalid: [
    {
      name: 'Windows server: shutdown(SD_SEND) then closesocket of the accepted socket',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void serve_one(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    if (c == INVALID_SOCKET) {
        return;
    }
    send(c, "hello", 5, 0);
    shutdown(c, SD_SEND);
    closesocket(c);
}
`,
      errors: [{ messageId: 'notDrained', text: 'closesocket(c)', severity: 'information', messageIncludes: 'recv', related: 'shutdown(c, SD_SEND)' }],
      safe: false,
      output:
        WIN +
        `void serve_one(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    if (c == INVALID_SOCKET) {
        return;
    }
    send(c, "hello", 5, 0);
    shutdown(c, SD_SEND);
    char drain[512];
    while (recv(c, drain, sizeof drain, 0) > 0) {
    }
    closesocket(c);
}
`,
    },
    {
      name: 'POSIX client: SHUT_WR then close',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `int request(const struct sockaddr_in *server) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(fd, (const struct sockaddr *)server, sizeof(*server)) < 0) {
        close(fd);
        return -1;
    }
    send(fd, "GET / HTTP/1.0\\r\\n\\r\\n", 18, 0);
    shutdown(fd, SHUT_WR);
    close(fd);
    return 0;
}
`,
      errors: [{ messageId: 'notDrained', text: 'close(fd)', occurrence: 2, related: 'shutdown(fd, SHUT_WR)' }],
      safe: false,
      output:
        POSIX +
        `int request(const struct sockaddr_in *server) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(fd, (const struct sockaddr *)server, sizeof(*server)) < 0) {
        close(fd);
        return -1;
    }
    send(fd, "GET / HTTP/1.0\\r\\n\\r\\n", 18, 0);
    shutdown(fd, SHUT_WR);
    char drain[512];
    while (recv(fd, drain, sizeof drain, 0) > 0) {
    }
    close(fd);
    return 0;
}
`,
    },
    {
      name: 'checked shutdown: only the close on its success path; the name drain is taken',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void finish(SOCKET c) {
    char drain[64];
    send(c, "bye", 3, 0);
    if (shutdown(c, SD_SEND) == SOCKET_ERROR) {
        closesocket(c);
        return;
    }
    closesocket(c);
    (void)drain;
}
`,
      errors: [{ messageId: 'notDrained', text: 'closesocket(c)', occurrence: 2 }],
      safe: false,
      output:
        WIN +
        `void finish(SOCKET c) {
    char drain[64];
    send(c, "bye", 3, 0);
    if (shutdown(c, SD_SEND) == SOCKET_ERROR) {
        closesocket(c);
        return;
    }
    char drain2[512];
    while (recv(c, drain2, sizeof drain2, 0) > 0) {
    }
    closesocket(c);
    (void)drain;
}
`,
    },
    {
      name: 'C++ member: shut down as sock_, closed as this->sock_',
      lang: 'cpp',
      compile: 'mingw',
      code:
        WIN +
        `class Connection {
public:
    explicit Connection(SOCKET s) : sock_(s) {}
    void close() {
        if (sock_ == INVALID_SOCKET) {
            return;
        }
        shutdown(sock_, SD_SEND);
        closesocket(this->sock_);
        sock_ = INVALID_SOCKET;
    }

private:
    SOCKET sock_;
};

void done(Connection &c) { c.close(); }
`,
      errors: [{ messageId: 'notDrained', text: 'closesocket(this->sock_)', related: 'shutdown(sock_, SD_SEND)' }],
      safe: false,
      output:
        WIN +
        `class Connection {
public:
    explicit Connection(SOCKET s) : sock_(s) {}
    void close() {
        if (sock_ == INVALID_SOCKET) {
            return;
        }
        shutdown(sock_, SD_SEND);
        char drain[512];
        while (recv(this->sock_, drain, sizeof drain, 0) > 0) {
        }
        closesocket(this->sock_);
        sock_ = INVALID_SOCKET;
    }

private:
    SOCKET sock_;
};

void done(Connection &c) { c.close(); }
`,
    },
    {
      name: 'POSIX struct field conn->fd, nested block indentation',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `struct conn { int fd; int open; };

void conn_close(struct conn *conn) {
    if (conn->open) {
        shutdown(conn->fd, SHUT_WR);
        close(conn->fd);
        conn->open = 0;
    }
}
`,
      errors: [{ messageId: 'notDrained', text: 'close(conn->fd)' }],
      safe: false,
      output:
        POSIX +
        `struct conn { int fd; int open; };

void conn_close(struct conn *conn) {
    if (conn->open) {
        shutdown(conn->fd, SHUT_WR);
        char drain[512];
        while (recv(conn->fd, drain, sizeof drain, 0) > 0) {
        }
        close(conn->fd);
        conn->open = 0;
    }
}
`,
    },
    {
      name: 'drained on one branch only',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void finish(SOCKET c, int polite) {
    char buf[64];
    shutdown(c, SD_SEND);
    if (polite) {
        while (recv(c, buf, sizeof(buf), 0) > 0) {
        }
    }
    closesocket(c);
}
`,
      errors: [{ messageId: 'notDrained', text: 'closesocket(c)', related: 'shutdown(c, SD_SEND)' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

void finish(SOCKET c, int polite) {
    char buf[64];
    shutdown(c, SD_SEND);
    if (polite) {
        while (recv(c, buf, sizeof(buf), 0) > 0) {
        }
    }
    char drain[512];
    while (recv(c, drain, sizeof drain, 0) > 0) {
    }
    closesocket(c);
}
`,
    },
    {
      name: 'shutdown(s, 1) is SD_SEND spelled as a number',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void finish(SOCKET c) {
    shutdown(c, 1);
    closesocket(c);
}
`,
      errors: [{ messageId: 'notDrained', text: 'closesocket(c)', related: 'shutdown(c, 1)' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

void finish(SOCKET c) {
    shutdown(c, 1);
    char drain[512];
    while (recv(c, drain, sizeof drain, 0) > 0) {
    }
    closesocket(c);
}
`,
    },
    {
      name: 'WSASendDisconnect then closesocket',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void finish(SOCKET c) {
    WSASendDisconnect(c, NULL);
    closesocket(c);
}
`,
      errors: [{ messageId: 'notDrained', text: 'closesocket(c)', related: 'WSASendDisconnect(c, NULL)' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

void finish(SOCKET c) {
    WSASendDisconnect(c, NULL);
    char drain[512];
    while (recv(c, drain, sizeof drain, 0) > 0) {
    }
    closesocket(c);
}
`,
    },
    {
      name: 'the shutdown is done by a wrapper macro',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `#define SHUT(s) shutdown((s), SD_SEND)

void finish(SOCKET c) {
    SHUT(c);
    closesocket(c);
}
`,
      errors: [{ messageId: 'notDrained', text: 'closesocket(c)', related: 'SHUT(c)' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

#define SHUT(s) shutdown((s), SD_SEND)

void finish(SOCKET c) {
    SHUT(c);
    char drain[512];
    while (recv(c, drain, sizeof drain, 0) > 0) {
    }
    closesocket(c);
}
`,
    },
    {
      name: 'the shutdown is done by a same-file helper',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `static void half_close(SOCKET s) {
    shutdown(s, SD_SEND);
}

void finish(SOCKET c) {
    half_close(c);
    closesocket(c);
}
`,
      errors: [{ messageId: 'notDrained', text: 'closesocket(c)', related: 'half_close(c)' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

static void half_close(SOCKET s) {
    shutdown(s, SD_SEND);
}

void finish(SOCKET c) {
    half_close(c);
    char drain[512];
    while (recv(c, drain, sizeof drain, 0) > 0) {
    }
    closesocket(c);
}
`,
    },
    {
      name: 'a close that is not directly in a block gets no fix',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void finish(SOCKET c) {
    shutdown(c, SD_SEND);
    if (c != INVALID_SOCKET) closesocket(c);
}
`,
      errors: [{ messageId: 'notDrained', text: 'closesocket(c)' }],
      output: null,
    },
    {
      // Found by npm run fuzz: the missing `)` makes the parser read the next function into the
      // if's condition, and the drain loop went before the if, ahead of the shutdown.
      name: 'no fix edits a statement the parser had to repair',
      lang: 'c',
      code: `#define BUFLEN 512

static int graceful_close(SOCKET s) {
    char buf[BUFLEN];
    if (shutdown(e BUFLEN 512

static int graceful_close(SOCKET s) {
    char buf[BUFLEN];
    if (shutdown(s, SD_SEND) == SOCKET_ERROR) {
        closesocket(s);
        return 1;
    }
    while (recv(s, buf, (int)sizeof(buf), 0) > 0) {
    }
    closesocket(s);
    return 0;
}

static void reset_peer(SOCKET s) {
    closesocket(s);
}
`,
      errors: [{ messageId: 'notDrained', text: 'closesocket(s)' }],
      output: null,
    },
  ],
});
