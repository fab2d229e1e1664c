using Vuos.Net.Interop;

namespace Vuos.Net.Modules.Msocket.Namespaces;

/// <summary>
/// A Linux network namespace the supervisor owns. Everything that must be created inside it (sockets, the
/// tap device, sysctls) goes through here; once created, a socket or tap works from any namespace.
/// </summary>
public interface INetworkNamespace : IDisposable
{
    /// <summary>A socket in this namespace; SOCK_CLOEXEC is always added (the supervisor's own copy).</summary>
    SafeFd Socket(int domain, int type, int protocol);

    (SafeFd, SafeFd) SocketPair(int domain, int type, int protocol);

    /// <summary>A new tap device (IFF_TAP|IFF_NO_PI) in this namespace; it vanishes when the descriptor is closed.</summary>
    SafeFd OpenTap(string name);

    /// <summary>Writes a per-namespace sysctl, e.g. "net/ipv4/ping_group_range".</summary>
    void WriteSysctl(string path, string value);

    /// <summary>
    /// A descriptor of the namespace that a process of the session may enter with setns, or null: a namespace
    /// inside the helper's user namespace can only be entered by joining that user namespace too.
    /// </summary>
    SafeFd? EnterableHandle { get; }
}

/// <summary>Creates network namespaces: directly when privileged, through a user-namespace helper otherwise.</summary>
public interface INamespaceProvider : IDisposable
{
    INetworkNamespace Create();
}
