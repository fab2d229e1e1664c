/*
 * vuname [-asnrvmpioUVNPqx]: uname with VUOS's view fields, as VUOS's vuname prints them: -U the server id,
 * -V (or -N) the view's name, -o "GNU/Linux/VUOS" inside a session, -P a string for prompts (the view's name,
 * or node[serverid]). Outside a session it prints uname's fields (-x: fails instead). Exit 0; 1 on errors.
 */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../include/vuos/vulib.h"

static const char fields[] = "snrvmpioUV"; /* the order -a prints them in */

static void usage(int quiet, int status)
{
    if (!quiet)
        fprintf(stderr, "Usage: vuname [OPTION]...\nPrint certain View-OS system information.  With no OPTION, same as -s.\n\n"
                        " -a, --all                print all information\n"
                        " -s, --kernel-name        print the kernel name\n"
                        " -n, --nodename           print the network node hostname\n"
                        " -r, --kernel-release     print the kernel release\n"
                        " -v, --kernel-version     print the kernel version\n"
                        " -m, --machine            print the machine hardware name\n"
                        " -p, --processor          print the processor type or \"unknown\"\n"
                        " -i, --hardware-platform  print the hardware platform or \"unknown\"\n"
                        " -o, --operating-system   print the operating system\n"
                        " -U, --serverid           print the server id\n"
                        " -V, -N, --viewname       print the view name\n"
                        " -P, --prompt             print a string for user prompts\n"
                        " -q, --quiet              quiet mode: silent on errors\n"
                        " -x, --nouname            do not use uname when outside View-OS\n"
                        "     --help               display this help and exit\n\n");
    exit(status);
}

int main(int argc, char *argv[])
{
    static const struct option options[] = {
        {"all", 0, 0, 'a'}, {"kernel-name", 0, 0, 's'}, {"nodename", 0, 0, 'n'}, {"kernel-release", 0, 0, 'r'},
        {"kernel-version", 0, 0, 'v'}, {"machine", 0, 0, 'm'}, {"processor", 0, 0, 'p'}, {"hardware-platform", 0, 0, 'i'},
        {"operating-system", 0, 0, 'o'}, {"serverid", 0, 0, 'U'}, {"viewname", 0, 0, 'V'}, {"quiet", 0, 0, 'q'},
        {"nouname", 0, 0, 'x'}, {"prompt", 0, 0, 'P'}, {"help", 0, 0, 'h'}, {0, 0, 0, 0}};
    int wanted = 0, all = 0, quiet = 0, use_uname = 1, prompt = 0, c;
    const char *progname = basename(argv[0]);
    while ((c = getopt_long(argc, argv, "snrvmpioUVaxqPNh", options, NULL)) != -1) {
        const char *field = c == 'N' ? strchr(fields, 'V') : strchr(fields, c);
        if (c == 'a')
            all = 1;
        else if (c == 'q')
            quiet = 1;
        else if (c == 'x')
            use_uname = 0;
        else if (c == 'P')
            prompt = 1;
        else if (c == 'h')
            usage(quiet, 0);
        else if (field != NULL && c != 0)
            wanted |= 1 << (field - fields);
        else
            usage(quiet, 1);
    }
    if (optind != argc)
        usage(quiet, 1);
    struct vu_info info;
    memset(&info, 0, sizeof info);
    int inside = vu_getinfo(&info) == 0;
    if (!inside && (!use_uname || uname(&info.uname) < 0)) {
        if (!quiet)
            perror(progname);
        return 1;
    }
    const char *values[] = {info.uname.sysname, info.uname.nodename, info.uname.release, info.uname.version, info.uname.machine,
                            "unknown", "unknown", inside ? "GNU/Linux/VUOS" : "GNU/Linux", info.vu_serverid, info.vu_name};
    if (prompt) {
        if (!inside)
            printf("%s\n", info.uname.nodename);
        else if (info.vu_name[0])
            printf("%s\n", info.vu_name);
        else
            printf("%s[%s]\n", info.uname.nodename, info.vu_serverid);
        return 0;
    }
    if (wanted == 0 && !all)
        wanted = 1;
    const char *separator = "";
    for (int i = 0; fields[i]; i++) {
        int view = fields[i] == 'U' || fields[i] == 'V';
        if (all ? (strcmp(values[i], "unknown") != 0 && (inside || !view)) : ((wanted & (1 << i)) && (inside || !view))) {
            printf("%s%s", separator, values[i]);
            separator = " ";
        }
    }
    printf("\n");
    return 0;
}
