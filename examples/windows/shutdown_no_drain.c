/*
 * shutdown_no_drain.c - shutdown(SD_SEND) followed at once by closesocket.
 *
 * The server sends its reply, shuts down its send side and closes the socket
 * straight away. The client may still be sending (the rest of its request, a
 * final message): closesocket discards whatever has not been read, and with
 * unread data the stack resets the connection, so the client can lose the
 * reply and see WSAECONNRESET (10054). Microsoft's sequence is shutdown(SD_SEND),
 * then recv until it returns 0, then closesocket.
 *
 * socklint findings:
 *   line 73  shutdown-without-drain  at closesocket(client);
 *            related: the shutdown on line 72.
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
    char request[256];
    const char reply[] = "HTTP/1.0 204 No Content\r\n\r\n";

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
    addr.sin_port = htons(8080);

    if (bind(listener, (SOCKADDR *)&addr, sizeof(addr)) == SOCKET_ERROR ||
        listen(listener, SOMAXCONN) == SOCKET_ERROR) {
        fprintf(stderr, "bind/listen failed: %d\n", WSAGetLastError());
        closesocket(listener);
        WSACleanup();
        return 1;
    }

    for (;;) {
        client = accept(listener, NULL, NULL);
        if (client == INVALID_SOCKET)
            break;

        /* Reads only the first part of the request. */
        if (recv(client, request, sizeof(request), 0) > 0)
            send(client, reply, (int)strlen(reply), 0);

        /* Sends the FIN, but never reads what the client still sends. */
        shutdown(client, SD_SEND);
        closesocket(client); /* <-- shutdown-without-drain */
    }

    closesocket(listener);
    WSACleanup();
    return 0;
}
