/*
 * pair: Scarlet Native's "IPC pair (simpler)" (seed 002). sys_socketpair gives two connected handles with
 * no name at all; after fork the parent keeps one and the child the other. The parent sends a message and
 * shuts down its writing side: the child reads to end-of-file, which is how it knows the message is whole,
 * answers, and exits. Writing after the shutdown fails with EPIPE.
 *
 *   gcc -I ../../include -o pair pair.c && ../../scripts/vuos run --default lo -- ./pair
 */
#include "scarlet.h"

#include <sys/wait.h>

static int fail(const char *who, const char *what, int r)
{
    fprintf(stderr, "%s: %s: %s\n", who, what, strerror(-r));
    return 1;
}

/* Reads until end-of-file; returns the byte count, or -errno. */
static ssize_t read_all(int handle, char *buf, size_t size)
{
    size_t have = 0;
    ssize_t got;
    while (have < size - 1 && (got = read(handle, buf + have, size - 1 - have)) > 0)
        have += (size_t)got;
    buf[have] = '\0';
    return got < 0 ? -errno : (ssize_t)have;
}

static int child(int handle)
{
    char buf[256], reply[300];
    ssize_t n = read_all(handle, buf, sizeof buf);
    if (n < 0)
        return fail("child", "read", (int)n);
    printf("child: got \"%s\", then end-of-file after %zd bytes\n", buf, n);
    int len = snprintf(reply, sizeof reply, "child read %zd bytes", n);
    if (write(handle, reply, (size_t)len) != len)
        return fail("child", "write", -errno);
    /* exiting closes the handle: the parent's read then ends too */
    return 0;
}

int main(void)
{
    const char *message = "hello through the pair";
    int handles[2], r, status;
    char buf[256];

    setvbuf(stdout, NULL, _IOLBF, 0);

    if ((r = sys_socketpair(handles)) < 0)
        return fail("parent", "sys_socketpair", r);
    fflush(stdout); /* or the child would print the parent's buffered output again */
    pid_t pid = fork();
    if (pid < 0)
        return fail("parent", "fork", -errno);
    if (pid == 0) {
        /* each side closes the other's end, or its own copy would keep that end open and hide end-of-file */
        close(handles[0]);
        return child(handles[1]);
    }
    close(handles[1]);

    printf("parent: sending \"%s\"\n", message);
    if (write(handles[0], message, strlen(message)) != (ssize_t)strlen(message))
        return fail("parent", "write", -errno);
    if ((r = sys_socket_shutdown(handles[0], SCARLET_SHUT_WRITE)) < 0)
        return fail("parent", "sys_socket_shutdown", r);
    printf("parent: shut down writing\n");
    /* send, not write: MSG_NOSIGNAL turns the SIGPIPE a write would raise into the EPIPE error */
    if (send(handles[0], "more", 4, MSG_NOSIGNAL) < 0)
        printf("parent: writing again fails: %s\n", strerror(errno));

    ssize_t n = read_all(handles[0], buf, sizeof buf);
    if (n < 0)
        return fail("parent", "read", (int)n);
    printf("parent: child answered \"%s\", then end-of-file\n", buf);
    close(handles[0]);
    if (waitpid(pid, &status, 0) < 0)
        return fail("parent", "waitpid", -errno);
    printf("parent: child exited with %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    return 0;
}
