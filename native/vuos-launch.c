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
 * Control protocol (SOCK_SEQPACKET, one message each way):
 *   supervisor -> launcher: struct launch_header, then header.filter_len struct sock_filter; with
 *                           LAUNCH_NETNS in header.flags, a network namespace descriptor as SCM_RIGHTS,
 *                           which the launcher enters before anything else (the command then lives in
 *                           its default stack, whose sockets need no supervisor at all)
 *   launcher -> supervisor: one byte (0 ok), with the listener fd attached as SCM_RIGHTS when created,
 *                           or an errno byte when installing the filter failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif

struct launch_header {
    uint32_t magic;        /* 'VUOS' */
    uint32_t seccomp_flags;
    uint32_t filter_len;   /* number of BPF instructions */
    uint32_t flags;
};

#define LAUNCH_MAGIC 0x534f5556u
#define LAUNCH_NETNS 1u
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
    char cbuf[CMSG_SPACE(sizeof(int))];
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

    if (h.flags & LAUNCH_NETNS) {
        struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
        if (c == NULL || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
            die("reading the network namespace from the supervisor", EPROTO);
        int ns;
        memcpy(&ns, CMSG_DATA(c), sizeof ns);
        /* The filter is not installed yet: this setns is the launcher's, never the command's. */
        if (setns(ns, CLONE_NEWNET) < 0) {
            int err = errno;
            reply(ctl, (unsigned char)err, -1);
            die("entering the default stack's network namespace", err);
        }
        close(ns);
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
