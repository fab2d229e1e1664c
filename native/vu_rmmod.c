/*
 * vu_rmmod MODULE...: unloads VUOS modules (vu_rmmod, syscall -2), as VUOS's command does. Exit 0, or 1 when
 * a module failed (ENOENT: not loaded); 2 for usage.
 */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>

#include "../include/vuos/vulib.h"

static void usage(const char *progname)
{
    fprintf(stderr, "Usage:\n  %s OPTIONS vu_module [vu_module] ...\n  OPTIONS:\n    -h --help:  print this help message\n\n", progname);
    exit(2);
}

int main(int argc, char *argv[])
{
    const char *progname = basename(argv[0]);
    static const struct option options[] = {{"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    if (vu_check() < 0) {
        fprintf(stderr, "This is a VUOS command. It works only inside a vuos session (vuos run)\n");
        usage(progname);
    }
    while (getopt_long(argc, argv, "h", options, NULL) != -1)
        usage(progname);
    if (optind >= argc)
        usage(progname);
    int status = 0;
    for (int i = optind; i < argc; i++)
        if (vu_rmmod(argv[i]) < 0) {
            perror(argv[i]);
            status = 1;
        }
    return status;
}
