/*
 * Shared between the files of vuos-nshelper (native/vuos-nshelper.c and the .c files beside this one): what
 * each part offers the others. The wire format with the supervisor is vuos-protocol.h's.
 */
#ifndef VUOS_NSHELPER_H
#define VUOS_NSHELPER_H

#include <sys/types.h>

#include "../vuos-protocol.h"

/* The most descriptors one reply carries. */
#define MAX_FDS 64

/* common.c: why the last step failed, for the reply (the supervisor shows it to the user). */
extern char failure[NSH_TEXT_LEN];
int fail(int err, const char *format, ...) __attribute__((format(printf, 2, 3)));
void send_reply(int ctl, int status, int value, const int *fds, int nfds);
void close_all(int *fds, int n);
int write_file(const char *path, const char *text);

/* session-mounts.c: the session's mount namespace. */
int shadow_root(char added[][256], int nadded);
int shadow_dir(const char *dir);
int mount_fuse(const char *path, uid_t uid, gid_t gid, int *device);
int make_node(const char *path);
int mount_stack_file(const char *path, uid_t uid, gid_t gid, int *device);
int stack_files_can_be_fuse(void);
void stack_file_op(int ctl, struct nsh_request *rq);

/* userns.c: the session's user namespace and its id maps. */
int enter_user_namespace_as(uid_t uid, gid_t gid);
int start_root_factory(int *control);

/* session.c: OP_SESSION. */
int build_session(struct nsh_request *rq, int *fds, int *nfds, int *value);

/* factory.c: OP_STACK, one anchor per stack. */
void serve_factory(int ctl);

/* anchor.c: a stack's own mounts, and the requests served inside the stack's namespaces. */
int stack_mounts(const char *resolv, int sysfs);
void serve_anchor(int ctl);

#endif
