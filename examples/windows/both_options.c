/*
 * both_options.c - SO_REUSEADDR and SO_EXCLUSIVEADDRUSE on the same socket.
 *
 * The service came from POSIX code that set SO_REUSEADDR for fast restarts.
 * Later someone added SO_EXCLUSIVEADDRUSE to protect the port, and left the
 * old line in place. Winsock does not accept both options on one socket:
 * whichever setsockopt comes second fails with WSAEINVAL (10022). Here that is
 * the SO_EXCLUSIVEADDRUSE call, whose result is checked, so the service refuses
 * to start.
 *
 * socklint findings:
 *   line 48  reuseaddr-port-hijack            at the setsockopt(SO_REUSEADDR) call
 *            (SO_REUSEADDR is the option that stays in effect); related: the bind on line 64.
 *   line 51  exclusiveaddruse-with-reuseaddr  at the setsockopt(SO_EXCLUSIVEADDRUSE) call;
 *            related: the setsockopt(SO_REUSEADDR) on line 48.
 * The exclusiveaddruse-with-reuseaddr quick fix deletes the SO_REUSEADDR line,
 * which clears both findings (the variable reuse is then unused: delete it too).
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
    BOOL reuse = TRUE;
    const char reply[] = "ready\r\n";
    char buf[512];

    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 1;

    listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (listener == INVALID_SOCKET) {
        WSACleanup();
        return 1;
    }

    /* Left over from the POSIX version, where it allowed fast restarts. */
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, (const char *)&reuse, sizeof(reuse)); /* <-- reuseaddr-port-hijack */

    /* Added later to protect the port: fails with WSAEINVAL, so the service never starts. */
    if (setsockopt(listener, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, /* <-- exclusiveaddruse-with-reuseaddr */
                   (const char *)&exclusive, sizeof(exclusive)) == SOCKET_ERROR) {
        fprintf(stderr, "setsockopt(SO_EXCLUSIVEADDRUSE) failed: %d\n", WSAGetLastError());
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
