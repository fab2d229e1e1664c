using Vuos.Net.Interop;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Msocket.Bypass;

/// <summary>
/// A blocking connect() served by a host socket: the supervisor's connect runs non-blocking and the program's call
/// waits until it ends. Connected, the host socket replaces the program's (blocking again, as the program's was);
/// refused, the call fails with the error and the program keeps its own socket, so no failed host socket is ever
/// left with it. A signal interrupts the wait as it would the kernel's connect (a restart connects anew).
/// </summary>
sealed class ConnectWait(SafeFd host, int target, bool closeOnExec, Action<SafeFd> connected) : IBlockingWait
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
        BypassModule.SetNonBlocking(host, false);
        connected(host);
        reply.ReplaceFd(target, host, closeOnExec, 0);
        return true;
    }

    public void Cancel() => host.Dispose();
}
