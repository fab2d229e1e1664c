/*
 * vuos-nshelper: owns the network namespaces of an unprivileged session.
 *
 * An unprivileged user needs a user namespace to create network namespaces, and unshare(CLONE_NEWUSER)
 * fails in a multithreaded process such as the .NET runtime. This single-threaded helper enters a new user
 * namespace (mapping the caller's uid and gid to root inside it), then serves the supervisor over a
 * SOCK_SEQPACKET socket: it creates network namespaces, and sockets and tap devices inside them, and passes
 * them back with SCM_RIGHTS. A socket belongs to the namespace it was created in, so once handed over the
 * supervisor and its tracees use it directly.
 *
 * usage: vuos-nshelper CONTROL_FD
 * The helper exits when the supervisor closes its end (or dies: PR_SET_PDEATHSIG).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

enum op {
    OP_HELLO = 0,      /* -> status of entering the user namespace */
    OP_NEWNS = 1,      /* -> value: namespace index */
    OP_SOCKET = 2,     /* ns, a=domain, b=type, c=protocol -> one fd */
    OP_SOCKETPAIR = 3, /* ns, a=domain, b=type, c=protocol -> two fds */
    OP_TAP = 4,        /* ns, name -> one fd (IFF_TAP|IFF_NO_PI) */
    OP_SYSCTL = 5,     /* ns, name=path under /proc/sys, data=value */
    OP_DELNS = 6,      /* ns */
};

struct request {
    uint32_t op;
    int32_t ns;
    int32_t a, b, c;
    char name[64];
    char data[128];
};

struct reply {
    int32_t status; /* 0 or an errno */
    int32_t value;
};

#define MAX_NS 256
static int namespaces[MAX_NS];
static int base_ns = -1;
static int userns_status = 0;

static void send_reply(int ctl, int status, int value, const int *fds, int nfds)
{
    struct reply r = {.status = status, .value = value};
    struct iovec iov = {.iov_base = &r, .iov_len = sizeof r};
    char cbuf[CMSG_SPACE(2 * sizeof(int))];
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
    if (nfds > 0) {
        memset(cbuf, 0, sizeof cbuf);
        msg.msg_control = cbuf;
        msg.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
        struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(nfds * sizeof(int));
        memcpy(CMSG_DATA(c), fds, nfds * sizeof(int));
    }
    if (sendmsg(ctl, &msg, MSG_NOSIGNAL) < 0)
        _exit(1);
}

static int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    ssize_t n = write(fd, text, strlen(text));
    int err = n < 0 ? errno : 0;
    close(fd);
    return err;
}

static int enter_user_namespace(void)
{
    uid_t uid = getuid();
    gid_t gid = getgid();
    if (unshare(CLONE_NEWUSER) < 0)
        return errno;
    char map[64];
    int err = write_file("/proc/self/setgroups", "deny");
    if (err && err != ENOENT)
        return err;
    snprintf(map, sizeof map, "0 %u 1", (unsigned)uid);
    if ((err = write_file("/proc/self/uid_map", map)))
        return err;
    snprintf(map, sizeof map, "0 %u 1", (unsigned)gid);
    return write_file("/proc/self/gid_map", map);
}

/* Runs in namespace ns for the length of one request: sockets and taps are created in the caller's namespace. */
static int enter(int ns)
{
    if (ns < 0 || ns >= MAX_NS || namespaces[ns] < 0)
        return EBADF;
    return setns(namespaces[ns], CLONE_NEWNET) < 0 ? errno : 0;
}

static void leave(void)
{
    if (setns(base_ns, CLONE_NEWNET) < 0)
        _exit(1);
}

static void serve(int ctl, struct request *rq)
{
    int err, fds[2];
    switch (rq->op) {
    case OP_HELLO:
        send_reply(ctl, userns_status, (int)getpid(), NULL, 0);
        return;
    case OP_NEWNS: {
        int slot = 0;
        while (slot < MAX_NS && namespaces[slot] >= 0)
            slot++;
        if (slot == MAX_NS) {
            send_reply(ctl, EMFILE, -1, NULL, 0);
            return;
        }
        if (unshare(CLONE_NEWNET) < 0) {
            send_reply(ctl, errno, -1, NULL, 0);
            return;
        }
        namespaces[slot] = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
        err = namespaces[slot] < 0 ? errno : 0;
        leave();
        send_reply(ctl, err, slot, NULL, 0);
        return;
    }
    case OP_SOCKET:
        if ((err = enter(rq->ns))) {
            send_reply(ctl, err, -1, NULL, 0);
            return;
        }
        fds[0] = socket(rq->a, rq->b | SOCK_CLOEXEC, rq->c);
        err = fds[0] < 0 ? errno : 0;
        leave();
        send_reply(ctl, err, 0, fds, err ? 0 : 1);
        if (!err)
            close(fds[0]);
        return;
    case OP_SOCKETPAIR:
        if ((err = enter(rq->ns))) {
            send_reply(ctl, err, -1, NULL, 0);
            return;
        }
        err = socketpair(rq->a, rq->b | SOCK_CLOEXEC, rq->c, fds) < 0 ? errno : 0;
        leave();
        send_reply(ctl, err, 0, fds, err ? 0 : 2);
        if (!err) {
            close(fds[0]);
            close(fds[1]);
        }
        return;
    case OP_TAP: {
        if ((err = enter(rq->ns))) {
            send_reply(ctl, err, -1, NULL, 0);
            return;
        }
        int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
        err = fd < 0 ? errno : 0;
        if (!err) {
            struct ifreq ifr;
            memset(&ifr, 0, sizeof ifr);
            ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
            rq->name[sizeof rq->name - 1] = 0;
            if (strlen(rq->name) >= IFNAMSIZ)
                err = ENAMETOOLONG;
            else
                memcpy(ifr.ifr_name, rq->name, strlen(rq->name));
            if (!err && ioctl(fd, TUNSETIFF, &ifr) < 0)
                err = errno;
            if (err)
                close(fd);
        }
        leave();
        send_reply(ctl, err, 0, &fd, err ? 0 : 1);
        if (!err)
            close(fd);
        return;
    }
    case OP_SYSCTL: {
        if ((err = enter(rq->ns))) {
            send_reply(ctl, err, -1, NULL, 0);
            return;
        }
        char path[256];
        rq->name[sizeof rq->name - 1] = 0;
        rq->data[sizeof rq->data - 1] = 0;
        if (strstr(rq->name, ".."))
            err = EINVAL;
        else {
            snprintf(path, sizeof path, "/proc/sys/%s", rq->name);
            err = write_file(path, rq->data);
        }
        leave();
        send_reply(ctl, err, 0, NULL, 0);
        return;
    }
    case OP_DELNS:
        if (rq->ns >= 0 && rq->ns < MAX_NS && namespaces[rq->ns] >= 0) {
            close(namespaces[rq->ns]);
            namespaces[rq->ns] = -1;
        }
        send_reply(ctl, 0, 0, NULL, 0);
        return;
    default:
        send_reply(ctl, EINVAL, -1, NULL, 0);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: vuos-nshelper CONTROL_FD\n");
        return 2;
    }
    int ctl = atoi(argv[1]);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    for (int i = 0; i < MAX_NS; i++)
        namespaces[i] = -1;
    userns_status = enter_user_namespace();
    /* Inside the user namespace the helper holds no capability over the host's network namespace, so it
     * could not setns back there: it lives in an empty namespace of its own between requests. */
    if (userns_status == 0 && unshare(CLONE_NEWNET) < 0)
        userns_status = errno;
    base_ns = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (base_ns < 0)
        return 1;

    struct request rq;
    for (;;) {
        ssize_t n = recv(ctl, &rq, sizeof rq, 0);
        if (n == 0)
            return 0;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return 1;
        }
        if ((size_t)n != sizeof rq) {
            send_reply(ctl, EPROTO, -1, NULL, 0);
            continue;
        }
        serve(ctl, &rq);
    }
}
