using System.Runtime.InteropServices;
using Serilog;
using Vuos.Net.Interop;

namespace Vuos.Net.Modules.Msocket.Bypass;

/// <summary>
/// Watches host sockets handed out while their connect() was still in progress (a non-blocking connect). One that
/// fails is a host socket the program still holds, unconnected: it could listen() on the host's network, or make
/// a connection past the stack's rules with sendto(MSG_FASTOPEN), which no hook sees. A failed socket is sealed
/// with a socket filter that drops every packet it would receive, locked (SO_LOCK_FILTER) so the program cannot
/// remove it: nothing can reach it any more, and a connect() on it stops at the hook, which gives the program a
/// new host socket. A socket that connects is simply forgotten. One thread polls them all.
/// </summary>
public sealed unsafe class FailedConnectSeal : IDisposable
{
    readonly SafeFd wake;
    readonly List<SafeFd> watched = [];
    readonly List<SafeFd> added = [];
    readonly ILogger log;
    readonly Thread thread;
    volatile bool stopping;

    public FailedConnectSeal(ILogger log)
    {
        this.log = log;
        wake = new SafeFd(ErrnoException.Check(Libc.eventfd(0, OpenFlags.CloExec | OpenFlags.NonBlock), "eventfd"));
        thread = new Thread(Run) { IsBackground = true, Name = "bypass connects" };
        thread.Start();
    }

    /// <summary>Takes <paramref name="socket"/> (a duplicate of the program's) and watches it until it connects or fails.</summary>
    public void Watch(SafeFd socket)
    {
        lock (added)
        {
            added.Add(socket);
        }
        ulong one = 1;
        _ = Libc.write(wake, &one, sizeof(ulong));
    }

    void Run()
    {
        while (!stopping)
        {
            lock (added)
            {
                watched.AddRange(added);
                added.Clear();
            }
            var fds = new PollFd[watched.Count + 1];
            fds[0] = new PollFd { Fd = wake.Fd, Events = PollEvents.POLLIN };
            for (var i = 0; i < watched.Count; i++)
            {
                fds[i + 1] = new PollFd { Fd = watched[i].Fd, Events = PollEvents.POLLOUT };
            }
            int ready;
            fixed (PollFd* p = fds)
            {
                ready = Libc.poll(p, (ulong)fds.Length, -1);
            }
            if (ready < 0)
            {
                if (Marshal.GetLastPInvokeError() == Errno.EINTR)
                {
                    continue;
                }
                log.Error("bypass: poll failed: {Error:l}", Marshal.GetLastPInvokeErrorMessage());
                return;
            }
            if (fds[0].Revents != 0)
            {
                ulong count;
                _ = Libc.read(wake, &count, sizeof(ulong));
            }
            for (var i = watched.Count - 1; i >= 0; i--)
            {
                if (fds[i + 1].Revents == 0)
                {
                    continue;
                }
                var socket = watched[i];
                watched.RemoveAt(i);
                using (socket)
                {
                    if (!InetEndpoint.HasPeer(socket))
                    {
                        Seal(socket);
                    }
                }
            }
        }
    }

    /// <summary>Attaches and locks a filter that drops every packet: BPF_RET|BPF_K 0.</summary>
    public static void Seal(SafeFd socket)
    {
        var dropAll = new SockFilter(0x06, 0, 0, 0);
        var program = new SockFprog { Length = 1, Filter = &dropAll };
        var one = 1;
        _ = Libc.setsockopt(socket, SocketConst.SOL_SOCKET, SocketOption.SO_ATTACH_FILTER, &program, (uint)sizeof(SockFprog));
        _ = Libc.setsockopt(socket, SocketConst.SOL_SOCKET, SocketOption.SO_LOCK_FILTER, &one, sizeof(int));
    }

    public void Dispose()
    {
        stopping = true;
        ulong one = 1;
        _ = Libc.write(wake, &one, sizeof(ulong));
        thread.Join();
        lock (added)
        {
            watched.AddRange(added);
            added.Clear();
        }
        watched.ForEach(s => s.Dispose());
        wake.Dispose();
    }
}
