/* socket_loop [N] [inet|inet6|unix] [stream|dgram]: N socket()+close() pairs (default 200000, AF_INET
 * SOCK_STREAM); prints the microseconds per pair measured around the loop. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 200000L;
    int domain = AF_INET, type = SOCK_STREAM;
    if (argc > 2)
        domain = !strcmp(argv[2], "inet6") ? AF_INET6 : !strcmp(argv[2], "unix") ? AF_UNIX : AF_INET;
    if (argc > 3)
        type = !strcmp(argv[3], "dgram") ? SOCK_DGRAM : SOCK_STREAM;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < n; i++) {
        int fd = socket(domain, type, 0);
        if (fd < 0) {
            perror("socket_loop: socket");
            return 1;
        }
        close(fd);
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double ns = (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
    printf("%.3f\n", ns / n / 1000.0);
    return 0;
}
