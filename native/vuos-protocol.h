/*
 * The wire formats between the supervisor and its C helpers, declared once. The C# side mirrors these
 * structures (src/Stacks/Namespaces/NsHelperProtocol.cs, src/Tracer/Engine/TraceeLauncher.cs) and a
 * test compiles this header to check every size and offset.
 */
#ifndef VUOS_PROTOCOL_H
#define VUOS_PROTOCOL_H

#include <stdint.h>

/* ---- vuos-nshelper ---- */

enum nsh_op {
    NSH_OP_SESSION = 1,    /* flags, a=uid, b=gid, data=layout -> [mntns, userns?, fuse?, dirs..., stack files?..., factory?] */
    NSH_OP_STACK = 2,      /* flags, data=resolv.conf text -> value=anchor pid, [control, netns, mntns, userns] */
    NSH_OP_SOCKET = 3,     /* a=domain, b=type, c=protocol -> one fd (anchor) */
    NSH_OP_SOCKETPAIR = 4, /* a=domain, b=type, c=protocol -> two fds (anchor) */
    NSH_OP_TAP = 5,        /* name -> one fd, IFF_TAP|IFF_NO_PI (anchor) */
    NSH_OP_SYSCTL = 6,     /* name=path under /proc/sys, data=value (anchor) */
    NSH_OP_STACK_FILE = 7, /* flags (add or remove), a=uid, b=gid, data=path -> add: the stack file's /dev/fuse */
};

/* NSH_OP_SESSION flags: which user namespace the session gets (none: the supervisor's own). */
#define NSH_SESSION_USERNS_SELF 1u /* the helper enters it, mapping the caller's uid and gid onto themselves */
#define NSH_SESSION_USERNS_FULL 2u /* a factory child enters it, every id mapped onto itself (root) */
/* ...and stack files are FUSE mounts the supervisor serves (stat of one then reaches it), when /dev/fuse opens */
#define NSH_SESSION_STACK_FUSE 4u

/* NSH_OP_SESSION reply value: which descriptors follow mntns, in this order, and how many dirs. */
#define NSH_HAS_USERNS 1
#define NSH_HAS_FUSE 2
#define NSH_HAS_FACTORY 4
#define NSH_HAS_STACK_FUSE 16 /* one /dev/fuse per stack file (node lines, in order) follows the dirs */
#define NSH_DIRS_SHIFT 8

/* NSH_OP_STACK flags */
#define NSH_STACK_NETNS 1u /* a new network namespace (else the session's own) */
#define NSH_STACK_SYSFS 2u /* /sys/class/net of the stack */

/* NSH_OP_STACK_FILE flags */
#define NSH_STACK_FILE_ADD 1u    /* make the node and mount the stack file's FUSE on it */
#define NSH_STACK_FILE_REMOVE 2u /* unmount it and remove the node */

#define NSH_NAME_LEN 64
#define NSH_DATA_LEN 4096
#define NSH_TEXT_LEN 256

struct nsh_request {
    uint32_t op;
    uint32_t flags;
    int32_t a, b, c;
    char name[NSH_NAME_LEN];
    char data[NSH_DATA_LEN];
};

struct nsh_reply {
    int32_t status; /* 0 or an errno */
    int32_t value;
    char text[NSH_TEXT_LEN]; /* what failed, when status is not 0 */
};

/* ---- vuos-launch ---- */

#define LAUNCH_MAGIC 0x534f5556u /* "VUOS" */
#define LAUNCH_MAX_NAMESPACES 4

/*
 * supervisor -> launcher: this header, then filter_len struct sock_filter. SCM_RIGHTS carries
 * namespace_count descriptors, which the launcher passes to setns(fd, namespace_types[i]) in order before
 * anything else.
 * Then it raises ambient_caps (a mask of CAP_* bits) in the inheritable and ambient sets, so an unprivileged
 * program keeps them across exec in its session's user namespace, and with LAUNCH_LANDLOCK puts itself in a
 * Landlock domain of its own: the kernel then refuses the session's processes ptrace access (ptrace,
 * /proc/PID/mem, process_vm_*, pidfd_getfd) to every process outside the session.
 * With open_files_limit it sets RLIMIT_NOFILE's soft limit back to what the supervisor was started with (the
 * supervisor raises its own to the hard limit: it holds descriptors for the whole session).
 */
#define LAUNCH_LANDLOCK 1u
#define LAUNCH_NO_NEW_PRIVS 2u /* set no_new_privs: the program may stack seccomp filters without privilege */

struct launch_header {
    uint32_t magic;
    uint32_t seccomp_flags;
    uint32_t filter_len;
    uint32_t namespace_count;
    uint32_t namespace_types[LAUNCH_MAX_NAMESPACES];
    uint32_t flags;
    uint32_t open_files_limit; /* RLIMIT_NOFILE's soft limit for the program, 0: leave it */
    uint64_t ambient_caps;
};

#endif
