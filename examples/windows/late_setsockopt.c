/*
 * late_setsockopt.c - SO_EXCLUSIVEADDRUSE requested after bind, where it does nothing.
 *
 * Winsock reads SO_EXCLUSIVEADDRUSE (and SO_REUSEADDR) when bind runs. Here the
 * setsockopt call comes after the bind on the same socket: the port is already
 * bound without exclusive use, and bind skipped the exclusive-use checks that
 * report (WSAEADDRINUSE / WSAEACCES) another socket already holding the port.
 *
 * socklint findings:
 *   line 48  missing-exclusiveaddruse  at the bind call: port 27015 is listened on and
 *            no SO_EXCLUSIVEADDRUSE reaches the bind (a consequence of the same mistake).
 *   line 56  setsockopt-after-bind     at the setsockopt(SO_EXCLUSIVEADDRUSE) call;
 *            related: the bind on line 48.
 * The quick fix for line 56 moves the whole if-statement to just before the
 * bind, which also clears the finding on line 48.
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

    /* Too late: the port is already bound. */
    if (setsockopt(listener, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, /* <-- setsockopt-after-bind */
                   (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        fprintf(stderr, "setsockopt failed: %d\n", WSAGetLastError());
    }

    if (listen(listener, SOMAXCONN) == SOCKET_ERROR) {
        closesocket(listener);
        WSACleanup();
        return 1;
    }

    client = accept(listener, NULL, NULL);
    if (client != INVALID_SOCKET) {
        send(client, "hi\r\n", 4, 0);
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
