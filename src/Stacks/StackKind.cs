namespace Vuos.Net.Stacks;

public enum StackKind
{
    /// <summary>The machine's own stack.</summary>
    Host,
    /// <summary>Isolated: only lo (127.0.0.1, ::1).</summary>
    Loopback,
    /// <summary>User-mode NAT to the host network through libslirp.</summary>
    Slirp,
    /// <summary>Attached to an existing host TAP interface.</summary>
    Tap,
    /// <summary>Attached to a VDE network through libvdeplug.</summary>
    Vde,
}
