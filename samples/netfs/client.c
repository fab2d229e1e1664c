/*
 * client: talks to a netfs server by name. It writes "connect NAME" to a socket's ctl file, then
 * sends each MESSAGE (or, with none, each line of stdin) over the data file and prints each reply.
 * It may start before the server: a refused connect is retried for up to 5 seconds.
 *
 *   gcc -Wall -std=c11 -o client client.c && ../../scripts/vuos run -- ./client echo hello quit
 */
#include "netfs.h"

/* Connects to NAME and returns the data descriptor, or -1 with errno set. *stream tells which type
 * of socket answered: the C server uses seqpacket, the bash one stream. A local name is looked up per
 * socket type (a stream connect to a seqpacket server's name is refused as if nobody listened), so
 * we keep one socket of each type and try both. */
static int connect_by_name(const char *name, int *stream)
{
    static const char *const types[2] = {"seqpacket", "stream"};
    char ids[2][32], path[128], cmd[300];

    for (int t = 0; t < 2; t++)
        if (netfs_socket("local", types[t], ids[t], sizeof ids[t]) < 0)
            return -1;
    snprintf(cmd, sizeof cmd, "connect %s", name);
    long deadline = now_ms() + 5000;
    for (;;) {
        for (int t = 0; t < 2; t++) {
            snprintf(path, sizeof path, "/net/local/%s/ctl", ids[t]);
            if (writefile(path, cmd) == 0) {
                *stream = t == 1;
                snprintf(path, sizeof path, "/net/local/%s/data", ids[t]);
                return open(path, O_RDWR);
            }
            /* Worth retrying: ECONNREFUSED, nobody listens yet (for this type); ENOENT, a path name
             * not bound yet; EPROTOTYPE, a path name bound by the other type. */
            if (errno != ECONNREFUSED && errno != ENOENT && errno != EPROTOTYPE)
                return -1;
        }
        if (now_ms() > deadline)
            return -1;
        sleep_ms(50);
    }
}

/* Sends one message and prints the reply. Returns 1 while the conversation goes on, 0 once the
 * server has answered "bye" (it has hung up), -1 on error. */
static int exchange(int data, int stream, const char *msg)
{
    char reply[300];
    if (send_line(data, msg) < 0) {
        perror("client: send");
        return -1;
    }
    int r = recv_line(data, stream, reply, sizeof reply);
    if (r <= 0) {
        fprintf(stderr, "client: %s\n", r == 0 ? "the server hung up" : strerror(errno));
        return -1;
    }
    /* Flushed so each reply shows at once, even on a pipe. */
    printf("%s\n", reply);
    fflush(stdout);
    return strcmp(reply, "bye") != 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: client NAME [MESSAGE...]\n");
        return 2;
    }
    int stream;
    int data = connect_by_name(argv[1], &stream);
    if (data < 0) {
        fprintf(stderr, "client: connect %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    int going = 1;
    if (argc > 2) {
        for (int i = 2; i < argc && going > 0; i++)
            going = exchange(data, stream, argv[i]);
    } else {
        char line[256];
        while (going > 0 && fgets(line, sizeof line, stdin) != NULL) {
            line[strcspn(line, "\n")] = 0;
            going = exchange(data, stream, line);
        }
    }
    /* We cannot hang up by closing data: the socket belongs to the session, and data is only one
     * descriptor of it (see server.c). So the conversation ends with "bye" and the server hangs up. */
    if (going > 0)
        going = exchange(data, stream, "bye");
    close(data);
    return going < 0;
}
