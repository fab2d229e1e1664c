using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Netfs;

/// <summary>
/// The netfs sockets a process keeps alive: those it created and those its ancestors had created before forking
/// it. When it exits it lets go of them, and the session's sockets are collected.
/// </summary>
sealed class NetfsLineage(NetfsSockets sockets) : ProcessState
{
    readonly List<NetfsSocket> held = [];

    public void Hold(NetfsSocket socket)
    {
        lock (held)
        {
            held.Add(socket);
        }
        socket.AddHolder();
    }

    public override ProcessState? Fork()
    {
        var child = new NetfsLineage(sockets);
        lock (held)
        {
            foreach (var socket in held)
            {
                child.Hold(socket);
            }
        }
        return child;
    }

    public override void OnExit()
    {
        lock (held)
        {
            foreach (var socket in held)
            {
                socket.RemoveHolder();
            }
            held.Clear();
        }
        sockets.Collect();
    }
}
