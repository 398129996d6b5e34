/** A Winsock server that sets SO_REUSEADDR after bind, where it no longer has any effect. */
export const lateReuseAddrC = `#include <winsock2.h>
#include <ws2tcpip.h>
#include <string.h>

SOCKET open_listener(unsigned short port)
{
    BOOL on = TRUE;
    struct sockaddr_in addr;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) {
        return INVALID_SOCKET;
    }
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
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

/** The same mistake in C++, on a class member. */
export const lateReuseAddrCpp = `#include <winsock2.h>
#include <ws2tcpip.h>
#include <cstring>

class Listener {
public:
    bool open(unsigned short port)
    {
        BOOL on = TRUE;
        sockaddr_in addr{};
        sock_ = ::socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        if (sock_ == INVALID_SOCKET) {
            return false;
        }
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        if (::bind(sock_, reinterpret_cast<sockaddr *>(&addr), sizeof(addr)) == SOCKET_ERROR) {
            return false;
        }
        ::setsockopt(sock_, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const char *>(&on), sizeof(on));
        return ::listen(sock_, SOMAXCONN) != SOCKET_ERROR;
    }

private:
    SOCKET sock_ = INVALID_SOCKET;
};
`;

/** Text that no parser likes: NUL bytes, unbalanced braces and a 2 MB line. */
export function garbage(): string {
  const longLine = 'x'.repeat(2 * 1024 * 1024);
  return `#include <winsock2.h>\n\0\0\0 int main( {{{ \n${longLine}\n}}}} ) ;; setsockopt(\0 bind(s,\n"unterminated\n/* open comment\n`;
}

export const setsockoptAfterBind = 'setsockopt-after-bind';

/** A Winsock accept loop closing each connection with `close` (a macro from "sock.h", say). */
export const acceptLoopClosingWith = (close: string) => `#include <winsock2.h>
#include "sock.h"
void serve(SOCKET ls) {
    char buf[512];
    for (;;) {
        SOCKET c = accept(ls, NULL, NULL);
        if (c == INVALID_SOCKET) return;
        send(c, buf, sizeof buf, 0);
        ${close};
    }
}
`;
