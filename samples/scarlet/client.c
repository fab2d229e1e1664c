/*
 * client: the client side of Scarlet Native's usage example (seed 002). It creates a handle, connects it
 * to /tmp/server.sock (or argv[1]), sends one message (argv[2], default "hello") and prints the reply.
 * Started together with the server, it retries the connection for up to 2 s while the server comes up.
 *
 *   gcc -I ../../include -o server server.c && gcc -I ../../include -o client client.c && ../../scripts/vuos run --default lo -- bash -c './server /tmp/server.sock 1 & ./client /tmp/server.sock hi; wait'
 */
#include "scarlet.h"

#include <time.h>

static int fail(const char *what, int r)
{
    fprintf(stderr, "client: %s: %s\n", what, strerror(-r));
    return 1;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "/tmp/server.sock";
    const char *message = argc > 2 ? argv[2] : "hello";
    int client_handle = -1, r = 0;

    setvbuf(stdout, NULL, _IOLBF, 0);

    /* ENOENT: not bound yet; ECONNREFUSED: bound but not listening yet (or a stale file) */
    for (int attempt = 0; attempt < 200; attempt++) {
        if ((client_handle = sys_socket_create()) < 0)
            return fail("sys_socket_create", client_handle);
        if ((r = sys_socket_connect(client_handle, path)) == 0)
            break;
        /* a socket whose connect failed is not reused: its state after the failure is not portable */
        close(client_handle);
        if (r != -ENOENT && r != -ECONNREFUSED)
            break;
        nanosleep(&(struct timespec){.tv_nsec = 10 * 1000 * 1000}, NULL);
    }
    if (r < 0)
        return fail(path, r);
    printf("client: connected to %s\n", path);

    if (write(client_handle, message, strlen(message)) != (ssize_t)strlen(message))
        return fail("write", -errno);
    /* end-of-file tells the server this client has nothing more to say, so it hangs up after replying */
    if ((r = sys_socket_shutdown(client_handle, SCARLET_SHUT_WRITE)) < 0)
        return fail("sys_socket_shutdown", r);

    char reply[600];
    size_t have = 0;
    ssize_t got;
    while (have < sizeof reply - 1 && (got = read(client_handle, reply + have, sizeof reply - 1 - have)) > 0)
        have += (size_t)got;
    reply[have] = '\0';
    printf("client: reply \"%s\"\n", reply);
    close(client_handle);
    return 0;
}
