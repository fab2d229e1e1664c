namespace Vuos.Net.Modules.Xv6;

/// <summary>
/// The session's xv6 sockets by port, one table as the kernel's (sock.c's stable): xv6 ports are a namespace of
/// their own, apart from every stack's TCP ports, so only xv6 sockets reach xv6 sockets, from any stack of the
/// session. Callers hold <see cref="Gate"/> across a call's checks and changes, as the kernel holds stable.lock;
/// every change wakes every sleeping call.
/// </summary>
public sealed class Xv6Table : IDisposable
{
    readonly Dictionary<int, Xv6Socket> byPort = [];
    readonly HashSet<Xv6Sleeper> sleepers = [];

    public Lock Gate { get; } = new();

    public int Count => byPort.Count;

    public Xv6Socket? Find(int port) => byPort.GetValueOrDefault(port);

    /// <summary>A new socket at a free port, or null when the port is taken.</summary>
    public Xv6Socket? Open(int port, int ownerTgid)
    {
        lock (Gate)
        {
            var socket = new Xv6Socket(port, ownerTgid);
            return byPort.TryAdd(port, socket) ? socket : null;
        }
    }

    /// <summary>A client's own port: the highest free one below NPORT, never 0 (sock.c's getfreeport); -1 when none is.</summary>
    public int FreeClientPort()
    {
        lock (Gate)
        {
            for (var port = Xv6Abi.PortCount - 1; port > 0; port--)
            {
                if (!byPort.ContainsKey(port))
                {
                    return port;
                }
            }
            return -1;
        }
    }

    /// <summary>Closes a socket: its port is free again, its peer sees it gone, and a message sent to it is lost.</summary>
    public void Remove(Xv6Socket socket)
    {
        lock (Gate)
        {
            if (byPort.GetValueOrDefault(socket.Port) == socket)
            {
                byPort.Remove(socket.Port);
            }
            socket.State = Xv6State.Closed;
            socket.Message = null;
            WakeAll();
        }
    }

    /// <summary>The sockets of a process that ends close with it (the kernel's closeprocsocks in exit).</summary>
    public void CloseOwnedBy(int tgid)
    {
        lock (Gate)
        {
            foreach (var socket in byPort.Values.Where(s => s.OwnerTgid == tgid).ToList())
            {
                Remove(socket);
            }
        }
    }

    public Xv6Sleeper Sleep()
    {
        lock (Gate)
        {
            var sleeper = new Xv6Sleeper();
            sleepers.Add(sleeper);
            return sleeper;
        }
    }

    public void Forget(Xv6Sleeper sleeper)
    {
        lock (Gate)
        {
            if (sleepers.Remove(sleeper))
            {
                sleeper.Dispose();
            }
        }
    }

    public void WakeAll()
    {
        lock (Gate)
        {
            foreach (var sleeper in sleepers)
            {
                sleeper.Wake();
            }
        }
    }

    public void Dispose()
    {
        lock (Gate)
        {
            foreach (var sleeper in sleepers)
            {
                sleeper.Dispose();
            }
            sleepers.Clear();
            byPort.Clear();
        }
    }
}
