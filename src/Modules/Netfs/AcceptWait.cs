using System.Runtime.InteropServices;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Netfs;

/// <summary>
/// Opening an accept file: the open blocks, as accept(2) does, until a connection arrives on the listening
/// socket, and returns the connection. The listening socket is non-blocking (see <see cref="CtlExecutor"/>), so
/// when another process takes the connection first the wait just goes on.
/// </summary>
public sealed unsafe class AcceptWait(NetfsSocket listener, bool closeOnExec, bool nonBlocking) : IBlockingWait
{
    public int PollFd => listener.Socket.Fd;

    public short PollEvents => 1; // POLLIN

    /// <summary>Accepts now if a connection waits: the connection, null for none (EAGAIN), or an error.</summary>
    public SafeFd? TryAccept()
    {
        var flags = SocketConst.SOCK_CLOEXEC | (nonBlocking ? SocketConst.SOCK_NONBLOCK : 0);
        var fd = Libc.accept4(listener.Socket.Fd, null, null, flags);
        if (fd >= 0)
        {
            return new SafeFd(fd);
        }
        var errno = Marshal.GetLastPInvokeError();
        return errno is Errno.EAGAIN or Errno.EINTR ? null : throw new ErrnoException("accept", errno);
    }

    public bool TryComplete(DeferredReply reply)
    {
        if (TryAccept() is not { } connection)
        {
            return false;
        }
        reply.ReturnFd(connection, closeOnExec);
        return true;
    }

    public void Cancel()
    {
    }
}
