/*
 * unchecked_bind.c - the result of bind is thrown away.
 *
 * The service asks for exclusive use of its port, which is right, but then
 * ignores what bind returns. Exclusive use is enforced at bind: when another
 * socket already holds the port, bind fails with WSAEADDRINUSE (10048) or
 * WSAEACCES (10013). Here that failure goes unnoticed: listen then fails with
 * WSAEINVAL (10022) because the socket is not bound, and the error message
 * blames listen instead of the port conflict.
 *
 * socklint findings:
 *   line 55  bind-result-unchecked  at the bind call.
 */
#include <winsock2.h>
#include <stdio.h>
#include <string.h>

#ifdef _MSC_VER
#pragma comment(lib, "Ws2_32.lib")
#endif

#define PORT 27015

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
    if (listener == INVALID_SOCKET) {
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
    addr.sin_port = htons(PORT);

    bind(listener, (SOCKADDR *)&addr, sizeof(addr)); /* <-- bind-result-unchecked */

    if (listen(listener, SOMAXCONN) == SOCKET_ERROR) {
        fprintf(stderr, "listen failed: %d\n", WSAGetLastError());
        closesocket(listener);
        WSACleanup();
        return 1;
    }

    client = accept(listener, NULL, NULL);
    if (client != INVALID_SOCKET) {
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
