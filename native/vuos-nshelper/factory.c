/*
 * The factory: answers OP_STACK by forking one anchor per stack (and OP_STACK_FILE when it is the session's
 * helper itself, in the session's mount namespace), relays the anchor's first reply with the
 * supervisor's end of its control socket, and takes every anchor down with it when the session ends.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nshelper.h"

/* The anchors this factory forked: they are killed when the session ends. */
#define MAX_ANCHORS 1024
static pid_t anchors[MAX_ANCHORS];
static int nanchors;

/*
 * OP_STACK: forks the anchor of a new stack: a new network namespace (NSH_STACK_NETNS) and its own copy of
 * the session's mount namespace. Replies with the anchor's pid and [its control socket, netns, mntns, userns].
 */
static void make_anchor(int ctl, struct nsh_request *rq)
{
    int pair[2], sync[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) < 0 ||
        socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sync) < 0) {
        send_reply(ctl, fail(errno, "socketpair"), -1, NULL, 0);
        return;
    }
    rq->data[sizeof rq->data - 1] = 0;
    pid_t pid = fork();
    if (pid < 0) {
        send_reply(ctl, fail(errno, "fork"), -1, NULL, 0);
        close_all(pair, 2);
        close_all(sync, 2);
        return;
    }
    if (pid == 0) {
        close(ctl);
        close(pair[0]);
        close(sync[0]);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        prctl(PR_SET_DUMPABLE, 0);
        int err = 0;
        if ((rq->flags & NSH_STACK_NETNS) && unshare(CLONE_NEWNET) < 0)
            err = fail(errno, "unshare(CLONE_NEWNET)");
        if (err == 0)
            err = stack_mounts(rq->data, (rq->flags & NSH_STACK_SYSFS) != 0);
        int fds[3] = {-1, -1, -1};
        if (err == 0) {
            fds[0] = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
            fds[1] = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
            fds[2] = open("/proc/self/ns/user", O_RDONLY | O_CLOEXEC);
            if (fds[0] < 0 || fds[1] < 0 || fds[2] < 0)
                err = fail(errno, "opening the stack's namespaces");
        }
        send_reply(sync[1], err, (int)getpid(), fds, err ? 0 : 3);
        close_all(fds, 3);
        close(sync[1]);
        if (err)
            _exit(1);
        serve_anchor(pair[1]);
        _exit(0);
    }
    close(pair[1]);
    close(sync[1]);
    if (nanchors < MAX_ANCHORS)
        anchors[nanchors++] = pid;
    /* Relay the anchor's answer, adding the supervisor's end of its control socket. */
    struct nsh_reply r;
    struct iovec iov = {.iov_base = &r, .iov_len = sizeof r};
    char cbuf[CMSG_SPACE(3 * sizeof(int))];
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
    ssize_t n;
    do
        n = recvmsg(sync[0], &msg, MSG_CMSG_CLOEXEC);
    while (n < 0 && errno == EINTR);
    close(sync[0]);
    int fds[4] = {pair[0], -1, -1, -1};
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    if (n != (ssize_t)sizeof r) {
        send_reply(ctl, fail(EPROTO, "the stack's anchor died while starting"), -1, NULL, 0);
        close(pair[0]);
        return;
    }
    if (r.status != 0) {
        memcpy(failure, r.text, sizeof failure);
        send_reply(ctl, r.status, -1, NULL, 0);
        close(pair[0]);
        return;
    }
    if (c == NULL || c->cmsg_len != CMSG_LEN(3 * sizeof(int))) {
        send_reply(ctl, fail(EPROTO, "the stack's anchor"), -1, NULL, 0);
        close(pair[0]);
        return;
    }
    memcpy(fds + 1, CMSG_DATA(c), 3 * sizeof(int));
    send_reply(ctl, 0, r.value, fds, 4);
    close_all(fds, 4);
}

/* The session is over: its anchors go too, and we wait for them (SIGCHLD is ignored: wait returns when all are gone). */
static void end_anchors(void)
{
    for (int i = 0; i < nanchors; i++)
        kill(anchors[i], SIGKILL);
    while (wait(NULL) >= 0 || errno == EINTR)
        ;
}

void serve_factory(int ctl)
{
    /* Anchors that end are reaped by the kernel. */
    signal(SIGCHLD, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    struct nsh_request rq;
    for (;;) {
        ssize_t n = recv(ctl, &rq, sizeof rq, 0);
        if (n == 0) {
            end_anchors();
            return;
        }
        if (n < 0) {
            if (errno == EINTR)
                continue;
            end_anchors();
            return;
        }
        if ((size_t)n == sizeof rq && rq.op == NSH_OP_STACK_FILE)
            stack_file_op(ctl, &rq);
        else if ((size_t)n != sizeof rq || rq.op != NSH_OP_STACK)
            send_reply(ctl, fail(EPROTO, "request"), -1, NULL, 0);
        else
            make_anchor(ctl, &rq);
    }
}
