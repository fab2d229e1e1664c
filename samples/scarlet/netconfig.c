/*
 * netconfig: Scarlet Native's network calls (seed 002) over rtnetlink. Without arguments it lists the
 * interfaces of the stack it runs in, their IPv4 addresses and the default route. With
 *     netconfig set ADDRESS/PREFIX GATEWAY DNS        (PREFIX may be a netmask; "-" skips GATEWAY or DNS)
 * it adds the address to the first non-loopback interface that is up (else lo), makes GATEWAY the default
 * route if it is on one of that interface's subnets, makes DNS the nameserver, and lists again.
 * Under vuos all of that happens in the default stack: the host's addresses, routes and /etc/resolv.conf
 * stay as they were. Run natively it would reconfigure the host, so `set` refuses unless --host is given.
 *
 *   gcc -I ../../include -o netconfig netconfig.c && ../../scripts/vuos run --default slirp -- ./netconfig set 10.9.8.7/24 10.9.8.1 9.9.9.9
 */
#include "scarlet.h"
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
    int probe = sys_socket_create_typed(AF_NETLINK, SOCK_RAW);
    if (probe < 0)
        return probe;
    /* SIOCGSKNS opens the namespace a socket belongs to: the stack's under vuos */
    int ns = ioctl(probe, SIOCGSKNS);
    r = ns < 0 || fstat(ns, &sockets) < 0 ? -errno : 0;
    if (ns >= 0)
        close(ns);
    close(probe);
    return r < 0 ? r : host.st_dev == sockets.st_dev && host.st_ino == sockets.st_ino;
}

static const char *ntoa(struct in_addr a, char *buf)
{
    return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

static int list(void)
{
    struct scarlet_interface itf[MAX_INTERFACES];
    struct in_addr gw;
    int gw_index;
    char a[INET_ADDRSTRLEN];
    int n = sys_network_list_interfaces(itf, MAX_INTERFACES);
    if (n < 0) {
        fprintf(stderr, "netconfig: sys_network_list_interfaces: %s\n", strerror(-n));
        return n;
    }
    for (int i = 0; i < n; i++) {
        printf("%s: %s%s\n", itf[i].name, itf[i].flags & IFF_UP ? "up" : "down",
               itf[i].flags & IFF_LOOPBACK ? ", loopback" : "");
        for (int j = 0; j < itf[i].naddrs; j++)
            printf("    inet %s/%d\n", ntoa(itf[i].addrs[j].addr, a), itf[i].addrs[j].prefix);
    }
    int r = sys_network_get_gateway(&gw, &gw_index);
    if (r < 0) {
        fprintf(stderr, "netconfig: sys_network_get_gateway: %s\n", strerror(-r));
        return r;
    }
    char name[IF_NAMESIZE] = "?";
    for (int i = 0; i < n; i++)
        if (itf[i].index == gw_index)
            snprintf(name, sizeof name, "%s", itf[i].name);
    if (r == 0)
        printf("default route: none\n");
    else
        printf("default route: via %s dev %s\n", ntoa(gw, a), name);
    return 0;
}

/* The interface a machine would be configured on: the first non-loopback one that is up, else lo. */
static int choose(struct scarlet_interface *out)
{
    struct scarlet_interface itf[MAX_INTERFACES];
    int n = sys_network_list_interfaces(itf, MAX_INTERFACES);
    if (n < 0)
        return n;
    int chosen = -1;
    for (int i = 0; i < n; i++) {
        int usable = (itf[i].flags & IFF_UP) && !(itf[i].flags & IFF_LOOPBACK);
        if ((usable && (chosen < 0 || itf[chosen].flags & IFF_LOOPBACK)) || (chosen < 0 && itf[i].flags & IFF_LOOPBACK))
            chosen = i;
    }
    if (chosen < 0)
        return -ENODEV;
    *out = itf[chosen];
    return 0;
}

static int same_subnet(struct in_addr a, struct in_addr b, int prefix)
{
    unsigned long mask = prefix == 0 ? 0 : 0xffffffffUL << (32 - prefix) & 0xffffffffUL;
    return (ntohl(a.s_addr) & mask) == (ntohl(b.s_addr) & mask);
}

/* ADDRESS/PREFIX or ADDRESS/NETMASK, set through the matching Scarlet call. */
static int set_address(const char *ifname, const char *spec, struct in_addr *addr, int *prefix)
{
    char text[64];
    struct in_addr mask;
    snprintf(text, sizeof text, "%s", spec);
    char *slash = strchr(text, '/');
    if (slash == NULL)
        return -EINVAL;
    *slash = '\0';
    if (inet_pton(AF_INET, text, addr) != 1)
        return -EINVAL;
    if (inet_pton(AF_INET, slash + 1, &mask) == 1) {
        if ((*prefix = scarlet_netmask_prefix(mask)) < 0)
            return *prefix;
        return sys_network_set_netmask(ifname, *addr, mask);
    }
    char *end;
    *prefix = (int)strtol(slash + 1, &end, 10);
    if (*end != '\0' || end == slash + 1)
        return -EINVAL;
    return sys_network_set_ipv4(ifname, *addr, *prefix);
}

static int set(const char *address, const char *gateway, const char *dns)
{
    struct scarlet_interface itf;
    struct in_addr addr, gw;
    int prefix, r, failures = 0;
    char a[INET_ADDRSTRLEN];

    if ((r = choose(&itf)) < 0) {
        printf("no interface to configure: %s\n", strerror(-r));
        return 1;
    }
    r = set_address(itf.name, address, &addr, &prefix);
    printf("address %s on %s: %s\n", address, itf.name, r < 0 ? strerror(-r) : "ok");
    failures += r < 0;
    if (r == 0 && itf.naddrs < SCARLET_MAX_ADDRS) {
        itf.addrs[itf.naddrs].addr = addr;
        itf.addrs[itf.naddrs++].prefix = prefix;
    }

    if (strcmp(gateway, "-") != 0) {
        int reachable = 0;
        if (inet_pton(AF_INET, gateway, &gw) != 1) {
            printf("default route via %s: not an IPv4 address\n", gateway);
            failures++;
        } else {
            /* a gateway is reached directly, so it must be on a subnet the interface is on */
            for (int j = 0; j < itf.naddrs; j++)
                reachable |= same_subnet(gw, itf.addrs[j].addr, itf.addrs[j].prefix);
            if (!reachable) {
                printf("default route via %s: not set, %s is on none of %s's subnets:", gateway, gateway, itf.name);
                for (int j = 0; j < itf.naddrs; j++)
                    printf(" %s/%d", ntoa(itf.addrs[j].addr, a), itf.addrs[j].prefix);
                printf("\n");
                failures++;
            } else {
                r = sys_network_set_gateway(itf.name, gw);
                printf("default route via %s dev %s: %s\n", gateway, itf.name, r < 0 ? strerror(-r) : "ok");
                failures += r < 0;
            }
        }
    }

    if (strcmp(dns, "-") != 0) {
        r = sys_network_set_dns(dns);
        printf("dns %s: %s\n", dns, r < 0 ? strerror(-r) : "ok");
        failures += r < 0;
    }
    return failures > 0;
}

static int cat_resolv_conf(void)
{
    char buf[4096];
    FILE *f = fopen("/etc/resolv.conf", "r");
    if (f == NULL) {
        printf("/etc/resolv.conf: %s\n", strerror(errno));
        return 1;
    }
    printf("/etc/resolv.conf:\n");
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        fwrite(buf, 1, n, stdout);
    fclose(f);
    return 0;
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
    if (strcmp(args[0], "set") != 0 || nargs != 4) {
        fprintf(stderr, "usage: netconfig [--host] [set ADDRESS/PREFIX GATEWAY|- DNS|-]\n");
        return 2;
    }
    if (host && !host_ok) {
        fprintf(stderr, "netconfig: refusing to configure the host's own stack; run under vuos "
                        "(vuos run --default lo -- ./netconfig set ...) or add --host\n");
        return 2;
    }
    if (list() < 0)
        return 1;
    int failed = set(args[1], args[2], args[3]);
    if (list() < 0)
        return 1;
    return cat_resolv_conf() || failed;
}
