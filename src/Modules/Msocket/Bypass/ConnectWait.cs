using Vuos.Net.Interop;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Msocket.Bypass;

/// <summary>
/// A blocking connect() served by a host socket: the supervisor's connect runs non-blocking and the program's call
/// waits until it ends. Connected (and marked so), the host socket replaces the program's (blocking again, as the program's was);
/// refused, the call fails with the error and the program keeps its own socket, so no failed host socket is ever
/// left with it. A signal interrupts the wait as it would the kernel's connect (a restart connects anew).
/// </summary>
sealed unsafe class ConnectWait(SafeFd host, byte[] sockaddr, int target, bool closeOnExec, Action<SafeFd> connected) : IBlockingWait
{
    public int PollFd => host.Fd;

    public short PollEvents => Interop.PollEvents.POLLOUT;

    public bool TryComplete(DeferredReply reply)
    {
        var error = BypassModule.PendingError(host);
        if (error != 0)
        {
            host.Dispose();
            reply.Fail(error);
            return true;
        }
        // A connect() that waited ends with the socket marked connected; one that ran non-blocking leaves that to the
        // next connect(), which would otherwise return 0 once more in the program instead of EISCONN.
        fixed (byte* p = sockaddr)
        {
            _ = Libc.connect(host, p, (uint)sockaddr.Length);
        }
        _ = Libc.SetNonBlocking(host, false);
        connected(host);
        reply.ReplaceFd(target, host, closeOnExec, 0);
        return true;
    }

    public void Cancel() => host.Dispose();
}
