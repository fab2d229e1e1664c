using Vuos.Net.Interop;
using Vuos.Net.Modules.Msocket.Namespaces;

namespace Vuos.Net.Modules.Msocket.Stacks;

/// <summary>
/// A stack that is a network namespace of the supervisor's (loopback, slirp, tap, vde), with whatever relays
/// its link to the outside. Its sockets are real kernel sockets of the namespace: once handed to a tracee,
/// every operation on them runs natively.
/// </summary>
public sealed class NamespaceStack(string path, StackSpec spec, INetworkNamespace ns, string? nameserver, IReadOnlyList<IDisposable> links)
    : INetworkStack
{
    public string Path { get; } = path;

    public StackSpec Spec { get; } = spec;

    public bool IsHost => false;

    public (int Id, string? Error) AddForward(string spec) =>
        links.OfType<Slirp.SlirpRelay>().FirstOrDefault() is { } relay ? relay.AddForward(spec) : (0, $"{Path} is not a slirp stack");

    public string? RemoveForward(int id) =>
        links.OfType<Slirp.SlirpRelay>().FirstOrDefault() is not { } relay ? $"{Path} is not a slirp stack"
        : relay.RemoveForward(id) ? null : $"{Path} has no forward {id}";

    public IReadOnlyList<string> Forwards =>
        [.. links.OfType<Slirp.SlirpRelay>().SelectMany(r => r.Forwards).Select(f => $"{f.Id} {f.Forward}")];

    public string? Nameserver { get; } = nameserver;

    public bool Supports(int family) => AddressFamilies.Routed.Contains(family);

    public INetworkNamespace? Namespace => ns;

    public SafeFd CreateSocket(int domain, int type, int protocol) =>
        Supports(domain) ? ns.Socket(domain, type, protocol) : throw new ErrnoException("socket", Errno.EAFNOSUPPORT);

    public (SafeFd, SafeFd) CreateSocketPair(int domain, int type, int protocol) =>
        Supports(domain) ? ns.SocketPair(domain, type, protocol) : throw new ErrnoException("socketpair", Errno.EAFNOSUPPORT);

    public void Dispose()
    {
        // Relays first (they hold the tap), then the namespace: its last reference goes with the last socket.
        foreach (var link in links)
        {
            link.Dispose();
        }
        ns.Dispose();
    }
}
