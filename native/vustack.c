/*
 * vustack [-h] [-v] [-s] [-f FAMILIES]... STACK COMMAND [ARGS...]
 *
 * Runs COMMAND with STACK as its default network stack, with VUOS's options and messages (cmd/vustack.c of
 * virtualsquare/vuos): -f adds address families (names, VUOS's aliases, numbers; repeatable), -s adds every
 * family the stack supports (probed with msocket(STACK, family, -1, 0), as VUOS does), neither means all.
 * Under a supervisor it sets the defaults with msocket(..., SOCK_DEFAULT, ...) and execs COMMAND; the
 * supervisor then moves this process into the stack's namespaces, which the kernel allows only to a
 * single-threaded process: that is why vustack is C (the .NET runtime always runs threads of its own).
 * Outside a supervisor it starts one, with STACK (one of the embedded stacks) mounted alone.
 *
 * Differences from VUOS, on purpose: option parsing stops at STACK (so `vustack lo ip -4 addr` passes -4
 * to ip), a short name means /dev/net/NAME, family names are matched in any case (VUOS: aliases only) and
 * `unix` means local, outside a session vustack starts one instead of failing, and a COMMAND that cannot run
 * is reported (127/126, as a shell). Messages, -v output and exit codes are VUOS's.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../include/vuos/msocket.h"

/* Family names as <sys/socket.h> spells them without PF_ (and as VUOS lists them, PF_MAX included). */
static const char *const family_names[] = {
    [0] = "unspec",     [1] = "local",      [2] = "inet",     [3] = "ax25",      [4] = "ipx",
    [5] = "appletalk",  [6] = "netrom",     [7] = "bridge",   [8] = "atmpvc",    [9] = "x25",
    [10] = "inet6",     [11] = "rose",      [12] = "decnet",  [13] = "netbeui",  [14] = "security",
    [15] = "key",       [16] = "netlink",   [17] = "packet",  [18] = "ash",      [19] = "econet",
    [20] = "atmsvc",    [21] = "rds",       [22] = "sna",     [23] = "irda",     [24] = "pppox",
    [25] = "wanpipe",   [26] = "llc",       [27] = "ib",      [28] = "mpls",     [29] = "can",
    [30] = "tipc",      [31] = "bluetooth", [32] = "iucv",    [33] = "rxrpc",    [34] = "isdn",
    [35] = "phonet",    [36] = "ieee802154", [37] = "caif",   [38] = "alg",      [39] = "nfc",
    [40] = "vsock",     [41] = "kcm",       [42] = "qipcrtr", [43] = "smc",      [44] = "max",
};
#define NAMED_FAMILIES ((int)(sizeof family_names / sizeof *family_names))
#define MAX_FAMILY (NAMED_FAMILIES + 9) /* 54, as VUOS: PF_MAX plus ten */

/* The stacks `vuos run` mounts when none is given (StackMountTable.EmbeddedDefaults). */
static const char *const embedded[][2] = {{"/dev/net/host", "host"}, {"/dev/net/lo", "loopback"}, {"/dev/net/slirp", "slirp"}};

static const char *progname;
static unsigned char wanted[MAX_FAMILY + 1] = {[0] = 1}; /* [0]: all families */

static void usage(int verbose)
{
    fprintf(stderr,
            "%s: set the default networking stack\n\n"
            "Usage: %s [options] stack cmd [args]\n\n"
            "    -h --help            print this short usage message\n"
            "    -f list\n"
            "      -family list\n"
            "      -families list     set the list of address families\n"
            "    -s --supported       all families supported by the stack\n\n"
            "    -v --verbose         verbose mode\n\n"
            "stack: a stack path (/dev/net/lo) or its name in /dev/net (lo).\n"
            "Outside a vuos session, vustack starts one with the stack mounted alone.\n\n",
            progname, progname);
    if (verbose) {
        fprintf(stderr, "List address family names and numbers:\n");
        for (int f = 1; f < NAMED_FAMILIES; f++)
            fprintf(stderr, "%5d: %s\n", f, family_names[f]);
        fprintf(stderr, "\nMax family number %d\n", MAX_FAMILY);
        fprintf(stderr, "\nAliases:\n"
                        "  ip: inet,inet6,netlink,packet\n"
                        "  ipv4: inet, ip4: inet, ipv6: inet6, ip6: inet6, bt: bluetooth, ir: irda, unix: local\n\n");
    }
    exit(1);
}

static void want(int family)
{
    wanted[0] = 0;
    wanted[family] = 1;
}

/* One word of a -f list: a name (any case), one of VUOS's aliases, or a number. */
static void add_family(const char *word)
{
    static const struct {
        const char *alias;
        int families[4];
    } aliases[] = {
        {"ip", {2, 10, 16, 17}}, {"ipv4", {2}}, {"ip4", {2}}, {"ipv6", {10}}, {"ip6", {10}},
        {"bt", {31}},            {"ir", {23}},  {"unix", {1}},
    };
    for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
        if (strcasecmp(word, aliases[i].alias) == 0) {
            for (int j = 0; j < 4 && aliases[i].families[j] != 0; j++)
                want(aliases[i].families[j]);
            return;
        }
    if (isdigit((unsigned char)word[0])) {
        char *end;
        long family = strtol(word, &end, 0);
        if (*end == 0 && family > 0 && family <= MAX_FAMILY) {
            want((int)family);
            return;
        }
    } else {
        for (int f = 1; f < NAMED_FAMILIES; f++)
            if (strcasecmp(word, family_names[f]) == 0) {
                want(f);
                return;
            }
    }
    fprintf(stderr, "%s: unknown protocol family %s\n", progname, word);
    exit(1);
}

static void add_families(char *list)
{
    for (char *save = NULL, *word = strtok_r(list, ", \t", &save); word != NULL; word = strtok_r(NULL, ", \t", &save))
        add_family(word);
}

/* -s: every family the stack makes sockets of; EINVAL for the bad type means the family is there. */
static void add_supported(const char *stack)
{
    wanted[0] = 0;
    for (int f = 1; f <= MAX_FAMILY; f++) {
        int fd = msocket(stack, f, -1, 0);
        if (fd >= 0 || errno == EINVAL)
            wanted[f] = 1;
        if (fd >= 0)
            close(fd);
    }
}

static const char *family_name(int f)
{
    return f < NAMED_FAMILIES - 1 ? family_names[f] : "unknown";
}

static int run(char **argv)
{
    execvp(argv[0], argv);
    int err = errno;
    fprintf(stderr, "%s: %s: %s\n", progname, argv[0], strerror(err));
    return err == ENOENT ? 127 : 126;
}

/* Outside a session: `vuos run --stack STACK=SPEC --default [FAMILIES:]STACK -- COMMAND`, vuos beside vustack. */
static int start_supervisor(const char *stack, char **command, int verbose)
{
    const char *spec = NULL;
    for (size_t i = 0; i < sizeof embedded / sizeof *embedded; i++)
        if (strcmp(stack, embedded[i][0]) == 0)
            spec = embedded[i][1];
    if (spec == NULL) {
        fprintf(stderr, "%s: %s: no such stack outside a session (vustack starts one with /dev/net/host, /dev/net/lo "
                        "or /dev/net/slirp; for others use vuos run --stack PATH=SPEC)\n", progname, stack);
        return 1;
    }
    char self[PATH_MAX], vuos[PATH_MAX + 8], mount[PATH_MAX + 32], fallback[PATH_MAX + 256];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n < 0) {
        perror("vustack: /proc/self/exe");
        return 1;
    }
    self[n] = 0;
    snprintf(vuos, sizeof vuos, "%s/vuos", dirname(self));
    snprintf(mount, sizeof mount, "%s=%s", stack, spec);
    size_t used = 0;
    if (!wanted[0])
        for (int f = 1; f <= MAX_FAMILY; f++)
            if (wanted[f])
                used += (size_t)snprintf(fallback + used, sizeof fallback - used, "%s%d", used ? "," : "", f);
    snprintf(fallback + used, sizeof fallback - used, "%s%s", used ? ":" : "", stack);
    int count = 0;
    while (command[count] != NULL)
        count++;
    char **argv = calloc((size_t)count + 8, sizeof *argv);
    if (argv == NULL)
        return 1;
    char *fixed[] = {vuos, "run", "--stack", mount, "--default", fallback, "--"};
    memcpy(argv, fixed, sizeof fixed);
    memcpy(argv + 7, command, (size_t)count * sizeof *argv);
    if (verbose)
        fprintf(stderr, "%s: no supervisor here: starting one with vuos run --stack %s --default %s\n", progname, mount, fallback);
    return run(argv);
}

int main(int argc, char **argv)
{
    progname = basename(argv[0]);
    int verbose = 0, supported = 0, i = 1;
    /* Options stop at the first word that is not one: STACK. */
    for (; i < argc && argv[i][0] == '-' && argv[i][1] != 0; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
            usage(verbose);
        else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0)
            verbose = 1;
        else if (strcmp(a, "-s") == 0 || strcmp(a, "--supported") == 0)
            supported = 1;
        else if (strcmp(a, "-f") == 0 || strcmp(a, "--family") == 0 || strcmp(a, "--families") == 0 ||
                 strcmp(a, "-family") == 0 || strcmp(a, "-families") == 0) {
            if (++i == argc) {
                fprintf(stderr, "%s: option '%s' requires an argument\n", progname, a);
                usage(verbose);
            }
            add_families(argv[i]);
        } else if (strncmp(a, "-f", 2) == 0)
            add_families(argv[i] + 2);
        else if (strncmp(a, "--family=", 9) == 0 || strncmp(a, "--families=", 11) == 0)
            add_families(strchr(argv[i], '=') + 1);
        else {
            fprintf(stderr, "%s: unrecognized option '%s'\n", progname, a);
            usage(verbose);
        }
    }
    if (argc - i < 2)
        usage(verbose);

    char stack[PATH_MAX];
    snprintf(stack, sizeof stack, strchr(argv[i], '/') ? "%s" : "/dev/net/%s", argv[i]);
    char **command = argv + i + 1;

    /* No supervisor answers msocket: there is no session yet. */
    if (msocket(NULL, 0, SOCK_DEFAULT, 0) < 0 && errno == ENOSYS)
        return start_supervisor(stack, command, verbose);

    /* A stack file: S_IFSTACK as VUOS shows it (a socket node with vuos run --stack-files=kernel). */
    struct stat st;
    if (stat(stack, &st) < 0 || ((st.st_mode & S_IFMT) != S_IFSTACK && !S_ISSOCK(st.st_mode) && (errno = ENOTSUP))) {
        perror(stack);
        return 1;
    }
    if (supported)
        add_supported(stack);
    if (wanted[0]) {
        if (verbose)
            fprintf(stderr, "Using %s for ALL address families\n", stack);
        if (msocket(stack, 0, SOCK_DEFAULT, 0) < 0) {
            perror("vustack: msocket");
            return 1;
        }
    } else {
        if (verbose) {
            fprintf(stderr, "Using %s for the following address families:\n   ", stack);
            for (int f = 1; f <= MAX_FAMILY; f++)
                if (wanted[f])
                    fprintf(stderr, " %s(%d)", family_name(f), f);
            fprintf(stderr, "\n");
        }
        for (int f = 1; f <= MAX_FAMILY; f++)
            if (wanted[f] && msocket(stack, f, SOCK_DEFAULT, 0) < 0) {
                perror("vustack: msocket");
                return 1;
            }
    }
    return run(command);
}
