/*
 * datagram: sys_socket_sendto / sys_socket_recvfrom (seed 002) in one process, twice over the same API:
 * local datagram sockets named by paths, then UDP on 127.0.0.1. Each datagram arrives whole and separate,
 * and recvfrom names its sender, which is where the answer goes. An unbound local sender has no name.
 * Under vuos the UDP sockets are in the default stack, so the ports are the stack's, not the host's.
 * argv[1] is the prefix of the two socket paths (default /tmp/scarlet-dgram), argv[2] the UDP port
 * of the receiver (default 7000; the sender uses the next one).
 *
 *   gcc -I ../../include -o datagram datagram.c && ../../scripts/vuos run --default lo -- ./datagram
 */
#include "scarlet.h"

/* A sample with one path through it: any failure ends it. */
static void check(const char *what, int r)
{
    if (r < 0) {
        fprintf(stderr, "datagram: %s: %s\n", what, strerror(-r));
        exit(1);
    }
}

/* Receives one datagram on `handle` and prints it as `who` saw it. */
static void receive(const char *family, const char *who, int handle, char *from, size_t fromsize)
{
    char buf[256];
    int n = sys_socket_recvfrom(handle, buf, sizeof buf - 1, from, fromsize);
    check("sys_socket_recvfrom", n);
    buf[n] = '\0';
    printf("%s: %s got \"%s\" from %s\n", family, who, buf, from);
}

/* A receiver and a sender of one family, both bound to a name: two datagrams, one answer. */
static void exchange(const char *family, int domain, const char *receiver_name, const char *sender_name)
{
    char from[128];
    int receiver = sys_socket_create_typed(domain, SOCK_DGRAM);
    int sender = sys_socket_create_typed(domain, SOCK_DGRAM);
    check("sys_socket_create_typed", receiver);
    check("sys_socket_create_typed", sender);
    check(receiver_name, sys_socket_bind(receiver, receiver_name));
    /* bound, so that recvfrom has a name to report and the answer somewhere to go */
    check(sender_name, sys_socket_bind(sender, sender_name));
    printf("%s: receiver bound to %s, sender to %s\n", family, receiver_name, sender_name);

    check("sys_socket_sendto", sys_socket_sendto(sender, "ping 1", 6, receiver_name));
    check("sys_socket_sendto", sys_socket_sendto(sender, "ping 2", 6, receiver_name));
    /* two sends, two receives: datagrams keep their boundaries, unlike a stream */
    receive(family, "receiver", receiver, from, sizeof from);
    receive(family, "receiver", receiver, from, sizeof from);
    check("sys_socket_sendto", sys_socket_sendto(receiver, "pong", 4, from));
    receive(family, "sender", sender, from, sizeof from);
    close(sender);

    if (domain == AF_UNIX) {
        int anonymous = sys_socket_create_typed(AF_UNIX, SOCK_DGRAM);
        check("sys_socket_create_typed", anonymous);
        check("sys_socket_sendto", sys_socket_sendto(anonymous, "no name", 7, receiver_name));
        receive(family, "receiver", receiver, from, sizeof from);
        close(anonymous);
    }
    close(receiver);
}

int main(int argc, char **argv)
{
    const char *prefix = argc > 1 ? argv[1] : "/tmp/scarlet-dgram";
    int port = argc > 2 ? atoi(argv[2]) : 7000;
    char receiver[108], sender[108];

    setvbuf(stdout, NULL, _IOLBF, 0);

    snprintf(receiver, sizeof receiver, "%s.receiver", prefix);
    snprintf(sender, sizeof sender, "%s.sender", prefix);
    /* path sockets stay behind as files; a leftover would make bind fail with EADDRINUSE */
    unlink(receiver);
    unlink(sender);
    exchange("unix", AF_UNIX, receiver, sender);
    unlink(receiver);
    unlink(sender);

    snprintf(receiver, sizeof receiver, "127.0.0.1:%d", port);
    snprintf(sender, sizeof sender, "127.0.0.1:%d", port + 1);
    exchange("udp", AF_INET, receiver, sender);
    return 0;
}
