/*
 * The session's user namespace and its id maps: entered by the helper itself (an unprivileged session maps
 * the caller's ids onto themselves), or, as root, by a factory child whose whole id range the helper maps.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "nshelper.h"

int enter_user_namespace_as(uid_t uid, gid_t gid)
{
    if (unshare(CLONE_NEWUSER) < 0)
        return fail(errno, "unshare(CLONE_NEWUSER)");
    char map[64];
    int err = write_file("/proc/self/setgroups", "deny");
    if (err && err != ENOENT)
        return fail(err, "writing /proc/self/setgroups");
    snprintf(map, sizeof map, "%u %u 1", (unsigned)uid, (unsigned)uid);
    if ((err = write_file("/proc/self/uid_map", map)))
        return fail(err, "writing /proc/self/uid_map");
    snprintf(map, sizeof map, "%u %u 1", (unsigned)gid, (unsigned)gid);
    if ((err = write_file("/proc/self/gid_map", map)))
        return fail(err, "writing /proc/self/gid_map");
    return 0;
}

/*
 * As root: a child enters a new user namespace, the helper maps every id onto itself there (only a
 * process privileged in the parent namespace may write such a map), and the child becomes the factory.
 * Returns the supervisor's end of the factory's control socket.
 */
int start_root_factory(int *control)
{
    int pair[2], sync[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) < 0)
        return fail(errno, "socketpair");
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sync) < 0) {
        close_all(pair, 2);
        return fail(errno, "socketpair");
    }
    pid_t pid = fork();
    if (pid < 0) {
        close_all(pair, 2);
        close_all(sync, 2);
        return fail(errno, "fork");
    }
    char c = 0;
    if (pid == 0) {
        /* Only its two sockets: the session's descriptors (/dev/fuse of every mount among them) stay the supervisor's,
         * so that closing one ends its FUSE connection. */
        int low = pair[1] < sync[1] ? pair[1] : sync[1], high = pair[1] < sync[1] ? sync[1] : pair[1];
        close_range(3, (unsigned)low - 1, 0);
        close_range((unsigned)low + 1, (unsigned)high - 1, 0);
        close_range((unsigned)high + 1, ~0U, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        c = unshare(CLONE_NEWUSER) < 0 ? (char)errno : 0;
        if (write(sync[1], &c, 1) != 1 || c != 0 || read(sync[1], &c, 1) != 1 || c != 0)
            _exit(1);
        close(sync[1]);
        prctl(PR_SET_DUMPABLE, 0);
        serve_factory(pair[1]);
        _exit(0);
    }
    close(pair[1]);
    close(sync[1]);
    int err = 0;
    if (read(sync[0], &c, 1) != 1)
        err = fail(EPROTO, "the user namespace's factory");
    else if (c != 0)
        err = fail(c, "unshare(CLONE_NEWUSER)");
    if (err == 0) {
        char path[64];
        const char *all = "0 0 4294967295";
        snprintf(path, sizeof path, "/proc/%d/uid_map", (int)pid);
        if ((err = write_file(path, all)))
            fail(err, "writing the session's uid map");
        snprintf(path, sizeof path, "/proc/%d/gid_map", (int)pid);
        if (err == 0 && (err = write_file(path, all)))
            fail(err, "writing the session's gid map");
    }
    c = (char)err;
    if (write(sync[0], &c, 1) != 1 && err == 0)
        err = fail(EPROTO, "the user namespace's factory");
    close(sync[0]);
    if (err) {
        close(pair[0]);
        kill(pid, SIGKILL);
        return err;
    }
    *control = pair[0];
    return 0;
}
