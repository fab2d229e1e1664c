/*
 * msocket: sockets of several network stacks in one process (VUOS's msocket, binary compatible).
 *
 *   int msocket(const char *path, int domain, int type, int protocol);
 *
 * Like socket(2), in the stack mounted at path (e.g. "/dev/net/lo"); a NULL path means the caller's default
 * stack for domain. With type SOCK_DEFAULT, msocket creates no socket: it makes path the default stack for
 * domain (for every family the stack supports when domain is 0), which socket(2) then uses. Defaults are per
 * process, inherited by fork and kept across exec.
 *
 * Errors: ENOENT no such path, ENOTSUP path is not a stack, EAFNOSUPPORT the stack lacks the family,
 * EFAULT bad path pointer, and whatever socket(2) returns. Outside a Vuos.Net supervisor: ENOSYS.
 */
#ifndef VUOS_MSOCKET_H
#define VUOS_MSOCKET_H

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The system call number VUOS gives msocket: negative, so no kernel will ever assign it. */
#define __NR_msocket (-5)

/* type argument: set the default stack instead of creating a socket. */
#define SOCK_DEFAULT 0

/* st_mode file type of a stack path, as stat(2) shows it under the supervisor. */
#define S_IFSTACK 0160000
#define S_ISSTACK(mode) (((mode) & S_IFMT) == S_IFSTACK)

static inline int msocket(const char *path, int domain, int type, int protocol)
{
    return (int)syscall(__NR_msocket, path, domain, type, protocol);
}

#endif /* VUOS_MSOCKET_H */
