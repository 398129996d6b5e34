/**
 * Program prefixes shared by the rule tests of reuseaddr-port-hijack, exclusiveaddruse-with-reuseaddr,
 * shutdown-without-drain, bind-result-unchecked, invalid-socket-compare and the precision tests.
 * Each compiles as written: WIN with MinGW-w64, POSIX with gcc/g++, PORTABLE with both.
 */

/** Windows code: the Winsock headers. */
export const WIN = `#include <winsock2.h>
#include <ws2tcpip.h>

`;

/** POSIX code: the BSD socket headers. */
export const POSIX = `#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>
#include <string.h>

`;

/**
 * A portable file: Winsock in the `_WIN32` arm, BSD sockets in the `#else` arm; the code after it is
 * shared by both builds (so it handles sockets as `int`, which both builds accept).
 */
export const PORTABLE = `#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>
#endif
#include <string.h>

`;

/** A standalone-asio program for Windows: asio requires _WIN32_WINNT there (RULES.md: Windows code). */
export const ASIO_WIN = `#define _WIN32_WINNT 0x0601
#include <asio.hpp>
using asio::ip::tcp;

`;

/** A Windows listener that sets SO_REUSEADDR only after its bind. */
export const LATE_REUSE_SERVICE = `SOCKET open_listener(unsigned short port) {
    BOOL on = TRUE;
    struct sockaddr_in addr = {0};
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) {
        return INVALID_SOCKET;
    }
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    if (listen(s, SOMAXCONN) == SOCKET_ERROR) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}
`;
/** Its late statement. */
export const LATE_REUSE_LINE = '    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));\n';
