/*
 * A tiny gateway between two stacks: it listens on a port in one stack and relays each connection to a
 * host:port reached through another stack. With it, programs in the isolated loopback stack reach exactly one
 * service of the host, and nothing else.
 *
 *   gcc -I ../../include -o gateway gateway.c
 *   ../../scripts/vuos run --default lo -- bash -c './gateway /dev/net/lo 8080 /dev/net/host 127.0.0.1 8000 & curl -s http://127.0.0.1:8080/'
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vuos/msocket.h>

static int listen_in(const char *stack, int port)
{
    int s = msocket(stack, AF_INET, SOCK_STREAM, 0);
    int one = 1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        bind(s, (struct sockaddr *)&a, sizeof a) < 0 || listen(s, 16) < 0) {
        fprintf(stderr, "gateway: listening in %s: %s\n", stack, strerror(errno));
        exit(1);
    }
    return s;
}

static int connect_in(const char *stack, const char *host, int port)
{
    int s = msocket(stack, AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    if (s < 0 || inet_pton(AF_INET, host, &a.sin_addr) != 1 || connect(s, (struct sockaddr *)&a, sizeof a) < 0) {
        fprintf(stderr, "gateway: connecting to %s:%d in %s: %s\n", host, port, stack, strerror(errno));
        return -1;
    }
    return s;
}

/* Copies both ways until either side closes. */
static void relay(int a, int b)
{
    struct pollfd fds[2] = {{.fd = a, .events = POLLIN}, {.fd = b, .events = POLLIN}};
    char buf[65536];
    for (;;) {
        if (poll(fds, 2, -1) < 0)
            return;
        for (int i = 0; i < 2; i++) {
            if (!fds[i].revents)
                continue;
            ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n <= 0)
                return;
            if (write(fds[1 - i].fd, buf, n) != n)
                return;
        }
    }
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: gateway LISTEN_STACK LISTEN_PORT TARGET_STACK TARGET_HOST TARGET_PORT\n");
        return 2;
    }
    int listener = listen_in(argv[1], atoi(argv[2]));
    printf("gateway: %s port %s -> %s:%s through %s\n", argv[1], argv[2], argv[4], argv[5], argv[3]);
    fflush(stdout);
    for (;;) {
        int client = accept(listener, NULL, NULL);
        if (client < 0)
            continue;
        if (fork() == 0) {
            close(listener);
            int target = connect_in(argv[3], argv[4], atoi(argv[5]));
            if (target >= 0)
                relay(client, target);
            _exit(0);
        }
        close(client);
        while (waitpid(-1, NULL, WNOHANG) > 0)
            ;
    }
}
