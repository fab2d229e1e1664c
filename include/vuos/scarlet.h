/*
 * Scarlet Native's socket and network calls with Scarlet's own signatures
 * (petitstrawberry/Scarlet: kernel/src/network/syscall.rs and the user library scarlet-os, socket.rs and
 * network.rs), as inline functions over Linux. Header-only: include it and compile with plain gcc.
 *
 *   size_t sys_socket_create()                               a local stream socket (Scarlet's LocalSocket)
 *   size_t sys_socket_create(domain, type, protocol)         SCARLET_DOMAIN_*, SCARLET_TYPE_*, SCARLET_PROTOCOL_*
 *   size_t sys_socket_bind(handle, path, path_len)           a name, or an Inet4SocketAddress (path_len 6)
 *   size_t sys_socket_listen(handle, backlog)
 *   size_t sys_socket_connect(handle, path, path_len)
 *   size_t sys_socket_accept(handle)                         a new handle
 *   size_t sys_socketpair(size_t handles[2])
 *   size_t sys_socket_shutdown(handle, how)                  0 read, 1 write, 2 both; any other value fails,
 *                                                            as does a socket not connected
 *   size_t sys_socket_sendto(handle, buf, len, addr)         addr: 8 bytes, struct scarlet_sockaddr (IPv4 only)
 *   size_t sys_socket_recvfrom(handle, buf, len, addr)       addr (may be NULL) receives an IPv4 sender
 *   size_t sys_network_list_interfaces(NetworkStatus *, NetworkInterfaceInfo *, size_t max)
 *   size_t sys_network_set_ipv4(const NetworkSetIpv4Request *)
 *   size_t sys_network_set_netmask(const uint8_t mask[4])
 *   size_t sys_network_set_gateway(const uint8_t gateway[4])
 *   size_t sys_network_set_dns(const uint8_t server[4])
 *
 * As on Scarlet every call returns a handle, a byte count or 0, and SCARLET_ERROR, (size_t)-1, when it
 * fails; errno then says why (Scarlet has no errno: checking only for (size_t)-1 is enough). The one
 * exception is Scarlet's own: sys_socket_recvfrom on a non-blocking handle with nothing queued returns
 * (size_t)-EAGAIN, (size_t)-11, as the Scarlet kernel does.
 *
 * A handle is a Linux file descriptor (close-on-exec): read(), write(), close() and poll() work on it.
 *
 * Names. Scarlet keeps the names sockets bind in a registry of its own, not in the file system (the socket
 * file it also tries to create is optional and never used by connect). Here a name is a Linux abstract
 * unix name, which Linux scopes to a network namespace: under `vuos run --default STACK` the name lives in
 * STACK, is reachable by every process of that stack, by none of another stack nor of the host, and goes
 * away with the socket that bound it (no file is left behind, no unlink is needed). A name whose first byte
 * is NUL is Scarlet's explicit abstract name and means the Linux abstract name after that byte, so it
 * talks to Linux programs' abstract sockets.
 *
 * Network calls go over rtnetlink on a socket made in the caller's stack, so under vuos they configure the
 * stack and never the host; sys_network_set_dns rewrites /etc/resolv.conf, which under vuos is the stack's
 * own copy. docs/ARCHITECTURE.md ("Scarlet sockets: differences from Scarlet") lists where Linux makes
 * these calls behave otherwise than Scarlet's, and why.
 */
#ifndef VUOS_SCARLET_H
#define VUOS_SCARLET_H

/* accept4 and SOCK_CLOEXEC are GNU extensions, hidden by a strict -std=c11: include this header first. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define SCARLET_ERROR ((size_t)-1)

/* Scarlet's numbering (SocketDomain, SocketType, SocketProtocol, ShutdownHow). */
enum {
    SCARLET_DOMAIN_LOCAL = 1, /* 0 means Local too */
    SCARLET_DOMAIN_INET4 = 2,
    SCARLET_DOMAIN_INET6 = 3,
};
enum {
    SCARLET_TYPE_STREAM = 1, /* 0 means Stream too */
    SCARLET_TYPE_DATAGRAM = 2,
    SCARLET_TYPE_RAW = 3,
    SCARLET_TYPE_SEQPACKET = 4,
};
enum {
    SCARLET_PROTOCOL_DEFAULT = 0, /* TCP for a stream, UDP for a datagram socket of an inet domain */
    SCARLET_PROTOCOL_ICMP = 1,
    SCARLET_PROTOCOL_TCP = 6,
    SCARLET_PROTOCOL_UDP = 17,
    SCARLET_PROTOCOL_RAW = 255,
};
enum {
    SCARLET_SHUTDOWN_READ = 0,
    SCARLET_SHUTDOWN_WRITE = 1,
    SCARLET_SHUTDOWN_BOTH = 2,
};

/* What sys_socket_bind and sys_socket_connect take instead of a path, with path_len 6: the port is in the
 * machine's byte order, as Scarlet's kernel reads the u16. */
typedef struct Inet4SocketAddress {
    uint8_t addr[4];
    uint16_t port;
} Inet4SocketAddress;

/* The 8 bytes sys_socket_sendto and sys_socket_recvfrom exchange: family 2 (IPv4) in the first byte, the
 * address, then the port in network byte order. */
struct scarlet_sockaddr {
    uint8_t family;
    uint8_t reserved;
    uint8_t addr[4];
    uint8_t port[2];
};
#define SCARLET_AF_INET 2

/* Scarlet's network request and status records (scarlet-os network.rs), the same layout on LP64. */
typedef struct NetworkSetIpv4Request {
    const char *iface_ptr; /* the interface's name: iface_len bytes of UTF-8, no NUL needed */
    size_t iface_len;
    uint8_t addr[4];
} NetworkSetIpv4Request;

typedef struct NetworkInterfaceInfo {
    uint8_t name[32]; /* NUL-terminated */
    uint8_t ip_address[4];
    uint8_t mac_address[6];
    uint8_t ip_set;
} NetworkInterfaceInfo;

typedef struct NetworkStatus {
    uint8_t gateway[4];
    uint8_t gateway_set;
    uint8_t dns_server[4];
    uint8_t dns_set;
    uint8_t netmask[4];
    uint32_t interface_count;
    NetworkInterfaceInfo *interfaces_ptr;
} NetworkStatus;

_Static_assert(sizeof(Inet4SocketAddress) == 6, "Scarlet's Inet4SocketAddress is 6 bytes");
_Static_assert(sizeof(struct scarlet_sockaddr) == 8, "sendto/recvfrom addresses are 8 bytes");
_Static_assert(sizeof(NetworkSetIpv4Request) == 24, "NetworkSetIpv4Request as repr(C)");
_Static_assert(sizeof(NetworkInterfaceInfo) == 43, "NetworkInterfaceInfo as repr(C)");
_Static_assert(offsetof(NetworkStatus, interface_count) == 16 && offsetof(NetworkStatus, interfaces_ptr) == 24 &&
                   sizeof(NetworkStatus) == 32,
               "NetworkStatus as repr(C)");

/* ------------------------------------------------------------------------------------------------ helpers */

static inline size_t scarlet_fail(int error)
{
    errno = error;
    return SCARLET_ERROR;
}

/* A Linux result (-1 and errno on failure) as Scarlet's. */
static inline size_t scarlet_result(long r)
{
    return r < 0 ? SCARLET_ERROR : (size_t)r;
}

/* A handle as a descriptor; -1 (errno EBADF) for a value no descriptor can have. */
static inline int scarlet_fd(size_t handle)
{
    if (handle > (size_t)INT_MAX) {
        errno = EBADF;
        return -1;
    }
    return (int)handle;
}

/* The socket's Linux family, or -1 (errno ENOTSOCK, EBADF) when the handle is no socket. */
static inline int scarlet_family(int fd)
{
    int family;
    socklen_t len = sizeof family;
    return getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &family, &len) < 0 ? -1 : family;
}

/* Scarlet reads names as UTF-8 and refuses anything else. */
static inline int scarlet_utf8(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned c = s[i], len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
        if (len == 0 || i + len > n || (len == 2 && c < 0xc2) || (len == 4 && c > 0xf4))
            return 0;
        for (unsigned k = 1; k < len; k++)
            if ((s[i + k] & 0xc0) != 0x80)
                return 0;
        uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
        for (unsigned k = 1; k < len; k++)
            cp = cp << 6 | (s[i + k] & 0x3f);
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
        i += len;
    }
    return 1;
}

/*
 * A name as Scarlet reads it (at most 108 bytes of path_len; a path ends at its first NUL; a leading NUL
 * makes the rest, less trailing NULs, an abstract name) to the Linux abstract address carrying it.
 */
static inline int scarlet_local_address(const void *path, size_t path_len, struct sockaddr_un *un, socklen_t *len)
{
    const unsigned char *bytes = path;
    size_t n = path_len < 108 ? path_len : 108, start = 0, end;
    if (path == NULL) {
        errno = EFAULT;
        return -1;
    }
    if (n > 0 && bytes[0] == '\0') {
        start = 1;
        for (end = n; end > 1 && bytes[end - 1] == '\0'; end--)
            ;
    } else {
        for (end = 0; end < n && bytes[end] != '\0'; end++)
            ;
    }
    if (end <= start || !scarlet_utf8(bytes + start, end - start)) {
        errno = EINVAL;
        return -1;
    }
    /* Linux's abstract names are sun_path less its leading NUL: 107 bytes at most */
    if (end - start > sizeof un->sun_path - 1) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memset(un, 0, sizeof *un);
    un->sun_family = AF_UNIX;
    memcpy(un->sun_path + 1, bytes + start, end - start);
    *len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (end - start));
    return 0;
}

/* An IPv4 address and port (network order) as the socket's family takes it: v4-mapped for IPv6. */
static inline socklen_t scarlet_inet_address(int family, const uint8_t addr[4], uint16_t port_be, struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof *ss);
    if (family == AF_INET6) {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = port_be;
        in6->sin6_addr.s6_addr[10] = 0xff;
        in6->sin6_addr.s6_addr[11] = 0xff;
        memcpy(&in6->sin6_addr.s6_addr[12], addr, 4);
        return sizeof *in6;
    }
    struct sockaddr_in *in = (struct sockaddr_in *)ss;
    in->sin_family = AF_INET;
    in->sin_port = port_be;
    memcpy(&in->sin_addr, addr, 4);
    return sizeof *in;
}

/* The address bind or connect means: a local name, or on an inet socket an Inet4SocketAddress. */
static inline int scarlet_address(int fd, const void *path, size_t path_len, struct sockaddr_storage *ss, socklen_t *len)
{
    int family = scarlet_family(fd);
    if (family < 0)
        return -1;
    if (family == AF_UNIX)
        return scarlet_local_address(path, path_len, (struct sockaddr_un *)ss, len);
    if ((family == AF_INET || family == AF_INET6) && path_len == sizeof(Inet4SocketAddress)) {
        Inet4SocketAddress a;
        if (path == NULL) {
            errno = EFAULT;
            return -1;
        }
        memcpy(&a, path, sizeof a);
        *len = scarlet_inet_address(family, a.addr, htons(a.port), ss);
        return 0;
    }
    /* Scarlet takes any other length as a local name, which an inet socket cannot bind or reach */
    errno = EINVAL;
    return -1;
}

/* ------------------------------------------------------------------------------------------------ sockets */

static inline size_t scarlet_socket_create(size_t nargs, const size_t args[4])
{
    if (nargs != 0 && nargs != 3)
        return scarlet_fail(EINVAL);
    size_t domain = nargs ? args[1] : SCARLET_DOMAIN_LOCAL, type = nargs ? args[2] : SCARLET_TYPE_STREAM;
    size_t protocol = nargs ? args[3] : SCARLET_PROTOCOL_DEFAULT;
    static const int types[] = {SOCK_STREAM, SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOCK_SEQPACKET};
    if (domain > SCARLET_DOMAIN_INET6)
        return scarlet_fail(EAFNOSUPPORT);
    if (type > SCARLET_TYPE_SEQPACKET)
        return scarlet_fail(EINVAL);
    if (domain <= SCARLET_DOMAIN_LOCAL) /* a local socket has no protocol to choose */
        return scarlet_result(socket(AF_UNIX, types[type] | SOCK_CLOEXEC, 0));

    int family = domain == SCARLET_DOMAIN_INET4 ? AF_INET : AF_INET6;
    if (protocol == SCARLET_PROTOCOL_DEFAULT) /* Scarlet: a stream is TCP, a datagram UDP */
        protocol = types[type] == SOCK_STREAM ? SCARLET_PROTOCOL_TCP : types[type] == SOCK_DGRAM ? SCARLET_PROTOCOL_UDP : 0;
    /* Scarlet's inet layers make TCP, UDP and ICMP sockets; the protocol picks the layer whatever the type */
    switch (protocol) {
    case SCARLET_PROTOCOL_TCP:
        return scarlet_result(socket(family, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP));
    case SCARLET_PROTOCOL_UDP:
        return scarlet_result(socket(family, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP));
    case SCARLET_PROTOCOL_ICMP:
        return scarlet_result(socket(family, (types[type] == SOCK_RAW ? SOCK_RAW : SOCK_DGRAM) | SOCK_CLOEXEC,
                                     family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6));
    default:
        return scarlet_fail(EPROTONOSUPPORT);
    }
}

/*
 * sys_socket_create() or sys_socket_create(domain, type, protocol): Scarlet's call took no argument at
 * first and takes three now; both spellings work (the count is taken at compile time, arguments are
 * evaluated once).
 */
#define SCARLET_NARGS(...) (sizeof((const size_t[]){0, __VA_ARGS__}) / sizeof(size_t) - 1)
#define sys_socket_create(...)                                                                                      \
    scarlet_socket_create(SCARLET_NARGS(__VA_ARGS__) +                                                              \
                              0 * sizeof(struct {                                                                   \
                                  _Static_assert(SCARLET_NARGS(__VA_ARGS__) == 0 || SCARLET_NARGS(__VA_ARGS__) == 3, \
                                                 "sys_socket_create() or sys_socket_create(domain, type, protocol)"); \
                                  char unused;                                                                      \
                              }),                                                                                   \
                          (const size_t[4]){0, __VA_ARGS__})

static inline size_t sys_socket_bind(size_t handle, const void *path, size_t path_len)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int fd = scarlet_fd(handle);
    if (fd < 0 || scarlet_address(fd, path, path_len, &ss, &len) < 0)
        return SCARLET_ERROR;
    return scarlet_result(bind(fd, (struct sockaddr *)&ss, len));
}

static inline size_t sys_socket_listen(size_t handle, size_t backlog)
{
    int fd = scarlet_fd(handle);
    if (fd < 0)
        return SCARLET_ERROR;
    /* Linux takes an int and caps it at net.core.somaxconn */
    return scarlet_result(listen(fd, backlog > (size_t)INT_MAX ? INT_MAX : (int)backlog));
}

static inline size_t sys_socket_connect(size_t handle, const void *path, size_t path_len)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int fd = scarlet_fd(handle);
    if (fd < 0 || scarlet_address(fd, path, path_len, &ss, &len) < 0)
        return SCARLET_ERROR;
    return scarlet_result(connect(fd, (struct sockaddr *)&ss, len));
}

/* Blocks until a connection arrives (unless the handle was made non-blocking); returns its handle. */
static inline size_t sys_socket_accept(size_t handle)
{
    int fd = scarlet_fd(handle);
    return fd < 0 ? SCARLET_ERROR : scarlet_result(accept4(fd, NULL, NULL, SOCK_CLOEXEC));
}

/* Two connected local stream handles, written to handles[0] and handles[1]. */
static inline size_t sys_socketpair(size_t handles[2])
{
    int fds[2];
    if (handles == NULL)
        return scarlet_fail(EFAULT);
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0)
        return SCARLET_ERROR;
    handles[0] = (size_t)fds[0];
    handles[1] = (size_t)fds[1];
    return 0;
}

/* how: SCARLET_SHUTDOWN_READ (0), _WRITE (1: the peer reads end-of-file) or _BOTH (2); anything else fails. */
static inline size_t sys_socket_shutdown(size_t handle, size_t how)
{
    int fd = scarlet_fd(handle);
    if (fd < 0)
        return SCARLET_ERROR;
    if (how > SCARLET_SHUTDOWN_BOTH)
        return scarlet_fail(EINVAL);
    /* Scarlet shuts down only a connected socket; Linux would accept a local socket that never was */
    struct sockaddr_storage peer;
    socklen_t len = sizeof peer;
    if (getpeername(fd, (struct sockaddr *)&peer, &len) < 0)
        return SCARLET_ERROR;
    return scarlet_result(shutdown(fd, (int)how));
}

/* One datagram to an IPv4 address (struct scarlet_sockaddr); Scarlet takes no other destination. MSG_NOSIGNAL:
 * a failure is SCARLET_ERROR, never SIGPIPE (Scarlet has no signals). Returns the bytes sent. */
static inline size_t sys_socket_sendto(size_t handle, const void *buf, size_t len, const void *addr)
{
    struct scarlet_sockaddr to;
    struct sockaddr_storage ss;
    int fd = scarlet_fd(handle), family;
    if (fd < 0)
        return SCARLET_ERROR;
    if (addr == NULL)
        return scarlet_fail(EDESTADDRREQ);
    memcpy(&to, addr, sizeof to);
    if (to.family != SCARLET_AF_INET)
        return scarlet_fail(EAFNOSUPPORT);
    if ((family = scarlet_family(fd)) < 0)
        return SCARLET_ERROR;
    uint16_t port_be;
    memcpy(&port_be, to.port, sizeof port_be);
    socklen_t sslen = scarlet_inet_address(family, to.addr, port_be, &ss);
    return scarlet_result(sendto(fd, buf, len, MSG_NOSIGNAL, (struct sockaddr *)&ss, sslen));
}

/* One datagram (what does not fit in len is dropped). An IPv4 sender's address goes to addr when addr is not
 * NULL; for any other sender addr is left as it was. Returns the bytes received. */
static inline size_t sys_socket_recvfrom(size_t handle, void *buf, size_t len, void *addr)
{
    struct sockaddr_storage ss;
    socklen_t sslen = sizeof ss;
    int fd = scarlet_fd(handle);
    if (fd < 0)
        return SCARLET_ERROR;
    ssize_t n = recvfrom(fd, buf, len, 0, (struct sockaddr *)&ss, &sslen);
    if (n < 0)
        return errno == EAGAIN || errno == EWOULDBLOCK ? (size_t)-EAGAIN : SCARLET_ERROR;
    if (addr != NULL) {
        struct scarlet_sockaddr from = {.family = SCARLET_AF_INET};
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)&ss;
        if (ss.ss_family == AF_INET && sslen >= sizeof(struct sockaddr_in)) {
            const struct sockaddr_in *in = (const struct sockaddr_in *)&ss;
            memcpy(from.addr, &in->sin_addr, 4);
            memcpy(from.port, &in->sin_port, 2);
            memcpy(addr, &from, sizeof from);
        } else if (ss.ss_family == AF_INET6 && sslen >= sizeof *in6 && IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
            memcpy(from.addr, &in6->sin6_addr.s6_addr[12], 4);
            memcpy(from.port, &in6->sin6_port, 2);
            memcpy(addr, &from, sizeof from);
        }
    }
    return (size_t)n;
}

/* ---------------------------------------------------------------------------------------------- rtnetlink */

/* Called for each reply message of a request; a negative return (-errno) stops and is returned. */
typedef int (*scarlet_nl_each)(struct nlmsghdr *msg, void *ctx);

/*
 * Sends one request on a fresh NETLINK_ROUTE socket, made in the caller's stack, and reads replies until
 * the request is finished: NLMSG_DONE for a dump, the ACK (an NLMSG_ERROR with error 0) otherwise.
 * Returns 0 or -errno.
 */
static inline int scarlet_nl_request(struct nlmsghdr *req, scarlet_nl_each each, void *ctx)
{
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0)
        return -errno;
    req->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
    req->nlmsg_seq = 1;
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    int result = sendto(fd, req, req->nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0 ? -errno : 0;
    union {
        struct nlmsghdr align;
        char bytes[32768]; /* the kernel fills dump replies up to the reader's buffer, at most 32 KiB */
    } buf;
    for (int finished = 0; result >= 0 && !finished;) {
        ssize_t n = recv(fd, buf.bytes, sizeof buf.bytes, MSG_TRUNC);
        if (n < 0) {
            result = -errno;
            break;
        }
        if ((size_t)n > sizeof buf.bytes) {
            result = -EMSGSIZE;
            break;
        }
        unsigned len = (unsigned)n;
        for (struct nlmsghdr *m = &buf.align; !finished && NLMSG_OK(m, len); m = NLMSG_NEXT(m, len)) {
            if (m->nlmsg_seq != req->nlmsg_seq)
                continue;
            if (m->nlmsg_type == NLMSG_ERROR) {
                result = ((struct nlmsgerr *)NLMSG_DATA(m))->error; /* already -errno; 0 is the ACK */
                finished = 1;
            } else if (m->nlmsg_type == NLMSG_DONE) {
                /* a dump that failed half-way says so in DONE's payload */
                if (m->nlmsg_len >= NLMSG_LENGTH(sizeof(int)) && *(int *)NLMSG_DATA(m) < 0)
                    result = *(int *)NLMSG_DATA(m);
                finished = 1;
            } else if (each != NULL && (result = each(m, ctx)) < 0) {
                finished = 1;
            }
        }
    }
    close(fd);
    return result > 0 ? 0 : result;
}

/* Appends an attribute; requests below are sized for the few they carry. */
static inline void scarlet_nl_attr(struct nlmsghdr *msg, unsigned short type, const void *data, size_t len)
{
    struct rtattr *rta = (struct rtattr *)((char *)msg + NLMSG_ALIGN(msg->nlmsg_len));
    rta->rta_type = type;
    rta->rta_len = (unsigned short)RTA_LENGTH(len);
    memcpy(RTA_DATA(rta), data, len);
    msg->nlmsg_len = NLMSG_ALIGN(msg->nlmsg_len) + RTA_ALIGN(rta->rta_len);
}

/* Indexes a message's attributes by type into table[0..max]; `header` is the size of its fixed part. */
static inline void scarlet_nl_parse(struct nlmsghdr *msg, size_t header, struct rtattr **table, int max)
{
    memset(table, 0, sizeof *table * (size_t)(max + 1));
    struct rtattr *rta = (struct rtattr *)((char *)NLMSG_DATA(msg) + NLMSG_ALIGN(header));
    int len = (int)msg->nlmsg_len - (int)NLMSG_LENGTH(header);
    for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len))
        if (rta->rta_type <= max)
            table[rta->rta_type] = rta;
}

/* ------------------------------------------------------------------------------------- the stack's state */

#define SCARLET_MAX_LINKS 64
#define SCARLET_MAX_ADDRS 64

struct scarlet_link {
    int index;
    char name[32];
    uint8_t mac[6];
};

struct scarlet_addr {
    int index;
    uint8_t addr[4];
    unsigned char prefix;
};

/* The stack's interfaces and IPv4 addresses (in the kernel's order: an interface's newest address last). */
struct scarlet_state {
    struct scarlet_link links[SCARLET_MAX_LINKS];
    struct scarlet_addr addrs[SCARLET_MAX_ADDRS];
    int nlinks, naddrs;
};

static inline int scarlet_on_link(struct nlmsghdr *msg, void *ctx)
{
    struct scarlet_state *st = ctx;
    struct ifinfomsg *ifi = NLMSG_DATA(msg);
    struct rtattr *at[IFLA_MAX + 1];
    if (msg->nlmsg_type != RTM_NEWLINK || st->nlinks == SCARLET_MAX_LINKS)
        return 0;
    struct scarlet_link *l = &st->links[st->nlinks++];
    memset(l, 0, sizeof *l);
    l->index = ifi->ifi_index;
    scarlet_nl_parse(msg, sizeof *ifi, at, IFLA_MAX);
    if (at[IFLA_IFNAME] != NULL) {
        size_t n = RTA_PAYLOAD(at[IFLA_IFNAME]);
        memcpy(l->name, RTA_DATA(at[IFLA_IFNAME]), n < sizeof l->name - 1 ? n : sizeof l->name - 1);
    }
    if (at[IFLA_ADDRESS] != NULL && RTA_PAYLOAD(at[IFLA_ADDRESS]) == 6)
        memcpy(l->mac, RTA_DATA(at[IFLA_ADDRESS]), 6);
    return 0;
}

static inline int scarlet_on_addr(struct nlmsghdr *msg, void *ctx)
{
    struct scarlet_state *st = ctx;
    struct ifaddrmsg *ifa = NLMSG_DATA(msg);
    struct rtattr *at[IFA_MAX + 1];
    if (msg->nlmsg_type != RTM_NEWADDR || ifa->ifa_family != AF_INET || st->naddrs == SCARLET_MAX_ADDRS)
        return 0;
    scarlet_nl_parse(msg, sizeof *ifa, at, IFA_MAX);
    /* IFA_LOCAL is the interface's own address; IFA_ADDRESS differs from it only on point-to-point links */
    struct rtattr *a = at[IFA_LOCAL] != NULL ? at[IFA_LOCAL] : at[IFA_ADDRESS];
    if (a == NULL)
        return 0;
    struct scarlet_addr *s = &st->addrs[st->naddrs++];
    s->index = (int)ifa->ifa_index;
    memcpy(s->addr, RTA_DATA(a), 4);
    s->prefix = ifa->ifa_prefixlen;
    return 0;
}

static inline int scarlet_read_state(struct scarlet_state *st)
{
    struct {
        struct nlmsghdr nh;
        struct ifinfomsg ifi;
    } links = {.nh = {.nlmsg_len = sizeof links, .nlmsg_type = RTM_GETLINK, .nlmsg_flags = NLM_F_DUMP}};
    struct {
        struct nlmsghdr nh;
        struct ifaddrmsg ifa;
    } addrs = {.nh = {.nlmsg_len = sizeof addrs, .nlmsg_type = RTM_GETADDR, .nlmsg_flags = NLM_F_DUMP},
               .ifa = {.ifa_family = AF_INET}};
    st->nlinks = st->naddrs = 0;
    int r = scarlet_nl_request(&links.nh, scarlet_on_link, st);
    return r < 0 ? r : scarlet_nl_request(&addrs.nh, scarlet_on_addr, st);
}

struct scarlet_route {
    uint8_t gateway[4];
    int found;
};

static inline int scarlet_on_route(struct nlmsghdr *msg, void *ctx)
{
    struct scarlet_route *gw = ctx;
    struct rtmsg *rt = NLMSG_DATA(msg);
    struct rtattr *at[RTA_MAX + 1];
    if (msg->nlmsg_type != RTM_NEWROUTE || rt->rtm_dst_len != 0 || gw->found)
        return 0;
    scarlet_nl_parse(msg, sizeof *rt, at, RTA_MAX);
    unsigned table = at[RTA_TABLE] != NULL ? *(unsigned *)RTA_DATA(at[RTA_TABLE]) : rt->rtm_table;
    if (table != RT_TABLE_MAIN || at[RTA_GATEWAY] == NULL)
        return 0;
    memcpy(gw->gateway, RTA_DATA(at[RTA_GATEWAY]), 4);
    gw->found = 1;
    return 0;
}

/* The default route's gateway of the main table, if any. */
static inline int scarlet_read_gateway(struct scarlet_route *gw)
{
    struct {
        struct nlmsghdr nh;
        struct rtmsg rt;
    } req = {.nh = {.nlmsg_len = sizeof req, .nlmsg_type = RTM_GETROUTE, .nlmsg_flags = NLM_F_DUMP},
             .rt = {.rtm_family = AF_INET}};
    gw->found = 0;
    return scarlet_nl_request(&req.nh, scarlet_on_route, gw);
}

/* The first IPv4 nameserver of /etc/resolv.conf, if any. */
static inline int scarlet_read_dns(uint8_t out[4])
{
    char text[8192];
    int fd = open("/etc/resolv.conf", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    text[n > 0 ? n : 0] = '\0';
    for (char *line = text; line != NULL && *line != '\0';) {
        char *next = strchr(line, '\n');
        if (next != NULL)
            *next++ = '\0';
        line += strspn(line, " \t");
        if (strncmp(line, "nameserver", 10) == 0 && (line[10] == ' ' || line[10] == '\t')) {
            char *value = line + 10 + strspn(line + 10, " \t");
            value[strcspn(value, " \t#;")] = '\0';
            if (inet_pton(AF_INET, value, out) == 1)
                return 1;
        }
        line = next;
    }
    return 0;
}

static inline int scarlet_loopback_net(const uint8_t addr[4])
{
    return addr[0] == 127;
}

static inline void scarlet_prefix_mask(unsigned prefix, uint8_t mask[4])
{
    uint32_t m = prefix == 0 ? 0 : htonl(0xffffffffu << (32 - prefix));
    memcpy(mask, &m, 4);
}

/* ------------------------------------------------------------------------------------- network calls */

/*
 * The stack's interfaces, at most max, in interfaces[], and the stack's status in *status: the default
 * gateway, the first nameserver of /etc/resolv.conf, the netmask of the first configured address outside
 * 127.0.0.0/8, and interface_count. An interface's ip_address is its newest IPv4 address (the one the last
 * sys_network_set_ipv4 gave it). Returns 0.
 */
static inline size_t sys_network_list_interfaces(NetworkStatus *status, NetworkInterfaceInfo *interfaces, size_t max)
{
    struct scarlet_state st;
    struct scarlet_route gw;
    int r;
    if (status == NULL || interfaces == NULL || max == 0)
        return scarlet_fail(EINVAL);
    if ((r = scarlet_read_state(&st)) < 0 || (r = scarlet_read_gateway(&gw)) < 0)
        return scarlet_fail(-r);

    memset(status, 0, sizeof *status);
    status->interfaces_ptr = interfaces;
    int have_netmask = 0;
    for (int i = 0; i < st.nlinks && status->interface_count < max; i++) {
        NetworkInterfaceInfo *info = &interfaces[status->interface_count++];
        memset(info, 0, sizeof *info);
        memcpy(info->name, st.links[i].name, sizeof info->name);
        memcpy(info->mac_address, st.links[i].mac, 6);
        const struct scarlet_addr *newest = NULL;
        for (int j = 0; j < st.naddrs; j++)
            if (st.addrs[j].index == st.links[i].index)
                newest = &st.addrs[j];
        if (newest != NULL) {
            memcpy(info->ip_address, newest->addr, 4);
            info->ip_set = 1;
            if (!have_netmask && !scarlet_loopback_net(newest->addr)) {
                scarlet_prefix_mask(newest->prefix, status->netmask);
                have_netmask = 1;
            }
        }
    }
    if (gw.found) {
        memcpy(status->gateway, gw.gateway, 4);
        status->gateway_set = 1;
    }
    status->dns_set = (uint8_t)scarlet_read_dns(status->dns_server);
    return 0;
}

/* Adds (or replaces) addr/prefix on the interface with this index. */
static inline int scarlet_add_address(int index, const uint8_t addr[4], unsigned prefix, int remove)
{
    struct {
        struct nlmsghdr nh;
        struct ifaddrmsg ifa;
        char attrs[64];
    } req = {.nh = {.nlmsg_len = NLMSG_LENGTH(sizeof req.ifa), .nlmsg_type = remove ? RTM_DELADDR : RTM_NEWADDR,
                    .nlmsg_flags = remove ? 0 : NLM_F_CREATE | NLM_F_REPLACE},
             .ifa = {.ifa_family = AF_INET, .ifa_prefixlen = (unsigned char)prefix, .ifa_index = (unsigned)index}};
    scarlet_nl_attr(&req.nh, IFA_LOCAL, addr, 4);
    scarlet_nl_attr(&req.nh, IFA_ADDRESS, addr, 4);
    if (!remove && prefix < 31) {
        /* the broadcast address as Scarlet computes it: the address with the host bits set */
        uint8_t mask[4], brd[4];
        scarlet_prefix_mask(prefix, mask);
        for (int i = 0; i < 4; i++)
            brd[i] = (uint8_t)(addr[i] | (uint8_t)~mask[i]);
        scarlet_nl_attr(&req.nh, IFA_BROADCAST, brd, 4);
    }
    return scarlet_nl_request(&req.nh, NULL, NULL);
}

/* Makes gateway the default route of the main table, replacing the one there was. */
static inline int scarlet_set_default_route(const uint8_t gateway[4])
{
    struct {
        struct nlmsghdr nh;
        struct rtmsg rt;
        char attrs[64];
    } req = {.nh = {.nlmsg_len = NLMSG_LENGTH(sizeof req.rt), .nlmsg_type = RTM_NEWROUTE,
                    .nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE},
             .rt = {.rtm_family = AF_INET, .rtm_dst_len = 0, .rtm_table = RT_TABLE_MAIN, .rtm_protocol = RTPROT_BOOT,
                    .rtm_scope = RT_SCOPE_UNIVERSE, .rtm_type = RTN_UNICAST}};
    scarlet_nl_attr(&req.nh, RTA_GATEWAY, gateway, 4);
    return scarlet_nl_request(&req.nh, NULL, NULL);
}

/*
 * Gives the named interface the address, with Scarlet's netmask for it, 255.255.255.0 (/24). It joins the
 * interface's other addresses, as on Scarlet, and becomes the one sys_network_list_interfaces reports.
 */
static inline size_t sys_network_set_ipv4(const NetworkSetIpv4Request *req)
{
    struct scarlet_state st;
    int r;
    if (req == NULL || req->iface_ptr == NULL)
        return scarlet_fail(EFAULT);
    if (req->iface_len == 0 || req->iface_len > 256 || !scarlet_utf8((const unsigned char *)req->iface_ptr, req->iface_len))
        return scarlet_fail(EINVAL);
    if ((r = scarlet_read_state(&st)) < 0)
        return scarlet_fail(-r);
    for (int i = 0; i < st.nlinks; i++)
        if (strlen(st.links[i].name) == req->iface_len && memcmp(st.links[i].name, req->iface_ptr, req->iface_len) == 0)
            return (r = scarlet_add_address(st.links[i].index, req->addr, 24, 0)) < 0 ? scarlet_fail(-r) : 0;
    return scarlet_fail(ENODEV);
}

/*
 * Scarlet keeps one netmask for the whole stack. Linux keeps one per address, so this gives the mask to every
 * IPv4 address of the stack outside 127.0.0.0/8 (the loopback network's mask is fixed); the default route is
 * kept. The mask's ones must be contiguous, or the call fails.
 */
static inline size_t sys_network_set_netmask(const uint8_t mask[4])
{
    struct scarlet_state st;
    struct scarlet_route gw;
    uint32_t m;
    unsigned prefix = 0;
    int r;
    if (mask == NULL)
        return scarlet_fail(EFAULT);
    memcpy(&m, mask, 4);
    m = ntohl(m);
    while (prefix < 32 && (m & (0x80000000u >> prefix)))
        prefix++;
    if (prefix < 32 && (m & (0xffffffffu >> prefix)) != 0)
        return scarlet_fail(EINVAL);
    if ((r = scarlet_read_state(&st)) < 0 || (r = scarlet_read_gateway(&gw)) < 0)
        return scarlet_fail(-r);
    for (int i = 0; i < st.naddrs; i++) {
        const struct scarlet_addr *a = &st.addrs[i];
        if (scarlet_loopback_net(a->addr) || a->prefix == prefix)
            continue;
        /* the new one first: an interface that keeps an address keeps its routes */
        if ((r = scarlet_add_address(a->index, a->addr, prefix, 0)) < 0 ||
            (r = scarlet_add_address(a->index, a->addr, a->prefix, 1)) < 0)
            return scarlet_fail(-r);
    }
    struct scarlet_route now;
    if (gw.found && scarlet_read_gateway(&now) == 0 && !now.found)
        scarlet_set_default_route(gw.gateway); /* best effort: a gateway off the new subnets stays unreachable */
    return 0;
}

/* Makes the address the stack's default gateway. Linux reaches a gateway only on a subnet of an interface: one
 * elsewhere fails (errno ENETUNREACH) where Scarlet would keep it. */
static inline size_t sys_network_set_gateway(const uint8_t gateway[4])
{
    if (gateway == NULL)
        return scarlet_fail(EFAULT);
    int r = scarlet_set_default_route(gateway);
    return r < 0 ? scarlet_fail(-r) : 0;
}

/*
 * Makes the address the stack's only nameserver: /etc/resolv.conf keeps its other lines (search, options) and
 * gets this nameserver instead of the ones it had. Under vuos the file is the stack's own copy; run natively
 * it is the host's, and the call fails unless the caller may write it.
 */
static inline size_t sys_network_set_dns(const uint8_t server[4])
{
    char text[8192], out[8192 + 32];
    size_t used = 0;
    if (server == NULL)
        return scarlet_fail(EFAULT);
    int fd = open("/etc/resolv.conf", O_RDONLY | O_CLOEXEC);
    ssize_t n = fd < 0 ? 0 : read(fd, text, sizeof text - 1);
    if (fd >= 0)
        close(fd);
    text[n > 0 ? n : 0] = '\0';
    for (char *line = text; *line != '\0';) {
        char *next = strchr(line, '\n');
        size_t len = next != NULL ? (size_t)(next - line) : strlen(line);
        const char *word = line + strspn(line, " \t");
        if (!(strncmp(word, "nameserver", 10) == 0 && (word[10] == ' ' || word[10] == '\t'))) {
            memcpy(out + used, line, len);
            used += len;
            out[used++] = '\n';
        }
        line += len + (next != NULL);
    }
    char addr[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, server, addr, sizeof addr);
    used += (size_t)snprintf(out + used, sizeof out - used, "nameserver %s\n", addr);
    /* written in place: under vuos the file is a bind mount, which cannot be renamed over */
    if ((fd = open("/etc/resolv.conf", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0)
        return SCARLET_ERROR;
    ssize_t w = write(fd, out, used);
    int error = w < 0 ? errno : (size_t)w != used ? EIO : 0;
    /* close reports what a delayed write-back failed on: it is part of the result */
    if (close(fd) < 0 && error == 0)
        error = errno;
    return error ? scarlet_fail(error) : 0;
}

#endif /* VUOS_SCARLET_H */
