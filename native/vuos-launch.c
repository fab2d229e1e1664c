/*
 * vuos-launch: the first process of a supervised session.
 *
 * The supervisor cannot fork and run code in the child (the .NET runtime is multithreaded, so only
 * async-signal-safe calls are allowed between fork and exec), yet the seccomp filter must be installed
 * by the task itself before execve. So the supervisor posix_spawn()s this small program, seizes it with
 * ptrace, and sends it the filter over a control socket. The launcher installs the filter, returns the
 * user-notification listener over the same socket, and execs the user's command.
 *
 * usage: vuos-launch CONTROL_FD PATH ARGV0 [ARGS...]
 *
 * The supervisor has already searched PATH (as strace does), so the launcher makes exactly one execve,
 * which the syscall log shows as the command's first call.
 *
 * Control protocol (SOCK_SEQPACKET, one message each way; the structures are in vuos-protocol.h):
 *   supervisor -> launcher: struct launch_header, then header.filter_len struct sock_filter, and the
 *                           namespaces to join (SCM_RIGHTS): the launcher enters them before anything else
 *                           (the session's mount namespace; for a command living in a stack, the session's
 *                           user namespace and the stack's network namespace, whose sockets then need no
 *                           supervisor at all), returns to the directory it started in, and raises the
 *                           ambient capabilities the header asks for
 *   launcher -> supervisor: one byte (0 ok), with the listener fd attached as SCM_RIGHTS when created,
 *                           or an errno byte when entering a namespace or installing the filter failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "vuos-protocol.h"

/* linux/landlock.h of older distributions lacks ABI 5 (LANDLOCK_ACCESS_FS_IOCTL_DEV). */
struct landlock_ruleset_attr_v5 {
    uint64_t handled_access_fs;
};
struct landlock_path_beneath_attr_packed {
    uint64_t allowed_access;
    int32_t parent_fd;
} __attribute__((packed));
#define LANDLOCK_CREATE_RULESET_VERSION_FLAG (1U << 0)
#define LANDLOCK_RULE_PATH_BENEATH_TYPE 1
#define LANDLOCK_ACCESS_FS_IOCTL_DEV_BIT (1ULL << 15)

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif

#define MAX_INSNS 4096

static void die(const char *what, int err)
{
    fprintf(stderr, "vuos-launch: %s: %s\n", what, strerror(err));
    _exit(126);
}

static void reply(int ctl, unsigned char code, int fd)
{
    char cbuf[CMSG_SPACE(sizeof(int))];
    struct iovec iov = {.iov_base = &code, .iov_len = 1};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
    if (fd >= 0) {
        memset(cbuf, 0, sizeof cbuf);
        msg.msg_control = cbuf;
        msg.msg_controllen = sizeof cbuf;
        struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(c), &fd, sizeof(int));
    }
    if (sendmsg(ctl, &msg, MSG_NOSIGNAL) < 0)
        die("sending to supervisor", errno);
}

/*
 * A Landlock domain confines ptrace access (and so /proc/PID/mem, process_vm_*, pidfd_getfd) to processes of
 * the same domain, whatever the ruleset says. A ruleset must handle some access right: it handles ioctls on
 * devices and allows them beneath the root, so nothing reachable by path changes. Returns 0, or an errno
 * (ENOSYS/EOPNOTSUPP where the kernel has no Landlock of ABI 5 or later: the filter's guard then stands alone).
 */
static int enter_landlock_domain(void)
{
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION_FLAG);
    if (abi < 0)
        return errno;
    if (abi < 5)
        return EOPNOTSUPP;
    struct landlock_ruleset_attr_v5 attr = {.handled_access_fs = LANDLOCK_ACCESS_FS_IOCTL_DEV_BIT};
    int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
    if (ruleset < 0)
        return errno;
    int root = open("/", O_PATH | O_CLOEXEC);
    int err = root < 0 ? errno : 0;
    if (err == 0) {
        struct landlock_path_beneath_attr_packed rule = {.allowed_access = LANDLOCK_ACCESS_FS_IOCTL_DEV_BIT, .parent_fd = root};
        if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH_TYPE, &rule, 0) < 0)
            err = errno;
        close(root);
    }
    /* Without CAP_SYS_ADMIN in the current user namespace the kernel demands no_new_privs first. */
    if (err == 0 && syscall(SYS_landlock_restrict_self, ruleset, 0) < 0) {
        err = errno;
        if (err == EPERM && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0)
            err = syscall(SYS_landlock_restrict_self, ruleset, 0) < 0 ? errno : 0;
    }
    close(ruleset);
    return err;
}

static int install_filter(struct sock_fprog *prog, unsigned int flags)
{
    long r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, prog);
    if (r < 0 && errno == EACCES) {
        /* Without CAP_SYS_ADMIN the kernel demands no_new_privs before accepting a filter. */
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
            return -1;
        r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, prog);
    }
    return (int)r;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: vuos-launch CONTROL_FD PATH ARGV0 [ARGS...]\n");
        return 2;
    }
    int ctl = atoi(argv[1]);

    static unsigned char buf[sizeof(struct launch_header) + MAX_INSNS * sizeof(struct sock_filter)];
    char cbuf[CMSG_SPACE(LAUNCH_MAX_NAMESPACES * sizeof(int))];
    struct iovec iov = {.iov_base = buf, .iov_len = sizeof buf};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
    ssize_t n;
    do
        n = recvmsg(ctl, &msg, MSG_CMSG_CLOEXEC);
    while (n < 0 && errno == EINTR);
    if (n < (ssize_t)sizeof(struct launch_header))
        die("reading the filter from the supervisor", n < 0 ? errno : EPROTO);

    struct launch_header h;
    memcpy(&h, buf, sizeof h);
    if (h.magic != LAUNCH_MAGIC || h.filter_len == 0 || h.filter_len > MAX_INSNS ||
        (size_t)n != sizeof h + h.filter_len * sizeof(struct sock_filter))
        die("reading the filter from the supervisor", EPROTO);

    if (h.namespace_count > 0) {
        struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
        if (h.namespace_count > LAUNCH_MAX_NAMESPACES || c == NULL || c->cmsg_level != SOL_SOCKET ||
            c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(h.namespace_count * sizeof(int)))
            die("reading the namespaces from the supervisor", EPROTO);
        int ns[LAUNCH_MAX_NAMESPACES];
        memcpy(ns, CMSG_DATA(c), h.namespace_count * sizeof(int));
        /* Joining a mount namespace moves to its root: come back to the same path there. */
        char cwd[4096];
        int have_cwd = getcwd(cwd, sizeof cwd) != NULL;
        /* The filter is not installed yet: these setns calls are the launcher's, never the command's. */
        for (uint32_t i = 0; i < h.namespace_count; i++) {
            if (setns(ns[i], (int)h.namespace_types[i]) < 0) {
                int err = errno;
                reply(ctl, (unsigned char)err, -1);
                die("entering the session's namespaces", err);
            }
            close(ns[i]);
        }
        if (have_cwd && chdir(cwd) < 0 && chdir("/") < 0)
            die("chdir", errno);
    }
    if (h.ambient_caps != 0) {
        struct __user_cap_header_struct ch = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
        struct __user_cap_data_struct cd[2];
        if (syscall(SYS_capget, &ch, cd) < 0)
            die("capget", errno);
        cd[0].inheritable |= (uint32_t)h.ambient_caps;
        cd[1].inheritable |= (uint32_t)(h.ambient_caps >> 32);
        if (syscall(SYS_capset, &ch, cd) < 0)
            die("capset", errno);
        for (int cap = 0; cap < 64; cap++)
            if ((h.ambient_caps >> cap) & 1 && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
                die("raising an ambient capability", errno);
        /* A process that holds effective capabilities while its uid is not its namespace's root makes every
         * access() and faccessat() override its credentials (fs/open.c, access_need_override_creds): ~0.6 us a
         * call, which find, gcc and python pay thousands of times. SECBIT_NO_SETUID_FIXUP lifts that. All it
         * changes otherwise is what happens to capabilities when a uid changes to or from 0, and an unprivileged
         * session (the only one with ambient capabilities) does not map 0. Securebits survive exec. */
        if (prctl(PR_SET_SECUREBITS, SECBIT_NO_SETUID_FIXUP, 0, 0, 0) < 0)
            die("prctl(PR_SET_SECUREBITS)", errno);
    }

    if (h.open_files_limit != 0) {
        struct rlimit limit;
        if (getrlimit(RLIMIT_NOFILE, &limit) < 0)
            die("getrlimit(RLIMIT_NOFILE)", errno);
        limit.rlim_cur = h.open_files_limit;
        if (setrlimit(RLIMIT_NOFILE, &limit) < 0)
            die("setrlimit(RLIMIT_NOFILE)", errno);
    }
    if ((h.flags & LAUNCH_NO_NEW_PRIVS) && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        die("prctl(PR_SET_NO_NEW_PRIVS)", errno);
    if (h.flags & LAUNCH_LANDLOCK) {
        int err = enter_landlock_domain();
        if (err != 0 && err != ENOSYS && err != EOPNOTSUPP) {
            reply(ctl, (unsigned char)err, -1);
            die("entering a Landlock domain", err);
        }
    }

    struct sock_fprog prog = {
        .len = (unsigned short)h.filter_len,
        .filter = (struct sock_filter *)(buf + sizeof h),
    };
    int listener = install_filter(&prog, h.seccomp_flags);
    if (listener < 0) {
        int err = errno;
        reply(ctl, (unsigned char)err, -1);
        die("installing the seccomp filter", err);
    }
    reply(ctl, 0, (h.seccomp_flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) ? listener : -1);
    if (h.seccomp_flags & SECCOMP_FILTER_FLAG_NEW_LISTENER)
        close(listener);
    close(ctl);

    execv(argv[2], argv + 3);
    int err = errno;
    fprintf(stderr, "vuos: %s: %s\n", argv[3], strerror(err));
    return err == ENOENT ? 127 : 126;
}
