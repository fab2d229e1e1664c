using System.Diagnostics;
using Vuos.Net.Interop;

namespace Vuos.Net.Stacks.Slirp;

/// <summary>
/// The timers libslirp creates through its callbacks (in 4.7 only the IPv6 router-advertisement timer), run by
/// the relay loop: it sleeps no longer than <see cref="PollTimeout"/> and then calls <see cref="RunExpired"/>.
/// Used by the relay thread only, like the libslirp instance that owns them.
/// </summary>
sealed unsafe class SlirpTimers
{
    sealed class Timer
    {
        /// <summary>Set for timers made by timer_new_opaque: expiry goes back through slirp_handle_timer.</summary>
        public int Id;

        /// <summary>Set for timers made by the older timer_new: expiry calls this C function directly.</summary>
        public delegate* unmanaged<void*, void> Callback;

        public void* CallbackOpaque;

        /// <summary>In ms on <see cref="NowNs"/>'s clock; null while disarmed.</summary>
        public long? ExpireMs;
    }

    readonly Dictionary<nint, Timer> timers = [];
    nint lastHandle;

    /// <summary>The clock libslirp runs on (clock_get_ns): monotonic, in nanoseconds.</summary>
    public static long NowNs() => Stopwatch.Frequency == 1_000_000_000
        ? Stopwatch.GetTimestamp()
        : (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));

    static long NowMs() => NowNs() / 1_000_000;

    /// <summary>Returns the handle libslirp passes back to <see cref="Modify"/> and <see cref="Free"/>; never null.</summary>
    public void* Create(int id, void* callbackOpaque) => Add(new Timer { Id = id, CallbackOpaque = callbackOpaque });

    public void* Create(delegate* unmanaged<void*, void> callback, void* callbackOpaque) =>
        Add(new Timer { Callback = callback, CallbackOpaque = callbackOpaque });

    void* Add(Timer timer)
    {
        timers[++lastHandle] = timer;
        return (void*)lastHandle;
    }

    public void Free(void* handle) => timers.Remove((nint)handle);

    public void Modify(void* handle, long expireMs)
    {
        if (timers.TryGetValue((nint)handle, out var timer))
        {
            timer.ExpireMs = expireMs;
        }
    }

    /// <summary>The poll() timeout in ms (-1: forever) honouring both libslirp's own timeout and the next timer.</summary>
    public int PollTimeout(uint slirpTimeoutMs)
    {
        long timeout = slirpTimeoutMs == uint.MaxValue ? long.MaxValue : slirpTimeoutMs;
        var now = NowMs();
        foreach (var timer in timers.Values)
        {
            if (timer.ExpireMs is { } expire)
            {
                timeout = Math.Min(timeout, Math.Max(0, expire - now));
            }
        }
        return timeout == long.MaxValue ? -1 : (int)Math.Min(timeout, int.MaxValue);
    }

    public void RunExpired(nint slirp)
    {
        var now = NowMs();
        // A timer callback re-arms or frees timers, so collect first and fire after.
        var due = timers.Values.Where(t => t.ExpireMs <= now).ToList();
        foreach (var timer in due)
        {
            timer.ExpireMs = null;
        }
        foreach (var timer in due)
        {
            if (timer.Callback is not null)
            {
                timer.Callback(timer.CallbackOpaque);
            }
            else
            {
                LibSlirp.slirp_handle_timer(slirp, timer.Id, timer.CallbackOpaque);
            }
        }
    }

    public void Clear() => timers.Clear();
}
