/*
 * netconfig: Scarlet Native's network calls with Scarlet's own request structures (include/vuos/scarlet.h).
 * Without arguments it lists what sys_network_list_interfaces reports for the stack it runs in: each
 * interface's newest IPv4 address and MAC, then the stack's gateway, nameserver and netmask. With
 *     netconfig set IFACE ADDRESS NETMASK GATEWAY DNS        ("-" skips NETMASK, GATEWAY or DNS)
 * it calls sys_network_set_ipv4 ({IFACE, ADDRESS}), sys_network_set_netmask, sys_network_set_gateway and
 * sys_network_set_dns in that order, printing what each answered, and lists again.
 * Under vuos all of that happens in the default stack: `ip addr` and `ip route` in the same stack show the
 * change; the host's addresses, routes and /etc/resolv.conf stay as they were. Run natively it would
 * reconfigure the host, so `set` refuses unless --host is given.
 *
 *   gcc -I ../../include -o netconfig netconfig.c && ../../scripts/vuos run --default slirp -- bash -c './netconfig set eth0 10.9.8.7 255.255.0.0 10.9.8.1 9.9.9.9 && ip -4 addr show eth0'
 */
#include "vuos/scarlet.h"
#include "vuos/msocket.h"

#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#define MAX_INTERFACES 16

/* The network namespace of the host's stack in *ns: under vuos the stack mounted at /dev/net/host (1 when
 * none is mounted: the host is out of reach), natively the process's own. 0 on success, -errno. */
static int host_namespace(struct stat *ns)
{
    int s = msocket("/dev/net/host", AF_NETLINK, SOCK_RAW, 0);
    if (s < 0) {
        if (errno == ENOSYS) /* no supervisor: this process lives on the host */
            return stat("/proc/self/ns/net", ns) < 0 ? -errno : 0;
        return errno == ENOENT ? 1 : -errno;
    }
    int fd = ioctl(s, SIOCGSKNS);
    /* The kernel refuses SIOCGSKNS to a process without privilege over the socket's namespace: living in
     * a stack of its own, it holds none over the host's. */
    int r = fd < 0 ? (errno == EPERM ? 1 : -errno) : fstat(fd, ns) < 0 ? -errno : 0;
    if (fd >= 0)
        close(fd);
    close(s);
    return r;
}

/* 1 if sockets this process makes belong to the host's stack, 0 if not, -errno. */
static int on_host_stack(void)
{
    struct stat host, sockets;
    int r = host_namespace(&host);
    if (r != 0)
        return r > 0 ? 0 : r;
    int probe = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (probe < 0)
        return -errno;
    /* SIOCGSKNS opens the namespace a socket belongs to: the stack's under vuos */
    int ns = ioctl(probe, SIOCGSKNS);
    r = ns < 0 || fstat(ns, &sockets) < 0 ? -errno : 0;
    if (ns >= 0)
        close(ns);
    close(probe);
    return r < 0 ? r : host.st_dev == sockets.st_dev && host.st_ino == sockets.st_ino;
}

static const char *dotted(const uint8_t a[4], char *buf)
{
    snprintf(buf, 16, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
    return buf;
}

static int list(void)
{
    NetworkStatus status;
    NetworkInterfaceInfo itf[MAX_INTERFACES];
    char a[16];
    if (sys_network_list_interfaces(&status, itf, MAX_INTERFACES) == SCARLET_ERROR) {
        fprintf(stderr, "netconfig: sys_network_list_interfaces: %s\n", strerror(errno));
        return -1;
    }
    for (uint32_t i = 0; i < status.interface_count; i++) {
        const uint8_t *m = status.interfaces_ptr[i].mac_address;
        printf("%s: ", (const char *)itf[i].name);
        if (itf[i].ip_set)
            printf("inet %s", dotted(itf[i].ip_address, a));
        else
            printf("no IPv4 address");
        printf(", mac %02x:%02x:%02x:%02x:%02x:%02x\n", m[0], m[1], m[2], m[3], m[4], m[5]);
    }
    printf("gateway: %s\n", status.gateway_set ? dotted(status.gateway, a) : "none");
    printf("dns: %s\n", status.dns_set ? dotted(status.dns_server, a) : "none");
    printf("netmask: %s\n", dotted(status.netmask, a));
    return 0;
}

/* Prints how one call went; returns 1 if it failed. */
static int report(const char *call, const char *what, size_t r)
{
    printf("%s %s: %s\n", call, what, r == SCARLET_ERROR ? strerror(errno) : "ok");
    return r == SCARLET_ERROR;
}

/* An IPv4 address as Scarlet's four bytes; "-" (skip) gives 0, a bad address -1. */
static int parse(const char *text, uint8_t out[4])
{
    if (strcmp(text, "-") == 0)
        return 0;
    if (inet_pton(AF_INET, text, out) != 1) {
        printf("%s: not an IPv4 address\n", text);
        return -1;
    }
    return 1;
}

static int set(const char *iface, const char *address, const char *netmask, const char *gateway, const char *dns)
{
    NetworkSetIpv4Request req = {.iface_ptr = iface, .iface_len = strlen(iface)};
    uint8_t mask[4], gw[4], server[4];
    int failures = 0, have;
    char what[128];

    if (inet_pton(AF_INET, address, req.addr) != 1) {
        printf("%s: not an IPv4 address\n", address);
        return 1;
    }
    snprintf(what, sizeof what, "%s %s", iface, address);
    failures += report("sys_network_set_ipv4", what, sys_network_set_ipv4(&req));
    if ((have = parse(netmask, mask)) != 0)
        failures += have < 0 || report("sys_network_set_netmask", netmask, sys_network_set_netmask(mask));
    if ((have = parse(gateway, gw)) != 0)
        failures += have < 0 || report("sys_network_set_gateway", gateway, sys_network_set_gateway(gw));
    if ((have = parse(dns, server)) != 0)
        failures += have < 0 || report("sys_network_set_dns", dns, sys_network_set_dns(server));
    return failures > 0;
}

int main(int argc, char **argv)
{
    int host_ok = argc > 1 && strcmp(argv[1], "--host") == 0;
    char **args = argv + 1 + host_ok;
    int nargs = argc - 1 - host_ok;

    setvbuf(stdout, NULL, _IOLBF, 0);

    int host = on_host_stack();
    if (host < 0) {
        fprintf(stderr, "netconfig: cannot tell which stack this is: %s\n", strerror(-host));
        if (nargs > 0)
            return 2; /* when unsure, do not risk configuring the host */
    } else {
        printf("stack: %s\n", host ? "the host's own" : "a separate network namespace");
    }
    if (nargs == 0)
        return list() < 0;
    if (strcmp(args[0], "set") != 0 || nargs != 6) {
        fprintf(stderr, "usage: netconfig [--host] [set IFACE ADDRESS NETMASK|- GATEWAY|- DNS|-]\n");
        return 2;
    }
    if (host && !host_ok) {
        fprintf(stderr, "netconfig: refusing to configure the host's own stack; run under vuos "
                        "(vuos run --default lo -- ./netconfig set ...) or add --host\n");
        return 2;
    }
    if (list() < 0)
        return 1;
    int failed = set(args[1], args[2], args[3], args[4], args[5]);
    return list() < 0 || failed;
}
