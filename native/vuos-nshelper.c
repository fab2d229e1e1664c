/*
 * vuos-nshelper: builds and holds the namespaces of one vuos session.
 *
 * The kernel enforces a session's isolation: its processes live in a mount namespace of their own (where
 * /net is the netfs FUSE mount and /dev/net a tmpfs holding the stack files), and those that live in a
 * virtual stack also in a user namespace made for the session, which owns the stacks' network namespaces.
 * unshare(CLONE_NEWUSER), unshare(CLONE_NEWNS) and setns into either fail in a multithreaded process such as
 * the .NET runtime, so this single-threaded program makes them, and hands the supervisor descriptors of what
 * it made (SCM_RIGHTS) over a SOCK_SEQPACKET control socket.
 *
 * Processes, each single-threaded:
 *   helper   in the supervisor's user namespace (root) or the session's (unprivileged): builds the session's
 *            mount namespace and answers OP_SESSION;
 *   factory  in the session's user namespace: makes one anchor per stack (OP_STACK). For an unprivileged
 *            session, or one without a user namespace, the helper is its own factory; as root the factory is a
 *            child whose id maps the helper writes (the whole range onto itself);
 *   anchor   one per virtual stack, living in the stack's network namespace and in a copy of the session's
 *            mount namespace where /etc/resolv.conf and /sys/class/net are the stack's. Processes join a stack
 *            by joining its anchor's namespaces (setns on their descriptors: setns on a pidfd would need ptrace
 *            access to the anchor). It serves OP_SOCKET, OP_SOCKETPAIR, OP_TAP and OP_SYSCTL for a supervisor
 *            that cannot enter the namespace itself.
 * Each exits when its control socket closes, and dies with its parent (PR_SET_PDEATHSIG). All are
 * non-dumpable, so session processes cannot open their /proc files.
 *
 * usage: vuos-nshelper CONTROL_FD
 * The wire format is declared once, in vuos-protocol.h, and checked from C# by a test.
 *
 * This file holds the entry: the first request (OP_SESSION) and what the helper becomes after it. The parts
 * are in native/vuos-nshelper/: session.c (OP_SESSION), session-mounts.c (the mount namespace), userns.c (the
 * user namespace and its id maps), factory.c (OP_STACK), anchor.c (inside a stack)
 * and common.c (failures and replies); nshelper.h joins them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vuos-nshelper/nshelper.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: vuos-nshelper CONTROL_FD\n");
        return 2;
    }
    int ctl = atoi(argv[1]);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    /* Children are collected by the kernel; a peer gone mid-write is EPIPE, not a death. */
    signal(SIGCHLD, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    umask(022);

    /* The first request lays out the session; after it the helper is the factory, or waits for the end. */
    struct nsh_request rq;
    ssize_t n;
    do
        n = recv(ctl, &rq, sizeof rq, 0);
    while (n < 0 && errno == EINTR);
    if (n <= 0)
        return n == 0 ? 0 : 1;
    if ((size_t)n != sizeof rq || rq.op != NSH_OP_SESSION) {
        send_reply(ctl, fail(EPROTO, "the first request must be OP_SESSION"), -1, NULL, 0);
        return 1;
    }
    int fds[MAX_FDS], nfds = 0, value = 0;
    int err = build_session(&rq, fds, &nfds, &value);
    send_reply(ctl, err, value, fds, err ? 0 : nfds);
    close_all(fds, err ? 0 : nfds);
    if (err)
        return 1;
    prctl(PR_SET_DUMPABLE, 0);
    if (value & NSH_HAS_FACTORY) {
        /* The factory is our child: stay until the supervisor closes our end (it closes the factory's first),
         * then wait for the factory, so that nothing of the session outlives the supervisor's exit. */
        for (;;) {
            n = recv(ctl, &rq, sizeof rq, 0);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            /* Stacks mounted while the session runs: only this process can mount in the session's namespace. */
            if ((size_t)n == sizeof rq && rq.op == NSH_OP_STACK_FILE)
                stack_file_op(ctl, &rq);
            else
                send_reply(ctl, fail(EPROTO, "request"), -1, NULL, 0);
        }
        while (wait(NULL) >= 0 || errno == EINTR)
            ;
        return 0;
    }
    serve_factory(ctl);
    return 0;
}
