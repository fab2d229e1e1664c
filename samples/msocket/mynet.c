/*
 * The msocket document's first example: a TCP socket of the stack mounted at /dev/net/mynet, whatever the
 * process's default stack is.
 *
 *   gcc -I ../../include -o mynet mynet.c
 *   ../../scripts/vuos run --stack /dev/net/mynet=loopback --stack /dev/net/host=host -- ./mynet
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <vuos/msocket.h>

int main(void)
{
    int fd = msocket("/dev/net/mynet", AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        printf("msocket(/dev/net/mynet): %s\n", strerror(errno));
        return 1;
    }
    /* The stack has only lo: 127.0.0.1 is its own, and no route leads out. */
    struct sockaddr_in out = {.sin_family = AF_INET, .sin_port = htons(80)};
    inet_pton(AF_INET, "10.0.2.2", &out.sin_addr);
    int r = connect(fd, (struct sockaddr *)&out, sizeof out);
    printf("a TCP socket of /dev/net/mynet: connect to 10.0.2.2 says %s\n", r == 0 ? "connected" : strerror(errno));
    close(fd);

    /* The same program still reaches the host through the host's stack. */
    fd = msocket("/dev/net/host", AF_INET, SOCK_DGRAM, 0);
    printf("a UDP socket of /dev/net/host: %s\n", fd >= 0 ? "created" : strerror(errno));
    return 0;
}
