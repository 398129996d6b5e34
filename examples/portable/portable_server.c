/*
 * portable_server.c - one server for Windows and POSIX, split with #ifdef _WIN32.
 *
 * The option setup is right on both sides: SO_EXCLUSIVEADDRUSE before bind on
 * Windows, SO_REUSEADDR before bind on POSIX (where it only helps restarts past
 * TIME_WAIT). The close is not: the POSIX branch shuts the connection down and
 * drains it, but the Windows branch just calls closesocket. The #ifdef arms are
 * alternatives that never run together, so the POSIX arm's shutdown does not
 * count for the Windows arm.
 *
 * socklint findings:
 *   line 95  close-without-shutdown  at closesocket(client) in the _WIN32 branch;
 *            related: the accept on line 91.
 * Nothing is reported for the POSIX branch, for the bind (SO_EXCLUSIVEADDRUSE
 * reaches it on the Windows side; missing-exclusiveaddruse never applies to the
 * POSIX side), or for SO_REUSEADDR (POSIX branch only).
 *
 * Compiles with both gcc and x86_64-w64-mingw32-gcc.
 */
#ifdef _WIN32
#include <winsock2.h>
typedef SOCKET sock_t;
#define SOCK_INVALID INVALID_SOCKET
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
typedef int sock_t;
#define SOCK_INVALID (-1)
#endif

#include <stdio.h>
#include <string.h>

#define PORT 9090

int main(void)
{
    sock_t listener, client;
    struct sockaddr_in addr;
    static const char reply[] = "portable hello\n";
#ifdef _WIN32
    WSADATA wsa;
    BOOL exclusive = TRUE;
#else
    int on = 1;
    char buf[512];
#endif

#ifdef _WIN32
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 1;
#endif

    listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (listener == SOCK_INVALID)
        return 1;

#ifdef _WIN32
    if (setsockopt(listener, SOL_SOCKET, SO_EXCLUSIVEADDRUSE,
                   (const char *)&exclusive, sizeof(exclusive)) != 0) {
        closesocket(listener);
        WSACleanup();
        return 1;
    }
#else
    if (setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) != 0) {
        close(listener);
        return 1;
    }
#endif

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(PORT);

    if (bind(listener, (struct sockaddr *)&addr, sizeof(addr)) != 0 ||
        listen(listener, SOMAXCONN) != 0) {
        fprintf(stderr, "cannot serve on port %d\n", PORT);
#ifdef _WIN32
        closesocket(listener);
        WSACleanup();
#else
        close(listener);
#endif
        return 1;
    }

    client = accept(listener, NULL, NULL);
    if (client != SOCK_INVALID) {
        send(client, reply, (int)strlen(reply), 0);
#ifdef _WIN32
        closesocket(client); /* <-- close-without-shutdown */
#else
        if (shutdown(client, SHUT_WR) == 0) {
            while (recv(client, buf, sizeof(buf), 0) > 0) {
            }
        }
        close(client);
#endif
    }

#ifdef _WIN32
    closesocket(listener);
    WSACleanup();
#else
    close(listener);
#endif
    return 0;
}
