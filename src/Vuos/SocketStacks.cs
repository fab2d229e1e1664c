using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Vuos.Net.Interop;
using Vuos.Net.Modules.Msocket;
using Vuos.Net.Tracer.Logging;

namespace Vuos.Net.Cli;

/// <summary>
/// -yy's "@STACK" after a socket: the mounted stack whose network namespace holds it. A socket's namespace is
/// found with SIOCGSKNS; each built stack's with one probe socket of its own, once. Stacks that are not built
/// yet are not built for this.
/// </summary>
static unsafe class SocketStacks
{

    public static void Label(SyscallLog log, MsocketSession session)
    {
        if (log.Labels is not { } labels || log.Settings.DecodeFds < 2)
        {
            return;
        }
        var namespaces = new ConcurrentDictionary<StackMount, ulong>();
        var own = OwnNamespace();
        labels.StackOfSocket = socket =>
        {
            var inode = NamespaceOf(socket);
            if (inode == 0)
            {
                return null;
            }
            if (inode == own && session.Mounts.Mounts.FirstOrDefault(m => m.IsHost) is { } host)
            {
                return host.Path;
            }
            foreach (var mount in session.Mounts.Mounts.Where(m => m.IsBuilt && !m.IsHost))
            {
                var ns = namespaces.GetOrAdd(mount, Probe);
                if (ns == inode)
                {
                    return mount.Path;
                }
            }
            return null;
        };
    }

    static ulong Probe(StackMount mount)
    {
        try
        {
            using var socket = mount.Stack.CreateSocket(AddressFamily.Inet, SocketConst.SOCK_DGRAM, 0);
            return NamespaceOf(socket.Fd);
        }
        catch (ErrnoException)
        {
            return 0;
        }
    }

    /// <summary>The supervisor's own network namespace: the host stack's.</summary>
    static ulong OwnNamespace()
    {
        return Libc.fstatat(AtFlags.AT_FDCWD, "/proc/thread-self/ns/net", out Stat st, 0) == 0 ? st.Ino : 0;
    }

    /// <summary>The inode of a socket's network namespace, or 0 when the kernel does not say.</summary>
    static ulong NamespaceOf(int socket)
    {
        var ns = Libc.ioctl(socket, SocketConst.SIOCGSKNS, null);
        if (ns < 0)
        {
            return 0;
        }
        using var handle = new SafeFd(ns);
        return Libc.fstat(ns, out Stat st) == 0 ? st.Ino : 0;
    }
}
