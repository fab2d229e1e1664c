/*
 * vumount [-t TYPE] [-o OPTIONS] [-r|-w] [-B|-M|-R] SOURCE TARGET: mount(2) with mount(8)'s option words, as
 * VUOS's vumount is. Inside a vuos session the stack types mount stacks:
 *     vumount -t vunetvdestack vde:///tmp/switch /dev/net/mynet
 * (vunetvdestack, vunetreal, vunetloopback, vunetslirp, vunettap: see README, "Coming from VUOS"). Words of -o
 * that are mount flags (ro, nosuid, noexec, bind, ...) become flags; the rest (a stack's ip=, gw=, hostfwd=,
 * ...) is passed as the data string. Exit 0, 1 when the mount fails (VUOS's exits 0 even then) or for usage.
 */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

static const struct {
    const char *word;
    unsigned long on, off;
} flag_words[] = {
    {"defaults", 0, 0},           {"user", MS_NOSUID | MS_NODEV | MS_NOEXEC, 0}, {"group", MS_NOSUID | MS_NODEV, 0},
    {"ro", MS_RDONLY, 0},         {"rw", 0, MS_RDONLY},         {"suid", 0, MS_NOSUID},         {"nosuid", MS_NOSUID, 0},
    {"dev", 0, MS_NODEV},         {"nodev", MS_NODEV, 0},       {"exec", 0, MS_NOEXEC},         {"noexec", MS_NOEXEC, 0},
    {"async", 0, MS_SYNCHRONOUS}, {"sync", MS_SYNCHRONOUS, 0},  {"remount", MS_REMOUNT, 0},     {"mand", MS_MANDLOCK, 0},
    {"nomand", 0, MS_MANDLOCK},   {"dirsync", MS_DIRSYNC, 0},   {"atime", 0, MS_NOATIME},       {"noatime", MS_NOATIME, 0},
    {"diratime", 0, MS_NODIRATIME}, {"nodiratime", MS_NODIRATIME, 0}, {"bind", MS_BIND, 0},    {"move", MS_MOVE, 0},
    {"rbind", MS_BIND | MS_REC, 0}, {"silent", MS_SILENT, 0},   {"loud", 0, MS_SILENT},         {"acl", MS_POSIXACL, 0},
    {"relatime", MS_RELATIME, 0}, {"norelatime", 0, MS_RELATIME}, {"iversion", MS_I_VERSION, 0}, {"noiversion", 0, MS_I_VERSION},
    {"strictatime", MS_STRICTATIME, 0}, {"nostrictatime", 0, MS_STRICTATIME}, {"lazytime", MS_LAZYTIME, 0},
    {"nolazytime", 0, MS_LAZYTIME},
};

static int apply_word(const char *word, unsigned long *flags)
{
    for (size_t i = 0; i < sizeof flag_words / sizeof *flag_words; i++)
        if (strcmp(word, flag_words[i].word) == 0) {
            *flags = (*flags & ~flag_words[i].off) | flag_words[i].on;
            return 1;
        }
    return 0;
}

static void usage(const char *progname)
{
    fprintf(stderr, "Usage:\n %s [options] <source> <directory>\n\nMount a filesystem.\n\nOptions:\n"
                    " -o, --options <list>    comma-separated list of mount options\n"
                    " -t, --types <list>      limit the set of filesystem types\n"
                    " -r, --read-only         mount the filesystem read-only (same as -o ro)\n"
                    " -w, --rw, --read-write  mount the filesystem read-write (default)\n"
                    " -B, --bind              mount a subtree somewhere else (same as -o bind)\n"
                    " -M, --move              move a subtree to some other place\n"
                    " -R, --rbind             mount a subtree and all submounts somewhere else\n"
                    " -h, --help              display this help\n\n", progname);
    exit(1);
}

int main(int argc, char *argv[])
{
    static const struct option options[] = {
        {"types", required_argument, 0, 't'}, {"options", required_argument, 0, 'o'}, {"read-only", no_argument, 0, 'r'},
        {"read-write", no_argument, 0, 'w'},  {"rw", no_argument, 0, 'w'},            {"bind", no_argument, 0, 'B'},
        {"move", no_argument, 0, 'M'},        {"rbind", no_argument, 0, 'R'},         {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    const char *progname = basename(argv[0]);
    const char *type = "";
    char *words = NULL;
    unsigned long flags = MS_SILENT;
    int c;
    while ((c = getopt_long(argc, argv, "ht:o:rwBMR", options, NULL)) != -1) {
        switch (c) {
        case 't': type = optarg; break;
        case 'o': words = optarg; break;
        case 'r': apply_word("ro", &flags); break;
        case 'w': apply_word("rw", &flags); break;
        case 'B': apply_word("bind", &flags); break;
        case 'M': apply_word("move", &flags); break;
        case 'R': apply_word("rbind", &flags); break;
        default: usage(progname);
        }
    }
    if (optind + 2 != argc)
        usage(progname);
    /* What is not a flag word goes to the file system as its data. */
    size_t size = words ? strlen(words) + 1 : 1;
    char *data = calloc(1, size);
    if (data == NULL)
        return 1;
    for (char *save = NULL, *word = words ? strtok_r(words, ",", &save) : NULL; word; word = strtok_r(NULL, ",", &save))
        if (!apply_word(word, &flags)) {
            if (data[0])
                strcat(data, ",");
            strcat(data, word);
        }
    if (mount(argv[optind], argv[optind + 1], type, flags, data[0] ? data : NULL) < 0) {
        perror(progname);
        return 1;
    }
    return 0;
}
