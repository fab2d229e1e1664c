using System.Runtime.InteropServices;
using Serilog;
using Vuos.Net.Interop;

namespace Vuos.Net.Fuse;

/// <summary>
/// FUSE's poll wakeups: when the kernel asks to be told (FUSE_POLL_SCHEDULE_NOTIFY) about a file that is not
/// ready yet, the file system names a descriptor whose readiness is the file's (a socket); this thread polls
/// them all and sends FUSE_NOTIFY_POLL for each that becomes ready, once, as the kernel expects. A later
/// FUSE_POLL of the same file replaces its entry.
/// </summary>
sealed unsafe class FusePollNotifier : IDisposable
{
    readonly FuseDevice device;
    readonly ILogger log;
    readonly SafeFd wake = new(ErrnoException.Check(Libc.eventfd(0, OpenFlags.CloExec | OpenFlags.NonBlock), "eventfd"));
    readonly Dictionary<ulong, (ulong FileHandle, int Fd, short Events)> waiting = [];
    Thread? thread;
    volatile bool stopping;

    /// <summary>The thread starts at the first <see cref="Watch"/>: a tree nobody polls (a stack file) costs none.</summary>
    public FusePollNotifier(FuseDevice device, ILogger log)
    {
        this.device = device;
        this.log = log;
    }

    /// <summary>Tells the kernel about <paramref name="kh"/> once <paramref name="fd"/> has one of <paramref name="events"/>.</summary>
    public void Watch(ulong kh, ulong fileHandle, int fd, short events)
    {
        lock (waiting)
        {
            waiting[kh] = (fileHandle, fd, events);
            if (thread is null && !stopping)
            {
                thread = new Thread(Run) { IsBackground = true, Name = "fuse-poll" };
                thread.Start();
            }
        }
        Wake();
    }

    /// <summary>An open file is being released (its descriptor may close): nothing may poll for it any more.</summary>
    public void Forget(ulong fileHandle)
    {
        lock (waiting)
        {
            foreach (var kh in waiting.Where(w => w.Value.FileHandle == fileHandle).Select(w => w.Key).ToList())
            {
                waiting.Remove(kh);
            }
        }
        Wake();
    }

    void Wake()
    {
        ulong one = 1;
        Libc.write(wake, &one, 8);
    }

    void Run()
    {
        var fds = new PollFd[1];
        var keys = new ulong[1];
        while (!stopping)
        {
            int count;
            lock (waiting)
            {
                count = waiting.Count + 1;
                if (fds.Length < count)
                {
                    fds = new PollFd[count * 2];
                    keys = new ulong[count * 2];
                }
                fds[0] = new PollFd { Fd = wake.Fd, Events = PollEvents.POLLIN };
                var i = 1;
                foreach (var (kh, (_, fd, events)) in waiting)
                {
                    keys[i] = kh;
                    fds[i++] = new PollFd { Fd = fd, Events = events };
                }
            }
            int ready;
            fixed (PollFd* p = fds)
            {
                ready = Libc.poll(p, (ulong)count, -1);
            }
            if (ready < 0)
            {
                continue; // EINTR
            }
            if (fds[0].Revents != 0)
            {
                ulong drained;
                Libc.read(wake, &drained, 8);
            }
            for (var i = 1; i < count; i++)
            {
                if (fds[i].Revents == 0)
                {
                    continue;
                }
                lock (waiting)
                {
                    if (!waiting.TryGetValue(keys[i], out var entry) || entry.Fd != fds[i].Fd)
                    {
                        continue; // replaced or forgotten meanwhile
                    }
                    waiting.Remove(keys[i]);
                }
                Notify(keys[i]);
            }
        }
    }

    void Notify(ulong kh)
    {
        Span<byte> message = stackalloc byte[Marshal.SizeOf<FuseOutHeader>() + sizeof(ulong)];
        var header = new FuseOutHeader { Length = (uint)message.Length, Error = FuseConst.NotifyPoll, Unique = 0 };
        MemoryMarshal.Write(message, in header);
        MemoryMarshal.Write(message[Marshal.SizeOf<FuseOutHeader>()..], new FuseNotifyPollWakeupOut { Kh = kh });
        var error = device.Write(message);
        if (error is not (0 or Errno.ENOENT or Errno.EBADF))
        {
            log.Warning("fuse: poll wakeup failed: {Error:l}", Marshal.GetPInvokeErrorMessage(error));
        }
    }

    public void Dispose()
    {
        Thread? started;
        lock (waiting)
        {
            stopping = true;
            started = thread;
        }
        Wake();
        started?.Join();
        wake.Dispose();
    }
}
