/*
 * The xv6 localhost socket API (https://github.com/Subangkar/xv6-Socket-API-Local-Loopback-Implementation),
 * served by the Vuos.Net supervisor as five added system calls.
 *
 *   xv6_listen(port)              wait for one client on 127.0.0.1:port; 0 or an E_* code
 *   xv6_connect(port, host)       host "localhost" or "127.0.0.1"; the local port, or an E_* code
 *   xv6_send(port, buf, n)        waits while the peer has not read the previous message; 0 or E_*
 *   xv6_recv(port, buf, n)        waits for data; 0 or E_* (buf is NUL-terminated when the data is shorter than n)
 *   xv6_disconnect(port)          0 or E_*
 *
 * Ports are real TCP ports on 127.0.0.1 of the caller's default inet stack, so plain TCP programs can talk to
 * an xv6 server. Outside the supervisor every call fails with -ENOSYS.
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
