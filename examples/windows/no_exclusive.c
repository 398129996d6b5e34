/*
 * no_exclusive.c - a Winsock service bound to a fixed port without SO_EXCLUSIVEADDRUSE.
 *
 * Without exclusive use, another socket can bind the same port (for example on a
 * specific interface address, or with SO_REUSEADDR on older Windows or when this
 * socket had set it) and take connections meant for this service. With
 * SO_EXCLUSIVEADDRUSE set before bind, every such second bind fails with
 * WSAEADDRINUSE (10048) or WSAEACCES (10013). Everything else here is done right,
 * including the graceful close that exclusive use needs for quick restarts.
 *
 * socklint findings:
 *   line 46  missing-exclusiveaddruse  at the bind call: port 27015 is bound and
 *            listened on (line 53) with no SO_EXCLUSIVEADDRUSE before the bind.
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
    const char reply[] = "service ready\r\n";
    char buf[512];

    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 1;

    listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (listener == INVALID_SOCKET) {
        WSACleanup();
        return 1;
    }

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(27015);

    if (bind(listener, (SOCKADDR *)&addr, sizeof(addr)) == SOCKET_ERROR) { /* <-- missing-exclusiveaddruse */
        fprintf(stderr, "bind failed: %d\n", WSAGetLastError());
        closesocket(listener);
        WSACleanup();
        return 1;
    }

    if (listen(listener, SOMAXCONN) == SOCKET_ERROR) {
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
