/*
 * The xv6 localhost socket API (https://github.com/Subangkar/xv6-Socket-API-Local-Loopback-Implementation),
 * served by the Vuos.Net supervisor as five added system calls, with the rules of that kernel's sock.c:
 *
 *   xv6_listen(port)              waits for one client; 0 or an E_* code
 *   xv6_connect(port, host)       host "localhost" or "127.0.0.1"; the client's own port, or an E_* code
 *   xv6_send(port, buf, n)        waits while the peer has not taken the previous message; 0 or E_*
 *   xv6_recv(port, buf, n)        waits for a message, writes its first n bytes (and a NUL after them when it
 *                                 is shorter) and discards the rest; 0 or E_*
 *   xv6_disconnect(port)          0 or E_*
 *
 * Ports are 0..127 (NPORT) and belong to xv6 sockets alone: they are not TCP ports, so a TCP program on
 * 127.0.0.1:PORT neither reaches an xv6 server nor is reached by xv6_connect. A client's own port is the
 * highest free one, 127, 126, ... A session holds at most 32 xv6 sockets at a time (NSOCK); past that, E_FAIL.
 * Every process of a vuos session shares one table, whatever its stack, as every process of xv6 shares the
 * kernel's; a process's sockets close when it exits, and only their owner may use them (not a forked child).
 * send or recv to a peer that has gone: E_NOTFOUND (a message sent before it went is still received first);
 * a peer that goes while the call waits: E_CONNECTION_RESET_BY_REMOTE, and the caller's socket closes too.
 * A bad pointer: E_MISSING_ARG, the kernel's answer when it cannot read an argument.
 *
 * Two bugs of the original kernel are not reproduced: its sys_send takes the length n from the port argument
 * (here n is the third argument), and its connect compares host only over the argument's own length, so that
 * "local", "127" or "" pass as localhost (here host must be exactly "localhost" or "127.0.0.1").
 * A message is the n bytes at buf, where the kernel copies a string (up to n bytes, stopping at a NUL);
 * it may be longer than the kernel's 128-byte buffer (up to 1 MiB).
 * Outside the supervisor every call fails with -ENOSYS (-38).
 */
#ifndef VUOS_XV6SOCK_H
#define VUOS_XV6SOCK_H

#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

#define __NR_xv6_listen (-16)
#define __NR_xv6_connect (-17)
#define __NR_xv6_send (-18)
#define __NR_xv6_recv (-19)
#define __NR_xv6_disconnect (-20)

#define NPORT 128
#define NSOCK 32

#define E_MISSING_ARG -1
#define E_NOTFOUND -1025
#define E_ACCESS_DENIED -1026
#define E_WRONG_STATE -1027
#define E_FAIL -1028
#define E_INVALID_ARG -1029
#define E_CONNECTION_RESET_BY_REMOTE -1030

/* The supervisor returns -code as the call's value; the kernel ABI reports it as errno = code. */
static inline int xv6_result(long r)
{
    return r < 0 ? -errno : (int)r;
}

static inline int xv6_listen(int port)
{
    return xv6_result(syscall(__NR_xv6_listen, port));
}

static inline int xv6_connect(int port, const char *host)
{
    return xv6_result(syscall(__NR_xv6_connect, port, host));
}

static inline int xv6_send(int port, const char *buf, int n)
{
    return xv6_result(syscall(__NR_xv6_send, port, buf, n));
}

static inline int xv6_recv(int port, char *buf, int n)
{
    return xv6_result(syscall(__NR_xv6_recv, port, buf, n));
}

static inline int xv6_disconnect(int port)
{
    return xv6_result(syscall(__NR_xv6_disconnect, port));
}

#endif /* VUOS_XV6SOCK_H */
