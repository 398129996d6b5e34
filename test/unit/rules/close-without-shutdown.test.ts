import { ruleTester } from '../ruleTester';
import { KOFFI_SERVER } from './ffiPrograms';
import { ASIO_WIN } from './programs';

const WIN = `#include <winsock2.h>
#include <ws2tcpip.h>

`;

const POSIX = `#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>
#include <string.h>

`;

ruleTester('close-without-shutdown', {
  valid: [
    {
      name: 'asio: an accepted socket shut down with shutdown_send before close',
      lang: 'cpp',
      compile: 'mingw',
      code:
        ASIO_WIN +
        `void serve_one(tcp::acceptor &acc, asio::io_context &io) {
    tcp::socket sock(io);
    acc.accept(sock);
    asio::write(sock, asio::buffer("hi", 2));
    sock.shutdown(tcp::socket::shutdown_send);
    char buf[64];
    asio::error_code ec;
    while (!ec) sock.read_some(asio::buffer(buf), ec);
    sock.close();
}
`,
    },
    {
      name: 'a do/while macro that shuts down before closing counts as both calls',
      lang: 'c',
      code:
        WIN +
        `#define SHUT_CLOSE(s) do { shutdown((s), SD_SEND); closesocket(s); } while (0)
void serve_one(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    if (c == INVALID_SOCKET) return;
    send(c, "hi", 2, 0);
    SHUT_CLOSE(c);
}
`,
    },
    {
      name: 'a listening socket is closed without shutdown',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void stop(unsigned short port) {
    SOCKET ls = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (bind(ls, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(ls);
        return;
    }
    listen(ls, SOMAXCONN);
    SOCKET c = accept(ls, NULL, NULL);
    if (c == INVALID_SOCKET) {
        closesocket(ls);
        return;
    }
    shutdown(c, SD_SEND);
    closesocket(c);
    closesocket(ls);
}
`,
    },
    {
      name: 'a connected UDP socket is a datagram socket',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `void ping(const struct sockaddr_in *peer) {
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    connect(u, (const struct sockaddr *)peer, sizeof(*peer));
    send(u, "ping", 4, 0);
    close(u);
}
`,
    },
    {
      name: 'failed connect error path (Windows)',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int fetch(const struct sockaddr_in *server) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (connect(s, (const struct sockaddr *)server, sizeof(*server)) == SOCKET_ERROR) {
        closesocket(s);
        return 1;
    }
    send(s, "GET", 3, 0);
    shutdown(s, SD_SEND);
    closesocket(s);
    return 0;
}
`,
    },
    {
      name: 'the getaddrinfo client of the Winsock sample: iResult = connect(...) failure path',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `SOCKET connect_any(struct addrinfo *result) {
    SOCKET ConnectSocket = INVALID_SOCKET;
    for (struct addrinfo *ptr = result; ptr != NULL; ptr = ptr->ai_next) {
        ConnectSocket = socket(ptr->ai_family, ptr->ai_socktype, ptr->ai_protocol);
        if (ConnectSocket == INVALID_SOCKET) {
            return INVALID_SOCKET;
        }
        int iResult = connect(ConnectSocket, ptr->ai_addr, (int)ptr->ai_addrlen);
        if (iResult == SOCKET_ERROR) {
            closesocket(ConnectSocket);
            ConnectSocket = INVALID_SOCKET;
            continue;
        }
        break;
    }
    return ConnectSocket;
}
`,
    },
    {
      name: 'the Winsock sample server: the failure path of shutdown(SD_SEND) closes',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int finish(SOCKET ClientSocket) {
    char recvbuf[512];
    int iResult;
    do {
        iResult = recv(ClientSocket, recvbuf, (int)sizeof(recvbuf), 0);
        if (iResult > 0) {
            send(ClientSocket, recvbuf, iResult, 0);
        }
    } while (iResult > 0);
    iResult = shutdown(ClientSocket, SD_SEND);
    if (iResult == SOCKET_ERROR) {
        closesocket(ClientSocket);
        return 1;
    }
    closesocket(ClientSocket);
    return 0;
}

int serve_one(SOCKET ListenSocket) {
    SOCKET ClientSocket = accept(ListenSocket, NULL, NULL);
    if (ClientSocket == INVALID_SOCKET) {
        return 1;
    }
    return finish(ClientSocket);
}
`,
    },
    {
      name: 'shutdown result checked, failure path closes (accepted in the same function)',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int serve_one(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    if (c == INVALID_SOCKET) {
        return 1;
    }
    send(c, "bye", 3, 0);
    if (shutdown(c, SD_SEND) == SOCKET_ERROR) {
        closesocket(c);
        return 1;
    }
    closesocket(c);
    return 0;
}
`,
    },
    {
      name: 'failed bind path of a client that binds a local port',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `int dial(const struct sockaddr_in *local, const struct sockaddr_in *server) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (bind(fd, (const struct sockaddr *)local, sizeof(*local)) < 0) {
        close(fd);
        return -1;
    }
    if (connect(fd, (const struct sockaddr *)server, sizeof(*server)) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}
`,
    },
    {
      name: 'close(fd) on a file from open()',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `#include <fcntl.h>

int log_line(const char *path) {
    int fd = open(path, O_WRONLY | O_APPEND);
    if (fd < 0) {
        return -1;
    }
    write(fd, "x", 1);
    close(fd);
    return 0;
}
`,
    },
    {
      name: 'a socket that was never connected',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int probe(void) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) {
        return 0;
    }
    closesocket(s);
    return 1;
}
`,
    },
    {
      name: 'shutdown and drain done by a same-file helper',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `static void finish_sending(SOCKET s) {
    char buf[256];
    shutdown(s, SD_SEND);
    while (recv(s, buf, sizeof(buf), 0) > 0) {
    }
}

void serve_one(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    send(c, "hello", 5, 0);
    finish_sending(c);
    closesocket(c);
}
`,
    },
    {
      name: 'a same-file graceful_close helper does the whole close',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `static void graceful_close(int fd) {
    char buf[256];
    shutdown(fd, SHUT_WR);
    while (recv(fd, buf, sizeof(buf), 0) > 0) {
    }
    close(fd);
}

void serve_one(int ls) {
    int c = accept(ls, NULL, NULL);
    send(c, "hello", 5, 0);
    graceful_close(c);
}
`,
    },
    {
      name: 'shutdown(s, SD_BOTH) counts',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void serve_one(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    send(c, "hello", 5, 0);
    shutdown(c, SD_BOTH);
    closesocket(c);
}
`,
    },
    {
      name: 'shutdown(fd, SHUT_RDWR) counts',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `void serve_one(int ls) {
    int c = accept(ls, NULL, NULL);
    send(c, "hello", 5, 0);
    shutdown(c, SHUT_RDWR);
    close(c);
}
`,
    },
    {
      name: 'WSASendDisconnect(s, NULL) counts',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void serve_one(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    send(c, "hello", 5, 0);
    WSASendDisconnect(c, NULL);
    closesocket(c);
}
`,
    },
    {
      name: 'the handle went to an unknown function before the close: hold back',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void register_socket(SOCKET s);

void serve_one(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    register_socket(c);
    closesocket(c);
}
`,
    },
    {
      name: 'shutdown on both branches of an if',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `void reply(int ls, int ok) {
    int c = accept(ls, NULL, NULL);
    if (ok) {
        send(c, "OK", 2, 0);
        shutdown(c, SHUT_WR);
    } else {
        shutdown(c, SHUT_RDWR);
    }
    close(c);
}
`,
    },
    {
      name: 'goto cleanup: the shutdown is on the cleanup path',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int serve_one(SOCKET ls) {
    int rc = -1;
    SOCKET c = accept(ls, NULL, NULL);
    if (send(c, "a", 1, 0) == SOCKET_ERROR) {
        goto out;
    }
    if (send(c, "b", 1, 0) == SOCKET_ERROR) {
        goto out;
    }
    rc = 0;
out:
    shutdown(c, SD_SEND);
    closesocket(c);
    return rc;
}
`,
    },
    {
      name: '#ifdef _WIN32 / #else: each arm shuts down before its close',
      lang: 'c',
      compile: 'gcc',
      code: `#ifdef _WIN32
#include <winsock2.h>
typedef SOCKET sock_t;
#else
#include <sys/socket.h>
#include <unistd.h>
typedef int sock_t;
#endif

void serve_one(sock_t ls) {
    sock_t c = accept(ls, NULL, NULL);
    send(c, "hello", 5, 0);
#ifdef _WIN32
    shutdown(c, SD_SEND);
    closesocket(c);
#else
    shutdown(c, SHUT_WR);
    close(c);
#endif
}
`,
    },
    {
      name: 'a C++ lambda that closes a socket captured after its shutdown',
      lang: 'cpp',
      compile: 'mingw',
      code:
        WIN +
        `void serve_one(SOCKET ls) {
    SOCKET c = accept(ls, nullptr, nullptr);
    send(c, "hello", 5, 0);
    shutdown(c, SD_SEND);
    auto done = [c]() { closesocket(c); };
    done();
}
`,
    },
    {
      name: 'a C++ member that was only ever listened on',
      lang: 'cpp',
      compile: 'gcc',
      code:
        POSIX +
        `class Acceptor {
public:
    void stop() {
        listen(sock_, 16);
        close(this->sock_);
    }

private:
    int sock_ = -1;
};

void halt(Acceptor &a) { a.stop(); }
`,
    },
    {
      name: 'fork(): the parent closes its copy, the child owns the connection',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `void serve(int ls) {
    for (;;) {
        int c = accept(ls, NULL, NULL);
        if (c < 0) {
            continue;
        }
        if (fork() == 0) {
            close(ls);
            send(c, "hello", 5, 0);
            shutdown(c, SHUT_WR);
            close(c);
            _exit(0);
        }
        close(c);
    }
}
`,
    },
    {
      name: 'if (connect(...) == 0) { ...; shutdown } then close on both paths',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `void notify(const struct sockaddr *addr, socklen_t len) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(fd, addr, len) == 0) {
        send(fd, "!", 1, 0);
        shutdown(fd, SHUT_WR);
    }
    close(fd);
}
`,
    },
    {
      name: 'shutdown via WSASendDisconnect in a same-file helper',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `static void say_goodbye(SOCKET s) {
    WSASendDisconnect(s, NULL);
}

void serve_one(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    say_goodbye(c);
    closesocket(c);
}
`,
    },
  ],

  invalid: [
    {
      name: 'asio: an accepted socket closed without shutdown_send',
      lang: 'cpp',
      compile: 'mingw',
      code:
        ASIO_WIN +
        `void serve_one(tcp::acceptor &acc, asio::io_context &io) {
    tcp::socket sock(io);
    acc.accept(sock);
    asio::write(sock, asio::buffer("hi", 2));
    sock.close();
}
`,
      errors: [{ messageId: 'noShutdown', text: 'sock.close()', severity: 'warning', related: 'acc.accept(sock)' }],
      safe: false,
      output:
        ASIO_WIN +
        `void serve_one(tcp::acceptor &acc, asio::io_context &io) {
    tcp::socket sock(io);
    acc.accept(sock);
    asio::write(sock, asio::buffer("hi", 2));
    {
        asio::error_code drain_ec;
        sock.shutdown(asio::socket_base::shutdown_send, drain_ec);
        char drain[256];
        do {
            sock.read_some(asio::buffer(drain), drain_ec);
        } while (!drain_ec);
    }
    sock.close();
}
`,
    },
    {
      name: 'a close macro with a statement body is expanded',
      lang: 'c',
      code:
        WIN +
        `#define CLOSE_S(s) if (s != INVALID_SOCKET) { closesocket(s); s = INVALID_SOCKET; }
void serve_one(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    if (c == INVALID_SOCKET) return;
    send(c, "hi", 2, 0);
    CLOSE_S(c);
}
`,
      errors: [{ messageId: 'noShutdown', text: 'CLOSE_S(c)', severity: 'warning', related: 'accept(ls, NULL, NULL)' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

#define CLOSE_S(s) if (s != INVALID_SOCKET) { closesocket(s); s = INVALID_SOCKET; }
void serve_one(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    if (c == INVALID_SOCKET) return;
    send(c, "hi", 2, 0);
    shutdown(c, SD_SEND);
    char drain[512];
    while (recv(c, drain, sizeof drain, 0) > 0) {
    }
    CLOSE_S(c);
}
`,
    },
    {
      name: 'Winsock calls between accept and closesocket are known API, not unknown code',
      lang: 'c',
      code:
        WIN +
        `#include <mstcpip.h>
void serve_secure(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    if (c == INVALID_SOCKET) return;
    if (WSASetSocketSecurity(c, NULL, 0, NULL, NULL) == SOCKET_ERROR) {
        closesocket(c);
        return;
    }
    WSAImpersonateSocketPeer(c, NULL, 0);
    send(c, "ok", 2, 0);
    WSARevertImpersonation();
    closesocket(c);
}
`,
      errors: [
        { messageId: 'noShutdown', text: 'closesocket(c)', occurrence: 1, severity: 'warning', related: 'accept(ls, NULL, NULL)' },
        { messageId: 'noShutdown', text: 'closesocket(c)', occurrence: 2, severity: 'warning', related: 'accept(ls, NULL, NULL)' },
      ],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

#include <mstcpip.h>
void serve_secure(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    if (c == INVALID_SOCKET) return;
    if (WSASetSocketSecurity(c, NULL, 0, NULL, NULL) == SOCKET_ERROR) {
        shutdown(c, SD_SEND);
        char drain[512];
        while (recv(c, drain, sizeof drain, 0) > 0) {
        }
        closesocket(c);
        return;
    }
    WSAImpersonateSocketPeer(c, NULL, 0);
    send(c, "ok", 2, 0);
    WSARevertImpersonation();
    closesocket(c);
}
`,
    },
    {
      name: 'Windows server: accepted socket closed without shutdown; the listener is not reported',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int main(void) {
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    SOCKET ls = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(27015);
    BOOL exclusive = TRUE;
    setsockopt(ls, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive));
    if (bind(ls, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(ls);
        return 1;
    }
    listen(ls, SOMAXCONN);
    SOCKET c = accept(ls, NULL, NULL);
    if (c != INVALID_SOCKET) {
        send(c, "hello", 5, 0);
        closesocket(c);
    }
    closesocket(ls);
    WSACleanup();
    return 0;
}
`,
      errors: [{ messageId: 'noShutdown', text: 'closesocket(c)', severity: 'warning', related: 'accept(ls, NULL, NULL)' }],
      safe: false,
      output:
        WIN +
        `int main(void) {
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    SOCKET ls = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(27015);
    BOOL exclusive = TRUE;
    setsockopt(ls, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&exclusive, sizeof(exclusive));
    if (bind(ls, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(ls);
        return 1;
    }
    listen(ls, SOMAXCONN);
    SOCKET c = accept(ls, NULL, NULL);
    if (c != INVALID_SOCKET) {
        send(c, "hello", 5, 0);
        shutdown(c, SD_SEND);
        char drain[512];
        while (recv(c, drain, sizeof drain, 0) > 0) {
        }
        closesocket(c);
    }
    closesocket(ls);
    WSACleanup();
    return 0;
}
`,
    },
    {
      name: 'POSIX server: accept loop, close(c) without shutdown',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `void serve(int ls) {
    for (;;) {
        int c = accept(ls, NULL, NULL);
        if (c < 0) {
            continue;
        }
        send(c, "hello", 5, 0);
        close(c);
    }
}
`,
      errors: [{ messageId: 'noShutdown', text: 'close(c)', related: 'accept(ls, NULL, NULL)' }],
      safe: false,
      output:
        POSIX +
        `void serve(int ls) {
    for (;;) {
        int c = accept(ls, NULL, NULL);
        if (c < 0) {
            continue;
        }
        send(c, "hello", 5, 0);
        shutdown(c, SHUT_WR);
        char drain[512];
        while (recv(c, drain, sizeof drain, 0) > 0) {
        }
        close(c);
    }
}
`,
    },
    {
      name: 'Windows client: the failed-connect path is fine, the normal close is not',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `int fetch(const struct sockaddr_in *server) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) {
        return 1;
    }
    if (connect(s, (const struct sockaddr *)server, sizeof(*server)) == SOCKET_ERROR) {
        closesocket(s);
        return 1;
    }
    send(s, "GET", 3, 0);
    closesocket(s);
    return 0;
}
`,
      errors: [{ messageId: 'noShutdown', text: 'closesocket(s)', occurrence: 2, related: 'connect(s, (const struct sockaddr *)server, sizeof(*server))' }],
      safe: false,
      output:
        WIN +
        `int fetch(const struct sockaddr_in *server) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) {
        return 1;
    }
    if (connect(s, (const struct sockaddr *)server, sizeof(*server)) == SOCKET_ERROR) {
        closesocket(s);
        return 1;
    }
    send(s, "GET", 3, 0);
    shutdown(s, SD_SEND);
    char drain[512];
    while (recv(s, drain, sizeof drain, 0) > 0) {
    }
    closesocket(s);
    return 0;
}
`,
    },
    {
      name: 'POSIX client: the name drain is taken, so drain2',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `int fetch(const struct sockaddr_in *server) {
    char drain[64];
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(fd, (const struct sockaddr *)server, sizeof(*server)) < 0) {
        close(fd);
        return -1;
    }
    send(fd, "GET", 3, 0);
    recv(fd, drain, sizeof(drain), 0);
    close(fd);
    return 0;
}
`,
      errors: [{ messageId: 'noShutdown', text: 'close(fd)', occurrence: 2, related: 'connect(fd, (const struct sockaddr *)server, sizeof(*server))' }],
      safe: false,
      output:
        POSIX +
        `int fetch(const struct sockaddr_in *server) {
    char drain[64];
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(fd, (const struct sockaddr *)server, sizeof(*server)) < 0) {
        close(fd);
        return -1;
    }
    send(fd, "GET", 3, 0);
    recv(fd, drain, sizeof(drain), 0);
    shutdown(fd, SHUT_WR);
    char drain2[512];
    while (recv(fd, drain2, sizeof drain2, 0) > 0) {
    }
    close(fd);
    return 0;
}
`,
    },
    {
      name: 'struct field conn->fd from accept',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `struct conn { int fd; };

void conn_serve(struct conn *conn, int ls) {
    conn->fd = accept(ls, NULL, NULL);
    send(conn->fd, "hi", 2, 0);
    close(conn->fd);
}
`,
      errors: [{ messageId: 'noShutdown', text: 'close(conn->fd)', related: 'accept(ls, NULL, NULL)' }],
      safe: false,
      output:
        POSIX +
        `struct conn { int fd; };

void conn_serve(struct conn *conn, int ls) {
    conn->fd = accept(ls, NULL, NULL);
    send(conn->fd, "hi", 2, 0);
    shutdown(conn->fd, SHUT_WR);
    char drain[512];
    while (recv(conn->fd, drain, sizeof drain, 0) > 0) {
    }
    close(conn->fd);
}
`,
    },
    {
      name: 'C++ member: connected as sock_, closed as this->sock_',
      lang: 'cpp',
      compile: 'mingw',
      code:
        WIN +
        `class Client {
public:
    bool request(const sockaddr_in &server) {
        sock_ = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        if (connect(sock_, reinterpret_cast<const sockaddr *>(&server), sizeof(server)) == SOCKET_ERROR) {
            closesocket(sock_);
            return false;
        }
        send(sock_, "ping", 4, 0);
        closesocket(this->sock_);
        return true;
    }

private:
    SOCKET sock_ = INVALID_SOCKET;
};

bool run(Client &c, const sockaddr_in &server) { return c.request(server); }
`,
      errors: [{ messageId: 'noShutdown', text: 'closesocket(this->sock_)', related: 'connect(sock_, reinterpret_cast<const sockaddr *>(&server), sizeof(server))' }],
      safe: false,
      output:
        WIN +
        `class Client {
public:
    bool request(const sockaddr_in &server) {
        sock_ = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        if (connect(sock_, reinterpret_cast<const sockaddr *>(&server), sizeof(server)) == SOCKET_ERROR) {
            closesocket(sock_);
            return false;
        }
        send(sock_, "ping", 4, 0);
        shutdown(this->sock_, SD_SEND);
        char drain[512];
        while (recv(this->sock_, drain, sizeof drain, 0) > 0) {
        }
        closesocket(this->sock_);
        return true;
    }

private:
    SOCKET sock_ = INVALID_SOCKET;
};

bool run(Client &c, const sockaddr_in &server) { return c.request(server); }
`,
    },
    {
      name: 'connected client with an unchecked connect',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void notify(const struct sockaddr_in *server) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    connect(s, (const struct sockaddr *)server, sizeof(*server));
    send(s, "!", 1, 0);
    closesocket(s);
}
`,
      errors: [{ messageId: 'noShutdown', text: 'closesocket(s)', related: 'connect(s, (const struct sockaddr *)server, sizeof(*server))' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

void notify(const struct sockaddr_in *server) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    connect(s, (const struct sockaddr *)server, sizeof(*server));
    send(s, "!", 1, 0);
    shutdown(s, SD_SEND);
    char drain[512];
    while (recv(s, drain, sizeof drain, 0) > 0) {
    }
    closesocket(s);
}
`,
    },
    {
      name: 'accept4 on Linux',
      lang: 'c',
      compile: 'gcc',
      code:
        `#define _GNU_SOURCE
` +
        POSIX +
        `void serve_one(int ls) {
    int c = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
    send(c, "x", 1, 0);
    close(c);
}
`,
      errors: [{ messageId: 'noShutdown', text: 'close(c)', related: 'accept4(ls, NULL, NULL, SOCK_CLOEXEC)' }],
      safe: false,
      output: `#define _GNU_SOURCE
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>
#include <string.h>

void serve_one(int ls) {
    int c = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
    send(c, "x", 1, 0);
    shutdown(c, SHUT_WR);
    char drain[512];
    while (recv(c, drain, sizeof drain, 0) > 0) {
    }
    close(c);
}
`,
    },
    {
      name: 'connected by a same-file helper',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `static int dial(SOCKET s, const struct sockaddr_in *addr) {
    return connect(s, (const struct sockaddr *)addr, sizeof(*addr));
}

void notify(const struct sockaddr_in *addr) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    dial(s, addr);
    send(s, "!", 1, 0);
    closesocket(s);
}
`,
      errors: [{ messageId: 'noShutdown', text: 'closesocket(s)' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

static int dial(SOCKET s, const struct sockaddr_in *addr) {
    return connect(s, (const struct sockaddr *)addr, sizeof(*addr));
}

void notify(const struct sockaddr_in *addr) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    dial(s, addr);
    send(s, "!", 1, 0);
    shutdown(s, SD_SEND);
    char drain[512];
    while (recv(s, drain, sizeof drain, 0) > 0) {
    }
    closesocket(s);
}
`,
    },
    {
      name: 'SHUT_RD does not end the send direction',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `void serve_one(int ls) {
    int c = accept(ls, NULL, NULL);
    shutdown(c, SHUT_RD);
    close(c);
}
`,
      errors: [{ messageId: 'noShutdown', text: 'close(c)' }],
      safe: false,
      output: `#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>
#include <string.h>

void serve_one(int ls) {
    int c = accept(ls, NULL, NULL);
    shutdown(c, SHUT_RD);
    shutdown(c, SHUT_WR);
    char drain[512];
    while (recv(c, drain, sizeof drain, 0) > 0) {
    }
    close(c);
}
`,
    },
    {
      name: 'shutdown on only one branch',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void reply(SOCKET ls, int polite) {
    SOCKET c = accept(ls, NULL, NULL);
    if (polite) {
        shutdown(c, SD_SEND);
    }
    closesocket(c);
}
`,
      errors: [{ messageId: 'noShutdown', text: 'closesocket(c)' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

void reply(SOCKET ls, int polite) {
    SOCKET c = accept(ls, NULL, NULL);
    if (polite) {
        shutdown(c, SD_SEND);
    }
    shutdown(c, SD_SEND);
    char drain[512];
    while (recv(c, drain, sizeof drain, 0) > 0) {
    }
    closesocket(c);
}
`,
    },
    {
      name: 'shutdown(SD_RECEIVE) does not end the send direction',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void serve_one(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    send(c, "hello", 5, 0);
    shutdown(c, SD_RECEIVE);
    closesocket(c);
}
`,
      errors: [{ messageId: 'noShutdown', text: 'closesocket(c)' }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

void serve_one(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    send(c, "hello", 5, 0);
    shutdown(c, SD_RECEIVE);
    shutdown(c, SD_SEND);
    char drain[512];
    while (recv(c, drain, sizeof drain, 0) > 0) {
    }
    closesocket(c);
}
`,
    },
    {
      name: 'shutdown of another socket',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `void relay(int ls, int upstream) {
    int c = accept(ls, NULL, NULL);
    send(c, "hello", 5, 0);
    shutdown(upstream, SHUT_WR);
    close(c);
}
`,
      errors: [{ messageId: 'noShutdown', text: 'close(c)' }],
      safe: false,
      output: `#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>
#include <string.h>

void relay(int ls, int upstream) {
    int c = accept(ls, NULL, NULL);
    send(c, "hello", 5, 0);
    shutdown(upstream, SHUT_WR);
    shutdown(c, SHUT_WR);
    char drain[512];
    while (recv(c, drain, sizeof drain, 0) > 0) {
    }
    close(c);
}
`,
    },
    {
      name: 'struct field ctx.sock connected',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `struct client_ctx { int sock; struct sockaddr_in server; };

void ctx_send(struct client_ctx ctx) {
    ctx.sock = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(ctx.sock, (struct sockaddr *)&ctx.server, sizeof(ctx.server)) < 0) {
        close(ctx.sock);
        return;
    }
    send(ctx.sock, "x", 1, 0);
    close(ctx.sock);
}
`,
      errors: [{ messageId: 'noShutdown', text: 'close(ctx.sock)', occurrence: 2 }],
      safe: false,
      output: `#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>
#include <string.h>

struct client_ctx { int sock; struct sockaddr_in server; };

void ctx_send(struct client_ctx ctx) {
    ctx.sock = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(ctx.sock, (struct sockaddr *)&ctx.server, sizeof(ctx.server)) < 0) {
        close(ctx.sock);
        return;
    }
    send(ctx.sock, "x", 1, 0);
    shutdown(ctx.sock, SHUT_WR);
    char drain[512];
    while (recv(ctx.sock, drain, sizeof drain, 0) > 0) {
    }
    close(ctx.sock);
}
`,
    },
    {
      name: 'two accepted sockets, one shut down, one not',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `void pair(SOCKET ls) {
    SOCKET a = accept(ls, NULL, NULL);
    SOCKET b = accept(ls, NULL, NULL);
    shutdown(a, SD_SEND);
    closesocket(a);
    closesocket(b);
}
`,
      errors: [{ messageId: 'noShutdown', text: 'closesocket(b)', related: 'accept(ls, NULL, NULL)', relatedOccurrence: 2 }],
      safe: false,
      output: `#include <winsock2.h>
#include <ws2tcpip.h>

void pair(SOCKET ls) {
    SOCKET a = accept(ls, NULL, NULL);
    SOCKET b = accept(ls, NULL, NULL);
    shutdown(a, SD_SEND);
    closesocket(a);
    shutdown(b, SD_SEND);
    char drain[512];
    while (recv(b, drain, sizeof drain, 0) > 0) {
    }
    closesocket(b);
}
`,
    },
    {
      name: 'a C++ lambda that closes a socket captured right after accept',
      lang: 'cpp',
      compile: 'mingw',
      code:
        WIN +
        `void serve_one(SOCKET ls) {
    SOCKET c = accept(ls, nullptr, nullptr);
    send(c, "hello", 5, 0);
    auto done = [c]() { closesocket(c); };
    done();
}
`,
      errors: [{ messageId: 'noShutdown', text: 'closesocket(c)' }],
      output: null,
    },
  ],
});

// TypeScript and JavaScript (Node).

ruleTester('close-without-shutdown', {
  valid: [
    {
      name: 'end() first, then a setTimeout backstop that destroys',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('bye\\n');
  sock.end();
  setTimeout(() => sock.destroy(), 5000);
});
server.listen(7000);
`,
    },
    {
      name: "end() first, then destroy in a 'finish' listener",
      lang: 'ts',
      compile: 'tsc',
      code: `import { createConnection } from 'net';

const client = createConnection({ host: 'localhost', port: 7000 }, () => {
  client.end('QUIT\\r\\n');
  client.once('finish', () => client.destroy());
});
`,
    },
    {
      name: "destroy() in 'error', 'close' and 'end' handlers",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  socket.on('error', (err) => {
    console.error('connection failed', err.message);
    socket.destroy();
  });
  socket.on('end', () => {
    socket.destroy();
  });
  socket.once('close', () => socket.destroy());
});
server.listen(7001);
`,
    },
    {
      name: "destroy() in socket.setTimeout(ms, cb) and in a 'timeout' handler",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as tls from 'node:tls';

const socket = tls.connect(443, 'example.com', { servername: 'example.com' });
socket.setTimeout(10_000, () => {
  socket.destroy();
});
socket.on('timeout', () => socket.destroy());
`,
    },
    {
      name: 'destroy(err) with an argument reports an error',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const MAX_FRAME = 64 * 1024;

const server = net.createServer((sock) => {
  sock.on('data', (chunk) => {
    if (chunk.length > MAX_FRAME) {
      sock.destroy(new Error('frame too large'));
    }
  });
});
server.listen(7002);
`,
    },
    {
      name: 'fs streams, HTTP requests and a user class with destroy() are not sockets',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as fs from 'node:fs';
import * as http from 'node:http';

class ConnectionPool {
  private open = 0;
  destroy(): void {
    this.open = 0;
  }
}

export function cleanup(path: string, pool: ConnectionPool): void {
  const input = fs.createReadStream(path);
  input.destroy();
  fs.createReadStream(path).destroy();
  const req = http.get('http://example.com/');
  req.destroy();
  pool.destroy();
  new ConnectionPool().destroy();
}
`,
    },
    {
      name: 'the socket is passed to an unknown function before the destroy (escape)',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

declare function drainAndEnd(sock: net.Socket): Promise<void>;

const server = net.createServer(async (sock) => {
  await drainAndEnd(sock);
  sock.destroy();
});
server.listen(7003);
`,
    },
    {
      name: 'a socket that is never connected',
      lang: 'ts',
      compile: 'tsc',
      code: `import { Socket } from 'net';

export function makeSpare(): void {
  const spare = new Socket();
  spare.setNoDelay(true);
  spare.destroy();
}
`,
    },
    {
      name: 'a Socket parameter of a function the same file calls with an unconnected socket',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

function discard(sock: net.Socket): void {
  sock.removeAllListeners();
  sock.destroy();
}

const idle = new net.Socket();
discard(idle);
`,
    },
    {
      name: 'destroySoon() ends the socket before the destroy',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('goodbye\\n');
  sock.destroySoon();
  setTimeout(() => sock.destroy(), 2000).unref();
});
server.listen(7004);
`,
    },
    {
      name: 'resetAndDestroy() is linger-misuse, not close-without-shutdown',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.resetAndDestroy();
});
server.listen(7005);
`,
    },
    {
      name: 'servers are closed, dgram sockets are not connections',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as dgram from 'node:dgram';
import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.end('hello\\n');
});
server.listen(7006);
const udp = dgram.createSocket('udp4');
udp.bind(7007);
process.on('SIGTERM', () => {
  server.close();
  udp.close();
});
`,
    },
    {
      name: 'CommonJS: end() then destroy on a timer, and destroy in the error handler',
      lang: 'cjs',
      compile: 'node',
      code: `const net = require('net');

const server = net.createServer((socket) => {
  socket.on('error', () => socket.destroy());
  socket.on('data', (data) => {
    if (data.toString().trim() === 'quit') {
      socket.end('bye\\n');
      setTimeout(() => socket.destroy(), 5000);
    }
  });
});
server.listen(7008);
`,
    },
    {
      name: "ESM JavaScript: destroy in the 'end' handler after end() on data",
      lang: 'mjs',
      compile: 'node',
      code: `import * as net from 'node:net';

const client = net.connect(7009, 'localhost');
client.on('data', (buf) => {
  if (buf.includes('BYE')) {
    client.end();
  }
  if (client.writableEnded) {
    return;
  }
  client.write('PING\\n');
});
client.on('end', () => client.destroy());
`,
    },
    {
      name: 'end() directly followed by destroy(): an end() came first on that path',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export function finish(sock: net.Socket): void {
  sock.end('bye\\n');
  sock.destroy();
}
`,
    },
    {
      name: "a local 'net' object that is not Node's net module",
      lang: 'ts',
      compile: 'tsc',
      code: `interface FakeSocket {
  write(s: string): void;
  destroy(): void;
}

const net = {
  createServer(listener: (s: FakeSocket) => void): void {
    listener({ write: () => undefined, destroy: () => undefined });
  },
};

net.createServer((sock) => {
  sock.write('hi');
  sock.destroy();
});
`,
    },
    {
      name: "CommonJS: destructured require('net') Socket, never connected",
      lang: 'cjs',
      compile: 'node',
      code: `const { Socket } = require('net');

function probe() {
  const s = new Socket();
  s.destroy();
}

module.exports = { probe };
`,
    },
    {
      name: 'the connection is handed to a Set (unknown code) before the handler that destroys it',
      lang: 'ts',
      compile: 'tsc',
      code: `import { createServer, Socket } from 'net';

const clients = new Set<Socket>();
const server = createServer();
server.on('connection', (conn) => {
  clients.add(conn);
  conn.on('data', (buf) => {
    if (buf.toString() === 'kick') {
      conn.destroy();
    }
  });
});
server.listen(7024);
`,
    },
    {
      // A bound destroy() is handed out: whoever calls it may do so after the socket failed.
      name: 'socket.destroy.bind(socket) handed to unknown code is not a known close',
      lang: 'cjs',
      compile: 'node',
      code: `const net = require('net');

module.exports = function open(port, register) {
  const socket = net.connect(port);
  register(socket.destroy.bind(socket));
  socket.once('connect', () => socket.end('hello'));
  return socket;
};
`,
    },
    {
      // The 'connect' listener clears the timer: the method only ever destroys a pending attempt.
      name: "a connect-timeout method armed with setTimeout(() => this.m()) and cleared on 'connect'",
      lang: 'cjs',
      compile: 'node',
      code: `'use strict';
const net = require('net');

class Conn {
  constructor(port, ms) {
    this.stream = net.connect(port);
    this.timer = setTimeout(() => this.giveUp(), ms);
    this.stream.once('connect', () => clearTimeout(this.timer));
  }

  giveUp() {
    this.stream.destroy();
  }
}

module.exports = Conn;
`,
    },
    {
      // hMailServer SynchronousConnection.cpp: the close before each retry follows a failed connect.
      name: 'asio: a connect retry loop that closes the socket while the error_code says the last connect failed',
      lang: 'cpp',
      compile: 'mingw',
      code:
        ASIO_WIN +
        `bool connect_any(tcp::socket &unused, asio::io_context &io, const tcp::resolver::results_type &eps) {
    tcp::socket sock(io);
    asio::error_code error = asio::error::host_not_found;
    auto it = eps.begin();
    while (error && it != eps.end()) {
        sock.close();
        sock.connect(*it++, error);
    }
    return !error;
}
`,
    },
    {
      // privoxy jbsockets.c: the project's own name for the failure value, compared in the loop head.
      name: "a connect retried while it returns the project's INVALID macro: the close in the loop follows a failure",
      lang: 'c',
      compile: 'gcc',
      code: `#include <sys/socket.h>
#include <errno.h>
#include <unistd.h>

#define JB_INVALID_SOCKET (-1)

int open_to(const struct sockaddr *to, socklen_t len) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    while (connect(fd, to, len) == JB_INVALID_SOCKET) {
        if (errno != EINTR) {
            close(fd);
            return -1;
        }
    }
    return fd;
}
`,
    },
    {
      // ldapjs client.js:848 (survey 8): the timer is a property and the clearing listener a named function.
      name: "a connect timeout kept in self.connectTimer, cleared by a named 'connect' listener",
      lang: 'cjs',
      compile: 'node',
      code: `'use strict';
const net = require('net');

// The timer lives on the client object and the named 'connect' listener clears it.
function connect(self, port, ms) {
  const socket = net.connect(port);
  function onConnect() {
    if (self.connectTimer) {
      clearTimeout(self.connectTimer);
      self.connectTimer = null;
    }
    socket.write('hello');
  }
  socket.once('connect', onConnect);
  self.connectTimer = setTimeout(function onConnectTimeout() {
    socket.destroy();
  }, ms);
  return socket;
}

module.exports = connect;
`,
    },
    {
      // localtunnel-server TunnelAgent.test.js:65 (survey 8).
      name: "a socket destroyed after awaiting its 'close'",
      lang: 'cjs',
      compile: 'node',
      code: `'use strict';
const net = require('net');

// The server closes the third connection; destroying it afterwards loses nothing.
async function third(port) {
  const sock = net.createConnection({ port });
  await new Promise((resolve) => sock.once('close', resolve));
  sock.destroy();
}

module.exports = third;
`,
    },
    {
      // Review of this session: a logging-like name that says it acts on the socket is unknown code, not a log call.
      name: 'a socket given to drain_and_log() or drain_and_shutdown() before its close',
      lang: 'c',
      compile: 'gcc',
      code: `#include <sys/socket.h>
#include <unistd.h>
/* Another file's: their names say they act on the socket, whatever else they do. */
extern void drain_and_log(int fd);
extern void drain_and_shutdown(int fd);
void serve(int ls) {
    int c = accept(ls, 0, 0);
    if (c < 0) return;
    send(c, "hi", 2, 0);
    drain_and_log(c);
    close(c);
}
void serve2(int ls) {
    int c = accept(ls, 0, 0);
    if (c < 0) return;
    send(c, "hi", 2, 0);
    drain_and_shutdown(c);
    close(c);
}
`,
    },
    {
      // Review of this session: a method called through another object (this.pool.discard(s)) is called from the file.
      name: "a method called as this.pool.discard(s) from an 'error' listener: its Socket parameter is the caller's",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export class Pool {
  private idle: net.Socket[] = [];
  discard(sock: net.Socket): void {
    sock.destroy();
  }
}

export class Dialer {
  constructor(private readonly pool: Pool) {}
  attempt(port: number): void {
    const s = new net.Socket();
    s.once('error', () => this.pool.discard(s));
    s.connect(port);
  }
}
`,
    },
    {
      // Review of this session: the field's socket, closed, under the local name the 'close' listener was set on.
      name: "a 'close' listener set on a local name for the field's socket: the field's destroy() is cleanup",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export class Client {
  private socket?: net.Socket;
  connect(port: number): void {
    const socket = net.connect(port);
    this.socket = socket;
    socket.on('close', () => this.onClose());
  }
  private onClose(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }
}
`,
    },
    {
      // An http server's request listener gets (req, res): neither is the connection's socket.
      name: "http.createServer's request listener parameters are no sockets",
      lang: 'js',
      compile: 'node',
      code: `const http = require('http');
const server = http.createServer((req, res) => {
  if (req.url === '/bye') res.destroy();
  else res.end('ok');
});
server.listen(8080);
`,
    },
    {
      name: "an 'upgrade' listener that ends the refused socket gracefully",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as http from 'node:http';

export function attach(server: http.Server): void {
  server.on('upgrade', (req, socket) => {
    if (req.headers.upgrade !== 'websocket') {
      socket.end('HTTP/1.1 400 Bad Request\\r\\n\\r\\n');
      return;
    }
    socket.write('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n');
  });
}
`,
    },
    {
      // The helper destroys what it is given, but its only caller is an 'error' listener.
      name: "a helper that destroys its Socket parameter, called only from an 'error' listener",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

function drop(socket: net.Socket | undefined): void {
  if (!socket) return;
  socket.destroy();
}

export function track(sock: net.Socket): void {
  sock.on('error', () => drop(sock));
}
`,
    },
  ],

  invalid: [
    {
      // The helper closes only a valid handle: on every path that had a socket, it closed it.
      name: 'a same-file helper that closes its parameter only when it is valid',
      lang: 'c',
      compile: 'mingw',
      code:
        WIN +
        `static void close_if_open(SOCKET s) {
    if (s != INVALID_SOCKET)
        closesocket(s);
}

void serve_one(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    if (c == INVALID_SOCKET) return;
    send(c, "bye", 3, 0);
    close_if_open(c);
}
`,
      errors: [{ messageId: 'noShutdown', text: 'close_if_open(c)', related: 'accept(ls, NULL, NULL)' }],
      safe: false,
      output:
        WIN +
        `static void close_if_open(SOCKET s) {
    if (s != INVALID_SOCKET)
        closesocket(s);
}

void serve_one(SOCKET ls) {
    SOCKET c = accept(ls, NULL, NULL);
    if (c == INVALID_SOCKET) return;
    send(c, "bye", 3, 0);
    shutdown(c, SD_SEND);
    char drain[512];
    while (recv(c, drain, sizeof drain, 0) > 0) {
    }
    close_if_open(c);
}
`,
    },
    {
      name: 'a POSIX helper that closes its descriptor only when it is not negative',
      lang: 'c',
      compile: 'gcc',
      code:
        POSIX +
        `static void close_fd(int fd) {
    if (fd >= 0) close(fd);
}

void serve_one(int ls) {
    int c = accept(ls, NULL, NULL);
    if (c < 0) return;
    write(c, "bye", 3);
    close_fd(c);
}
`,
      errors: [{ messageId: 'noShutdown', text: 'close_fd(c)', related: 'accept(ls, NULL, NULL)' }],
      safe: false,
      output:
        POSIX +
        `static void close_fd(int fd) {
    if (fd >= 0) close(fd);
}

void serve_one(int ls) {
    int c = accept(ls, NULL, NULL);
    if (c < 0) return;
    write(c, "bye", 3);
    shutdown(c, SHUT_WR);
    char drain[512];
    while (recv(c, drain, sizeof drain, 0) > 0) {
    }
    close_fd(c);
}
`,
    },
    {
      // Reported where destroy() is written, with the call that hands it the connection related.
      name: 'a helper that destroys its Socket parameter when there is one, called on a healthy connection',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

function drop(socket: net.Socket | undefined): void {
  if (!socket) return;
  socket.destroy();
}

export function quit(sock: net.Socket): void {
  sock.write('QUIT');
  drop(sock);
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()', related: 'drop(sock)' }],
      output: null,
    },
    {
      name: 'a method that destroys the Socket it is given, called with the class field',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export class Session {
  private sock: net.Socket = net.connect(21, 'ftp.example');

  close(): void {
    this.sock.write('QUIT');
    this.closeSocket(this.sock);
  }

  private closeSocket(socket: net.Socket): void {
    if (socket != null) socket.destroy();
  }
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      output: null,
    },
    {
      name: "an http server's 'upgrade' listener destroys the socket it refuses",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as http from 'node:http';

export function attach(server: http.Server): void {
  server.on('upgrade', (req, socket) => {
    if (req.headers.upgrade !== 'websocket') {
      socket.write('HTTP/1.1 400 Bad Request\\r\\n\\r\\n');
      socket.destroy();
    }
  });
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()', related: 'socket' }],
      safe: false,
      output: `import * as http from 'node:http';

export function attach(server: http.Server): void {
  server.on('upgrade', (req, socket) => {
    if (req.headers.upgrade !== 'websocket') {
      socket.write('HTTP/1.1 400 Bad Request\\r\\n\\r\\n');
      socket.end();
    }
  });
}
`,
    },
    {
      // hot-shots lib/transport.js:40: the socket's own methods bound to it hand it to nobody.
      name: 'a transport object exposing socket.on.bind(socket) and a close() arrow that destroys',
      lang: 'cjs',
      compile: 'node',
      code: `const net = require('net');

const createTcpTransport = (args) => {
  const socket = net.connect(args.port, args.host);
  socket.setKeepAlive(true);
  return {
    on: socket.on.bind(socket),
    send: (buf, callback) => socket.write(buf, 'ascii', callback),
    close: () => socket.destroy(),
  };
};

module.exports = createTcpTransport;
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      safe: false,
      output: `const net = require('net');

const createTcpTransport = (args) => {
  const socket = net.connect(args.port, args.host);
  socket.setKeepAlive(true);
  return {
    on: socket.on.bind(socket),
    send: (buf, callback) => socket.write(buf, 'ascii', callback),
    close: () => socket.end(),
  };
};

module.exports = createTcpTransport;
`,
    },
    {
      // A timer nobody clears on 'connect' fires on the live connection too.
      name: 'a method armed with setTimeout that no connect listener clears',
      lang: 'cjs',
      compile: 'node',
      code: `'use strict';
const net = require('net');

class Conn {
  constructor(port, ms) {
    this.stream = net.connect(port);
    this.idleTimer = setTimeout(() => this.onIdle(), ms);
    this.stream.on('data', () => this.stream.write('ack'));
  }

  onIdle() {
    this.stream.destroy();
  }
}

module.exports = Conn;
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'this.stream.destroy()' }],
      safe: false,
      output: `'use strict';
const net = require('net');

class Conn {
  constructor(port, ms) {
    this.stream = net.connect(port);
    this.idleTimer = setTimeout(() => this.onIdle(), ms);
    this.stream.on('data', () => this.stream.write('ack'));
  }

  onIdle() {
    this.stream.end();
  }
}

module.exports = Conn;
`,
    },
    {
      // open62541 tests/check_eventloop_http.c: the check framework's assertions read the descriptor.
      name: 'a test client whose descriptor is checked by ck_assert_* calls is still reported',
      lang: 'c',
      compile: 'gcc',
      code: `#include <sys/socket.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

/* The check framework's assertions, declared here as the test header would. */
void ck_assert_int_ge(long a, long b);
void ck_assert_int_eq(long a, long b);

/* A test client: the assertion reads the descriptor, it does not take it. */
void probe(unsigned short port) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    send(fd, "GET / HTTP/1.0\\r\\n\\r\\n", 18, 0);
    close(fd);
}
`,
      errors: [{ messageId: 'noShutdown', text: 'close(fd)' }],
      safe: false,
      output: `#include <sys/socket.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

/* The check framework's assertions, declared here as the test header would. */
void ck_assert_int_ge(long a, long b);
void ck_assert_int_eq(long a, long b);

/* A test client: the assertion reads the descriptor, it does not take it. */
void probe(unsigned short port) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    send(fd, "GET / HTTP/1.0\\r\\n\\r\\n", 18, 0);
    shutdown(fd, SHUT_WR);
    char drain[512];
    while (recv(fd, drain, sizeof drain, 0) > 0) {
    }
    close(fd);
}
`,
    },
    {
      // proxy-chain src/chain.ts:110: an http client request's CONNECT tunnel arrives as the listener's second parameter.
      name: "an http client request's 'connect' listener destroys the tunnel socket",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as http from 'node:http';

/** Opens a CONNECT tunnel through a proxy and gives up when the peer went away meanwhile. */
export function tunnel(proxyPort: number, target: string, alive: () => boolean): void {
  const req = http.request({ port: proxyPort, method: 'CONNECT', path: target });
  req.on('connect', (res, socket, head) => {
    if (!alive() || res.statusCode !== 200) {
      socket.destroy();
      return;
    }
    socket.write(head);
  });
  req.end();
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      safe: false,
      output: `import * as http from 'node:http';

/** Opens a CONNECT tunnel through a proxy and gives up when the peer went away meanwhile. */
export function tunnel(proxyPort: number, target: string, alive: () => boolean): void {
  const req = http.request({ port: proxyPort, method: 'CONNECT', path: target });
  req.on('connect', (res, socket, head) => {
    if (!alive() || res.statusCode !== 200) {
      socket.end();
      return;
    }
    socket.write(head);
  });
  req.end();
}
`,
    },
    {
      // hap-nodejs eventedhttp.ts:773: the client's 'close' is not the upstream's; only the socket that closed is over.
      name: "a method run by one socket's 'close' listener destroys the other, still healthy socket",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

/** Relays a client to an upstream: when the client closes, the upstream is dropped. */
export class Relay {
  constructor(
    private readonly client: net.Socket,
    private readonly upstream: net.Socket,
  ) {
    this.client.on('close', this.onClientClose.bind(this));
    this.upstream.on('close', this.onUpstreamClose.bind(this));
  }

  private onClientClose(): void {
    this.upstream.destroy();
  }

  private onUpstreamClose(): void {
    this.upstream.destroy();
  }
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'this.upstream.destroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

/** Relays a client to an upstream: when the client closes, the upstream is dropped. */
export class Relay {
  constructor(
    private readonly client: net.Socket,
    private readonly upstream: net.Socket,
  ) {
    this.client.on('close', this.onClientClose.bind(this));
    this.upstream.on('close', this.onUpstreamClose.bind(this));
  }

  private onClientClose(): void {
    this.upstream.end();
  }

  private onUpstreamClose(): void {
    this.upstream.destroy();
  }
}
`,
    },
    {
      // localtunnel-server TunnelAgent.js:94 (survey 8): a method registered as the connection listener with .bind(this).
      name: "a method given to server.on('connection', this._onConnection.bind(this)) destroys the connection it turns away",
      lang: 'cjs',
      compile: 'node',
      code: `'use strict';
const net = require('net');

class TunnelAgent {
  constructor(max) {
    this.max = max;
    this.count = 0;
    this.server = net.createServer();
    this.server.on('connection', this._onConnection.bind(this));
  }

  // Turns away connections over the limit.
  _onConnection(socket) {
    if (this.count >= this.max) {
      socket.destroy();
      return;
    }
    this.count += 1;
    socket.once('close', () => (this.count -= 1));
  }
}

module.exports = TunnelAgent;
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      safe: false,
      output: `'use strict';
const net = require('net');

class TunnelAgent {
  constructor(max) {
    this.max = max;
    this.count = 0;
    this.server = net.createServer();
    this.server.on('connection', this._onConnection.bind(this));
  }

  // Turns away connections over the limit.
  _onConnection(socket) {
    if (this.count >= this.max) {
      socket.end();
      return;
    }
    this.count += 1;
    socket.once('close', () => (this.count -= 1));
  }
}

module.exports = TunnelAgent;
`,
    },
    {
      // mockttp websocket-step-impls.ts:644 (survey 8): a method nobody in the file calls gets a connected socket, as a function does.
      name: "a method's net.Socket parameter, the method not called in the file",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

/** Refuses a WebSocket upgrade; nobody in this file calls handle(), the socket is the caller's connection. */
export class RejectStep {
  constructor(private readonly body?: string) {}

  handle(socket: net.Socket): void {
    socket.write('HTTP/1.1 403 Forbidden\\r\\n\\r\\n');
    if (this.body) socket.end(this.body);
    socket.destroy();
  }
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

/** Refuses a WebSocket upgrade; nobody in this file calls handle(), the socket is the caller's connection. */
export class RejectStep {
  constructor(private readonly body?: string) {}

  handle(socket: net.Socket): void {
    socket.write('HTTP/1.1 403 Forbidden\\r\\n\\r\\n');
    if (this.body) socket.end(this.body);
    socket.end();
  }
}
`,
    },
    {
      // mockttp response-events.spec.ts:499 (survey 8): RULES.md names req.socket as a source of sockets.
      name: 'an http.Server request listener destroys req.socket',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as http from 'node:http';

/** A test server that drops every connection without a response. */
export const badServer = new http.Server((req) => {
  req.socket.destroy();
});
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'req.socket.destroy()' }],
      safe: false,
      output: `import * as http from 'node:http';

/** A test server that drops every connection without a response. */
export const badServer = new http.Server((req) => {
  req.socket.end();
});
`,
    },
    {
      // proxy-chain test/https-server.js:106: a 'close' listener inside the awaited promise that only clears a timer.
      name: "a destroy() after awaiting a promise whose 'close' listener does not settle it",
      lang: 'cjs',
      compile: 'node',
      code: `'use strict';
const net = require('net');

// The promise settles on the first data; its 'close' listener only clears the timer.
async function firstReply(port) {
  const sock = net.connect(port);
  const reply = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), 5000);
    sock.once('data', (data) => {
      clearTimeout(timer);
      resolve(data);
    });
    sock.once('close', () => clearTimeout(timer));
  });
  sock.destroy();
  return reply;
}

module.exports = firstReply;
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'sock.destroy()' }],
      safe: false,
      output: `'use strict';
const net = require('net');

// The promise settles on the first data; its 'close' listener only clears the timer.
async function firstReply(port) {
  const sock = net.connect(port);
  const reply = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), 5000);
    sock.once('data', (data) => {
      clearTimeout(timer);
      resolve(data);
    });
    sock.once('close', () => clearTimeout(timer));
  });
  sock.end();
  return reply;
}

module.exports = firstReply;
`,
    },
    {
      // A named 'upgrade' listener gets the socket second.
      name: "a named 'upgrade' listener of http.createServer's server",
      lang: 'js',
      compile: 'node',
      code: `const http = require('http');

const server = http.createServer((req, res) => res.end('ok'));
function onUpgrade(req, socket) {
  socket.write('HTTP/1.1 426 Upgrade Required\\r\\n\\r\\n');
  socket.destroy();
}
server.on('upgrade', onUpgrade);
server.listen(8080);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      safe: false,
      output: `const http = require('http');

const server = http.createServer((req, res) => res.end('ok'));
function onUpgrade(req, socket) {
  socket.write('HTTP/1.1 426 Upgrade Required\\r\\n\\r\\n');
  socket.end();
}
server.on('upgrade', onUpgrade);
server.listen(8080);
`,
    },
    {
      // The CONNECT method's listener gets the client's socket second, like 'upgrade'.
      name: "an http server's 'connect' listener destroys the client socket",
      lang: 'js',
      compile: 'node',
      code: `const http = require('http');

const server = http.createServer((req, res) => res.end('ok'));
server.on('connect', (req, clientSocket) => {
  clientSocket.write('HTTP/1.1 403 Forbidden\\r\\n\\r\\n');
  clientSocket.destroy();
});
server.listen(8080);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'clientSocket.destroy()' }],
      safe: false,
      output: `const http = require('http');

const server = http.createServer((req, res) => res.end('ok'));
server.on('connect', (req, clientSocket) => {
  clientSocket.write('HTTP/1.1 403 Forbidden\\r\\n\\r\\n');
  clientSocket.end();
});
server.listen(8080);
`,
    },
    {
      // Only 'error', 'timeout', 'close', 'end' and 'finish' listeners start on a broken connection.
      name: "a named 'data' listener that destroys the socket is still reported",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export function serve(sock: net.Socket): void {
  const onData = (chunk: Buffer) => {
    if (chunk.length > 1024) sock.destroy();
  };
  sock.on('data', onData);
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'sock.destroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

export function serve(sock: net.Socket): void {
  const onData = (chunk: Buffer) => {
    if (chunk.length > 1024) sock.end();
  };
  sock.on('data', onData);
}
`,
    },
    {
      // The timer goes in a new statement after this one; where a repaired statement ends is a guess.
      name: 'no timer is added after a statement the parser had to repair',
      lang: 'ts',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('ok');
  sock.destroy(
});
server.listen(8080);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'sock.destroy(' }],
      safe: false,
      output: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('ok');
  sock.end(
});
server.listen(8080);
`,
      otherFixes: [{ titleIncludes: '5 s', output: null, absent: true }],
    },
    {
      name: 'net.createServer connection listener: destroy after write',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok');
  sock.destroy();
});
server.listen(8080);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'sock.destroy()', messageIncludes: 'end()', severity: 'warning' }],
      safe: false,
      output: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok');
  sock.end();
});
server.listen(8080);
`,
      otherFixes: [
        {
          titleIncludes: '5 s',
          preferred: false,
          output: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok');
  sock.end();
  sock.setTimeout(5000, () => sock.destroy());
});
server.listen(8080);
`,
        },
      ],
    },
    {
      name: "createConnection imported by name: destroy in a 'data' handler",
      lang: 'ts',
      compile: 'tsc',
      code: `import { createConnection } from 'net';

const client = createConnection({ host: 'example.com', port: 80 }, () => {
  client.write('GET / HTTP/1.0\\r\\n\\r\\n');
});
client.on('data', (chunk) => {
  process.stdout.write(chunk);
  client.destroy();
});
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'client.destroy()' }],
      safe: false,
      output: `import { createConnection } from 'net';

const client = createConnection({ host: 'example.com', port: 80 }, () => {
  client.write('GET / HTTP/1.0\\r\\n\\r\\n');
});
client.on('data', (chunk) => {
  process.stdout.write(chunk);
  client.end();
});
`,
    },
    {
      name: 'new net.Socket() then connect(): destroy in the connect callback',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export function probe(host: string, port: number): void {
  const s = new net.Socket();
  s.connect(port, host, () => {
    s.write('PING\\n');
    s.destroy();
  });
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 's.destroy()', related: "s.connect(port, host, () => {\n    s.write('PING\\n');\n    s.destroy();\n  })" }],
      safe: false,
      output: `import * as net from 'node:net';

export function probe(host: string, port: number): void {
  const s = new net.Socket();
  s.connect(port, host, () => {
    s.write('PING\\n');
    s.end();
  });
}
`,
    },
    {
      name: 'tls.connect: destroy after the first response',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as tls from 'node:tls';

const socket = tls.connect(443, 'example.com', { servername: 'example.com' }, () => {
  socket.write('GET / HTTP/1.1\\r\\nHost: example.com\\r\\nConnection: close\\r\\n\\r\\n');
});
socket.once('data', (data) => {
  console.log(data.toString('utf8'));
  socket.destroy();
});
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      safe: false,
      output: `import * as tls from 'node:tls';

const socket = tls.connect(443, 'example.com', { servername: 'example.com' }, () => {
  socket.write('GET / HTTP/1.1\\r\\nHost: example.com\\r\\nConnection: close\\r\\n\\r\\n');
});
socket.once('data', (data) => {
  console.log(data.toString('utf8'));
  socket.end();
});
`,
    },
    {
      name: "server.on('connection'): over the limit, destroyed on one path",
      lang: 'ts',
      compile: 'tsc',
      code: `import { createServer, Socket } from 'net';

const MAX_CLIENTS = 100;
const clients = new Set<Socket>();
const server = createServer();
server.on('connection', (conn) => {
  if (clients.size >= MAX_CLIENTS) {
    conn.write('busy\\r\\n');
    conn.destroy();
    return;
  }
  clients.add(conn);
  conn.on('close', () => clients.delete(conn));
});
server.listen(2323);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'conn.destroy()' }],
      safe: false,
      output: `import { createServer, Socket } from 'net';

const MAX_CLIENTS = 100;
const clients = new Set<Socket>();
const server = createServer();
server.on('connection', (conn) => {
  if (clients.size >= MAX_CLIENTS) {
    conn.write('busy\\r\\n');
    conn.end();
    return;
  }
  clients.add(conn);
  conn.on('close', () => clients.delete(conn));
});
server.listen(2323);
`,
    },
    {
      name: "tls.createServer 'secureConnection': unauthorized client destroyed",
      lang: 'ts',
      compile: 'tsc',
      code: `import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';

const server = tls.createServer({
  key: readFileSync('server-key.pem'),
  cert: readFileSync('server-cert.pem'),
  requestCert: true,
});
server.on('secureConnection', (tlsSocket) => {
  if (!tlsSocket.authorized) {
    tlsSocket.destroy();
    return;
  }
  tlsSocket.write('welcome\\n');
  tlsSocket.end();
});
server.listen(8443);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'tlsSocket.destroy()' }],
      safe: false,
      output: `import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';

const server = tls.createServer({
  key: readFileSync('server-key.pem'),
  cert: readFileSync('server-cert.pem'),
  requestCert: true,
});
server.on('secureConnection', (tlsSocket) => {
  if (!tlsSocket.authorized) {
    tlsSocket.end();
    return;
  }
  tlsSocket.write('welcome\\n');
  tlsSocket.end();
});
server.listen(8443);
`,
    },
    {
      name: 'tls.createServer connection listener as the second argument',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as tls from 'node:tls';

export function start(options: tls.TlsOptions): tls.Server {
  return tls.createServer(options, (socket) => {
    socket.write('220 ready\\r\\n');
    socket.destroy();
  });
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      safe: false,
      output: `import * as tls from 'node:tls';

export function start(options: tls.TlsOptions): tls.Server {
  return tls.createServer(options, (socket) => {
    socket.write('220 ready\\r\\n');
    socket.end();
  });
}
`,
    },
    {
      name: 'a net.Socket parameter of an exported function the file never calls',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export function kick(socket: net.Socket, reason: string): void {
  socket.write(\`bye: \${reason}\\n\`);
  socket.destroy();
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

export function kick(socket: net.Socket, reason: string): void {
  socket.write(\`bye: \${reason}\\n\`);
  socket.end();
}
`,
    },
    {
      name: 'a class field annotated Socket (imported from net)',
      lang: 'ts',
      compile: 'tsc',
      code: `import { Socket } from 'net';

export class Session {
  private readonly sock: Socket;

  constructor(sock: Socket) {
    this.sock = sock;
  }

  close(): void {
    this.sock.destroy();
  }
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'this.sock.destroy()' }],
      safe: false,
      output: `import { Socket } from 'net';

export class Session {
  private readonly sock: Socket;

  constructor(sock: Socket) {
    this.sock = sock;
  }

  close(): void {
    this.sock.end();
  }
}
`,
    },
    {
      name: 'a tls.TLSSocket parameter; the backstop fix keeps the indentation',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as tls from 'node:tls';

export function hangUp(conn: tls.TLSSocket): void {
  if (conn.writable) {
    conn.write('BYE\\r\\n');
    conn.destroy();
  }
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'conn.destroy()' }],
      safe: false,
      output: `import * as tls from 'node:tls';

export function hangUp(conn: tls.TLSSocket): void {
  if (conn.writable) {
    conn.write('BYE\\r\\n');
    conn.end();
  }
}
`,
      otherFixes: [
        {
          titleIncludes: '5 s',
          output: `import * as tls from 'node:tls';

export function hangUp(conn: tls.TLSSocket): void {
  if (conn.writable) {
    conn.write('BYE\\r\\n');
    conn.end();
    conn.setTimeout(5000, () => conn.destroy());
  }
}
`,
        },
      ],
    },
    {
      name: 'end() on one branch only: the destroy on the other branch',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.on('data', (buf) => {
    if (buf[0] === 0x51) {
      sock.end('bye\\n');
    } else {
      sock.destroy();
    }
  });
});
server.listen(7010);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'sock.destroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.on('data', (buf) => {
    if (buf[0] === 0x51) {
      sock.end('bye\\n');
    } else {
      sock.end();
    }
  });
});
server.listen(7010);
`,
    },
    {
      name: 'destroy() not alone on its line: the backstop fix is not offered',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.on('data', () => sock.destroy());
});
server.listen(7011);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'sock.destroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.on('data', () => sock.end());
});
server.listen(7011);
`,
      otherFixes: [{ titleIncludes: '5 s', output: null, absent: true }],
    },
    {
      name: 'two connections destroyed: two findings in order',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export function bridge(a: net.Socket, b: net.Socket): void {
  a.write('bridge up\\n');
  a.on('data', (buf) => {
    if (buf.includes('\\x04')) {
      a.destroy();
      b.destroy();
    }
  });
}
`,
      errors: [
        { messageId: 'destroyWithoutEnd', text: 'a.destroy()' },
        { messageId: 'destroyWithoutEnd', text: 'b.destroy()' },
      ],
      safe: false,
      output: `import * as net from 'node:net';

export function bridge(a: net.Socket, b: net.Socket): void {
  a.write('bridge up\\n');
  a.on('data', (buf) => {
    if (buf.includes('\\x04')) {
      a.end();
      b.destroy();
    }
  });
}
`,
    },
    {
      name: 'TSX file: connection listener',
      lang: 'tsx',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('nope\\n');
  sock.destroy();
});
server.listen(7012);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'sock.destroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('nope\\n');
  sock.end();
});
server.listen(7012);
`,
    },
    {
      name: "CommonJS: const net = require('net')",
      lang: 'cjs',
      compile: 'node',
      code: `const net = require('net');

const server = net.createServer((socket) => {
  socket.on('data', (data) => {
    if (data.toString().trim() === 'quit') {
      socket.destroy();
    }
  });
});
server.listen(7013);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      safe: false,
      output: `const net = require('net');

const server = net.createServer((socket) => {
  socket.on('data', (data) => {
    if (data.toString().trim() === 'quit') {
      socket.end();
    }
  });
});
server.listen(7013);
`,
    },
    {
      name: "JavaScript (.js): destructured require('node:net') connect",
      lang: 'js',
      compile: 'node',
      code: `'use strict';
const { connect } = require('node:net');

const client = connect(6379, '127.0.0.1', () => {
  client.write('PING\\r\\n');
});
client.on('data', () => {
  client.destroy();
});
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'client.destroy()' }],
      safe: false,
      output: `'use strict';
const { connect } = require('node:net');

const client = connect(6379, '127.0.0.1', () => {
  client.write('PING\\r\\n');
});
client.on('data', () => {
  client.end();
});
`,
    },
    {
      name: 'ESM JavaScript (.mjs): named imports, tls.connect',
      lang: 'mjs',
      compile: 'node',
      code: `import { connect } from 'node:tls';

const socket = connect({ host: 'example.com', port: 443, servername: 'example.com' }, () => {
  console.log('protocol', socket.getProtocol());
  socket.destroy();
});
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      safe: false,
      output: `import { connect } from 'node:tls';

const socket = connect({ host: 'example.com', port: 443, servername: 'example.com' }, () => {
  console.log('protocol', socket.getProtocol());
  socket.end();
});
`,
    },
    {
      name: 'a named connection listener passed to net.createServer',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

function onConnection(socket: net.Socket): void {
  socket.write('hello\\n');
  socket.destroy();
}

const server = net.createServer(onConnection);
server.listen(7020);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

function onConnection(socket: net.Socket): void {
  socket.write('hello\\n');
  socket.end();
}

const server = net.createServer(onConnection);
server.listen(7020);
`,
    },
    {
      name: 'a global setTimeout without end() first is not a backstop',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('closing in 1s\\n');
  setTimeout(() => sock.destroy(), 1000);
});
server.listen(7021);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'sock.destroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

const server = net.createServer((sock) => {
  sock.write('closing in 1s\\n');
  setTimeout(() => sock.end(), 1000);
});
server.listen(7021);
`,
    },
    {
      // Survey 3 (node-redis): the socket in an ES private field, as the same class with a public one.
      name: 'a private field: this.#socket?.destroy()',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export class Client {
  #socket?: net.Socket;

  connect(port: number): void {
    this.#socket = net.connect(port, 'localhost');
  }

  close(): void {
    this.#socket?.destroy();
  }
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'this.#socket?.destroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

export class Client {
  #socket?: net.Socket;

  connect(port: number): void {
    this.#socket = net.connect(port, 'localhost');
  }

  close(): void {
    this.#socket?.end();
  }
}
`,
    },
    {
      name: 'an optional field: this.sock?.destroy()',
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

export class Client {
  private sock?: net.Socket;

  connect(port: number): void {
    this.sock = net.connect(port, 'localhost');
  }

  close(): void {
    this.sock?.destroy();
  }
}
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'this.sock?.destroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

export class Client {
  private sock?: net.Socket;

  connect(port: number): void {
    this.sock = net.connect(port, 'localhost');
  }

  close(): void {
    this.sock?.end();
  }
}
`,
      otherFixes: [
        {
          titleIncludes: '5 s',
          output: `import * as net from 'node:net';

export class Client {
  private sock?: net.Socket;

  connect(port: number): void {
    this.sock = net.connect(port, 'localhost');
  }

  close(): void {
    this.sock?.end();
    this.sock?.setTimeout(5000, () => this.sock?.destroy());
  }
}
`,
        },
      ],
    },
    {
      name: "ESM JavaScript (.mjs): default import of 'node:net'",
      lang: 'mjs',
      compile: 'node',
      code: `import net from 'node:net';

const server = net.createServer((socket) => {
  socket.write('bye\\n');
  socket.destroy();
});
server.listen(7022);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 'socket.destroy()' }],
      safe: false,
      output: `import net from 'node:net';

const server = net.createServer((socket) => {
  socket.write('bye\\n');
  socket.end();
});
server.listen(7022);
`,
    },
    {
      name: "a chained createServer().on('connection', ...)",
      lang: 'ts',
      compile: 'tsc',
      code: `import * as net from 'node:net';

net
  .createServer()
  .on('connection', (s) => {
    s.write('no service\\r\\n');
    s.destroy();
  })
  .listen(7023);
`,
      errors: [{ messageId: 'destroyWithoutEnd', text: 's.destroy()' }],
      safe: false,
      output: `import * as net from 'node:net';

net
  .createServer()
  .on('connection', (s) => {
    s.write('no service\\r\\n');
    s.end();
  })
  .listen(7023);
`,
    },
  ],
});

// Winsock through FFI bindings in TypeScript and JavaScript (koffi, ffi-napi, ffi-rs).

ruleTester('close-without-shutdown', {
  valid: [
    {
      name: 'koffi: shutdown(SD_SEND) and a drain before closesocket',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI_SERVER +
        `export function serveOne(listener: number): void {
  const client: number = accept(listener, null, null);
  const reply = Buffer.from('bye\\r\\n');
  send(client, reply, reply.length, 0);
  shutdown(client, SD_SEND);
  const buf = Buffer.alloc(512);
  while (recv(client, buf, buf.length, 0) > 0) {
    // drain until the peer closes
  }
  closesocket(client);
}
`,
    },
    {
      name: 'koffi: closing the listening socket',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI_SERVER +
        `export function stop(port: number): void {
  const s: number = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  const addr = sockaddrIn(port);
  bind(s, addr, addr.length);
  listen(s, 16);
  closesocket(s);
}
`,
    },
  ],
  invalid: [
    {
      name: 'koffi: accepted connection closed without shutdown',
      lang: 'ts',
      compile: 'tsc',
      code:
        KOFFI_SERVER +
        `export function serveOne(listener: number): void {
  const client: number = accept(listener, null, null);
  const reply = Buffer.from('bye\\r\\n');
  send(client, reply, reply.length, 0);
  closesocket(client);
}
`,
      errors: [{ messageId: 'noShutdown', text: 'closesocket(client)', related: 'accept(listener, null, null)' }],
      output: null,
    },
  ],
});

// exclusiveaddruse-with-reuseaddr through FFI: both options on one socket.
