/*
 * The msocket document's second example: make /dev/net/topnet the default stack for IPv4, then open a TCP
 * socket with plain socket(2), which the default stack provides. Programs written for socket(2) need no change.
 *
 *   gcc -I ../../include -o topnet topnet.c
 *   ../../scripts/vuos run --stack /dev/net/topnet=loopback -- ./topnet 8000
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vuos/msocket.h>

int main(int argc, char **argv)
{
    int port = argc > 1 ? atoi(argv[1]) : 8000;
    if (msocket("/dev/net/topnet", AF_INET, SOCK_DEFAULT, 0) < 0) {
        printf("msocket(/dev/net/topnet, AF_INET, SOCK_DEFAULT): %s\n", strerror(errno));
        return 1;
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    /* topnet's 127.0.0.1 is its own: the port is free there even when the host's is taken. */
    if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 && listen(fd, 1) == 0)
        printf("socket() came from topnet: listening on 127.0.0.1:%d there\n", port);
    else
        printf("bind: %s\n", strerror(errno));
    return 0;
}
