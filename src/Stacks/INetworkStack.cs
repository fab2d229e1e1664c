using Vuos.Net.Interop;

namespace Vuos.Net.Stacks;

/// <summary>A network stack mounted at a path, whose sockets tracees get.</summary>
public interface INetworkStack : IDisposable
{
    /// <summary>Where it is mounted, e.g. /dev/net/lo.</summary>
    string Path { get; }

    StackSpec Spec { get; }

    /// <summary>The machine's own stack: the kernel creates its sockets for the tracee as usual.</summary>
    bool IsHost { get; }

    bool Supports(int family);

    /// <summary>The nameserver a process using this stack sees in /etc/resolv.conf; null for the host's file.</summary>
    string? Nameserver { get; }

    /// <summary>A socket of this stack, owned by the supervisor until injected; SOCK_CLOEXEC is always set on it.</summary>
    SafeFd CreateSocket(int domain, int type, int protocol);

    (SafeFd, SafeFd) CreateSocketPair(int domain, int type, int protocol);

    /// <summary>The stack's network namespace, which processes can join to live in the stack; null for the host's stack.</summary>
    Namespaces.INetworkNamespace? Namespace { get; }

    /// <summary>Host forwards in place now (slirp's, from hostfwd= and the API), as "ID tcp:HOST:PORT-GUEST:PORT".</summary>
    IReadOnlyList<string> Forwards => [];

    /// <summary>Adds a host forward (hostfwd='s syntax) to a running slirp stack: its id, or why not.</summary>
    (int Id, string? Error) AddForward(string spec) => (0, $"{Path} is not a slirp stack");

    /// <summary>Removes a host forward by id: null, or why not.</summary>
    string? RemoveForward(int id) => $"{Path} is not a slirp stack";

    /// <summary>The file the stack's traffic is being captured to (pcap=, or started while it runs); null when none.</summary>
    string? CapturePath => null;

    /// <summary>Starts capturing the stack's traffic to FILE (pcap format) while it runs: null, or why not.</summary>
    string? StartCapture(string file) => $"{Path} is the host's stack: capture it with tcpdump on the host";

    /// <summary>Stops the capture, the file complete: null, or why not.</summary>
    string? StopCapture() => $"{Path} is not capturing";
}
