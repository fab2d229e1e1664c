/*
 * evloop: one process serving several clients at once, with non-blocking netfs files and poll().
 * It binds a local seqpacket socket to NAME (default "echo"), answers each message with
 * "NAME: MESSAGE" and "bye" with "bye" (hanging up), and exits after CLIENTS conversations.
 *
 * There is no descriptor that becomes readable when a client waits to be accepted: the only way
 * to accept is to open the accept file. So each round of the loop tries to open accept:nonblock
 * (it fails with EAGAIN when nobody waits) and then polls the open connections for at most 50 ms.
 * A new client is therefore noticed within 50 ms; the connections themselves are served at once.
 *
 *   gcc -Wall -std=c11 -o evloop evloop.c && ../../scripts/vuos run -- ./evloop 3 echo
 */
#include "netfs.h" /* first: it selects the POSIX declarations */

#include <poll.h>

#define MAX_CONNS 64

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: evloop CLIENTS [NAME]\n");
        return 2;
    }
    int clients = atoi(argv[1]);
    const char *name = argc > 2 ? argv[2] : "echo";
    char id[32], path[128], cmd[300];

    if (netfs_socket("local", "seqpacket", id, sizeof id) < 0) {
        perror("evloop: /net/local/seqpacket");
        return 1;
    }
    snprintf(path, sizeof path, "/net/local/%s/ctl", id);
    snprintf(cmd, sizeof cmd, "bind %s && listen", name);
    if (writefile(path, cmd) < 0) {
        fprintf(stderr, "evloop: %s: %s\n", cmd, strerror(errno));
        return 1;
    }
    printf("listening as %s\n", name);
    fflush(stdout);

    /* ":nonblock" makes the open fail with EAGAIN instead of waiting; the connection it returns is
     * non-blocking too, which suits a loop that must never wait on any one client. */
    snprintf(path, sizeof path, "/net/local/%s/accept:nonblock", id);
    struct pollfd conns[MAX_CONNS];
    int nconns = 0, served = 0;
    while (served < clients) {
        int fd;
        while (nconns < MAX_CONNS && (fd = open(path, O_RDWR)) >= 0)
            conns[nconns++] = (struct pollfd){.fd = fd, .events = POLLIN};
        if (nconns < MAX_CONNS && errno != EAGAIN) {
            perror("evloop: accept");
            return 1;
        }

        /* With no connection open this is just the 50 ms nap before the next accept attempt. */
        if (poll(conns, (nfds_t)nconns, 50) < 0) {
            perror("evloop: poll");
            return 1;
        }
        for (int i = 0; i < nconns; i++) {
            if (conns[i].revents == 0)
                continue;
            char msg[256], reply[300];
            int r = recv_line(conns[i].fd, 0, msg, sizeof msg);
            if (r < 0 && errno == EAGAIN)
                continue;
            if (r > 0 && strcmp(msg, "bye") != 0) {
                snprintf(reply, sizeof reply, "%s: %s", name, msg);
                send_line(conns[i].fd, reply);
                continue;
            }
            /* "bye", end of connection or an error: this conversation is over. We hang up, since the
             * client cannot (see server.c); the last entry moves into the free slot. */
            if (r > 0)
                send_line(conns[i].fd, "bye");
            close(conns[i].fd);
            conns[i] = conns[--nconns];
            i--; /* the moved entry has not been looked at yet */
            served++;
        }
    }
    printf("served %d clients\n", served);
    return 0;
}
