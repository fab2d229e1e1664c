/*
 * netfs.h: the few helpers the netfs samples share.
 *
 * In PatchworkOS's networking filesystem a socket is a directory of files, so most of a network
 * program is reading and writing small files: a factory file reads as the new socket's id, a ctl
 * write runs commands (and fails with their errno), and addrs reads as the listening addresses.
 * readfile() and writefile() are those two operations; the rest is about messages.
 *
 * Message convention shared by the C and bash samples: every message is one line ending in '\n'.
 * On a seqpacket socket one write is one message; on a stream socket the newline is the only
 * boundary. Sending the same bytes on both lets C and bash programs talk to each other.
 *
 * Include this header first: it asks for the POSIX declarations the samples use under -std=c11.
 */
#ifndef NETFS_SAMPLE_H
#define NETFS_SAMPLE_H

#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Reads a whole small file into buf (NUL-terminated); returns its length, or -1 with errno set. */
static inline ssize_t readfile(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    size_t len = 0;
    ssize_t n = 0;
    while (len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
        len += (size_t)n;
    int err = errno;
    close(fd);
    if (n < 0) {
        errno = err;
        return -1;
    }
    buf[len] = 0;
    return (ssize_t)len;
}

/* Writes text to a file in one write(). For ctl that matters: each write is one command line, and a
 * failing command fails this write with its own errno (ECONNREFUSED, EADDRINUSE, ...). */
static inline int writefile(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, text, strlen(text));
    int err = errno;
    close(fd);
    errno = err;
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Makes a socket: opening /net/FAMILY/TYPE creates it, and reading that handle gives its id (no
 * newline). The socket outlives the handle: it lasts as long as the session. */
static inline int netfs_socket(const char *family, const char *type, char *id, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/net/%s/%s", family, type);
    return readfile(path, id, size) > 0 ? 0 : -1;
}

/* Sends one message: the text and its newline in a single write, so a seqpacket peer gets them as
 * one message and a bash peer can `read` it as one line. */
static inline int send_line(int fd, const char *text)
{
    char buf[1024];
    int len = snprintf(buf, sizeof buf, "%s\n", text);
    if (len < 0 || (size_t)len >= sizeof buf) {
        errno = EMSGSIZE;
        return -1;
    }
    return write(fd, buf, (size_t)len) == len ? 0 : -1;
}

/* Receives one message into buf without its newline. Returns 1 for a message, 0 at end of
 * connection, -1 on error. A seqpacket message must be read in one read(): reading part of it
 * discards the rest. A stream has no boundaries, so there we read up to the newline, a byte at a
 * time so as not to swallow the start of a next message. */
static inline int recv_line(int fd, int stream, char *buf, size_t size)
{
    ssize_t n;
    size_t len = 0;
    if (stream) {
        char c;
        while ((n = read(fd, &c, 1)) == 1 && c != '\n')
            if (len < size - 1)
                buf[len++] = c;
        if (n < 0)
            return -1;
        if (n == 0 && len == 0)
            return 0;
    } else {
        n = read(fd, buf, size - 1);
        if (n <= 0)
            return (int)n;
        len = (size_t)n;
        if (buf[len - 1] == '\n')
            len--;
    }
    buf[len] = 0;
    return 1;
}

static inline void sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

/* Milliseconds on a clock that never jumps, for timeouts. */
static inline long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

#endif
