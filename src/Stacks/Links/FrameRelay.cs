using Serilog;
using Vuos.Net.Interop;

namespace Vuos.Net.Stacks.Links;

/// <summary>
/// Copies Ethernet frames both ways between two endpoints (a stack's tap and a host tap or VDE network) on a
/// thread of its own. Each wake-up drains what is waiting, so a burst costs one poll. An eventfd stops it.
/// </summary>
public sealed unsafe class FrameRelay : IDisposable
{
    const short PollIn = 1;
    readonly IFrameEndpoint a, b;
    readonly SafeFd wake = new(ErrnoException.Check(Libc.eventfd(0, OpenFlags.CloExec), "eventfd"));
    readonly ILogger log;
    readonly Thread thread;

    public FrameRelay(IFrameEndpoint a, IFrameEndpoint b, string name, ILogger log)
    {
        this.a = a;
        this.b = b;
        this.log = log;
        thread = new Thread(Run) { IsBackground = true, Name = name };
        thread.Start();
    }

    void Run()
    {
        var frame = new byte[65536 + 64];
        var fds = stackalloc PollFd[3];
        fds[0] = new PollFd { Fd = a.PollFd, Events = PollIn };
        fds[1] = new PollFd { Fd = b.PollFd, Events = PollIn };
        fds[2] = new PollFd { Fd = wake.Fd, Events = PollIn };
        try
        {
            while (true)
            {
                if (Libc.poll(fds, 3, -1) < 0)
                {
                    continue;
                }
                if (fds[2].Revents != 0)
                {
                    return;
                }
                if (fds[0].Revents != 0)
                {
                    Drain(a, b, frame);
                }
                if (fds[1].Revents != 0)
                {
                    Drain(b, a, frame);
                }
            }
        }
        catch (ErrnoException e)
        {
            log.Warning("link {Name:l} stopped: {Message:l}", Thread.CurrentThread.Name, e.Message);
        }
    }

    static void Drain(IFrameEndpoint from, IFrameEndpoint to, byte[] frame)
    {
        for (var i = 0; i < 64; i++)
        {
            var n = from.Receive(frame);
            if (n <= 0)
            {
                return;
            }
            to.Send(frame.AsSpan(0, n));
        }
    }

    public void Dispose()
    {
        ulong one = 1;
        Libc.write(wake, &one, 8);
        thread.Join();
        a.Dispose();
        b.Dispose();
        wake.Dispose();
    }
}
