/* seccomp_allow: installs a seccomp filter that allows every system call, then execs its arguments.
 * The cost it adds to each system call is the floor any seccomp filter costs (benchmark "filter floor").
 * Usage: seccomp_allow COMMAND [ARGS...] */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s COMMAND [ARGS...]\n", argv[0]);
        return 2;
    }
    struct sock_filter insns[] = {
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = { .len = sizeof insns / sizeof insns[0], .filter = insns };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        perror("seccomp_allow: PR_SET_NO_NEW_PRIVS");
        return 1;
    }
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
        perror("seccomp_allow: seccomp");
        return 1;
    }
    execvp(argv[1], argv + 1);
    fprintf(stderr, "seccomp_allow: %s: %s\n", argv[1], strerror(errno));
    return 127;
}
