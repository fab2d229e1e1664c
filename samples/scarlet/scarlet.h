/*
 * scarlet.h: Scarlet Native's socket and network-configuration calls (seed 002) as small inline
 * functions over Linux, so the seed's usage example runs unchanged in spirit under Vuos.Net.
 *
 * Conventions
 *   - A Scarlet handle is a Linux file descriptor: read(), write(), close() and poll() work on it.
 *     Handles are made close-on-exec, so a program the sample execs does not inherit them by accident.
 *   - Every function returns >= 0 on success (a handle, a byte count, a count, or 0) and -errno on
 *     failure (errno is left set too), so `if ((r = sys_...()) < 0) ... strerror(-r)` is the idiom.
 *   - A socket's name is a string: a filesystem path for local sockets ("/tmp/server.sock"), or
 *     "A.B.C.D:PORT" for an IPv4 socket. Names a peer reports come back in the same form; an unbound
 *     local sender is "(unnamed)" and an abstract one "@name".
 *
 * Under `vuos run --default STACK`, every socket these functions create (AF_UNIX, AF_INET and the
 * AF_NETLINK socket the network calls use) is made inside STACK, so the network calls configure that
 * stack and never the host's. /etc/resolv.conf is per stack there as well (sys_network_set_dns).
 *
 * Differences from Scarlet, and why
 *   - sys_socket_create() makes a local stream socket, Scarlet's LocalSocket; sys_socket_create_typed()
 *     is the extension for datagrams and other families, which Scarlet's single call does not need.
 *   - Linux has no separate netmask: an IPv4 address carries its prefix length. sys_network_set_ipv4()
 *     therefore takes the prefix, and sys_network_set_netmask() is the same call with a dotted mask.
 *     The address is added next to the interface's others (removing slirp's own would cut the stack off).
 *   - sys_network_get_gateway() is not in the seed: it reads back what sys_network_set_gateway() set.
 */
#ifndef SCARLET_H
#define SCARLET_H

/* accept4 and SOCK_CLOEXEC are GNU extensions, hidden by a strict -std=c11: include this header first. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

enum {
    SCARLET_SHUT_READ = SHUT_RD,
    SCARLET_SHUT_WRITE = SHUT_WR,
    SCARLET_SHUT_BOTH = SHUT_RDWR,
};

/* -errno for a failed call (r < 0), r itself otherwise. */
static inline int scarlet_result(long r)
{
    return r < 0 ? -errno : (int)r;
}

/* ---------------------------------------------------------------- names */

/* A name string to a socket address: "A.B.C.D:PORT" is IPv4, anything else a local path. */
static inline int scarlet_name_to_addr(const char *name, struct sockaddr_storage *ss, socklen_t *len)
{
    memset(ss, 0, sizeof *ss);
    const char *colon = strrchr(name, ':');
    if (colon != NULL && (size_t)(colon - name) < INET_ADDRSTRLEN) {
        char host[INET_ADDRSTRLEN];
        char *end;
        struct sockaddr_in *in = (struct sockaddr_in *)ss;
        memcpy(host, name, (size_t)(colon - name));
        host[colon - name] = '\0';
        unsigned long port = strtoul(colon + 1, &end, 10);
        if (inet_pton(AF_INET, host, &in->sin_addr) == 1 && colon[1] != '\0' && *end == '\0' && port <= 65535) {
            in->sin_family = AF_INET;
            in->sin_port = htons((unsigned short)port);
            *len = sizeof *in;
            return 0;
        }
    }
    struct sockaddr_un *un = (struct sockaddr_un *)ss;
    size_t n = strlen(name);
    if (n == 0 || n >= sizeof un->sun_path) {
        errno = n == 0 ? EINVAL : ENAMETOOLONG;
        return -errno;
    }
    un->sun_family = AF_UNIX;
    memcpy(un->sun_path, name, n + 1);
    *len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
    return 0;
}

/* A socket address (as accept or recvfrom report it) to a name string. */
static inline void scarlet_addr_to_name(const struct sockaddr_storage *ss, socklen_t len, char *out, size_t size)
{
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)ss;
        char host[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
        snprintf(out, size, "%s:%u", host, ntohs(in->sin_port));
    } else if (ss->ss_family == AF_UNIX && len > offsetof(struct sockaddr_un, sun_path)) {
        const struct sockaddr_un *un = (const struct sockaddr_un *)ss;
        int n = (int)(len - offsetof(struct sockaddr_un, sun_path));
        if (un->sun_path[0] == '\0') /* abstract: not NUL-terminated, length is what counts */
            snprintf(out, size, "@%.*s", n - 1, un->sun_path + 1);
        else
            snprintf(out, size, "%.*s", n, un->sun_path);
    } else {
        snprintf(out, size, "(unnamed)");
    }
}

/* ---------------------------------------------------------------- sockets */

/* Any family and type: (AF_UNIX, SOCK_DGRAM) for local datagrams, (AF_INET, SOCK_DGRAM) for UDP. */
static inline int sys_socket_create_typed(int domain, int type)
{
    return scarlet_result(socket(domain, type | SOCK_CLOEXEC, 0));
}

/* Scarlet's LocalSocket: a local stream socket, named by a path once bound. */
static inline int sys_socket_create(void)
{
    return sys_socket_create_typed(AF_UNIX, SOCK_STREAM);
}

static inline int sys_socket_bind(int handle, const char *name)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int r = scarlet_name_to_addr(name, &ss, &len);
    return r < 0 ? r : scarlet_result(bind(handle, (struct sockaddr *)&ss, len));
}

static inline int sys_socket_listen(int handle, int backlog)
{
    return scarlet_result(listen(handle, backlog));
}

static inline int sys_socket_connect(int handle, const char *name)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int r = scarlet_name_to_addr(name, &ss, &len);
    return r < 0 ? r : scarlet_result(connect(handle, (struct sockaddr *)&ss, len));
}

/* A new handle for the next connection; blocks until one arrives. */
static inline int sys_socket_accept(int handle)
{
    return scarlet_result(accept4(handle, NULL, NULL, SOCK_CLOEXEC));
}

/* Two connected local stream handles, in handles[0] and handles[1]. */
static inline int sys_socketpair(int handles[2])
{
    return scarlet_result(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, handles));
}

/* how: SCARLET_SHUT_READ, SCARLET_SHUT_WRITE (the peer reads end-of-file) or SCARLET_SHUT_BOTH. */
static inline int sys_socket_shutdown(int handle, int how)
{
    return scarlet_result(shutdown(handle, how));
}

/* One datagram to the socket named `to`. MSG_NOSIGNAL: a failure is an error code, never SIGPIPE. */
static inline int sys_socket_sendto(int handle, const void *buf, size_t len, const char *to)
{
    struct sockaddr_storage ss;
    socklen_t sslen;
    int r = scarlet_name_to_addr(to, &ss, &sslen);
    return r < 0 ? r : scarlet_result(sendto(handle, buf, len, MSG_NOSIGNAL, (struct sockaddr *)&ss, sslen));
}

/* One datagram (the rest of a longer one is dropped, as on Linux); the sender's name goes to `from`. */
static inline int sys_socket_recvfrom(int handle, void *buf, size_t len, char *from, size_t fromsize)
{
    struct sockaddr_storage ss;
    socklen_t sslen = sizeof ss;
    int r = scarlet_result(recvfrom(handle, buf, len, 0, (struct sockaddr *)&ss, &sslen));
    if (r >= 0 && from != NULL)
        scarlet_addr_to_name(&ss, sslen, from, fromsize);
    return r;
}

/* ---------------------------------------------------------------- rtnetlink */

/* Called for each reply message of a request; a negative return stops and is returned. */
typedef int (*scarlet_nl_each)(struct nlmsghdr *msg, void *ctx);

/*
 * Sends one request on a fresh NETLINK_ROUTE socket and reads replies until the request is finished:
 * NLMSG_DONE for a dump, the ACK (an NLMSG_ERROR with error 0) otherwise. Returns 0 or -errno.
 * A fresh socket per request: nothing else can be queued on it, and under vuos it is made in the
 * caller's default stack at the moment of the call.
 */
static inline int scarlet_nl_request(struct nlmsghdr *req, scarlet_nl_each each, void *ctx)
{
    int fd = sys_socket_create_typed(AF_NETLINK, SOCK_RAW);
    if (fd < 0)
        return fd;
    req->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
    req->nlmsg_seq = 1;
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    int result = scarlet_result(sendto(fd, req, req->nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof kernel));
    union {
        struct nlmsghdr align;
        char bytes[32768]; /* the kernel fills dump replies up to the reader's buffer, at most 32 KiB */
    } buf;
    while (result >= 0) {
        ssize_t n = recv(fd, buf.bytes, sizeof buf.bytes, MSG_TRUNC);
        if (n < 0) {
            result = -errno;
            break;
        }
        if ((size_t)n > sizeof buf.bytes) {
            result = -EMSGSIZE;
            break;
        }
        int finished = 0;
        unsigned len = (unsigned)n;
        for (struct nlmsghdr *m = &buf.align; !finished && NLMSG_OK(m, len); m = NLMSG_NEXT(m, len)) {
            if (m->nlmsg_seq != req->nlmsg_seq)
                continue;
            if (m->nlmsg_type == NLMSG_ERROR) {
                result = ((struct nlmsgerr *)NLMSG_DATA(m))->error; /* already -errno; 0 is the ACK */
                finished = 1;
            } else if (m->nlmsg_type == NLMSG_DONE) {
                /* a dump that failed half-way says so in DONE's payload */
                if (m->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
                    result = *(int *)NLMSG_DATA(m);
                finished = 1;
            } else if (each != NULL && (result = each(m, ctx)) < 0) {
                finished = 1;
            }
        }
        if (finished)
            break;
    }
    close(fd);
    if (result > 0)
        result = 0;
    if (result < 0)
        errno = -result;
    return result;
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

/* ---------------------------------------------------------------- network configuration */

#define SCARLET_MAX_ADDRS 8

struct scarlet_interface {
    int index;
    char name[IF_NAMESIZE];
    unsigned flags; /* IFF_UP, IFF_LOOPBACK, ... */
    int naddrs;
    struct {
        struct in_addr addr;
        int prefix;
    } addrs[SCARLET_MAX_ADDRS];
};

struct scarlet_iflist {
    struct scarlet_interface *out;
    int max, count;
};

static inline int scarlet_on_link(struct nlmsghdr *msg, void *ctx)
{
    struct scarlet_iflist *list = ctx;
    struct ifinfomsg *ifi = NLMSG_DATA(msg);
    struct rtattr *at[IFLA_MAX + 1];
    if (msg->nlmsg_type != RTM_NEWLINK)
        return 0;
    if (list->count == list->max)
        return -ENOBUFS;
    struct scarlet_interface *itf = &list->out[list->count++];
    memset(itf, 0, sizeof *itf);
    itf->index = ifi->ifi_index;
    itf->flags = ifi->ifi_flags;
    scarlet_nl_parse(msg, sizeof *ifi, at, IFLA_MAX);
    if (at[IFLA_IFNAME] != NULL)
        snprintf(itf->name, sizeof itf->name, "%s", (char *)RTA_DATA(at[IFLA_IFNAME]));
    return 0;
}

static inline int scarlet_on_addr(struct nlmsghdr *msg, void *ctx)
{
    struct scarlet_iflist *list = ctx;
    struct ifaddrmsg *ifa = NLMSG_DATA(msg);
    struct rtattr *at[IFA_MAX + 1];
    if (msg->nlmsg_type != RTM_NEWADDR || ifa->ifa_family != AF_INET)
        return 0;
    scarlet_nl_parse(msg, sizeof *ifa, at, IFA_MAX);
    /* IFA_LOCAL is the interface's own address; IFA_ADDRESS differs from it only on point-to-point links */
    struct rtattr *a = at[IFA_LOCAL] != NULL ? at[IFA_LOCAL] : at[IFA_ADDRESS];
    for (int i = 0; a != NULL && i < list->count; i++) {
        struct scarlet_interface *itf = &list->out[i];
        if (itf->index == (int)ifa->ifa_index && itf->naddrs < SCARLET_MAX_ADDRS) {
            memcpy(&itf->addrs[itf->naddrs].addr, RTA_DATA(a), sizeof(struct in_addr));
            itf->addrs[itf->naddrs++].prefix = ifa->ifa_prefixlen;
        }
    }
    return 0;
}

/* The interfaces of the stack with their IPv4 addresses, in kernel order. Returns how many (<= max). */
static inline int sys_network_list_interfaces(struct scarlet_interface *out, int max)
{
    struct scarlet_iflist list = {out, max, 0};
    struct {
        struct nlmsghdr nh;
        struct ifinfomsg ifi;
    } links = {.nh = {.nlmsg_len = sizeof links, .nlmsg_type = RTM_GETLINK, .nlmsg_flags = NLM_F_DUMP}};
    struct {
        struct nlmsghdr nh;
        struct ifaddrmsg ifa;
    } addrs = {.nh = {.nlmsg_len = sizeof addrs, .nlmsg_type = RTM_GETADDR, .nlmsg_flags = NLM_F_DUMP},
               .ifa = {.ifa_family = AF_INET}};
    int r = scarlet_nl_request(&links.nh, scarlet_on_link, &list);
    if (r == 0)
        r = scarlet_nl_request(&addrs.nh, scarlet_on_addr, &list);
    return r < 0 ? r : list.count;
}

/* An interface's index, asked of the stack itself (if_nametoindex would ask whichever stack its socket lands in). */
static inline int scarlet_ifindex(const char *ifname)
{
    struct scarlet_interface all[16];
    int n = sys_network_list_interfaces(all, 16);
    for (int i = 0; i < n; i++)
        if (strcmp(all[i].name, ifname) == 0)
            return all[i].index;
    errno = n < 0 ? -n : ENODEV;
    return -errno;
}

/* Adds addr/prefix to the interface (or updates it if already there). */
static inline int sys_network_set_ipv4(const char *ifname, struct in_addr addr, int prefix)
{
    int index = scarlet_ifindex(ifname);
    if (index < 0)
        return index;
    if (prefix < 0 || prefix > 32) {
        errno = EINVAL;
        return -EINVAL;
    }
    struct {
        struct nlmsghdr nh;
        struct ifaddrmsg ifa;
        char attrs[64];
    } req = {.nh = {.nlmsg_len = NLMSG_LENGTH(sizeof req.ifa), .nlmsg_type = RTM_NEWADDR,
                    .nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE},
             .ifa = {.ifa_family = AF_INET, .ifa_prefixlen = (unsigned char)prefix, .ifa_index = (unsigned)index}};
    scarlet_nl_attr(&req.nh, IFA_LOCAL, &addr, sizeof addr);
    scarlet_nl_attr(&req.nh, IFA_ADDRESS, &addr, sizeof addr);
    return scarlet_nl_request(&req.nh, NULL, NULL);
}

/* A dotted netmask's prefix length, or -EINVAL if its ones are not contiguous. */
static inline int scarlet_netmask_prefix(struct in_addr mask)
{
    unsigned long m = ntohl(mask.s_addr);
    int prefix = 0;
    while (prefix < 32 && (m & (0x80000000UL >> prefix)))
        prefix++;
    if (prefix < 32 && (m & (0xffffffffUL >> prefix)) != 0) {
        errno = EINVAL;
        return -EINVAL;
    }
    return prefix;
}

/* sys_network_set_ipv4 with the mask spelled 255.255.255.0: on Linux the mask is part of the address. */
static inline int sys_network_set_netmask(const char *ifname, struct in_addr addr, struct in_addr mask)
{
    int prefix = scarlet_netmask_prefix(mask);
    return prefix < 0 ? prefix : sys_network_set_ipv4(ifname, addr, prefix);
}

/* Makes `gateway`, reached through `ifname`, the default route, replacing the one there was. */
static inline int sys_network_set_gateway(const char *ifname, struct in_addr gateway)
{
    int index = scarlet_ifindex(ifname);
    if (index < 0)
        return index;
    struct {
        struct nlmsghdr nh;
        struct rtmsg rt;
        char attrs[64];
    } req = {.nh = {.nlmsg_len = NLMSG_LENGTH(sizeof req.rt), .nlmsg_type = RTM_NEWROUTE,
                    .nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE},
             .rt = {.rtm_family = AF_INET, .rtm_dst_len = 0, .rtm_table = RT_TABLE_MAIN, .rtm_protocol = RTPROT_BOOT,
                    .rtm_scope = RT_SCOPE_UNIVERSE, .rtm_type = RTN_UNICAST}};
    scarlet_nl_attr(&req.nh, RTA_GATEWAY, &gateway, sizeof gateway);
    scarlet_nl_attr(&req.nh, RTA_OIF, &index, sizeof index);
    return scarlet_nl_request(&req.nh, NULL, NULL);
}

struct scarlet_gateway {
    struct in_addr gateway;
    int index, found;
};

static inline int scarlet_on_route(struct nlmsghdr *msg, void *ctx)
{
    struct scarlet_gateway *gw = ctx;
    struct rtmsg *rt = NLMSG_DATA(msg);
    struct rtattr *at[RTA_MAX + 1];
    if (msg->nlmsg_type != RTM_NEWROUTE || rt->rtm_dst_len != 0 || gw->found)
        return 0;
    scarlet_nl_parse(msg, sizeof *rt, at, RTA_MAX);
    unsigned table = at[RTA_TABLE] != NULL ? *(unsigned *)RTA_DATA(at[RTA_TABLE]) : rt->rtm_table;
    if (table != RT_TABLE_MAIN || at[RTA_GATEWAY] == NULL)
        return 0;
    memcpy(&gw->gateway, RTA_DATA(at[RTA_GATEWAY]), sizeof gw->gateway);
    gw->index = at[RTA_OIF] != NULL ? *(int *)RTA_DATA(at[RTA_OIF]) : 0;
    gw->found = 1;
    return 0;
}

/* Not in the seed: the default gateway and its interface index. Returns 1, or 0 if there is none. */
static inline int sys_network_get_gateway(struct in_addr *gateway, int *index)
{
    struct scarlet_gateway gw = {.found = 0};
    struct {
        struct nlmsghdr nh;
        struct rtmsg rt;
    } req = {.nh = {.nlmsg_len = sizeof req, .nlmsg_type = RTM_GETROUTE, .nlmsg_flags = NLM_F_DUMP},
             .rt = {.rtm_family = AF_INET}};
    int r = scarlet_nl_request(&req.nh, scarlet_on_route, &gw);
    if (r < 0)
        return r;
    *gateway = gw.gateway;
    *index = gw.index;
    return gw.found;
}

/*
 * Makes `server` (IPv4 or IPv6, as text) the only nameserver by rewriting /etc/resolv.conf. Under vuos
 * with a stack as default the file is the stack's own copy; on the host stack this is the real file.
 */
static inline int sys_network_set_dns(const char *server)
{
    unsigned char probe[sizeof(struct in6_addr)];
    if (inet_pton(AF_INET, server, probe) != 1 && inet_pton(AF_INET6, server, probe) != 1) {
        errno = EINVAL;
        return -EINVAL;
    }
    char line[INET6_ADDRSTRLEN + 16];
    int len = snprintf(line, sizeof line, "nameserver %s\n", server);
    int fd = open("/etc/resolv.conf", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return -errno;
    int r = scarlet_result(write(fd, line, (size_t)len));
    if (r >= 0 && r != len) {
        errno = EIO;
        r = -EIO;
    }
    /* close reports what a delayed write-back failed on; it is part of the result */
    if (close(fd) < 0 && r >= 0)
        r = -errno;
    return r < 0 ? r : 0;
}

#endif
