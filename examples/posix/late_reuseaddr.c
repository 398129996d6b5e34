/*
 * late_reuseaddr.c - SO_REUSEADDR set after bind, too late to help the restart it was for.
 *
 * Linux checks SO_REUSEADDR while bind runs (socket(7): it changes the rules
 * used to validate the address given to bind). A server restarted while
 * connections from its previous run sit in TIME_WAIT needs the option set
 * before bind; here bind has already failed with EADDRINUSE, or succeeded
 * without it, by the time setsockopt runs.
 *
 * socklint findings:
 *   line 47  setsockopt-after-bind  at the setsockopt(SO_REUSEADDR) call;
 *            related: the bind on line 40.
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
    int on = 1;
    struct sockaddr_in addr;
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

    if (bind(listener, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        perror("bind"); /* EADDRINUSE after a quick restart */
        close(listener);
        return 1;
    }

    /* Meant to allow fast restarts, but the bind above has already happened. */
    if (setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0) /* <-- setsockopt-after-bind */
        perror("setsockopt(SO_REUSEADDR)");

    if (listen(listener, SOMAXCONN) < 0) {
        perror("listen");
        close(listener);
        return 1;
    }

    client = accept(listener, NULL, NULL);
    if (client >= 0) {
        static const char msg[] = "hello\n";
        if (send(client, msg, sizeof(msg) - 1, 0) < 0)
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
