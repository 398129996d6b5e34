/*
 * socket_compare.c - socket handles tested with "< 0" and ">= 0", the POSIX way.
 *
 * A Winsock SOCKET is an unsigned integer (UINT_PTR) and INVALID_SOCKET is
 * (SOCKET)(~0), the largest value of that type. "listener < 0" is therefore
 * never true: when socket() fails, the error branch is skipped and the program
 * goes on with INVALID_SOCKET. "client >= 0" is always true, so a failed accept
 * is treated as a connection. gcc's -Wextra (-Wtype-limits) warns about both;
 * -Wall alone does not.
 *
 * socklint findings:
 *   line 37  invalid-socket-compare  at "listener < 0" (always false).
 *   line 64  invalid-socket-compare  at "client >= 0" (always true).
 */
#include <winsock2.h>
#include <stdio.h>
#include <string.h>

#ifdef _MSC_VER
#pragma comment(lib, "Ws2_32.lib")
#endif

int main(void)
{
    WSADATA wsa;
    SOCKET listener;
    SOCKET client;
    struct sockaddr_in addr;
    BOOL exclusive = TRUE;
    const char reply[] = "hello\r\n";
    char buf[512];

    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 1;

    listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (listener < 0) { /* <-- invalid-socket-compare */
        fprintf(stderr, "socket failed: %d\n", WSAGetLastError());
        WSACleanup();
        return 1;
    }

    if (setsockopt(listener, SOL_SOCKET, SO_EXCLUSIVEADDRUSE,
                   (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        closesocket(listener);
        WSACleanup();
        return 1;
    }

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(27015);

    if (bind(listener, (SOCKADDR *)&addr, sizeof(addr)) == SOCKET_ERROR ||
        listen(listener, SOMAXCONN) == SOCKET_ERROR) {
        fprintf(stderr, "bind/listen failed: %d\n", WSAGetLastError());
        closesocket(listener);
        WSACleanup();
        return 1;
    }

    client = accept(listener, NULL, NULL);
    if (client >= 0) { /* <-- invalid-socket-compare */
        send(client, reply, (int)strlen(reply), 0);
        if (shutdown(client, SD_SEND) != SOCKET_ERROR) {
            while (recv(client, buf, sizeof(buf), 0) > 0) {
            }
        }
        closesocket(client);
    }

    closesocket(listener);
    WSACleanup();
    return 0;
}
