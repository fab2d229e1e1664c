using Serilog;
using Vuos.Net.Interop;

namespace Vuos.Net.Tracer.Engine;

/// <summary>
/// Waits for the calls that block (see <see cref="IBlockingWait"/>) on one thread: poll() over every waiting
/// call's descriptor plus a wake-up eventfd, and every 50 ms a check of each waiting tracee: a notification
/// that is no longer valid (the tracee died) is dropped; a pending unblocked signal ends the wait with
/// -ERESTARTSYS, leaving restart-or-EINTR to the kernel. Notifications are answered from here.
/// </summary>
sealed unsafe class BlockingCallWaiter : IDisposable
{
    const int TickMs = 50;

    readonly SafeFd listener;
    readonly ILogger diag;
    readonly SafeFd wake = new(ErrnoException.Check(Libc.eventfd(0, OpenFlags.CloExec | OpenFlags.NonBlock), "eventfd"));
    readonly List<Waiting> waiting = [];
    readonly Thread thread;
    volatile bool stopping;

    sealed record Waiting(ulong NotificationId, int Tid, int Tgid, IBlockingWait Wait);

    public BlockingCallWaiter(SafeFd listener, ILogger diag)
    {
        this.listener = listener;
        this.diag = diag;
        thread = new Thread(Run) { IsBackground = true, Name = "vuos-blocking" };
        thread.Start();
    }

    /// <summary>Takes over notification <paramref name="id"/> of thread <paramref name="tid"/> until the wait ends.</summary>
    public void Add(ulong id, int tid, int tgid, IBlockingWait wait)
    {
        lock (waiting)
        {
            waiting.Add(new Waiting(id, tid, tgid, wait));
        }
        ulong one = 1;
        Libc.write(wake, &one, 8);
    }

    void Run()
    {
        var lastTick = Environment.TickCount64;
        while (!stopping)
        {
            Waiting[] snapshot;
            lock (waiting)
            {
                snapshot = [.. waiting];
            }
            var fds = new PollFd[snapshot.Length + 1];
            fds[0] = new PollFd { Fd = wake.Fd, Events = PollEvents.POLLIN };
            for (var i = 0; i < snapshot.Length; i++)
            {
                fds[i + 1] = new PollFd { Fd = snapshot[i].Wait.PollFd, Events = snapshot[i].Wait.PollEvents };
            }
            fixed (PollFd* p = fds)
            {
                Libc.poll(p, (ulong)fds.Length, snapshot.Length == 0 ? -1 : TickMs);
            }
            if (fds[0].Revents != 0)
            {
                ulong drained;
                Libc.read(wake, &drained, 8);
            }
            for (var i = 0; i < snapshot.Length; i++)
            {
                if (fds[i + 1].Revents != 0)
                {
                    Complete(snapshot[i]);
                }
            }
            if (Environment.TickCount64 - lastTick >= TickMs)
            {
                lastTick = Environment.TickCount64;
                foreach (var w in snapshot)
                {
                    if (w.Wait.PollFd < 0)
                    {
                        Complete(w);
                    }
                    CheckTracee(w);
                }
            }
        }
    }

    void Complete(Waiting w)
    {
        var reply = new DeferredReply();
        bool done;
        try
        {
            done = w.Wait.TryComplete(reply);
        }
        catch (ErrnoException e)
        {
            reply.Fail(e.Errno);
            done = true;
        }
        catch (Exception e)
        {
            diag.Error(e, "a waiting call of {Tid} failed: {Message:l}", w.Tid, e.Message);
            reply.Fail(Errno.EIO);
            done = true;
        }
        if (!done)
        {
            return;
        }
        Remove(w);
        if (reply.Fds is { } fds)
        {
            fds.Send(listener, w.NotificationId);
        }
        else
        {
            FdInjector.Respond(listener, w.NotificationId, reply.Value ?? -Errno.EIO);
        }
    }

    void CheckTracee(Waiting w)
    {
        lock (waiting)
        {
            if (!waiting.Contains(w))
            {
                return;
            }
        }
        var id = w.NotificationId;
        if (Libc.ioctl(listener, SeccompAbi.IoctlNotifIdValid, &id) < 0)
        {
            Remove(w);
            w.Wait.Cancel();
            return;
        }
        if (HasDeliverableSignal(w.Tgid, w.Tid))
        {
            Remove(w);
            w.Wait.Cancel();
            FdInjector.Respond(listener, id, -Errno.ERESTARTSYS);
        }
    }

    /// <summary>A signal pending for the thread (or its process) that the thread does not block.</summary>
    static bool HasDeliverableSignal(int tgid, int tid)
    {
        ulong pending = 0, shared = 0, blocked = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{tgid}/task/{tid}/status"))
            {
                if (line.StartsWith("SigPnd:", StringComparison.Ordinal))
                {
                    pending = Hex(line);
                }
                else if (line.StartsWith("ShdPnd:", StringComparison.Ordinal))
                {
                    shared = Hex(line);
                }
                else if (line.StartsWith("SigBlk:", StringComparison.Ordinal))
                {
                    blocked = Hex(line);
                }
            }
        }
        catch (IOException)
        {
            return false;
        }
        return ((pending | shared) & ~blocked) != 0;
    }

    static ulong Hex(string line) => Convert.ToUInt64(line.AsSpan(7).Trim().ToString(), 16);

    void Remove(Waiting w)
    {
        lock (waiting)
        {
            waiting.Remove(w);
        }
    }

    public void Dispose()
    {
        stopping = true;
        ulong one = 1;
        Libc.write(wake, &one, 8);
        thread.Join();
        lock (waiting)
        {
            foreach (var w in waiting)
            {
                w.Wait.Cancel();
            }
            waiting.Clear();
        }
        wake.Dispose();
    }
}
