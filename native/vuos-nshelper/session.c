/*
 * OP_SESSION: the first request, which builds the session's namespaces from the layout text the supervisor
 * sends (src/Stacks/Namespaces/SessionLayout.cs writes it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "nshelper.h"

/*
 * OP_SESSION: the user namespace (per flags) and the session's mount namespace laid out as the text in
 * rq->data says, one instruction a line, run in this order whatever their order in the text:
 *   root NAME      the root becomes a tmpfs of the host's top-level entries, plus a directory NAME
 *   shadow DIR     a tmpfs over DIR holding what DIR held (stack files are added in it)
 *   fuse DIR       the netfs FUSE mount
 *   node PATH      a stack file (a FUSE mount the supervisor serves, with NSH_SESSION_STACK_FUSE)
 *   dir DIR        return an O_PATH descriptor of DIR (where the supervisor adds stack files later)
 */
int build_session(struct nsh_request *rq, int *fds, int *nfds, int *value)
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
    int dirs = 0, nstack_files = 0, stack_files[MAX_FDS];
    int fuse_nodes = (rq->flags & NSH_SESSION_STACK_FUSE) && stack_files_can_be_fuse();
    for (char *line = strtok_r(rq->data, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        if (strncmp(line, "node ", 5) == 0) {
            if ((err = make_node(line + 5)))
                return err;
            if (fuse_nodes) {
                if (nstack_files == MAX_FDS / 2)
                    return fail(E2BIG, "too many stack files");
                /* On a failure the helper exits, which closes them. */
                if ((err = mount_stack_file(line + 5, (uid_t)rq->a, (gid_t)rq->b, &stack_files[nstack_files])))
                    return err;
                nstack_files++;
            }
        }
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
    if (*nfds + nstack_files > MAX_FDS - 1) {
        close_all(stack_files, nstack_files);
        return fail(E2BIG, "too many stack files");
    }
    for (int i = 0; i < nstack_files; i++)
        fds[(*nfds)++] = stack_files[i];
    if (fuse_nodes)
        *value |= NSH_HAS_STACK_FUSE;
    /* The root's own entries are a copy: make it read-only, so nothing written there is lost silently. */
    if (nadded > 0 && mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) < 0)
        return fail(errno, "making the session's root read-only");
    if (rq->flags & NSH_SESSION_USERNS_FULL) {
        int factory = -1;
        if ((err = start_root_factory(&factory)))
            return err;
        fds[(*nfds)++] = factory;
        *value |= NSH_HAS_FACTORY;
    }
    *value |= dirs << NSH_DIRS_SHIFT;
    return 0;
}
