/*
 * reuseaddr_hijack.c - SO_REUSEADDR on a Windows service socket, the POSIX "fast restart" habit.
 *
 * On Linux, SO_REUSEADDR lets a restarted server bind past connections left in
 * TIME_WAIT. On Windows it means something else: the socket may bind a port that
 * another socket is already serving, and other sockets that set it may bind this
 * one. Once two sockets are bound to the same port, which one receives a given
 * connection is undefined. The option also leaves this service without
 * SO_EXCLUSIVEADDRUSE, so nothing stops another socket from taking its port.
 *
 * socklint findings:
 *   line 46  reuseaddr-port-hijack     at the setsockopt(SO_REUSEADDR) call;
 *            related: the bind on line 58.
 * missing-exclusiveaddruse stays quiet at the bind: with SO_REUSEADDR set, adding
 * SO_EXCLUSIVEADDRUSE beside it would fail with WSAEINVAL, so the fix that works is
 * this one: the quick fix replaces SO_REUSEADDR with SO_EXCLUSIVEADDRUSE.
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
    BOOL on = TRUE;
    const char reply[] = "status: ok\r\n";
    char buf[512];

    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 1;

    listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (listener == INVALID_SOCKET) {
        WSACleanup();
        return 1;
    }

    /* "So a restarted service can bind at once" - on Windows this shares the port instead. */
    if (setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on)) == SOCKET_ERROR) { /* <-- reuseaddr-port-hijack */
        fprintf(stderr, "setsockopt failed: %d\n", WSAGetLastError());
        closesocket(listener);
        WSACleanup();
        return 1;
    }

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(27015);

    if (bind(listener, (SOCKADDR *)&addr, sizeof(addr)) == SOCKET_ERROR) {
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
