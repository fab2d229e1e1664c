using Serilog;
using Vuos.Net.Interop;
using Vuos.Net.Modules.Msocket;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Netfs;

/// <summary>
/// PatchworkOS's networking filesystem for a session (seed 000): the tree at <paramref name="mountPoint"/>
/// (/net by default) in the session's mount namespace, its sockets in the callers' default stacks. Served
/// from when the engine registers its modules until the session ends.
/// </summary>
public sealed class NetfsModule(string mountPoint, SafeFd device, MsocketSession session, ILogger diag) : ISyscallModule, IDisposable
{
    NetfsSockets? sockets;
    NetfsMount? mount;

    public string Name => "netfs";

    public string? MountPoint => mount?.MountPoint;

    public void Register(HookRegistry hooks)
    {
        var callers = new NetfsCallers(hooks.Processes);
        var sockets = this.sockets = new NetfsSockets(() => hooks.Processes.Processes.Select(p => p.Tgid));
        var tree = new NetfsTree(sockets, callers, session, hooks.Log);
        mount = NetfsMount.Serve(tree, device, mountPoint, diag);
    }

    public void Dispose()
    {
        mount?.Dispose();
        sockets?.Dispose();
    }
}
