/*
 * server: the server side of Scarlet Native's usage example, with Scarlet's own calls (include/vuos/scarlet.h).
 * It creates a handle, binds it to the name /tmp/server.sock (or argv[1]) with the name's length, listens,
 * and accepts N clients (argv[2], default 1) one after another, answering every message a client sends with
 * "server got: MESSAGE". The name lives in the stack the server runs in: no file is made, and nothing needs
 * removing when the server is done.
 *
 *   gcc -I ../../include -o server server.c && ../../scripts/vuos run --default lo -- ./server /tmp/server.sock 1
 * and the client from the same session (client.c's command runs both).
 */
#include "vuos/scarlet.h"

#include <stdlib.h>

static int fail(const char *what)
{
    fprintf(stderr, "server: %s: %s\n", what, strerror(errno));
    return 1;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "/tmp/server.sock";
    int clients = argc > 2 ? atoi(argv[2]) : 1;
    char buf[512];

    /* stdout is often a pipe (tests, `| less`): line buffering keeps our lines in order with the client's */
    setvbuf(stdout, NULL, _IOLBF, 0);

    size_t server_handle = sys_socket_create();
    if (server_handle == SCARLET_ERROR)
        return fail("sys_socket_create");
    if (sys_socket_bind(server_handle, path, strlen(path)) == SCARLET_ERROR)
        return fail(path);
    if (sys_socket_listen(server_handle, 5) == SCARLET_ERROR)
        return fail("sys_socket_listen");
    printf("server: listening on %s\n", path);

    for (int n = 1; n <= clients; n++) {
        size_t client_handle = sys_socket_accept(server_handle);
        if (client_handle == SCARLET_ERROR)
            return fail("sys_socket_accept");
        printf("server: client %d connected\n", n);
        /* a handle is a descriptor: read and write work on it. A stream has no message boundaries: each read
         * is answered, and the client sends one message at a time. */
        ssize_t got;
        while ((got = read((int)client_handle, buf, sizeof buf - 1)) > 0) {
            buf[got] = '\0';
            printf("server: client %d says \"%s\"\n", n, buf);
            char reply[sizeof buf + 16];
            int len = snprintf(reply, sizeof reply, "server got: %s", buf);
            if (write((int)client_handle, reply, (size_t)len) != len)
                break;
        }
        printf("server: client %d %s\n", n, got == 0 ? "hung up" : strerror(errno));
        close((int)client_handle);
    }
    close((int)server_handle);
    return 0;
}
