using Vuos.Net.Interop;
using Vuos.Net.Interop.Processes;

namespace Vuos.Net.Stacks.Namespaces;

/// <summary>
/// A Linux network namespace of the session's. Everything that must be created inside it (sockets, the tap
/// device, sysctls) goes through here; once created, a socket or tap works from any namespace.
/// </summary>
public interface INetworkNamespace : IDisposable
{
    /// <summary>A socket in this namespace; SOCK_CLOEXEC is always added (the supervisor's own copy).</summary>
    SafeFd Socket(int domain, int type, int protocol);

    /// <summary>
    /// Up to <paramref name="count"/> sockets like <see cref="Socket"/>'s, made in one go (a root supervisor
    /// enters the namespace once, an anchor serves the requests in one wake-up): fewer when making one fails;
    /// none only by throwing that failure.
    /// </summary>
    IReadOnlyList<SafeFd> Sockets(int domain, int type, int protocol, int count);

    /// <summary>
    /// Whether the namespace can no longer make sockets (the anchor that makes them has gone): sockets made
    /// before must not be handed out then, so that every new one fails as <see cref="Socket"/> does.
    /// </summary>
    bool Down => false;

    (SafeFd, SafeFd) SocketPair(int domain, int type, int protocol);

    /// <summary>A new tap device (IFF_TAP|IFF_NO_PI) in this namespace; it vanishes when the descriptor is closed.</summary>
    SafeFd OpenTap(string name);

    /// <summary>Writes a per-namespace sysctl, e.g. "net/ipv4/ping_group_range".</summary>
    void WriteSysctl(string path, string value);

    /// <summary>
    /// What a process joins, in order, to live in the stack: the session's user namespace (unless the session
    /// keeps the host's), the stack's view of the files (a mount namespace) and its network namespace.
    /// </summary>
    IReadOnlyList<NamespaceToJoin> Join { get; }
}

/// <summary>Creates the session's network namespaces.</summary>
public interface INamespaceProvider : IDisposable
{
    /// <summary>A new network namespace whose processes see <paramref name="resolvConf"/> as /etc/resolv.conf.</summary>
    INetworkNamespace Create(string resolvConf);
}
