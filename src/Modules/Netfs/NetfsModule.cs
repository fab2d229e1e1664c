using Serilog;
using Vuos.Net.Interop;
using Vuos.Net.Modules.Msocket;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Netfs;

/// <summary>
/// PatchworkOS's networking filesystem for a session (seed 000): the tree at <paramref name="virtualRoot"/>
/// (/net by default), its sockets in the callers' default stacks. Mounted when the engine registers its
/// modules, unmounted with the sockets when the session ends.
/// </summary>
public sealed class NetfsModule(string virtualRoot, MsocketSession session, ILogger diag, bool required) : ISyscallModule, IDisposable
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
        try
        {
            mount = NetfsMount.Start(tree, diag);
        }
        catch (Exception e) when (!required && e is InvalidOperationException or ErrnoException or IOException or UnauthorizedAccessException)
        {
            // netfs is on by default; where FUSE is missing the rest of the supervisor still works.
            diag.Warning("netfs is off: {Message:l} (--no-netfs silences this)", e.Message);
            return;
        }
        new NetfsPathHooks(virtualRoot, mount, sockets, callers, hooks.Log).Register(hooks);
    }

    public void Dispose()
    {
        mount?.Dispose();
        sockets?.Dispose();
    }
}
