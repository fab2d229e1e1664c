/*
 * An anchor, inside its stack: the stack's copy of the session's mount namespace (resolv.conf, /sys/class/net),
 * then the requests a supervisor that cannot enter the namespace sends it: sockets, taps and sysctls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nshelper.h"

/* Mounts a scratch tmpfs where a file or directory can be prepared before it is bound in place. */
static const char *scratch(void)
{
    static const char *candidates[] = {"/tmp", "/mnt", "/dev"};
    for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++)
        if (mount("vuos-scratch", candidates[i], "tmpfs", MS_NOSUID | MS_NODEV, "mode=0700") == 0)
            return candidates[i];
    return NULL;
}

/*
 * In a fresh copy of the session's mount namespace: /etc/resolv.conf shows the stack's text, and
 * /sys/class/net and /sys/devices/virtual/net the stack's interfaces (a sysfs mounted in the stack's network
 * namespace shows that namespace's); the rest of /sys stays the host's, cgroups included.
 */
int stack_mounts(const char *resolv, int sysfs)
{
    if (unshare(CLONE_NEWNS) < 0)
        return fail(errno, "unshare(CLONE_NEWNS) for the stack");
    /* Stack files mounted later in the session's namespace still reach this copy; nothing mounted here goes back. */
    if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
        return fail(errno, "making the stack's mounts slaves of the session's");
    const char *dir = scratch();
    if (dir == NULL)
        return fail(errno, "mounting a scratch tmpfs");
    int err = 0;
    char path[256], from[512];
    if (resolv[0] && access("/etc/resolv.conf", F_OK) == 0) {
        snprintf(path, sizeof path, "%s/resolv.conf", dir);
        int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
        if (fd < 0 || write(fd, resolv, strlen(resolv)) != (ssize_t)strlen(resolv) || fchmod(fd, 0644) < 0)
            err = fail(errno, "writing the stack's resolv.conf");
        if (fd >= 0)
            close(fd);
        if (err == 0 && mount(path, "/etc/resolv.conf", NULL, MS_BIND, NULL) < 0)
            err = fail(errno, "binding the stack's resolv.conf");
    }
    if (err == 0 && sysfs) {
        snprintf(path, sizeof path, "%s/sys", dir);
        if (mkdir(path, 0755) < 0 || mount("sysfs", path, "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
            /* Not fatal: /sys/class/net then shows the host's, as before sessions had namespaces. */
            failure[0] = 0;
        } else {
            const char *subdirs[] = {"class/net", "devices/virtual/net"};
            for (int i = 0; i < 2 && err == 0; i++) {
                char target[64];
                snprintf(from, sizeof from, "%s/%s", path, subdirs[i]);
                snprintf(target, sizeof target, "/sys/%s", subdirs[i]);
                if (mount(from, target, NULL, MS_BIND, NULL) < 0)
                    err = fail(errno, "binding the stack's %s", target);
            }
        }
    }
    if (umount2(dir, MNT_DETACH) < 0 && err == 0)
        err = fail(errno, "detaching the scratch tmpfs");
    return err;
}

void serve_anchor(int ctl)
{
    struct nsh_request rq;
    for (;;) {
        ssize_t n = recv(ctl, &rq, sizeof rq, 0);
        if (n == 0)
            _exit(0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            _exit(1);
        }
        if ((size_t)n != sizeof rq) {
            send_reply(ctl, fail(EPROTO, "request"), -1, NULL, 0);
            continue;
        }
        int fds[2], err = 0;
        switch (rq.op) {
        case NSH_OP_SOCKET:
            fds[0] = socket(rq.a, rq.b | SOCK_CLOEXEC, rq.c);
            err = fds[0] < 0 ? errno : 0;
            send_reply(ctl, err, 0, fds, err ? 0 : 1);
            if (!err)
                close(fds[0]);
            break;
        case NSH_OP_SOCKETPAIR:
            err = socketpair(rq.a, rq.b | SOCK_CLOEXEC, rq.c, fds) < 0 ? errno : 0;
            send_reply(ctl, err, 0, fds, err ? 0 : 2);
            if (!err)
                close_all(fds, 2);
            break;
        case NSH_OP_TAP: {
            int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
            err = fd < 0 ? errno : 0;
            if (!err) {
                struct ifreq ifr;
                memset(&ifr, 0, sizeof ifr);
                ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
                rq.name[sizeof rq.name - 1] = 0;
                if (strlen(rq.name) >= IFNAMSIZ)
                    err = ENAMETOOLONG;
                else
                    memcpy(ifr.ifr_name, rq.name, strlen(rq.name));
                if (!err && ioctl(fd, TUNSETIFF, &ifr) < 0)
                    err = errno;
                if (err)
                    close(fd);
            }
            send_reply(ctl, err, 0, &fd, err ? 0 : 1);
            if (!err)
                close(fd);
            break;
        }
        case NSH_OP_SYSCTL: {
            char path[256];
            rq.name[sizeof rq.name - 1] = 0;
            rq.data[sizeof rq.data - 1] = 0;
            if (strstr(rq.name, "..") != NULL)
                err = EINVAL;
            else {
                snprintf(path, sizeof path, "/proc/sys/%s", rq.name);
                err = write_file(path, rq.data);
            }
            send_reply(ctl, err, 0, NULL, 0);
            break;
        }
        default:
            send_reply(ctl, EINVAL, -1, NULL, 0);
        }
    }
}
