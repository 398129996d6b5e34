/*
 * good_server.c - a POSIX TCP server that does everything socklint checks for.
 *
 * Shows: SO_REUSEADDR set before bind (on Linux and BSD it only lets a
 * restarted server bind past connections left in TIME_WAIT; it does not let
 * another socket take an active listener's port); bind and listen checked;
 * accept; a graceful close of the accepted connection: shutdown(SHUT_WR),
 * recv until it returns 0, close.
 *
 * socklint findings: none.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define PORT 8080

int main(void)
{
    int listener, client;
    int on = 1;
    struct sockaddr_in addr;
    static const char reply[] = "hello from a well-behaved server\n";
    char buf[512];
    ssize_t n;

    listener = socket(AF_INET, SOCK_STREAM, 0);
    if (listener < 0) {
        perror("socket");
        return 1;
    }

    /* Address-claiming options go before bind. */
    if (setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0) {
        perror("setsockopt(SO_REUSEADDR)");
        close(listener);
        return 1;
    }

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(PORT);

    if (bind(listener, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        fprintf(stderr, "bind to port %d failed: %s\n", PORT, strerror(errno));
        close(listener);
        return 1;
    }

    if (listen(listener, SOMAXCONN) < 0) {
        perror("listen");
        close(listener);
        return 1;
    }

    client = accept(listener, NULL, NULL);
    if (client < 0) {
        perror("accept");
        close(listener);
        return 1;
    }

    if (send(client, reply, sizeof(reply) - 1, 0) < 0)
        perror("send");

    /* Graceful close: send FIN, read until the peer closes, then close. */
    if (shutdown(client, SHUT_WR) < 0) {
        perror("shutdown");
    } else {
        while ((n = recv(client, buf, sizeof(buf), 0)) > 0) {
            /* discard whatever the peer still sends */
        }
        if (n < 0)
            perror("recv while draining");
    }
    close(client);

    close(listener);
    return 0;
}
