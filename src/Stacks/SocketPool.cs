using System.Diagnostics;
using Serilog;
using Vuos.Net.Interop;
using Vuos.Net.Stacks.Namespaces;

namespace Vuos.Net.Stacks;

/// <summary>
/// Ready sockets of one stack, so that a socket the supervisor injects into a process living elsewhere (msocket,
/// a per-family default) costs no trip into the namespace: making one there is a setns pair for a root
/// supervisor and a round trip to the anchor otherwise. Pooled by kind (domain, type, protocol), only the
/// ordinary sockets (AF_INET and AF_INET6 TCP and UDP, AF_UNIX stream and datagram), and only kinds in use:
/// a request the pool cannot serve makes its socket at once as before (so bad input fails with the errno it
/// always had), and a kind asked for <see cref="Burst"/> times in a row in quick succession (a program making
/// sockets in a loop) has sockets kept ready from then on, until nobody takes one for
/// <see cref="MaxAge"/>: then they are closed, so a stack used now and then holds nothing. A pooled socket is
/// one nobody has touched: made in the stack's namespace, unbound, default options; SOCK_NONBLOCK is applied
/// when it is taken. One thread per stack refills, woken by takes (and once a second while sockets are ready,
/// to close unused ones), never spinning; it stops, and the pool is closed, when the stack ends (before its
/// namespace goes). A socket waits at most <see cref="MaxAge"/> in the pool, so a sysctl of the stack's that
/// sets defaults (net.ipv4.tcp_rmem, bindv6only) reaches later sockets soon after. How many are kept follows
/// the demand: <see cref="InitialDepth"/>, or <see cref="MaxDepth"/> while a kind is taken at least that many
/// times in a <see cref="DemandWindow"/> (a program making sockets in a tight loop). The deep pool wakes the
/// refill seldom (each wake-up lands on the other CPU and slows the loop it serves); a kind taken now and then
/// keeps a few, so the pool does not make dozens of sockets to close them unused, and what the supervisor
/// holds stays the same from one burst to the next.
/// </summary>
sealed class SocketPool(INetworkNamespace ns, string name, ILogger log) : IDisposable
{
    /// <summary>Sockets kept ready of a kind when it starts being pooled. The refill wakes when half are gone.</summary>
    public const int InitialDepth = 4;

    /// <summary>The most kept ready of one kind (a program making sockets in a tight loop).</summary>
    public const int MaxDepth = 64;

    /// <summary>The most kept ready in one stack, all kinds together, so a supervisor's descriptors stay few.</summary>
    public const int MaxReady = 128;

    /// <summary>A kind taken <see cref="MaxDepth"/> times in this long keeps that many ready.</summary>
    public static readonly TimeSpan DemandWindow = TimeSpan.FromMilliseconds(100);

    static readonly long DemandWindowTicks = (long)(DemandWindow.TotalSeconds * Stopwatch.Frequency);

    /// <summary>A kind is pooled once this many requests for it came in a row, each within <see cref="BurstGap"/> of the last.</summary>
    public const int Burst = 4;

    public static readonly TimeSpan BurstGap = TimeSpan.FromMilliseconds(1);

    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    static readonly long MaxAgeTicks = (long)(MaxAge.TotalSeconds * Stopwatch.Frequency);

    static readonly long BurstGapTicks = (long)(BurstGap.TotalSeconds * Stopwatch.Frequency);

    const int IpprotoTcp = 6, IpprotoUdp = 17;

    /// <summary>How long a take waits for the refill that is making its kind before making one itself.</summary>
    const int WaitMilliseconds = 20;

    sealed class Kind
    {
        public readonly Queue<(SafeFd Fd, long Made)> Ready = new(InitialDepth);
        public int Depth = InitialDepth;
        public long WindowStart;
        public int WindowTakes;

        /// <summary>Half or fewer of its depth are ready: the refill is due.</summary>
        public bool Low => Ready.Count <= Depth / 2;
        public bool Pooled;
        public int Streak;
        public long LastRequest, LastTake;
    }

    readonly object gate = new();
    readonly Dictionary<(int Domain, int Type, int Protocol), Kind> kinds = [];
    readonly List<SafeFd> stale = [];
    (int Domain, int Type, int Protocol)? making;
    Thread? thread;
    bool wanted;
    bool stopping;
    long fromPool, atOnce, refills;

    /// <summary>Whether sockets of this kind may be pooled: the plain ones, whose fresh state is all there is to them.</summary>
    public static bool Poolable(int domain, int type, int protocol) => (domain, type) switch
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
        if (!Poolable(kind.Domain, kind.Type, kind.Protocol))
        {
            return ns.Socket(domain, type, protocol);
        }
        var fd = Ready(kind);
        if (fd is null)
        {
            Interlocked.Increment(ref atOnce);
            fd = ns.Socket(domain, type, protocol);
            Requested(kind);
            return fd;
        }
        Interlocked.Increment(ref fromPool);
        if ((type & SocketConst.SOCK_NONBLOCK) != 0 && Libc.fcntl(fd, FcntlCmd.SetFl, OpenFlags.NonBlock) < 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            fd.Dispose();
            throw new ErrnoException("socket", errno);
        }
        return fd;
    }

    /// <summary>
    /// A ready socket of the kind (waiting briefly for the refill that is making some), or null: then the caller
    /// makes one and calls <see cref="Requested"/>, which wakes the refill only then, so that a supervisor asking
    /// the anchor does not queue behind the refill's own requests.
    /// </summary>
    SafeFd? Ready((int, int, int) key)
    {
        lock (gate)
        {
            if (stopping || !kinds.TryGetValue(key, out var kind) || !kind.Pooled)
            {
                return null;
            }
            var now = Stopwatch.GetTimestamp();
            if (ns.Down)
            {
                // Its anchor has gone: new sockets fail from now on (ENETDOWN), as they did before the pool.
                Drop(kind);
                return null;
            }
            kind.LastTake = now;
            kind.WindowTakes++;
            if (now - kind.WindowStart > DemandWindowTicks)
            {
                kind.Depth = kind.WindowTakes >= MaxDepth ? MaxDepth : InitialDepth;
                kind.WindowStart = now;
                kind.WindowTakes = 0;
            }
            if (kind.Ready.Count > 0 && now - kind.Ready.Peek().Made > MaxAgeTicks)
            {
                // Sockets made too long ago: the refill closes them, and makes new ones.
                while (kind.Ready.Count > 0 && now - kind.Ready.Peek().Made > MaxAgeTicks)
                {
                    stale.Add(kind.Ready.Dequeue().Fd);
                }
                wanted = true;
                Monitor.PulseAll(gate);
            }
            var deadline = Environment.TickCount64 + WaitMilliseconds;
            while (kind.Ready.Count == 0 && making == key && !stopping && Environment.TickCount64 < deadline)
            {
                Monitor.Wait(gate, WaitMilliseconds);
            }
            if (stopping || kind.Ready.Count == 0)
            {
                return null;
            }
            var fd = kind.Ready.Dequeue().Fd;
            if (kind.Low)
            {
                wanted = true;
                Monitor.PulseAll(gate);
            }
            return fd;
        }
    }

    /// <summary>
    /// After a socket of the kind was made at once: a pooled kind gets its refill; another becomes pooled when
    /// its requests come in a burst (a program making sockets in a loop), so a socket made now and then costs
    /// no ready sockets kept for nothing.
    /// </summary>
    void Requested((int, int, int) key)
    {
        lock (gate)
        {
            if (stopping)
            {
                return;
            }
            if (!kinds.TryGetValue(key, out var kind))
            {
                kinds[key] = kind = new Kind();
            }
            var now = Stopwatch.GetTimestamp();
            if (!kind.Pooled)
            {
                kind.Streak = now - kind.LastRequest < BurstGapTicks ? kind.Streak + 1 : 1;
                kind.LastRequest = now;
                if (kind.Streak < Burst)
                {
                    return;
                }
                kind.Pooled = true;
                log.Debug("{Name:l}: keeping sockets ({Kind}) ready", name, key);
            }
            kind.LastTake = now;
            wanted = true;
            if (thread is null)
            {
                thread = new Thread(Refill) { IsBackground = true, Name = "vuos-sockpool" };
                thread.Start();
            }
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>The kind stops being pooled; its ready sockets go to the refill to close. Under the lock.</summary>
    void Drop(Kind kind)
    {
        stale.AddRange(kind.Ready.Select(r => r.Fd));
        kind.Ready.Clear();
        kind.Pooled = false;
        kind.Streak = 0;
    }

    /// <summary>Kinds nobody took from for <see cref="MaxAge"/> are dropped; how long until the next may be, in ms (-1: none pooled). Under the lock.</summary>
    int Expire()
    {
        var now = Stopwatch.GetTimestamp();
        var next = long.MaxValue;
        foreach (var kind in kinds.Values.Where(k => k.Pooled))
        {
            if (now - kind.LastTake > MaxAgeTicks)
            {
                Drop(kind);
            }
            else
            {
                next = Math.Min(next, kind.LastTake + MaxAgeTicks - now);
            }
        }
        return next == long.MaxValue ? -1 : (int)(next * 1000 / Stopwatch.Frequency) + 10;
    }

    void Refill()
    {
        while (true)
        {
            List<SafeFd> closing;
            List<((int Domain, int Type, int Protocol) Key, int Missing)> work;
            lock (gate)
            {
                // Woken by takes (a failed refill is tried again at the next take, never in a loop), and only once
                // a kind is down to its low water, so that each pass makes several; and once a second while
                // sockets are ready, to close those of kinds no longer in use.
                while (true)
                {
                    if (stopping)
                    {
                        return;
                    }
                    var timeout = Expire();
                    if (stale.Count > 0 || (wanted && kinds.Values.Any(k => k.Pooled && k.Low)))
                    {
                        break;
                    }
                    Monitor.Wait(gate, timeout);
                }
                wanted = false;
                closing = [.. stale];
                stale.Clear();
                var room = MaxReady - kinds.Values.Sum(k => k.Ready.Count);
                work = [];
                foreach (var (key, kind) in kinds.Where(k => k.Value.Pooled && k.Value.Ready.Count < k.Value.Depth))
                {
                    var missing = Math.Min(kind.Depth - kind.Ready.Count, room);
                    if (missing > 0)
                    {
                        work.Add((key, missing));
                        room -= missing;
                    }
                }
            }
            foreach (var fd in closing)
            {
                fd.Dispose();
            }
            foreach (var (key, missing) in work)
            {
                lock (gate)
                {
                    if (stopping)
                    {
                        return;
                    }
                    making = key;
                }
                IReadOnlyList<SafeFd> made;
                refills++;
                try
                {
                    made = ns.Sockets(key.Domain, key.Type, key.Protocol, missing);
                }
                catch (Exception e) when (e is ErrnoException or ObjectDisposedException or InvalidOperationException)
                {
                    // Tried again at the next take, which makes its own socket meanwhile.
                    log.Debug("{Name:l}: cannot make ready sockets ({Domain}, {Type}, {Protocol}): {Message:l}",
                        name, key.Domain, key.Type, key.Protocol, e.Message);
                    made = [];
                }
                lock (gate)
                {
                    making = null;
                    var kind = kinds[key];
                    var now = Stopwatch.GetTimestamp();
                    foreach (var fd in made)
                    {
                        if (stopping || !kind.Pooled)
                        {
                            fd.Dispose();
                        }
                        else
                        {
                            kind.Ready.Enqueue((fd, now));
                        }
                    }
                    Monitor.PulseAll(gate);
                    if (stopping)
                    {
                        return;
                    }
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
            foreach (var fd in kinds.Values.SelectMany(k => k.Ready).Select(r => r.Fd).Concat(stale))
            {
                fd.Dispose();
            }
            kinds.Clear();
            stale.Clear();
        }
    }
}
