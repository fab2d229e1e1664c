/*
 * vuumount [-f] [-d] [-l] TARGET: umount2(2), as VUOS's vuumount is. Inside a vuos session, unmounting a stack
 * path removes the stack from the session (sockets already open in it keep working until closed).
 * Exit 0, 1 when the unmount fails (VUOS's exits 0 even then) or for usage.
 */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>

static void usage(const char *progname)
{
    fprintf(stderr, "Usage:\n %s [options] <target>\n\nUnmount a filesystem.\n\nOptions:\n"
                    " -f, --force             force unmount (in case of an unreachable NFS system)\n"
                    " -d, -l, --detach        lazy unmount (MNT_DETACH)\n"
                    " -h, --help              display this help\n\n", progname);
    exit(1);
}

int main(int argc, char *argv[])
{
    static const struct option options[] = {{"force", no_argument, 0, 'f'}, {"detach-loop", no_argument, 0, 'd'},
                                            {"detach", no_argument, 0, 'l'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *progname = basename(argv[0]);
    int flags = 0, c;
    while ((c = getopt_long(argc, argv, "hfdl", options, NULL)) != -1) {
        if (c == 'f')
            flags |= MNT_FORCE;
        else if (c == 'd' || c == 'l')
            flags |= MNT_DETACH;
        else
            usage(progname);
    }
    if (optind + 1 != argc)
        usage(progname);
    if (umount2(argv[optind], flags) < 0) {
        perror(progname);
        return 1;
    }
    return 0;
}
