using System.Collections.Concurrent;

namespace Vuos.Net.Fuse;

/// <summary>
/// Turns FUSE_INTERRUPT into cancellation of the interrupted request's token. The kernel queues an interrupt
/// as soon as the request has been read, so another worker may read the interrupt before the worker holding
/// the request has registered it: such early interrupts are remembered for a few seconds (an interrupt for a
/// request that already finished looks the same, and simply expires).
/// </summary>
sealed class FuseInterrupts
{
    const long EarlyLifetimeMs = 10_000;

    readonly ConcurrentDictionary<ulong, CancellationTokenSource> active = new();
    readonly ConcurrentDictionary<ulong, long> early = new();
    long nextPrune;
    volatile bool stopping;

    /// <summary>The token of request <paramref name="unique"/>, until <see cref="End"/>.</summary>
    public CancellationToken Begin(ulong unique)
    {
        // Sources are never disposed: Interrupt may cancel one concurrently with End, and a source without a
        // timer or a wait handle holds nothing that needs releasing.
        var source = new CancellationTokenSource();
        active[unique] = source;
        // Publish first, then look for an early interrupt; Interrupt does the reverse, so one of the two sees the other.
        if (stopping || early.TryRemove(unique, out _))
        {
            Cancel(source);
        }
        return source.Token;
    }

    public void End(ulong unique) => active.TryRemove(unique, out _);

    public void Interrupt(ulong unique)
    {
        if (active.TryGetValue(unique, out var source))
        {
            Cancel(source);
            return;
        }
        var now = Environment.TickCount64;
        // Expired ones go once a second, not at every interrupt: interrupts of requests already answered (a
        // caller's signal came as the answer did) can come by the thousand, and a scan each time is quadratic.
        var due = Interlocked.Read(ref nextPrune);
        if (now >= due && Interlocked.CompareExchange(ref nextPrune, now + 1000, due) == due)
        {
            foreach (var (key, at) in early)
            {
                if (now - at > EarlyLifetimeMs)
                {
                    early.TryRemove(key, out _);
                }
            }
        }
        early[unique] = now;
        if (active.TryGetValue(unique, out source))
        {
            early.TryRemove(unique, out _);
            Cancel(source);
        }
    }

    /// <summary>The server is stopping: every request in progress, and every later one, is interrupted.</summary>
    public void InterruptAll()
    {
        stopping = true;
        foreach (var source in active.Values)
        {
            Cancel(source);
        }
    }

    static void Cancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (AggregateException)
        {
            // A handler's cancellation callback failed: its own affair; the token is cancelled all the same.
        }
    }
}
