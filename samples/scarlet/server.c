/*
 * server: the server side of Scarlet Native's usage example (seed 002). It creates a handle, binds it to
 * /tmp/server.sock (or argv[1]), listens, and accepts N clients (argv[2], default 1) one after another,
 * answering every message a client sends with "server got: MESSAGE".
 *
 *   gcc -I ../../include -o server server.c && ../../scripts/vuos run --default lo -- ./server /tmp/server.sock 1
 * and the client from a second terminal (client.c); client.c's command runs both in one session.
 */
#include "scarlet.h"

static int fail(const char *what, int r)
{
    fprintf(stderr, "server: %s: %s\n", what, strerror(-r));
    return 1;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "/tmp/server.sock";
    int clients = argc > 2 ? atoi(argv[2]) : 1;
    char buf[512];
    int r;

    /* stdout is often a pipe (tests, `| less`): line buffering keeps our lines in order with the client's */
    setvbuf(stdout, NULL, _IOLBF, 0);

    int server_handle = sys_socket_create();
    if (server_handle < 0)
        return fail("sys_socket_create", server_handle);
    /* a path socket outlives its server as a file, and bind refuses a name that exists */
    unlink(path);
    if ((r = sys_socket_bind(server_handle, path)) < 0)
        return fail(path, r);
    if ((r = sys_socket_listen(server_handle, 5)) < 0)
        return fail("sys_socket_listen", r);
    printf("server: listening on %s\n", path);

    for (int n = 1; n <= clients; n++) {
        int client_handle = sys_socket_accept(server_handle);
        if (client_handle < 0)
            return fail("sys_socket_accept", client_handle);
        printf("server: client %d connected\n", n);
        /* a stream has no message boundaries: each read is answered, and the client sends one at a time */
        ssize_t got;
        while ((got = read(client_handle, buf, sizeof buf - 1)) > 0) {
            buf[got] = '\0';
            printf("server: client %d says \"%s\"\n", n, buf);
            char reply[sizeof buf + 16];
            int len = snprintf(reply, sizeof reply, "server got: %s", buf);
            if (write(client_handle, reply, (size_t)len) != len)
                break;
        }
        printf("server: client %d %s\n", n, got == 0 ? "hung up" : strerror(errno));
        close(client_handle);
    }
    close(server_handle);
    unlink(path);
    return 0;
}
