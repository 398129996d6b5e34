/*
 * linger_abort.c - SO_LINGER {1, 0} "to avoid TIME_WAIT" turns every close into a reset.
 *
 * With l_onoff = 1 and l_linger = 0, closesocket performs a hard (abortive) close:
 * the connection is reset at once, data not yet sent or acknowledged is thrown
 * away, and the peer's next recv fails with WSAECONNRESET (10054). The reply
 * sent just before the close may never arrive.
 *
 * socklint findings:
 *   line 71  linger-misuse           at the setsockopt(SO_LINGER) call: l_onoff = 1,
 *            l_linger = 0 (followed from the initialiser on line 34), an abortive close.
 *   line 75  close-without-shutdown  at closesocket(client): the accepted connection is
 *            closed with no shutdown(SD_SEND) first (the same habit, seen from the close).
 * The linger-misuse quick fix clears both: it deletes the SO_LINGER call and lg,
 * and inserts shutdown(client, SD_SEND) and a recv-until-0 loop before closesocket.
 */
#include <winsock2.h>
#include <stdio.h>
#include <string.h>

#ifdef _MSC_VER
#pragma comment(lib, "Ws2_32.lib")
#endif

static const char reply[] = "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nok\n";

int main(void)
{
    WSADATA wsa;
    SOCKET listener;
    SOCKET client;
    struct sockaddr_in addr;
    BOOL exclusive = TRUE;
    struct linger lg = {1, 0};  /* l_onoff = 1, l_linger = 0 */
    char request[1024];

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

        setsockopt(client, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg)); /* <-- linger-misuse */

        recv(client, request, sizeof(request), 0);
        send(client, reply, (int)strlen(reply), 0);
        closesocket(client); /* <-- close-without-shutdown */
    }

    closesocket(listener);
    WSACleanup();
    return 0;
}
