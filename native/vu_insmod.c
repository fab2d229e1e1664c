/*
 * vu_insmod [-p] MODULE...: loads VUOS modules (vu_insmod, syscall -1), as VUOS's command does. Under a
 * Vuos.Net supervisor the modules are built in (vunet, msocket, netfs, xv6): loading one succeeds, others
 * fail with ENOENT. -p (permanent) is accepted. Exit 0, or 1 when a module failed; 2 for usage.
 */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>

#include "../include/vuos/vulib.h"

static void usage(const char *progname)
{
    fprintf(stderr, "Usage:\n  %s OPTIONS vu_module [vu_module] ...\n  OPTIONS:\n    -p --permanent:  rmmod forbidden\n\n"
                    "    -h --help:  print this help message\n\n", progname);
    exit(2);
}

int main(int argc, char *argv[])
{
    const char *progname = basename(argv[0]);
    static const struct option options[] = {{"permanent", no_argument, 0, 'p'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int permanent = 0, c;
    if (vu_check() < 0) {
        fprintf(stderr, "This is a VUOS command. It works only inside a vuos session (vuos run)\n");
        usage(progname);
    }
    while ((c = getopt_long(argc, argv, "ph", options, NULL)) != -1) {
        if (c == 'p')
            permanent = 1;
        else
            usage(progname);
    }
    if (optind >= argc)
        usage(progname);
    int status = 0;
    for (int i = optind; i < argc; i++)
        if (vu_insmod(argv[i], permanent) < 0) {
            perror(argv[i]);
            status = 1;
        }
    return status;
}
