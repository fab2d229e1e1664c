namespace Vuos.Net.Modules.Xv6;

public enum Xv6State
{
    Listening,
    Connected,
    Closed,
}

/// <summary>
/// One xv6 socket, as sock.h's struct sock: its port, owner, state, peer and one message buffer. The supervisor
/// holds the message itself, so no stack's TCP port is involved. Changed only under <see cref="Xv6Table.Gate"/>.
/// </summary>
public sealed class Xv6Socket(int port, int ownerTgid)
{
    public int Port { get; } = port;

    public int OwnerTgid { get; } = ownerTgid;

    public Xv6State State { get; set; } = Xv6State.Listening;

    /// <summary>The other end once connected; kept after it closes, so calls can tell a peer that has gone.</summary>
    public Xv6Socket? Peer { get; set; }

    /// <summary>The message sent to this socket and not yet received (the kernel's recvbuffer with hasfullbuffer set).</summary>
    public byte[]? Message { get; set; }
}
