using System.Runtime.InteropServices;
using Vuos.Net.Interop;
using Vuos.Net.Interop.Processes;

namespace Vuos.Net.Stacks.Namespaces;

/// <summary>
/// A stack's network namespace, held by its anchor process (vuos-nshelper). A root supervisor makes what it
/// needs in the namespace itself (<see cref="NamespaceSwitch"/>); an unprivileged one asks the anchor, which
/// lives there. Processes join the stack by setns on the anchor's namespaces (<see cref="Join"/>).
/// </summary>
sealed unsafe class AnchoredNetworkNamespace(NsHelperChannel anchor, SafeFd netns, SafeFd mntns, SafeFd? userns,
    NamespaceSwitch? switcher) : INetworkNamespace
{
    public IReadOnlyList<NamespaceToJoin> Join { get; } =
    [
        .. userns is null ? Array.Empty<NamespaceToJoin>() : [new NamespaceToJoin(userns, NamespaceFlags.CloneNewUser)],
        new NamespaceToJoin(mntns, NamespaceFlags.CloneNewNs),
        new NamespaceToJoin(netns, NamespaceFlags.CloneNewNet),
    ];

    public bool Down => switcher is null && anchor.Gone;

    public SafeFd Socket(int domain, int type, int protocol)
    {
        if (switcher is not null)
        {
            return switcher.In(netns, () => new SafeFd(ErrnoException.Check(Libc.socket(domain, type | SocketConst.SOCK_CLOEXEC, protocol), "socket")));
        }
        var request = new NsHelperRequest { Op = NsHelperProtocol.OpSocket, A = domain, B = type, C = protocol };
        return Single(anchor.Call(ref request, "socket").Fds, "socket");
    }

    public IReadOnlyList<SafeFd> Sockets(int domain, int type, int protocol, int count)
    {
        var made = new List<SafeFd>(count);
        if (switcher is not null)
        {
            return switcher.In(netns, () =>
            {
                for (var i = 0; i < count; i++)
                {
                    var fd = Libc.socket(domain, type | SocketConst.SOCK_CLOEXEC, protocol);
                    if (fd < 0)
                    {
                        return made.Count > 0 ? made : throw new ErrnoException("socket", Marshal.GetLastPInvokeError());
                    }
                    made.Add(new SafeFd(fd));
                }
                return made;
            });
        }
        var request = new NsHelperRequest { Op = NsHelperProtocol.OpSocket, A = domain, B = type, C = protocol };
        var failure = 0;
        // A batch holds as many requests as the channel takes without waiting (net.unix.max_dgram_qlen, 10 by
        // default), so larger counts take several batches.
        while (made.Count < count && failure == 0)
        {
            foreach (var (status, fds) in anchor.CallRepeated(ref request, count - made.Count))
            {
                if (status == 0 && fds.Length == 1)
                {
                    made.Add(fds[0]);
                    continue;
                }
                failure = failure != 0 ? failure : status != 0 ? status : Errno.EPROTO;
                foreach (var fd in fds)
                {
                    fd.Dispose();
                }
            }
        }
        return made.Count > 0 ? made : throw new ErrnoException("socket", failure);
    }

    public (SafeFd, SafeFd) SocketPair(int domain, int type, int protocol)
    {
        if (switcher is not null)
        {
            return switcher.In(netns, () =>
            {
                int* fds = stackalloc int[2];
                ErrnoException.Check(Libc.socketpair(domain, type | SocketConst.SOCK_CLOEXEC, protocol, fds), "socketpair");
                return (new SafeFd(fds[0]), new SafeFd(fds[1]));
            });
        }
        var request = new NsHelperRequest { Op = NsHelperProtocol.OpSocketPair, A = domain, B = type, C = protocol };
        var fds = anchor.Call(ref request, "socketpair").Fds;
        return fds.Length == 2 ? (fds[0], fds[1]) : throw Unexpected(fds, "socketpair");
    }

    public SafeFd OpenTap(string name)
    {
        if (switcher is not null)
        {
            return switcher.In(netns, () => Tun.OpenTap(name));
        }
        var request = new NsHelperRequest { Op = NsHelperProtocol.OpTap };
        NsHelperChannel.Put(request.Name, 16, name, $"tap {name}");
        try
        {
            return Single(anchor.Call(ref request, $"creating tap {name}").Fds, $"creating tap {name}");
        }
        catch (ErrnoException e) when (e.Errno is Errno.EACCES or Errno.EPERM)
        {
            throw new InvalidOperationException(
                $"creating tap {name}: {e.Message}: an unprivileged user needs read-write access to /dev/net/tun " +
                "(most distributions ship it as mode 0666: chmod 0666 /dev/net/tun), or run vuos as root", e);
        }
    }

    public void WriteSysctl(string path, string value)
    {
        if (switcher is not null)
        {
            // /proc/sys/net shows the namespace of the thread that opens it.
            switcher.In(netns, () =>
            {
                File.WriteAllText("/proc/sys/" + path, value);
                return 0;
            });
            return;
        }
        var request = new NsHelperRequest { Op = NsHelperProtocol.OpSysctl };
        NsHelperChannel.Put(request.Name, NsHelperProtocol.NameLength, path, $"sysctl {path}");
        NsHelperChannel.Put(request.Data, NsHelperProtocol.DataLength, value, $"sysctl {path}");
        anchor.Call(ref request, $"sysctl {path}");
    }

    static SafeFd Single(SafeFd[] fds, string what) => fds.Length == 1 ? fds[0] : throw Unexpected(fds, what);

    static ErrnoException Unexpected(SafeFd[] fds, string what)
    {
        foreach (var fd in fds)
        {
            fd.Dispose();
        }
        return new ErrnoException(what, Errno.EPROTO);
    }

    public void Dispose()
    {
        // The anchor ends when its control socket closes; the namespace goes with its last process or descriptor.
        anchor.Dispose();
        netns.Dispose();
        mntns.Dispose();
        userns?.Dispose();
    }
}
