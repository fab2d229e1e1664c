/*
 * datagram: Scarlet's datagram sockets with its own calls (include/vuos/scarlet.h), twice.
 *
 * UDP: sys_socket_create(SCARLET_DOMAIN_INET4, SCARLET_TYPE_DATAGRAM, 0) makes a UDP socket; bind takes an
 * Inet4SocketAddress with path_len 6; sys_socket_sendto names the destination with Scarlet's 8-byte address
 * and sys_socket_recvfrom reports the sender the same way, which is where the answer goes. Each datagram
 * arrives whole and separate. Under vuos the ports are the stack's, not the host's.
 *
 * Local: Scarlet's sendto and recvfrom know only IPv4 addresses, so a local datagram socket is connected to
 * its peer's name and written with write(); recvfrom still receives, and leaves the address alone (a local
 * sender has no IPv4 address to report); sendto to an IPv4 address from a local socket fails.
 *
 * argv[1] is the prefix of the two local names (default /tmp/scarlet-dgram), argv[2] the UDP port of the
 * receiver (default 7000; the sender uses the next one).
 *
 *   gcc -I ../../include -o datagram datagram.c && ../../scripts/vuos run --default lo -- ./datagram
 */
#include "vuos/scarlet.h"

#include <stdlib.h>

/* A sample with one path through it: any failure ends it. */
static size_t check(const char *what, size_t r)
{
    if (r == SCARLET_ERROR) {
        fprintf(stderr, "datagram: %s: %s\n", what, strerror(errno));
        exit(1);
    }
    return r;
}

static const char *name_of(const struct scarlet_sockaddr *a, char *out, size_t size)
{
    if (a->family != SCARLET_AF_INET)
        return "(no IPv4 address reported)";
    snprintf(out, size, "%u.%u.%u.%u:%u", a->addr[0], a->addr[1], a->addr[2], a->addr[3], a->port[0] << 8 | a->port[1]);
    return out;
}

/* Receives one datagram on `handle`, the sender's address into *from, and prints it as `who` saw it. */
static void receive(const char *family, const char *who, size_t handle, struct scarlet_sockaddr *from)
{
    char buf[256], name[32];
    *from = (struct scarlet_sockaddr){0};
    size_t n = check("sys_socket_recvfrom", sys_socket_recvfrom(handle, buf, sizeof buf - 1, from));
    buf[n] = '\0';
    printf("%s: %s got \"%s\" from %s\n", family, who, buf, name_of(from, name, sizeof name));
}

static void udp(int port)
{
    struct scarlet_sockaddr from, to = {.family = SCARLET_AF_INET, .addr = {127, 0, 0, 1}};
    Inet4SocketAddress receiver_addr = {{127, 0, 0, 1}, (uint16_t)port}, sender_addr = {{127, 0, 0, 1}, (uint16_t)(port + 1)};
    size_t receiver = check("sys_socket_create", sys_socket_create(SCARLET_DOMAIN_INET4, SCARLET_TYPE_DATAGRAM, 0));
    size_t sender = check("sys_socket_create", sys_socket_create(SCARLET_DOMAIN_INET4, SCARLET_TYPE_DATAGRAM, 0));
    check("sys_socket_bind", sys_socket_bind(receiver, &receiver_addr, sizeof receiver_addr));
    /* bound, so that recvfrom has an address to report and the answer somewhere to go */
    check("sys_socket_bind", sys_socket_bind(sender, &sender_addr, sizeof sender_addr));
    printf("udp: receiver bound to 127.0.0.1:%d, sender to 127.0.0.1:%d\n", port, port + 1);

    to.port[0] = (uint8_t)(port >> 8);
    to.port[1] = (uint8_t)port;
    check("sys_socket_sendto", sys_socket_sendto(sender, "ping 1", 6, &to));
    check("sys_socket_sendto", sys_socket_sendto(sender, "ping 2", 6, &to));
    /* two sends, two receives: datagrams keep their boundaries, unlike a stream */
    receive("udp", "receiver", receiver, &from);
    receive("udp", "receiver", receiver, &from);
    check("sys_socket_sendto", sys_socket_sendto(receiver, "pong", 4, &from));
    receive("udp", "sender", sender, &from);
    close((int)sender);
    close((int)receiver);
}

static void local(const char *receiver_name, const char *sender_name)
{
    struct scarlet_sockaddr from, to = {.family = SCARLET_AF_INET, .addr = {127, 0, 0, 1}, .port = {0x1b, 0x58}};
    char buf[64];
    size_t receiver = check("sys_socket_create", sys_socket_create(SCARLET_DOMAIN_LOCAL, SCARLET_TYPE_DATAGRAM, 0));
    size_t sender = check("sys_socket_create", sys_socket_create(SCARLET_DOMAIN_LOCAL, SCARLET_TYPE_DATAGRAM, 0));
    check(receiver_name, sys_socket_bind(receiver, receiver_name, strlen(receiver_name)));
    check(sender_name, sys_socket_bind(sender, sender_name, strlen(sender_name)));
    check(receiver_name, sys_socket_connect(sender, receiver_name, strlen(receiver_name)));
    printf("local: receiver bound to %s, sender to %s and connected to the receiver\n", receiver_name, sender_name);

    check("write", write((int)sender, "ping 1", 6) == 6 ? 0 : SCARLET_ERROR);
    check("write", write((int)sender, "ping 2", 6) == 6 ? 0 : SCARLET_ERROR);
    receive("local", "receiver", receiver, &from);
    receive("local", "receiver", receiver, &from);
    check(sender_name, sys_socket_connect(receiver, sender_name, strlen(sender_name)));
    check("write", write((int)receiver, "pong", 4) == 4 ? 0 : SCARLET_ERROR);
    ssize_t n = read((int)sender, buf, sizeof buf - 1);
    check("read", n < 0 ? SCARLET_ERROR : 0);
    buf[n] = '\0';
    printf("local: sender read \"%s\"\n", buf);
    if (sys_socket_sendto(sender, "x", 1, &to) == SCARLET_ERROR)
        printf("local: sendto an IPv4 address fails: %s\n", strerror(errno));
    close((int)sender);
    close((int)receiver);
}

int main(int argc, char **argv)
{
    const char *prefix = argc > 1 ? argv[1] : "/tmp/scarlet-dgram";
    int port = argc > 2 ? atoi(argv[2]) : 7000;
    char receiver[108], sender[108];

    setvbuf(stdout, NULL, _IOLBF, 0);

    snprintf(receiver, sizeof receiver, "%s.receiver", prefix);
    snprintf(sender, sizeof sender, "%s.sender", prefix);
    local(receiver, sender);
    udp(port);
    return 0;
}
