/**
 * A realistic Winsock TCP server in C, shared by the robustness and incremental-parsing tests.
 * It holds several real mistakes, so edits to it keep changing the set of findings:
 * - `setsockopt(listener, …, SO_REUSEADDR, …)` after `bind(listener, …)` (setsockopt-after-bind);
 * - the bind of a listening socket without SO_EXCLUSIVEADDRUSE (missing-exclusiveaddruse);
 * - `closesocket(client)` on an accepted socket without shutdown (close-without-shutdown);
 * - an abortive `SO_LINGER {1, 0}` (linger-misuse);
 * and one correct path through a same-file helper that shuts down and drains.
 */
export const winsockServerSource = `#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>

#define PORT 27015
#define BUFLEN 512

static int graceful_close(SOCKET s) {
    char buf[BUFLEN];
    if (shutdown(s, SD_SEND) == SOCKET_ERROR) {
        closesocket(s);
        return 1;
    }
    while (recv(s, buf, (int)sizeof(buf), 0) > 0) {
    }
    closesocket(s);
    return 0;
}

static void reset_peer(SOCKET s) {
    struct linger lg = {1, 0};
    setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg));
    closesocket(s);
}

static SOCKET open_listener(unsigned short port) {
    SOCKET listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (listener == INVALID_SOCKET) {
        return INVALID_SOCKET;
    }
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(port);
    if (bind(listener, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
        closesocket(listener);
        return INVALID_SOCKET;
    }
    BOOL on = TRUE;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof(on));
    if (listen(listener, SOMAXCONN) == SOCKET_ERROR) {
        closesocket(listener);
        return INVALID_SOCKET;
    }
    return listener;
}

static void serve(SOCKET listener) {
    char buf[BUFLEN];
    for (;;) {
        SOCKET client = accept(listener, NULL, NULL);
        if (client == INVALID_SOCKET) {
            break;
        }
        int n = recv(client, buf, (int)sizeof(buf), 0);
        if (n <= 0) {
            closesocket(client);
            continue;
        }
        if (buf[0] == 'q') {
            graceful_close(client);
            break;
        }
        if (buf[0] == 'r') {
            reset_peer(client);
            continue;
        }
        send(client, buf, n, 0);
        closesocket(client);
    }
}

int main(void) {
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) {
        fprintf(stderr, "WSAStartup failed\\n");
        return 1;
    }
    SOCKET listener = open_listener(PORT);
    if (listener == INVALID_SOCKET) {
        WSACleanup();
        return 1;
    }
    serve(listener);
    closesocket(listener);
    WSACleanup();
    return 0;
}
`;
