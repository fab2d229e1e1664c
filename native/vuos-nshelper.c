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
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <linux/mount.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vuos-protocol.h"

#define MAX_FDS 64
#define MAX_ENTRIES 256

/* Why the last step failed, for the reply: the supervisor shows it to the user. */
static char failure[NSH_TEXT_LEN];

static int fail(int err, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    int n = vsnprintf(failure, sizeof failure, format, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof failure)
        snprintf(failure + n, sizeof failure - (size_t)n, ": %s", strerror(err));
    return err;
}

static void send_reply(int ctl, int status, int value, const int *fds, int nfds)
{
    struct nsh_reply r;
    memset(&r, 0, sizeof r);
    r.status = status;
    r.value = value;
    if (status != 0)
        memcpy(r.text, failure, sizeof r.text - 1);
    struct iovec iov = {.iov_base = &r, .iov_len = sizeof r};
    char cbuf[CMSG_SPACE(MAX_FDS * sizeof(int))];
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
    if (nfds > 0) {
        memset(cbuf, 0, sizeof cbuf);
        msg.msg_control = cbuf;
        msg.msg_controllen = CMSG_SPACE((size_t)nfds * sizeof(int));
        struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN((size_t)nfds * sizeof(int));
        memcpy(CMSG_DATA(c), fds, (size_t)nfds * sizeof(int));
    }
    if (sendmsg(ctl, &msg, MSG_NOSIGNAL) < 0)
        _exit(1);
    failure[0] = 0;
}

static void close_all(int *fds, int n)
{
    for (int i = 0; i < n; i++)
        if (fds[i] >= 0)
            close(fds[i]);
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

/* dir/name into path; ENAMETOOLONG when it does not fit. */
static int join(char *path, size_t size, const char *dir, const char *name)
{
    int n = snprintf(path, size, "%s/%s", strcmp(dir, "/") == 0 ? "" : dir, name);
    return n < 0 || (size_t)n >= size ? fail(ENAMETOOLONG, "%s/%s", dir, name) : 0;
}

static int open_tree_clone(const char *path, int recursive)
{
    return (int)syscall(SYS_open_tree, AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0));
}

static int move_mount_to(int tree, const char *target)
{
    return (int)syscall(SYS_move_mount, tree, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH);
}

/* ---- the session's mount namespace ------------------------------------------------------------------- */

/* What stands in a directory, captured before a tmpfs covers it: a detached copy of each entry's tree. */
struct entry {
    char name[256];
    int tree;          /* open_tree clone, or -1 for a symlink */
    mode_t type;       /* S_IFDIR, S_IFREG (and other files), S_IFLNK */
    char link[4096];
};

static int capture(const char *dir, struct entry *entries, int *count)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return fail(errno, "reading %s", dir);
    struct dirent *e;
    int n = 0, err = 0;
    while ((e = readdir(d)) != NULL && err == 0) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == MAX_ENTRIES) {
            err = fail(E2BIG, "%s holds more than %d entries", dir, MAX_ENTRIES);
            break;
        }
        struct entry *x = &entries[n];
        char path[4096];
        if ((err = join(path, sizeof path, dir, e->d_name)))
            break;
        struct stat st;
        if (lstat(path, &st) < 0) {
            err = fail(errno, "lstat %s", path);
            break;
        }
        snprintf(x->name, sizeof x->name, "%s", e->d_name);
        x->tree = -1;
        if (S_ISLNK(st.st_mode)) {
            x->type = S_IFLNK;
            ssize_t len = readlink(path, x->link, sizeof x->link - 1);
            if (len < 0) {
                err = fail(errno, "readlink %s", path);
                break;
            }
            x->link[len] = 0;
        } else {
            x->type = S_ISDIR(st.st_mode) ? S_IFDIR : S_IFREG;
            x->tree = open_tree_clone(path, 1);
            if (x->tree < 0) {
                err = fail(errno, "copying the mount tree of %s", path);
                break;
            }
        }
        n++;
    }
    closedir(d);
    *count = n;
    return err;
}

/* Puts the captured entries back inside `dir`, which a tmpfs now covers. */
static int restore(const char *dir, struct entry *entries, int count)
{
    int err = 0;
    for (int i = 0; i < count && err == 0; i++) {
        struct entry *x = &entries[i];
        char path[4096];
        if ((err = join(path, sizeof path, dir, x->name)))
            break;
        if (x->type == S_IFLNK) {
            if (symlink(x->link, path) < 0)
                err = fail(errno, "symlink %s", path);
            continue;
        }
        if (x->type == S_IFDIR) {
            if (mkdir(path, 0755) < 0)
                err = fail(errno, "mkdir %s", path);
        } else {
            int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
            if (fd < 0)
                err = fail(errno, "creating %s", path);
            else
                close(fd);
        }
        if (err == 0 && move_mount_to(x->tree, path) < 0)
            err = fail(errno, "mounting %s back", path);
    }
    for (int i = 0; i < count; i++)
        if (entries[i].tree >= 0)
            close(entries[i].tree);
    return err;
}

static struct entry entries[MAX_ENTRIES];

/*
 * The root becomes a tmpfs holding bind mounts of the host's top-level entries plus the directories the
 * session adds (/net), as bubblewrap builds its root: nothing appears at the host's /. The tmpfs is
 * mounted on /tmp (a directory every system has; its own tree was captured first), then made the root.
 */
static int shadow_root(char added[][256], int nadded)
{
    int count = 0, err = capture("/", entries, &count);
    if (err == 0 && mount("vuos-root", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0)
        err = fail(errno, "mounting the session's root");
    if (err == 0) {
        char path[4096];
        for (int i = 0; i < count && err == 0; i++) {
            if ((err = join(path, sizeof path, "/tmp", entries[i].name)))
                break;
            if (entries[i].type == S_IFLNK) {
                if (symlink(entries[i].link, path) < 0)
                    err = fail(errno, "symlink %s", path);
                continue;
            }
            if (entries[i].type == S_IFDIR ? mkdir(path, 0755) < 0 : mknod(path, S_IFREG | 0644, 0) < 0)
                err = fail(errno, "creating %s", path);
            else if (move_mount_to(entries[i].tree, path) < 0)
                err = fail(errno, "mounting /%s in the session's root", entries[i].name);
        }
        for (int i = 0; i < nadded && err == 0; i++) {
            if ((err = join(path, sizeof path, "/tmp", added[i])))
                break;
            if (mkdir(path, 0755) < 0 && errno != EEXIST)
                err = fail(errno, "mkdir /%s in the session's root", added[i]);
        }
    }
    for (int i = 0; i < count; i++)
        if (entries[i].tree >= 0)
            close(entries[i].tree);
    if (err)
        return err;
    if (chdir("/tmp") < 0 || syscall(SYS_pivot_root, ".", ".") < 0)
        return fail(errno, "pivot_root into the session's root");
    /* The old root is stacked under the new one at the same place: detach it. */
    if (umount2(".", MNT_DETACH) < 0)
        return fail(errno, "detaching the host's root");
    if (chdir("/") < 0)
        return fail(errno, "chdir /");
    return 0;
}

/* A tmpfs over `dir` with what was in it mounted back: new entries (stack files) stay in the session. */
static int shadow_dir(const char *dir)
{
    int count = 0, err = capture(dir, entries, &count);
    if (err == 0 && mount("vuos-stacks", dir, "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755") < 0)
        err = fail(errno, "mounting a tmpfs on %s", dir);
    if (err) {
        for (int i = 0; i < count; i++)
            if (entries[i].tree >= 0)
                close(entries[i].tree);
        return err;
    }
    return restore(dir, entries, count);
}

/* netfs: the FUSE mount the supervisor serves; returns /dev/fuse's descriptor in *device. */
static int mount_fuse(const char *path, uid_t uid, gid_t gid, int *device)
{
    int fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return fail(errno, "open /dev/fuse");
    char options[256];
    snprintf(options, sizeof options, "fd=%d,rootmode=40000,user_id=%u,group_id=%u,allow_other", fd, (unsigned)uid, (unsigned)gid);
    if (mount("vuos-netfs", path, "fuse.vuos-netfs", MS_NOSUID | MS_NODEV, options) < 0) {
        int err = fail(errno, "mounting netfs on %s", path);
        close(fd);
        return err;
    }
    *device = fd;
    return 0;
}

/* A stack file: a socket-type node, which open(2) refuses with ENXIO as VUOS's stack files are refused. */
static int make_node(const char *path)
{
    if (mknod(path, S_IFSOCK | 0777, 0) < 0 && errno != EEXIST)
        return fail(errno, "creating the stack file %s", path);
    if (chmod(path, 0777) < 0)
        return fail(errno, "chmod %s", path);
    return 0;
}

static int enter_user_namespace_as(uid_t uid, gid_t gid)
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

static void serve_factory(int ctl);

/*
 * As root: a child enters a new user namespace, the helper maps every id onto itself there (only a
 * process privileged in the parent namespace may write such a map), and the child becomes the factory.
 * Returns the supervisor's end of the factory's control socket.
 */
static int start_root_factory(int session_ctl, int *control)
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
        close(session_ctl);
        close(pair[0]);
        close(sync[0]);
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

/*
 * OP_SESSION: the user namespace (per flags) and the session's mount namespace laid out as the text in
 * rq->data says, one instruction a line, run in this order whatever their order in the text:
 *   root NAME      the root becomes a tmpfs of the host's top-level entries, plus a directory NAME
 *   shadow DIR     a tmpfs over DIR holding what DIR held (stack files are added in it)
 *   fuse DIR       the netfs FUSE mount
 *   node PATH      a stack file
 *   dir DIR        return an O_PATH descriptor of DIR (where the supervisor adds stack files later)
 */
static int build_session(int ctl, struct nsh_request *rq, int *fds, int *nfds, int *value)
{
    char added[32][256];
    char shadows[32][4096];
    char fuse[4096] = "";
    int nadded = 0, nshadows = 0;
    rq->data[sizeof rq->data - 1] = 0;

    int err = 0;
    if (rq->flags & NSH_SESSION_USERNS_SELF)
        err = enter_user_namespace_as((uid_t)rq->a, (gid_t)rq->b);
    if (err == 0 && unshare(CLONE_NEWNS) < 0)
        err = fail(errno, "unshare(CLONE_NEWNS)");
    /* Nothing mounted in the session propagates back to the host. */
    if (err == 0 && mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
        err = fail(errno, "making the session's mounts private");
    if (err)
        return err;

    /* Two passes over the text: the first (mounts) works on a copy, strtok_r cuts what it reads. */
    static char text[NSH_DATA_LEN];
    memcpy(text, rq->data, sizeof text);
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        char *arg = strchr(line, ' ');
        if (arg == NULL)
            return fail(EINVAL, "layout line '%s'", line);
        *arg++ = 0;
        if (strcmp(line, "root") == 0 && nadded < 32)
            snprintf(added[nadded++], 256, "%s", arg);
        else if (strcmp(line, "shadow") == 0 && nshadows < 32)
            snprintf(shadows[nshadows++], 4096, "%s", arg);
        else if (strcmp(line, "fuse") == 0)
            snprintf(fuse, sizeof fuse, "%s", arg);
        else if (strcmp(line, "node") != 0 && strcmp(line, "dir") != 0)
            return fail(EINVAL, "layout instruction '%s'", line);
    }
    if (nadded > 0 && (err = shadow_root(added, nadded)))
        return err;
    for (int i = 0; i < nshadows; i++)
        if ((err = shadow_dir(shadows[i])))
            return err;

    *nfds = 0;
    *value = 0;
    int mntns = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
    if (mntns < 0)
        return fail(errno, "open /proc/self/ns/mnt");
    fds[(*nfds)++] = mntns;
    if (rq->flags & NSH_SESSION_USERNS_SELF) {
        int userns = open("/proc/self/ns/user", O_RDONLY | O_CLOEXEC);
        if (userns < 0)
            return fail(errno, "open /proc/self/ns/user");
        fds[(*nfds)++] = userns;
        *value |= NSH_HAS_USERNS;
    }
    if (fuse[0]) {
        int device = -1;
        if ((err = mount_fuse(fuse, (uid_t)rq->a, (gid_t)rq->b, &device)))
            return err;
        fds[(*nfds)++] = device;
        *value |= NSH_HAS_FUSE;
    }
    save = NULL;
    int dirs = 0;
    for (char *line = strtok_r(rq->data, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        if (strncmp(line, "node ", 5) == 0 && (err = make_node(line + 5)))
            return err;
        if (strncmp(line, "dir ", 4) == 0) {
            if (*nfds == MAX_FDS - 2)
                return fail(E2BIG, "too many stack directories");
            int dir = open(line + 4, O_PATH | O_DIRECTORY | O_CLOEXEC);
            if (dir < 0)
                return fail(errno, "open %s", line + 4);
            fds[(*nfds)++] = dir;
            dirs++;
        }
    }
    /* The root's own entries are a copy: make it read-only, so nothing written there is lost silently. */
    if (nadded > 0 && mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) < 0)
        return fail(errno, "making the session's root read-only");
    if (rq->flags & NSH_SESSION_USERNS_FULL) {
        int factory = -1;
        if ((err = start_root_factory(ctl, &factory)))
            return err;
        fds[(*nfds)++] = factory;
        *value |= NSH_HAS_FACTORY;
    }
    *value |= dirs << NSH_DIRS_SHIFT;
    return 0;
}

/* ---- anchors: one per stack ------------------------------------------------------------------------ */

#define MAX_ANCHORS 1024
static pid_t anchors[MAX_ANCHORS];
static int nanchors;


static void serve_anchor(int ctl);

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
static int stack_mounts(const char *resolv, int sysfs)
{
    if (unshare(CLONE_NEWNS) < 0)
        return fail(errno, "unshare(CLONE_NEWNS) for the stack");
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

static void serve_anchor(int ctl)
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

/* The session is over: its anchors go too, and we wait for them (SIGCHLD is ignored: wait returns when all are gone). */
static void end_anchors(void)
{
    for (int i = 0; i < nanchors; i++)
        kill(anchors[i], SIGKILL);
    while (wait(NULL) >= 0 || errno == EINTR)
        ;
}

static void serve_factory(int ctl)
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
        if ((size_t)n != sizeof rq || rq.op != NSH_OP_STACK) {
            send_reply(ctl, fail(EPROTO, "request"), -1, NULL, 0);
            continue;
        }
        make_anchor(ctl, &rq);
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
    int err = build_session(ctl, &rq, fds, &nfds, &value);
    send_reply(ctl, err, value, fds, err ? 0 : nfds);
    close_all(fds, err ? 0 : nfds);
    if (err)
        return 1;
    prctl(PR_SET_DUMPABLE, 0);
    if (value & NSH_HAS_FACTORY) {
        /* The factory is our child: stay until the supervisor closes our end (it closes the factory's first),
         * then wait for the factory, so that nothing of the session outlives the supervisor's exit. */
        char c;
        while (recv(ctl, &c, 1, 0) < 0 && errno == EINTR)
            ;
        while (wait(NULL) >= 0 || errno == EINTR)
            ;
        return 0;
    }
    serve_factory(ctl);
    return 0;
}
