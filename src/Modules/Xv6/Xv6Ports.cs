using System.Collections.Concurrent;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Xv6;

/// <summary>The xv6 sockets of a session, by local port; a process's sockets close when it exits, as in the seed.</summary>
public sealed class Xv6Ports : IDisposable
{
    readonly ConcurrentDictionary<int, Xv6Socket> byPort = new();

    public int Count => byPort.Count;

    public Xv6Socket? Find(int port) => byPort.GetValueOrDefault(port);

    public bool TryAdd(Xv6Socket socket) => byPort.TryAdd(socket.Port, socket);

    public void Remove(Xv6Socket socket)
    {
        if (byPort.TryRemove(new KeyValuePair<int, Xv6Socket>(socket.Port, socket)))
        {
            socket.Dispose();
        }
    }

    public void CloseOwnedBy(int tgid)
    {
        foreach (var socket in byPort.Values.Where(s => s.OwnerTgid == tgid))
        {
            Remove(socket);
        }
    }

    public void Dispose()
    {
        foreach (var socket in byPort.Values)
        {
            socket.Dispose();
        }
        byPort.Clear();
    }
}

/// <summary>Closes a process's xv6 sockets when it exits (a forked child owns none of its parent's).</summary>
sealed class Xv6Ownership(Xv6Ports ports, int tgid) : ProcessState
{
    public override ProcessState? Fork() => null;

    public override void OnExit() => ports.CloseOwnedBy(tgid);
}
