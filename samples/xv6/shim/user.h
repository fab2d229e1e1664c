/*
 * xv6's user.h on Linux, so that a user program written for the xv6 socket kernel builds unchanged and runs
 * under vuos: put this directory before include/ on the include path (after types.h, as xv6 programs do).
 *
 *   gcc -I samples/xv6/shim -I include -o socktest socktest.c && scripts/vuos run -- ./socktest
 *
 * xv6's calls keep their xv6 signatures: printf(fd, ...) writes to a descriptor, exit() and wait() take no
 * argument, sleep(n) and uptime() count clock ticks of 10 ms (xv6's timer runs at 100 Hz), gets(buf, max)
 * reads a line from descriptor 0 keeping its newline, and listen/connect/send/recv/disconnect are the socket
 * calls of include/vuos/xv6sock.h. They are macros over libc and xv6sock.h, since libc already owns the names.
 */
#ifndef XV6_SHIM_USER_H
#define XV6_SHIM_USER_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vuos/xv6sock.h>

#define XV6_TICK_NS 10000000L

static inline int xv6_shim_sleep(int ticks)
{
    struct timespec t = {.tv_sec = ticks / 100, .tv_nsec = (ticks % 100) * XV6_TICK_NS};
    return ticks > 0 ? nanosleep(&t, NULL) : 0;
}

static inline int xv6_shim_uptime(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int)(t.tv_sec * 100 + t.tv_nsec / XV6_TICK_NS);
}

/* A line, newline included, of at most max - 1 bytes; an empty string at end of input. */
static inline char *xv6_shim_gets(char *buf, int max)
{
    int i = 0;
    char c;
    while (i + 1 < max && read(0, &c, 1) == 1) {
        buf[i++] = c;
        if (c == '\n' || c == '\r')
            break;
    }
    buf[i] = '\0';
    return buf;
}

#define printf(fd, ...) dprintf((fd), __VA_ARGS__)
#define exit() exit(0)
#define wait() wait(NULL)
#define sleep(ticks) xv6_shim_sleep(ticks)
#define uptime() xv6_shim_uptime()
#define gets(buf, max) xv6_shim_gets((buf), (max))
#define listen(port) xv6_listen(port)
#define connect(port, host) xv6_connect((port), (host))
#define send(port, buf, n) xv6_send((port), (buf), (n))
#define recv(port, buf, n) xv6_recv((port), (buf), (n))
#define disconnect(port) xv6_disconnect(port)

#endif
