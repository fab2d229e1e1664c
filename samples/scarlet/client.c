/*
 * client: the client side of Scarlet Native's usage example, with Scarlet's own calls (include/vuos/scarlet.h).
 * It creates a handle, connects it to the name /tmp/server.sock (or argv[1]), sends one message (argv[2],
 * default "hello"), shuts down writing and prints the reply. Started together with the server, it retries
 * the connection for up to 2 s while the server comes up. Only a server of the same stack is found: a name
 * bound in another stack, or on the host, is not there.
 *
 *   gcc -I ../../include -o server server.c && gcc -I ../../include -o client client.c && ../../scripts/vuos run --default lo -- bash -c './server /tmp/server.sock 1 & ./client /tmp/server.sock hi; wait'
 */
#include "vuos/scarlet.h"

#include <time.h>

static int fail(const char *what)
{
    fprintf(stderr, "client: %s: %s\n", what, strerror(errno));
    return 1;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "/tmp/server.sock";
    const char *message = argc > 2 ? argv[2] : "hello";
    size_t client_handle = SCARLET_ERROR, r = SCARLET_ERROR;

    setvbuf(stdout, NULL, _IOLBF, 0);

    /* ECONNREFUSED: nothing is bound to the name yet, or it is bound but not listening yet */
    for (int attempt = 0; attempt < 200; attempt++) {
        if ((client_handle = sys_socket_create()) == SCARLET_ERROR)
            return fail("sys_socket_create");
        if ((r = sys_socket_connect(client_handle, path, strlen(path))) == 0)
            break;
        int error = errno;
        /* a socket whose connect failed is not reused: its state after the failure is not portable */
        close((int)client_handle);
        errno = error;
        if (error != ECONNREFUSED)
            break;
        nanosleep(&(struct timespec){.tv_nsec = 10 * 1000 * 1000}, NULL);
    }
    if (r == SCARLET_ERROR)
        return fail(path);
    printf("client: connected to %s\n", path);

    if (write((int)client_handle, message, strlen(message)) != (ssize_t)strlen(message))
        return fail("write");
    /* end-of-file tells the server this client has nothing more to say, so it hangs up after replying */
    if (sys_socket_shutdown(client_handle, SCARLET_SHUTDOWN_WRITE) == SCARLET_ERROR)
        return fail("sys_socket_shutdown");

    char reply[600];
    size_t have = 0;
    ssize_t got;
    while (have < sizeof reply - 1 && (got = read((int)client_handle, reply + have, sizeof reply - 1 - have)) > 0)
        have += (size_t)got;
    reply[have] = '\0';
    printf("client: reply \"%s\"\n", reply);
    close((int)client_handle);
    return 0;
}
