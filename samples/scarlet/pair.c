/*
 * pair: Scarlet Native's "IPC pair (simpler)", with Scarlet's own calls (include/vuos/scarlet.h).
 * sys_socketpair writes two connected handles, with no name at all, into a size_t[2]; after fork the parent
 * keeps one and the child the other. The parent sends a message and shuts down its writing side: the child
 * reads to end-of-file, which is how it knows the message is whole, answers, and exits. Writing after the
 * shutdown fails, and sys_socket_shutdown refuses any direction but 0, 1 and 2.
 *
 *   gcc -I ../../include -o pair pair.c && ../../scripts/vuos run --default lo -- ./pair
 */
#include "vuos/scarlet.h"

#include <signal.h>
#include <sys/wait.h>

static int fail(const char *who, const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", who, what, strerror(errno));
    return 1;
}

/* Reads until end-of-file; returns the byte count, or -1. */
static ssize_t read_all(size_t handle, char *buf, size_t size)
{
    size_t have = 0;
    ssize_t got;
    while (have < size - 1 && (got = read((int)handle, buf + have, size - 1 - have)) > 0)
        have += (size_t)got;
    buf[have] = '\0';
    return got < 0 ? -1 : (ssize_t)have;
}

static int child(size_t handle)
{
    char buf[256], reply[300];
    ssize_t n = read_all(handle, buf, sizeof buf);
    if (n < 0)
        return fail("child", "read");
    printf("child: got \"%s\", then end-of-file after %zd bytes\n", buf, n);
    int len = snprintf(reply, sizeof reply, "child read %zd bytes", n);
    if (write((int)handle, reply, (size_t)len) != len)
        return fail("child", "write");
    /* exiting closes the handle: the parent's read then ends too */
    return 0;
}

int main(void)
{
    const char *message = "hello through the pair";
    size_t handles[2];
    int status;
    char buf[256];

    setvbuf(stdout, NULL, _IOLBF, 0);
    /* Scarlet has no signals: writing to a closed direction is an error there. On Linux write() would raise
     * SIGPIPE and end the program; ignoring the signal makes it the EPIPE error Scarlet programs expect. */
    signal(SIGPIPE, SIG_IGN);

    if (sys_socketpair(handles) == SCARLET_ERROR)
        return fail("parent", "sys_socketpair");
    fflush(stdout); /* or the child would print the parent's buffered output again */
    pid_t pid = fork();
    if (pid < 0)
        return fail("parent", "fork");
    if (pid == 0) {
        /* each side closes the other's end, or its own copy would keep that end open and hide end-of-file */
        close((int)handles[0]);
        return child(handles[1]);
    }
    close((int)handles[1]);

    printf("parent: sending \"%s\"\n", message);
    if (write((int)handles[0], message, strlen(message)) != (ssize_t)strlen(message))
        return fail("parent", "write");
    if (sys_socket_shutdown(handles[0], 3) == SCARLET_ERROR)
        printf("parent: shutdown 3 fails: %s\n", strerror(errno));
    if (sys_socket_shutdown(handles[0], SCARLET_SHUTDOWN_WRITE) == SCARLET_ERROR)
        return fail("parent", "sys_socket_shutdown");
    printf("parent: shut down writing\n");
    if (write((int)handles[0], "more", 4) < 0)
        printf("parent: writing again fails: %s\n", strerror(errno));

    ssize_t n = read_all(handles[0], buf, sizeof buf);
    if (n < 0)
        return fail("parent", "read");
    printf("parent: child answered \"%s\", then end-of-file\n", buf);
    close((int)handles[0]);
    if (waitpid(pid, &status, 0) < 0)
        return fail("parent", "waitpid");
    printf("parent: child exited with %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    return 0;
}
