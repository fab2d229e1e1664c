/*
 * vu_lsmod: lists the loaded VUOS modules (vu_lsmod, syscall -3), one `name: description` line each, as
 * VUOS's command does. Exit 0; 2 for usage or outside a session.
 */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>

#include "../include/vuos/vulib.h"

static void usage(const char *progname)
{
    fprintf(stderr, "Usage:\n  %s OPTIONS\n  OPTIONS:\n    -h --help:  print this help message\n\n", progname);
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
    if (optind != argc)
        usage(progname);
    long size = vu_lsmod(NULL, 0);
    if (size <= 0)
        return 0;
    char *buf = malloc((size_t)size);
    if (buf == NULL || vu_lsmod(buf, (size_t)size) < 0) {
        perror(progname);
        return 1;
    }
    fputs(buf, stdout);
    return 0;
}
