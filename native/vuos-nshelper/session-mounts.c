/*
 * The session's mount namespace: a root of the host's top-level entries on a tmpfs, tmpfs shadows over the
 * directories that hold stack files, the netfs FUSE mount and the stack files themselves.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "nshelper.h"

#define MAX_ENTRIES 256

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
int shadow_root(char added[][256], int nadded)
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
int shadow_dir(const char *dir)
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
    if ((err = restore(dir, entries, count)))
        return err;
    /* Shared (with the stacks' copies of this namespace, not the host): a stack file mounted later shows in every stack. */
    if (mount(NULL, dir, NULL, MS_SHARED, NULL) < 0)
        return fail(errno, "sharing %s with the stacks", dir);
    return 0;
}

/*
 * A FUSE mount the supervisor serves, of type fuse.NAME, whose root has `rootmode`: returns /dev/fuse's
 * descriptor in *device. `extra` and `flags` add mount options; `what` names it in a failure.
 */
static int mount_served(const char *path, const char *name, const char *rootmode, const char *extra, unsigned long flags, uid_t uid,
    gid_t gid, const char *what, int *device)
{
    int fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return fail(errno, "open /dev/fuse");
    char options[256], type[64];
    snprintf(options, sizeof options, "fd=%d,rootmode=%s,user_id=%u,group_id=%u,allow_other%s", fd, rootmode, (unsigned)uid, (unsigned)gid,
        extra);
    snprintf(type, sizeof type, "fuse.%s", name);
    if (mount(name, path, type, MS_NOSUID | MS_NODEV | flags, options) < 0) {
        int err = fail(errno, "mounting %s on %s", what, path);
        close(fd);
        return err;
    }
    *device = fd;
    return 0;
}

/* netfs: the FUSE mount the supervisor serves; returns /dev/fuse's descriptor in *device. */
int mount_fuse(const char *path, uid_t uid, gid_t gid, int *device)
{
    return mount_served(path, "vuos-netfs", "40000", "", 0, uid, gid, "netfs", device);
}

/* A stack file: a socket-type node, which open(2) refuses with ENXIO as VUOS's stack files are refused. */
int make_node(const char *path)
{
    if (mknod(path, S_IFSOCK | 0777, 0) < 0 && errno != EEXIST)
        return fail(errno, "creating the stack file %s", path);
    if (chmod(path, 0777) < 0)
        return fail(errno, "chmod %s", path);
    return 0;
}

/*
 * A stack file served by the supervisor: a FUSE mount whose root is itself a socket-type node, on the node.
 * open(2) still fails with ENXIO (the kernel's, for any socket inode), but every stat of it reaches the
 * supervisor, which makes it show S_IFSTACK; stat of anything else never stops. Returns /dev/fuse's
 * descriptor in *device.
 */
int mount_stack_file(const char *path, uid_t uid, gid_t gid, int *device)
{
    return mount_served(path, "vuos-stack", "140000", ",default_permissions", MS_NOEXEC, uid, gid, "the stack file", device);
}

/* Whether stack files can be FUSE mounts here: /dev/fuse opens (an unprivileged user may not have it). */
int stack_files_can_be_fuse(void)
{
    int fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return 0;
    close(fd);
    return 1;
}

/* NSH_OP_STACK_FILE: a stack mounted or unmounted while the session runs; the shadow it is in propagates it. */
void stack_file_op(int ctl, struct nsh_request *rq)
{
    rq->data[sizeof rq->data - 1] = 0;
    const char *path = rq->data;
    int err = 0, device = -1;
    if (rq->flags == NSH_STACK_FILE_ADD) {
        if (mknod(path, S_IFSOCK | 0777, 0) < 0)
            err = fail(errno, "creating the stack file %s", path);
        else if (chmod(path, 0777) < 0 || (err = mount_stack_file(path, (uid_t)rq->a, (gid_t)rq->b, &device))) {
            err = err ? err : fail(errno, "chmod %s", path);
            unlink(path);
        }
    } else if (rq->flags == NSH_STACK_FILE_REMOVE) {
        if (umount2(path, MNT_DETACH) < 0 && errno != EINVAL)
            err = fail(errno, "unmounting the stack file %s", path);
        else if (unlink(path) < 0)
            err = fail(errno, "removing the stack file %s", path);
    } else {
        err = fail(EINVAL, "stack file request %u", rq->flags);
    }
    send_reply(ctl, err, 0, &device, err == 0 && device >= 0 ? 1 : 0);
    if (device >= 0)
        close(device);
}
