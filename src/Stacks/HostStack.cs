using Vuos.Net.Interop;

namespace Vuos.Net.Stacks;

/// <summary>
/// The machine's own stack. socket() for it runs in the kernel unchanged while the process lives in the host's
/// namespace; msocket, and processes living in another stack, need a socket made here.
/// </summary>
public sealed unsafe class HostStack(string path, StackSpec spec) : INetworkStack
{
    public string Path { get; } = path;

    public StackSpec Spec { get; } = spec;

    public bool IsHost => true;

    public string? Nameserver => null;

    public Namespaces.INetworkNamespace? Namespace => null;

    public bool Supports(int family) => true;

    public SafeFd CreateSocket(int domain, int type, int protocol) =>
        new(ErrnoException.Check(Libc.socket(domain, type | SocketConst.SOCK_CLOEXEC, protocol), "socket"));

    public (SafeFd, SafeFd) CreateSocketPair(int domain, int type, int protocol)
    {
        int* fds = stackalloc int[2];
        ErrnoException.Check(Libc.socketpair(domain, type | SocketConst.SOCK_CLOEXEC, protocol, fds), "socketpair");
        return (new SafeFd(fds[0]), new SafeFd(fds[1]));
    }

    public void Dispose()
    {
    }
}
