using Vuos.Net.Interop;

namespace Vuos.Net.Stacks.Slirp;

/// <summary>
/// The pollfd array of one relay-loop iteration: the relay's own descriptors first, then those libslirp adds
/// through add_poll, each identified to libslirp by its index. Rebuilt before every poll().
/// </summary>
sealed unsafe class SlirpPollSet
{
    PollFd[] fds = new PollFd[64];

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    public int Add(int fd, short events)
    {
        if (Count == fds.Length)
        {
            Array.Resize(ref fds, fds.Length * 2);
        }
        fds[Count] = new PollFd { Fd = fd, Events = events };
        return Count++;
    }

    /// <summary>poll(2) over the set; returns its result, -1 with errno set on failure.</summary>
    public int Poll(int timeoutMs)
    {
        fixed (PollFd* p = fds)
        {
            return Libc.poll(p, (ulong)Count, timeoutMs);
        }
    }

    public short Revents(int index) => index >= 0 && index < Count ? fds[index].Revents : (short)0;

    /// <summary>libslirp's poll bits and poll(2)'s, side by side: one table serves both directions.</summary>
    static readonly (int Slirp, short Poll)[] EventBits =
    [
        (LibSlirp.SLIRP_POLL_IN, PollEvents.POLLIN),
        (LibSlirp.SLIRP_POLL_OUT, PollEvents.POLLOUT),
        (LibSlirp.SLIRP_POLL_PRI, PollEvents.POLLPRI),
        (LibSlirp.SLIRP_POLL_ERR, PollEvents.POLLERR),
        (LibSlirp.SLIRP_POLL_HUP, PollEvents.POLLHUP),
    ];

    public static short ToPollEvents(int slirpEvents)
    {
        var events = 0;
        foreach (var (slirp, poll) in EventBits)
        {
            events |= (slirpEvents & slirp) != 0 ? poll : 0;
        }
        return (short)events;
    }

    public static int ToSlirpEvents(short revents)
    {
        var events = 0;
        foreach (var (slirp, poll) in EventBits)
        {
            events |= (revents & poll) != 0 ? slirp : 0;
        }
        return events;
    }
}
