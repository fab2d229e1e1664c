/*
 * A program written for xv6, not for Linux: it uses xv6's user.h (printf to a descriptor, exit() and wait()
 * without arguments, sleep in clock ticks, gets) and its socket calls, and builds unchanged with the shim.
 * The parent serves port 20 and answers each line with its length; the child sends the lines of stdin
 * until "exit".
 *
 *   gcc -I shim -I ../../include -o linecount linecount.c && printf 'hi\nexit\n' | ../../scripts/vuos run -- ./linecount
 */
#include "types.h"
#include "user.h"
#include "signalcodes.h"

#define PORT 20

void client(void)
{
    char line[100];
    int me;

    while ((me = connect(PORT, "localhost")) == E_NOTFOUND)
        sleep(1);
    printf(1, "client at port %d\n", me);
    for (;;) {
        gets(line, sizeof(line));
        if (line[0] != '\0' && line[strlen(line) - 1] == '\n')
            line[strlen(line) - 1] = '\0';
        if (send(me, line, strlen(line) + 1) < 0 || strcmp(line, "exit") == 0)
            break;
        if (recv(me, line, sizeof(line)) < 0)
            break;
        printf(1, "client got: %s\n", line);
    }
    disconnect(me);
}

void server(void)
{
    char line[100];
    uint start = uptime();

    if (listen(PORT) < 0) {
        printf(2, "listen failed\n");
        return;
    }
    while (recv(PORT, line, sizeof(line)) == 0 && strcmp(line, "exit") != 0) {
        int n = strlen(line);
        line[0] = '0' + n / 10;
        line[1] = '0' + n % 10;
        strcpy(line + 2, " bytes");
        send(PORT, line, strlen(line) + 1);
    }
    printf(1, "server done after %s\n", uptime() - start < 1000 ? "less than 10 s" : "a long time");
    disconnect(PORT);
}

int main(int argc, char *argv[])
{
    if (fork() == 0) {
        client();
        exit();
    }
    server();
    wait();
    exit();
}
