/* connect_loop [N]: TCP connection rate on 127.0.0.1. A forked server accepts and closes each connection;
 * the client makes N connections, each socket() + connect() + read() of the server's EOF + close().
 * The server closes first, so TIME_WAIT stays on the server side and client ports are reused.
 * Prints connections per second measured by the client around its loop. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 20000L;
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    if (ls < 0) {
        perror("connect_loop: socket");
        return 1;
    }
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof sa;
    if (bind(ls, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(ls, 1024) != 0 ||
        getsockname(ls, (struct sockaddr *)&sa, &len) != 0) {
        perror("connect_loop: bind/listen");
        return 1;
    }
    pid_t server = fork();
    if (server < 0) {
        perror("connect_loop: fork");
        return 1;
    }
    if (server == 0) {
        for (long i = 0; i < n; i++) {
            int c = accept(ls, NULL, NULL);
            if (c < 0) {
                perror("connect_loop: accept");
                _exit(1);
            }
            close(c);
        }
        _exit(0);
    }
    close(ls);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < n; i++) {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        char byte;
        if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof sa) != 0) {
            perror("connect_loop: connect");
            kill(server, SIGKILL);
            return 1;
        }
        if (read(s, &byte, 1) != 0) {
            fprintf(stderr, "connect_loop: expected EOF from the server\n");
            kill(server, SIGKILL);
            return 1;
        }
        close(s);
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    int status;
    waitpid(server, &status, 0);
    double s = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
    printf("%.0f\n", n / s);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
