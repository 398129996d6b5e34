/*
 * unchecked_bind.c - a POSIX server that ignores what bind returns.
 *
 * Restart this server while connections from its previous run are still in
 * TIME_WAIT (it sets no SO_REUSEADDR), or while another process holds port
 * 8080, and bind fails with EADDRINUSE; a port below 1024 without privileges
 * gives EACCES. The failure goes unnoticed: listen() on the unbound socket
 * then succeeds by binding it to a random ephemeral port, and the server waits
 * for clients that connect to 8080 and never reach it.
 *
 * socklint findings:
 *   line 40  bind-result-unchecked  at the bind call.
 * (POSIX code: missing-exclusiveaddruse does not apply.)
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
    int listener, client;
    struct sockaddr_in addr;
    static const char reply[] = "hello\n";
    char buf[512];

    listener = socket(AF_INET, SOCK_STREAM, 0);
    if (listener < 0) {
        perror("socket");
        return 1;
    }

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(8080);

    bind(listener, (struct sockaddr *)&addr, sizeof(addr)); /* <-- bind-result-unchecked */

    if (listen(listener, SOMAXCONN) < 0) {
        perror("listen");
        close(listener);
        return 1;
    }

    client = accept(listener, NULL, NULL);
    if (client >= 0) {
        if (send(client, reply, sizeof(reply) - 1, 0) < 0)
            perror("send");
        if (shutdown(client, SHUT_WR) == 0) {
            while (recv(client, buf, sizeof(buf), 0) > 0) {
            }
        }
        close(client);
    }

    close(listener);
    return 0;
}
