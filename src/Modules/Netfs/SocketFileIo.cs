using System.Runtime.InteropServices;
using Vuos.Net.Interop;

namespace Vuos.Net.Modules.Netfs;

/// <summary>
/// Reads, writes and polls of a socket on behalf of a netfs file (data, or a connection opened through accept):
/// a blocking call waits in the FUSE worker until the socket is ready or the caller is interrupted by a
/// signal, a non-blocking one answers EAGAIN. Writes never raise SIGPIPE: PatchworkOS has no signals, so a
/// vanished peer is EPIPE.
/// </summary>
static unsafe class SocketFileIo
{
    public static int Read(int fd, Span<byte> buffer, bool nonBlocking, CancellationToken interrupted, out int count)
    {
        count = 0;
        while (true)
        {
            nint n;
            fixed (byte* p = buffer)
            {
                n = Libc.recv(fd, p, (nuint)buffer.Length, SocketConst.MSG_DONTWAIT);
            }
            if (n >= 0)
            {
                count = (int)n;
                return 0;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Errno.EAGAIN)
            {
                return errno;
            }
            if (nonBlocking)
            {
                return Errno.EAGAIN;
            }
            if (WaitFor(fd, PollEvents.POLLIN, interrupted) is var wait and not 0)
            {
                return wait;
            }
        }
    }

    /// <param name="whole">A stream: a blocking write returns once all of it is sent, as write(2) on a socket does.</param>
    public static int Write(int fd, ReadOnlySpan<byte> data, bool nonBlocking, bool whole, CancellationToken interrupted, out int written)
    {
        written = 0;
        while (true)
        {
            nint n;
            fixed (byte* p = data)
            {
                n = Libc.send(fd, p + written, (nuint)(data.Length - written), SocketConst.MSG_DONTWAIT | SocketConst.MSG_NOSIGNAL);
            }
            if (n >= 0)
            {
                written += (int)n;
                if (!whole || written == data.Length || nonBlocking)
                {
                    return 0;
                }
                continue;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Errno.EAGAIN || nonBlocking)
            {
                return written > 0 ? 0 : errno;
            }
            if (WaitFor(fd, PollEvents.POLLOUT, interrupted) is var wait and not 0)
            {
                return written > 0 ? 0 : wait;
            }
        }
    }

    /// <summary>The socket's readiness now (errors and hang-ups always included).</summary>
    public static short Ready(int fd, short events)
    {
        var poll = new PollFd { Fd = fd, Events = events };
        return Libc.poll(&poll, 1, 0) > 0 ? poll.Revents : (short)0;
    }

    /// <summary>Waits until the socket has <paramref name="events"/>: 0, or EINTR once the caller is interrupted.</summary>
    public static int WaitFor(int fd, short events, CancellationToken interrupted)
    {
        using var cancel = new SafeFd(ErrnoException.Check(Libc.eventfd(0, OpenFlags.CloExec), "eventfd"));
        using var registration = interrupted.Register(() =>
        {
            ulong one = 1;
            Libc.write(cancel, &one, 8);
        });
        var fds = stackalloc PollFd[2];
        fds[0] = new PollFd { Fd = fd, Events = events };
        fds[1] = new PollFd { Fd = cancel.Fd, Events = PollEvents.POLLIN };
        while (true)
        {
            if (Libc.poll(fds, 2, -1) < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Errno.EINTR)
                {
                    continue; // a signal for the supervisor, not the caller
                }
                return errno;
            }
            return fds[1].Revents != 0 ? Errno.EINTR : 0;
        }
    }
}
