using Vuos.Net.Interop;

namespace Vuos.Net.Modules.Xv6;

public enum Xv6State
{
    Listening,
    Connected,
}

/// <summary>
/// One xv6 socket: a real TCP socket on 127.0.0.1 of its owner's default inet stack, named by its local port.
/// A server's port holds the listening socket until its one client arrives, then the connection.
/// </summary>
public sealed class Xv6Socket(int port, int ownerTgid, string stack) : IDisposable
{
    public int Port { get; } = port;

    public int OwnerTgid { get; } = ownerTgid;

    public string Stack { get; } = stack;

    public Xv6State State { get; set; } = Xv6State.Listening;

    public SafeFd? Listener { get; set; }

    public SafeFd? Connection { get; set; }

    /// <summary>The local port of the peer, when the peer is an xv6 socket of this session (for send's wait).</summary>
    public int PeerPort { get; set; } = -1;

    int claimed;

    /// <summary>A server takes one client: the first connect claims it, so a second one sees E_WRONG_STATE at once.</summary>
    public bool TryClaim() => Interlocked.CompareExchange(ref claimed, 1, 0) == 0;

    public void Unclaim() => Interlocked.Exchange(ref claimed, 0);

    public void Dispose()
    {
        Listener?.Dispose();
        Connection?.Dispose();
    }
}
