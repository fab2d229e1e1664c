using System.Runtime.InteropServices;
using Vuos.Net.Interop;

namespace Vuos.Net.Modules.Netfs;

/// <summary>
/// Accepting for an accept file. The listening socket is non-blocking (see <see cref="CtlExecutor"/>), so when
/// another process takes a connection first the opener just waits on.
/// </summary>
public static class AcceptWait
{
    /// <summary>Accepts now if a connection waits: the connection, null for none (EAGAIN), or an error.</summary>
    public static unsafe SafeFd? TryAccept(NetfsSocket listener)
    {
        var fd = Libc.accept4(listener.Socket, null, null, SocketConst.SOCK_CLOEXEC);
        if (fd >= 0)
        {
            return new SafeFd(fd);
        }
        var errno = Marshal.GetLastPInvokeError();
        return errno is Errno.EAGAIN or Errno.EINTR ? null : throw new ErrnoException("accept", errno);
    }
}
