/*
 * server: a service as PatchworkOS's own daemons write one, with sockets as files under /net.
 * It binds a local seqpacket socket to NAME (default "echo") and serves one client at a time:
 * each message is answered with "NAME: MESSAGE"; "bye" is answered "bye" and ends the conversation
 * (the server hangs up); "quit" is answered "bye" too, and then the server exits.
 *
 *   gcc -Wall -std=c11 -o server server.c && ../../scripts/vuos run -- ./server echo
 */
#include "netfs.h"

/* Answers one client until it says bye or quit; returns 1 for quit. */
static int converse(int client, const char *name)
{
    char msg[256], reply[300];
    while (recv_line(client, 0, msg, sizeof msg) > 0) {
        if (strcmp(msg, "bye") == 0 || strcmp(msg, "quit") == 0) {
            send_line(client, "bye");
            return strcmp(msg, "quit") == 0;
        }
        snprintf(reply, sizeof reply, "%s: %s", name, msg);
        send_line(client, reply);
    }
    return 0; /* the client shut its side down, or the connection failed */
}

int main(int argc, char **argv)
{
    const char *name = argc > 1 ? argv[1] : "echo";
    char id[32], path[128], cmd[300];

    if (netfs_socket("local", "seqpacket", id, sizeof id) < 0) {
        perror("server: /net/local/seqpacket");
        return 1;
    }
    /* Both commands in one write: if bind fails, listen never runs and the write fails with bind's errno. */
    snprintf(path, sizeof path, "/net/local/%s/ctl", id);
    snprintf(cmd, sizeof cmd, "bind %s && listen", name);
    if (writefile(path, cmd) < 0) {
        fprintf(stderr, "server: %s: %s\n", cmd, strerror(errno));
        return 1;
    }
    /* Flushed: whoever started us may be waiting for this line on a pipe. */
    printf("listening as %s\n", name);
    fflush(stdout);

    snprintf(path, sizeof path, "/net/local/%s/accept", id);
    for (;;) {
        /* There is no accept(): opening the accept file waits for a client and returns the connection. */
        int client = open(path, O_RDWR);
        if (client < 0) {
            perror("server: accept");
            return 1;
        }
        int quit = converse(client, name);
        /* The server hangs up, not the client: a client's close(data) does not end the connection,
         * because its socket belongs to the session (as a PatchworkOS socket lives until its namespace
         * goes) and data is just one more descriptor of it. Closing the accepted connection does. */
        close(client);
        if (quit)
            return 0;
    }
}
