using System.Diagnostics;
using System.Runtime.InteropServices;
using Serilog;
using Vuos.Net.Interop;

namespace Vuos.Net.Stacks.Links;

/// <summary>
/// Sits between a stack's tap and its relay (libslirp's, or the frame relay to a host tap or VDE) and applies an
/// <see cref="Impairment"/> to the frames of both directions: the relay gets one end of a SOCK_SEQPACKET pair
/// (a frame per read and write, as a tap gives), and this thread moves frames between the other end and the
/// tap, dropping, delaying, rate-limiting and duplicating them. It sleeps until the next frame is due; with
/// nothing queued it waits for frames alone. Like a NIC and netem, it drops what does not fit: a queue of
/// 1000 frames per direction, and frames a full receiver cannot take.
/// </summary>
public sealed unsafe class ImpairmentShim : IDisposable
{
    const int QueueLimit = 1000;
    const int FrameBufferSize = 65536 + 64;

    readonly SafeFd tap;
    readonly SafeFd outer;
    readonly SafeFd wake = new(ErrnoException.Check(Libc.eventfd(0, OpenFlags.CloExec | OpenFlags.NonBlock), "eventfd"));
    readonly Impairment impairment;
    readonly ILogger log;
    readonly Thread thread;

    public ImpairmentShim(SafeFd tap, Impairment impairment, string name, ILogger log)
    {
        this.tap = tap;
        this.impairment = impairment;
        this.log = log;
        var pair = stackalloc int[2];
        ErrnoException.Check(Libc.socketpair(SocketConst.AF_UNIX, SocketConst.SOCK_SEQPACKET | SocketConst.SOCK_CLOEXEC | SocketConst.SOCK_NONBLOCK, 0, pair),
            "socketpair");
        outer = new SafeFd(pair[0]);
        Inner = new SafeFd(pair[1]);
        Libc.SetNonBlocking(tap, true);
        thread = new Thread(Run) { IsBackground = true, Name = name };
        thread.Start();
    }

    /// <summary>What the relay uses as the stack's tap.</summary>
    public SafeFd Inner { get; }

    sealed class Direction(SafeFd target)
    {
        public readonly Queue<(long Due, byte[] Frame)> Queue = new();
        public readonly SafeFd Target = target;
        public long LastDue;
    }

    void Run()
    {
        var toWorld = new Direction(outer);
        var toStack = new Direction(tap);
        var buffer = new byte[FrameBufferSize];
        var fds = stackalloc PollFd[3];
        fds[0] = new PollFd { Fd = tap.Fd, Events = PollEvents.POLLIN };
        fds[1] = new PollFd { Fd = outer.Fd, Events = PollEvents.POLLIN };
        fds[2] = new PollFd { Fd = wake.Fd, Events = PollEvents.POLLIN };
        try
        {
            while (true)
            {
                var ready = Libc.poll(fds, 3, Timeout(toWorld, toStack));
                if (ready < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Errno.EINTR)
                    {
                        continue;
                    }
                    throw new ErrnoException("poll", errno);
                }
                if (fds[2].Revents != 0 || (fds[1].Revents & PollEvents.POLLHUP) != 0)
                {
                    return; // stopped, or the relay has gone
                }
                if ((fds[0].Revents & PollEvents.POLLIN) != 0)
                {
                    Take(tap, toWorld, buffer);
                }
                if ((fds[1].Revents & PollEvents.POLLIN) != 0)
                {
                    Take(outer, toStack, buffer);
                }
                var now = Stopwatch.GetTimestamp();
                Release(toWorld, now);
                Release(toStack, now);
            }
        }
        catch (ErrnoException e)
        {
            log.Warning("impairment {Name:l} stopped: {Message:l}", Thread.CurrentThread.Name, e.Message);
        }
    }

    /// <summary>Milliseconds until the earliest queued frame is due (rounded up), or -1 with none queued.</summary>
    static int Timeout(Direction a, Direction b)
    {
        long? due = null;
        foreach (var d in new[] { a, b })
        {
            if (d.Queue.Count > 0 && (due is null || d.Queue.Peek().Due < due))
            {
                due = d.Queue.Peek().Due;
            }
        }
        if (due is null)
        {
            return -1;
        }
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due.Value);
        return wait <= TimeSpan.Zero ? 0 : (int)Math.Ceiling(wait.TotalMilliseconds);
    }

    /// <summary>Reads what is waiting (up to 64 frames) and queues each as the impairment decides.</summary>
    void Take(SafeFd from, Direction direction, byte[] buffer)
    {
        for (var i = 0; i < 64; i++)
        {
            nint n;
            fixed (byte* p = buffer)
            {
                n = Libc.read(from, p, (nuint)buffer.Length);
            }
            if (n <= 0)
            {
                return;
            }
            if (impairment.Loss > 0 && Random.Shared.NextDouble() < impairment.Loss)
            {
                continue;
            }
            var frame = buffer.AsSpan(0, (int)n).ToArray();
            Queue(direction, frame);
            if (impairment.Duplicate > 0 && Random.Shared.NextDouble() < impairment.Duplicate)
            {
                Queue(direction, frame);
            }
        }
    }

    void Queue(Direction direction, byte[] frame)
    {
        if (direction.Queue.Count >= QueueLimit)
        {
            return; // tail drop, as netem's default limit
        }
        var now = Stopwatch.GetTimestamp();
        var delay = impairment.Delay.TotalSeconds;
        if (impairment.Jitter > TimeSpan.Zero)
        {
            delay += impairment.Jitter.TotalSeconds * (2 * Random.Shared.NextDouble() - 1);
        }
        var due = now + (long)(delay * Stopwatch.Frequency);
        // In order, and no faster than the rate: a frame leaves once the one before it has been sent.
        due = Math.Max(due, direction.LastDue);
        if (impairment.RateBitsPerSecond > 0)
        {
            due += frame.Length * 8L * Stopwatch.Frequency / impairment.RateBitsPerSecond;
        }
        direction.LastDue = due;
        direction.Queue.Enqueue((due, frame));
    }

    /// <summary>Sends every frame that is due; a receiver that cannot take one drops it.</summary>
    static void Release(Direction direction, long now)
    {
        while (direction.Queue.Count > 0 && direction.Queue.Peek().Due <= now)
        {
            var (_, frame) = direction.Queue.Dequeue();
            fixed (byte* p = frame)
            {
                Libc.write(direction.Target, p, (nuint)frame.Length);
            }
        }
    }

    public void Dispose()
    {
        ulong one = 1;
        Libc.write(wake, &one, 8);
        thread.Join();
        outer.Dispose();
        Inner.Dispose();
        tap.Dispose();
        wake.Dispose();
    }
}
