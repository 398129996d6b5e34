/*
 * good_server.c - a Winsock TCP server that does everything socklint checks for.
 *
 * Shows: WSAStartup; SO_EXCLUSIVEADDRUSE set before bind, with its error checked;
 * bind checked against SOCKET_ERROR (WSAEADDRINUSE 10048 / WSAEACCES 10013 mean
 * another socket holds the port); listen; accept; a graceful close of the
 * accepted connection: shutdown(SD_SEND), recv until it returns 0, closesocket.
 *
 * socklint findings: none.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <string.h>

#ifdef _MSC_VER
#pragma comment(lib, "Ws2_32.lib")
#endif

#define PORT 27015

int main(void)
{
    WSADATA wsa;
    SOCKET listener = INVALID_SOCKET;
    SOCKET client = INVALID_SOCKET;
    struct sockaddr_in addr;
    BOOL exclusive = TRUE;
    const char reply[] = "hello from a well-behaved server\r\n";
    char buf[512];
    int n;

    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) {
        fprintf(stderr, "WSAStartup failed\n");
        return 1;
    }

    listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (listener == INVALID_SOCKET) {
        fprintf(stderr, "socket failed: %d\n", WSAGetLastError());
        WSACleanup();
        return 1;
    }

    /* Exclusive use must be requested before bind; errors surface at bind. */
    if (setsockopt(listener, SOL_SOCKET, SO_EXCLUSIVEADDRUSE,
                   (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        fprintf(stderr, "setsockopt(SO_EXCLUSIVEADDRUSE) failed: %d\n", WSAGetLastError());
        closesocket(listener);
        WSACleanup();
        return 1;
    }

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(PORT);

    if (bind(listener, (SOCKADDR *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        int err = WSAGetLastError();
        if (err == WSAEADDRINUSE || err == WSAEACCES)
            fprintf(stderr, "port %d is already held by another socket (%d)\n", PORT, err);
        else
            fprintf(stderr, "bind failed: %d\n", err);
        closesocket(listener);
        WSACleanup();
        return 1;
    }

    if (listen(listener, SOMAXCONN) == SOCKET_ERROR) {
        fprintf(stderr, "listen failed: %d\n", WSAGetLastError());
        closesocket(listener);
        WSACleanup();
        return 1;
    }

    client = accept(listener, NULL, NULL);
    if (client == INVALID_SOCKET) {
        fprintf(stderr, "accept failed: %d\n", WSAGetLastError());
        closesocket(listener);
        WSACleanup();
        return 1;
    }

    if (send(client, reply, (int)strlen(reply), 0) == SOCKET_ERROR)
        fprintf(stderr, "send failed: %d\n", WSAGetLastError());

    /* Graceful close: no more data from us, read until the peer closes, then close. */
    if (shutdown(client, SD_SEND) == SOCKET_ERROR) {
        fprintf(stderr, "shutdown failed: %d\n", WSAGetLastError());
    } else {
        while ((n = recv(client, buf, sizeof(buf), 0)) > 0) {
            /* discard whatever the peer still sends */
        }
        if (n == SOCKET_ERROR)
            fprintf(stderr, "recv failed while draining: %d\n", WSAGetLastError());
    }
    closesocket(client);

    closesocket(listener);
    WSACleanup();
    return 0;
}
