/*
 * close_no_shutdown.c - an accepted connection closed with close() and no shutdown().
 *
 * The handler reads one line of the request and answers. Anything else the
 * client already sent is still unread when close() runs, and Linux then
 * resets the connection instead of closing it (RFC 2525, section 2.17): the
 * client may lose the reply and see ECONNRESET. shutdown(fd, SHUT_WR), reading
 * until recv returns 0, then close() ends the connection cleanly.
 *
 * socklint findings:
 *   line 63  close-without-shutdown  at close(client); related: the accept on line 54.
 * close(listener) is not reported (a listening socket), and neither is
 * close(log_fd) (a file, not a socket).
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
    int listener, client, log_fd;
    int on = 1;
    struct sockaddr_in addr;
    char line[256];
    ssize_t n;
    static const char reply[] = "200 ok\n";

    listener = socket(AF_INET, SOCK_STREAM, 0);
    if (listener < 0) {
        perror("socket");
        return 1;
    }
    if (setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0)
        perror("setsockopt(SO_REUSEADDR)");

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(7070);

    if (bind(listener, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
        listen(listener, SOMAXCONN) < 0) {
        perror("bind/listen");
        close(listener);
        return 1;
    }

    log_fd = open("/tmp/close_no_shutdown.log", O_WRONLY | O_CREAT | O_APPEND, 0644);

    client = accept(listener, NULL, NULL);
    if (client >= 0) {
        n = recv(client, line, sizeof(line) - 1, 0);
        if (n > 0 && log_fd >= 0) {
            if (write(log_fd, line, (size_t)n) < 0)
                perror("write");
        }
        if (send(client, reply, sizeof(reply) - 1, 0) < 0)
            perror("send");
        close(client); /* <-- close-without-shutdown */
    }

    if (log_fd >= 0)
        close(log_fd);
    close(listener);
    return 0;
}
