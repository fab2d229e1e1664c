/*
 * What every part of vuos-nshelper shares: the text of the last failure and the reply that carries it to the
 * supervisor (struct nsh_reply, with descriptors as SCM_RIGHTS), and two small descriptor and file helpers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "nshelper.h"

/* Why the last step failed, for the reply: the supervisor shows it to the user. */
char failure[NSH_TEXT_LEN];

int fail(int err, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    int n = vsnprintf(failure, sizeof failure, format, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof failure)
        snprintf(failure + n, sizeof failure - (size_t)n, ": %s", strerror(err));
    return err;
}

void send_reply(int ctl, int status, int value, const int *fds, int nfds)
{
    struct nsh_reply r;
    memset(&r, 0, sizeof r);
    r.status = status;
    r.value = value;
    if (status != 0)
        memcpy(r.text, failure, sizeof r.text - 1);
    struct iovec iov = {.iov_base = &r, .iov_len = sizeof r};
    char cbuf[CMSG_SPACE(MAX_FDS * sizeof(int))];
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
    if (nfds > 0) {
        memset(cbuf, 0, sizeof cbuf);
        msg.msg_control = cbuf;
        msg.msg_controllen = CMSG_SPACE((size_t)nfds * sizeof(int));
        struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN((size_t)nfds * sizeof(int));
        memcpy(CMSG_DATA(c), fds, (size_t)nfds * sizeof(int));
    }
    if (sendmsg(ctl, &msg, MSG_NOSIGNAL) < 0)
        _exit(1);
    failure[0] = 0;
}

void close_all(int *fds, int n)
{
    for (int i = 0; i < n; i++)
        if (fds[i] >= 0)
            close(fds[i]);
}

int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    ssize_t n = write(fd, text, strlen(text));
    int err = n < 0 ? errno : 0;
    close(fd);
    return err;
}
