/*
 * socktest, the xv6 socket API's demonstration (seed 003), rewritten as a Linux program on
 * include/vuos/xv6sock.h. The original, written for xv6's user.h, builds unchanged with shim/ (see README.md).
 * The parent is the server: it listens on port 10 (or argv[1]) and answers each line with " OK" appended.
 * The child is the client: it sends the lines it reads on stdin, and "exit" at the end of input.
 *
 *   gcc -I ../../include -o socktest socktest.c && ../../scripts/vuos run --default lo -- ./socktest
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vuos/xv6sock.h>

static int serverPort = 10;

static void clientProc(void)
{
    int clientPort;
    char buf[128];
    char host[16] = "localhost";

    /* give the server time to start listening, as the original does */
    usleep(100 * 1000);

    printf("Client>> Attempting to connect to port %d, host %s ...\n", serverPort, host);
    clientPort = xv6_connect(serverPort, host);
    printf("Client>> connect() returned %s\n", clientPort > 0 ? "a local port" : "an error");
    if (clientPort < 0) {
        printf("Client>> error %d\n", clientPort);
        return;
    }

    while (1) {
        printf("Client>> Enter text to send to server: ");
        if (fgets(buf, sizeof buf, stdin) == NULL)
            strcpy(buf, "exit\n");
        buf[strcspn(buf, "\n")] = '\0';
        printf("\n");
        int r = xv6_send(clientPort, buf, strlen(buf) + 1);
        if (r < 0) {
            printf("Client>> send() returned %d\n", r);
            return;
        }

        if (0 == strcmp(buf, "exit")) {
            printf("Client exiting...\n");
            xv6_disconnect(clientPort);
            break;
        }

        r = xv6_recv(clientPort, buf, sizeof buf);
        if (r < 0) {
            printf("Client>> recv() returned %d\n", r);
            return;
        }
        printf("Client>> Received: \"%s\"\n", buf);
        fflush(stdout);
    }
}

static void serverProc(void)
{
    int status;
    char buf[128];

    printf("Server>> Starting to listen at port %d ...\n", serverPort);
    fflush(stdout);
    status = xv6_listen(serverPort);
    printf("Server>> listen() returned %d\n", status);
    if (status < 0)
        return;

    while (1) {
        int r = xv6_recv(serverPort, buf, sizeof buf);
        if (r < 0) {
            printf("Server>> recv() returned %d\n", r);
            return;
        }
        printf("Server>> Received: \"%s\"\n", buf);
        fflush(stdout);

        if (0 == strcmp(buf, "exit")) {
            printf("Server exiting...\n");
            xv6_disconnect(serverPort);
            break;
        }

        strcpy(buf + strlen(buf), " OK");
        xv6_send(serverPort, buf, strlen(buf) + 1);
    }
}

int main(int argc, char *argv[])
{
    if (argc > 1)
        serverPort = atoi(argv[1]);
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (0 == fork()) {
        clientProc();
        exit(0);
    } else {
        serverProc();
        /* the parent is the server; it waits for the client to finish */
        wait(NULL);
        exit(0);
    }
}
