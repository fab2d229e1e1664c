/*
 * vuctl [info | name NAME | check]: the vuctl system call (syscall -4) from the shell. VUOS has the call but
 * no command of this name; this one is Vuos.Net's: `info` (the default) prints what VUCTL_GETINFO returns
 * (system, node, release, server id, view name), `name NAME` names the view (VUCTL_SETNAME, for the whole
 * session), `check` exits 0 under a supervisor and 1 elsewhere, silently. Exit 1 on failure, 2 for usage.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../include/vuos/vulib.h"

static void usage(const char *progname)
{
    fprintf(stderr, "Usage: %s [info | name NAME | check]\n"
                    "  info       print the system, the server id and the view's name (default)\n"
                    "  name NAME  name the view (the whole vuos session)\n"
                    "  check      exit 0 inside a vuos session, 1 outside\n", progname);
    exit(2);
}

int main(int argc, char *argv[])
{
    const char *progname = basename(argv[0]);
    const char *command = argc > 1 ? argv[1] : "info";
    if (strcmp(command, "check") == 0 && argc == 2)
        return vu_check() == 0 ? 0 : 1;
    if (strcmp(command, "-h") == 0 || strcmp(command, "--help") == 0)
        usage(progname);
    if (vu_check() < 0) {
        fprintf(stderr, "This is a VUOS command. It works only inside a vuos session (vuos run)\n");
        return 2;
    }
    if (strcmp(command, "info") == 0 && argc <= 2) {
        struct vu_info info;
        if (vu_getinfo(&info) < 0) {
            perror(progname);
            return 1;
        }
        printf("sysname: %s\nnodename: %s\nrelease: %s\nmachine: %s\nserverid: %s\nname: %s\n", info.uname.sysname,
               info.uname.nodename, info.uname.release, info.uname.machine, info.vu_serverid, info.vu_name);
        return 0;
    }
    if (strcmp(command, "name") == 0 && argc == 3) {
        if (vu_setname(argv[2]) < 0) {
            perror(progname);
            return 1;
        }
        return 0;
    }
    usage(progname);
}
