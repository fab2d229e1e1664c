/*
 * waiter: waits until a local service is up, by watching /net/local/addrs, which lists the
 * address of every listening local socket, one a line, as it was given to bind. Prints
 * "NAME is up" and exits 0 once NAME is listed; gives up after SECONDS (default 10) and exits 1.
 * Unlike a client that retries connect, it never connects, so the server sees no extra client.
 *
 *   gcc -Wall -std=c11 -o waiter waiter.c && ../../scripts/vuos run -- ./waiter echo 10
 */
#include "netfs.h"

/* Whether the text holds name as a whole line (so that "echo" is not found in "echo2"). */
static int has_line(char *text, const char *name)
{
    for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n"))
        if (strcmp(line, name) == 0)
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: waiter NAME [SECONDS]\n");
        return 2;
    }
    const char *name = argv[1];
    int seconds = argc > 2 ? atoi(argv[2]) : 10;
    long deadline = now_ms() + seconds * 1000L;
    for (;;) {
        /* addrs is made again by every read at offset 0; opening it anew each time works on any netfs too. */
        char addrs[4096];
        if (readfile("/net/local/addrs", addrs, sizeof addrs) < 0) {
            perror("waiter: /net/local/addrs");
            return 1;
        }
        if (has_line(addrs, name)) {
            printf("%s is up\n", name);
            return 0;
        }
        if (now_ms() >= deadline) {
            fprintf(stderr, "waiter: %s did not come up within %d s\n", name, seconds);
            return 1;
        }
        sleep_ms(50);
    }
}
