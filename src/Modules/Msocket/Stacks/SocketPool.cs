using System.Diagnostics;
using Serilog;
using Vuos.Net.Interop;
using Vuos.Net.Modules.Msocket.Namespaces;

namespace Vuos.Net.Modules.Msocket.Stacks;

/// <summary>
/// Ready sockets of one stack, so that a socket the supervisor injects into a process living elsewhere (msocket,
/// a per-family default) costs no trip into the namespace: making one there is a setns pair for a root
/// supervisor and a round trip to the anchor otherwise. Pooled by (domain, type, protocol), only for the
/// ordinary sockets (AF_INET, AF_INET6 and AF_UNIX, stream and datagram), and only for the kinds asked for:
/// the first request for a kind makes its socket at once as before (so bad input fails with the errno it
/// always had) and starts keeping <see cref="Depth"/> of that kind ready. A pooled socket is one nobody has
/// touched: made in the stack's namespace, unbound, default options; SOCK_NONBLOCK is applied when it is taken.
/// One thread per stack refills, woken by takes, never spinning; it stops, and the pool is closed, when the
/// stack ends (before its namespace goes). A socket waits at most <see cref="MaxAge"/> in the pool, so a
/// sysctl of the stack's that sets defaults (net.ipv4.tcp_rmem, bindv6only) reaches later sockets soon after.
/// </summary>
sealed class SocketPool(INetworkNamespace ns, string name, ILogger log) : IDisposable
{
    /// <summary>Sockets kept ready of each kind asked for. The refill wakes when half are gone and makes them in one go.</summary>
    public const int Depth = 8;

    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    static readonly long MaxAgeTicks = (long)(MaxAge.TotalSeconds * Stopwatch.Frequency);

    /// <summary>A take that leaves this many or fewer ready of its kind wakes the refill (which then makes several at once).</summary>
    const int LowWater = Depth / 2;

    const int IpprotoTcp = 6, IpprotoUdp = 17;

    /// <summary>How long a take waits for the refill that is making its kind before making one itself.</summary>
    const int WaitMilliseconds = 20;

    readonly object gate = new();
    readonly Dictionary<(int Domain, int Type, int Protocol), Queue<(SafeFd Fd, long Made)>> ready = [];
    readonly List<SafeFd> stale = [];
    (int Domain, int Type, int Protocol)? making;
    Thread? thread;
    bool wanted;
    bool stopping;
    long fromPool, atOnce, refills;

    /// <summary>Whether sockets of this kind are pooled: the plain ones, whose fresh state is all there is to them.</summary>
    public static bool Pooled(int domain, int type, int protocol) => (domain, type) switch
    {
        (AddressFamily.Inet or AddressFamily.Inet6, SocketConst.SOCK_STREAM) => protocol is 0 or IpprotoTcp,
        (AddressFamily.Inet or AddressFamily.Inet6, SocketConst.SOCK_DGRAM) => protocol is 0 or IpprotoUdp,
        (AddressFamily.Unix, SocketConst.SOCK_STREAM or SocketConst.SOCK_DGRAM) => protocol == 0,
        _ => false,
    };

    /// <summary>A socket of the stack, from the pool when one of the kind is ready; SOCK_CLOEXEC is set on it.</summary>
    public SafeFd Take(int domain, int type, int protocol)
    {
        var kind = (Domain: domain, Type: type & ~(SocketConst.SOCK_NONBLOCK | SocketConst.SOCK_CLOEXEC), Protocol: protocol);
        if (!Pooled(kind.Domain, kind.Type, kind.Protocol))
        {
            return ns.Socket(domain, type, protocol);
        }
        var fd = Ready(kind);
        if (fd is null)
        {
            Interlocked.Increment(ref atOnce);
            fd = ns.Socket(domain, type, protocol);
            Want(kind);
            return fd;
        }
        Interlocked.Increment(ref fromPool);
        if ((type & SocketConst.SOCK_NONBLOCK) != 0 && Libc.fcntl(fd.Fd, FcntlCmd.SetFl, OpenFlags.NonBlock) < 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            fd.Dispose();
            throw new ErrnoException("socket", errno);
        }
        return fd;
    }

    /// <summary>
    /// A ready socket of the kind (waiting briefly for the refill that is making some), or null: then the caller
    /// makes one and calls <see cref="Want"/>, which wakes the refill only then, so that a supervisor asking the
    /// anchor does not queue behind the refill's own requests.
    /// </summary>
    SafeFd? Ready((int, int, int) kind)
    {
        lock (gate)
        {
            if (stopping || !ready.TryGetValue(kind, out var queue))
            {
                return null;
            }
            if (queue.Count > 0 && Stopwatch.GetTimestamp() - queue.Peek().Made > MaxAgeTicks)
            {
                // Sockets made before a pause: the refill closes them, and makes new ones.
                stale.AddRange(queue.Select(r => r.Fd));
                queue.Clear();
                return null;
            }
            var deadline = Environment.TickCount64 + WaitMilliseconds;
            while (queue.Count == 0 && making == kind && !stopping && Environment.TickCount64 < deadline)
            {
                Monitor.Wait(gate, WaitMilliseconds);
            }
            if (stopping || queue.Count == 0)
            {
                return null;
            }
            var fd = queue.Dequeue().Fd;
            if (queue.Count <= LowWater)
            {
                wanted = true;
                Monitor.PulseAll(gate);
            }
            return fd;
        }
    }

    /// <summary>After a socket of the kind was made at once: keep some ready from now on (the refill starts with the first).</summary>
    void Want((int, int, int) kind)
    {
        lock (gate)
        {
            if (stopping)
            {
                return;
            }
            ready.TryAdd(kind, new Queue<(SafeFd, long)>(Depth));
            wanted = true;
            if (thread is null)
            {
                thread = new Thread(Refill) { IsBackground = true, Name = "vuos-sockpool" };
                thread.Start();
            }
            Monitor.PulseAll(gate);
        }
    }

    void Refill()
    {
        while (true)
        {
            List<SafeFd> closing;
            List<((int Domain, int Type, int Protocol) Kind, int Missing)> work;
            lock (gate)
            {
                // Woken by takes (a failed refill is tried again at the next take, never in a loop), and only
                // once a kind is down to its low water, so that each pass makes several.
                while (!stopping && stale.Count == 0 && !(wanted && ready.Values.Any(q => q.Count <= LowWater)))
                {
                    Monitor.Wait(gate);
                }
                if (stopping)
                {
                    return;
                }
                wanted = false;
                closing = [.. stale];
                stale.Clear();
                work = [.. ready.Where(r => r.Value.Count < Depth).Select(r => (r.Key, Depth - r.Value.Count))];
            }
            foreach (var fd in closing)
            {
                fd.Dispose();
            }
            foreach (var (kind, missing) in work)
            {
                lock (gate)
                {
                    if (stopping)
                    {
                        return;
                    }
                    making = kind;
                }
                IReadOnlyList<SafeFd> made;
                refills++;
                try
                {
                    made = ns.Sockets(kind.Domain, kind.Type, kind.Protocol, missing);
                }
                catch (Exception e) when (e is ErrnoException or ObjectDisposedException or InvalidOperationException)
                {
                    // Tried again at the next take, which makes its own socket meanwhile.
                    log.Debug("{Name:l}: cannot make ready sockets ({Domain}, {Type}, {Protocol}): {Message:l}",
                        name, kind.Domain, kind.Type, kind.Protocol, e.Message);
                    made = [];
                }
                lock (gate)
                {
                    making = null;
                    if (stopping)
                    {
                        foreach (var fd in made)
                        {
                            fd.Dispose();
                        }
                        Monitor.PulseAll(gate);
                        return;
                    }
                    var now = Stopwatch.GetTimestamp();
                    foreach (var fd in made)
                    {
                        ready[kind].Enqueue((fd, now));
                    }
                    Monitor.PulseAll(gate);
                }
            }
        }
    }

    /// <summary>Stops the refill and closes every ready socket (they hold the stack's namespace).</summary>
    public void Dispose()
    {
        Thread? running;
        lock (gate)
        {
            stopping = true;
            running = thread;
            Monitor.PulseAll(gate);
        }
        if (running?.Join(TimeSpan.FromSeconds(10)) == false)
        {
            log.Warning("{Name:l}: the socket pool's refill did not stop", name);
        }
        else if (running is not null)
        {
            log.Debug("{Name:l}: {FromPool} sockets from the pool, {AtOnce} made at once, {Refills} refills",
                name, Interlocked.Read(ref fromPool), Interlocked.Read(ref atOnce), refills);
        }
        lock (gate)
        {
            foreach (var fd in ready.Values.SelectMany(q => q).Select(r => r.Fd).Concat(stale))
            {
                fd.Dispose();
            }
            ready.Clear();
            stale.Clear();
        }
    }
}
