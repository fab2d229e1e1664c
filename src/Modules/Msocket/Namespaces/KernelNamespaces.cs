using Vuos.Net.Interop;

namespace Vuos.Net.Modules.Msocket.Namespaces;

/// <summary>
/// Network namespaces made by the supervisor itself, which has CAP_SYS_ADMIN. Network namespaces are per
/// thread, so the calling thread enters the namespace with setns for the one call that must happen there
/// and returns at once (about 2.5 µs for the pair): no thread ever stays in a stack's namespace.
/// </summary>
public sealed class KernelNamespaces : INamespaceProvider
{
    // The namespace the supervisor started in; opened before any thread moves, so it is the host's.
    readonly SafeFd host = new(ErrnoException.Check(Libc.open("/proc/thread-self/ns/net", OpenFlags.CloExec, 0), "open /proc/thread-self/ns/net"));

    public INetworkNamespace Create()
    {
        ErrnoException.Check(Libc.unshare(NamespaceFlags.CloneNewNet), "unshare(CLONE_NEWNET)");
        try
        {
            var fd = ErrnoException.Check(Libc.open("/proc/thread-self/ns/net", OpenFlags.CloExec, 0), "open /proc/thread-self/ns/net");
            return new KernelNetworkNamespace(new SafeFd(fd), this);
        }
        finally
        {
            Return();
        }
    }

    internal T In<T>(SafeFd ns, Func<T> action)
    {
        ErrnoException.Check(Libc.setns(ns.Fd, NamespaceFlags.CloneNewNet), "setns");
        try
        {
            return action();
        }
        finally
        {
            Return();
        }
    }

    void Return()
    {
        if (Libc.setns(host.Fd, NamespaceFlags.CloneNewNet) != 0)
        {
            // A thread stuck in a stack's namespace would create host sockets there: stop rather than go on.
            Environment.FailFast("vuos: cannot return a thread to the host network namespace");
        }
    }

    public void Dispose() => host.Dispose();

    sealed unsafe class KernelNetworkNamespace(SafeFd ns, KernelNamespaces owner) : INetworkNamespace
    {
        public SafeFd Socket(int domain, int type, int protocol) => owner.In(ns, () =>
            new SafeFd(ErrnoException.Check(Libc.socket(domain, type | SocketConst.SOCK_CLOEXEC, protocol), "socket")));

        public (SafeFd, SafeFd) SocketPair(int domain, int type, int protocol) => owner.In(ns, () =>
        {
            int* fds = stackalloc int[2];
            ErrnoException.Check(Libc.socketpair(domain, type | SocketConst.SOCK_CLOEXEC, protocol, fds), "socketpair");
            return (new SafeFd(fds[0]), new SafeFd(fds[1]));
        });

        public SafeFd OpenTap(string name) => owner.In(ns, () => Tun.OpenTap(name));

        public void WriteSysctl(string path, string value) => owner.In(ns, () =>
        {
            // /proc/sys/net shows the namespace of the thread that opens it.
            File.WriteAllText("/proc/sys/" + path, value);
            return 0;
        });

        public SafeFd? EnterableHandle => ns;

        public void Dispose() => ns.Dispose();
    }
}
