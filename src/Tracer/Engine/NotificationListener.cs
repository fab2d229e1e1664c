using System.Runtime.InteropServices;
using Serilog;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Seccomp;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Engine;

/// <summary>
/// Answers seccomp user notifications on a thread of its own: the calls modules handle in Notify mode, and
/// the descriptor-injection calls of ptrace-stopped threads. A tracee waiting here is not ptrace-stopped;
/// with SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV only a fatal signal interrupts it once the call is received,
/// so socket() never fails with EINTR, as natively.
/// </summary>
sealed unsafe class NotificationListener(
    SafeFd listener, ProcessTable table, HookDispatcher hooks, FdInjector injector, BlockingCallWaiter waiter, TracerStats stats, ILogger diag)
{
    public void Start()
    {
        // A background thread: when the session ends it may be blocked in NOTIF_RECV, which nothing interrupts.
        var thread = new Thread(Loop) { IsBackground = true, Name = "vuos-notify" };
        thread.Start();
    }

    void Loop()
    {
        while (true)
        {
            SeccompNotif n = default;
            if (Libc.ioctl(listener, SeccompAbi.IoctlNotifRecv, &n) < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Errno.EINTR || (errno == Errno.ENOENT && RequestsMayCome()))
                {
                    continue;
                }
                diag.Debug("notification listener stops: {Error:l}", Marshal.GetPInvokeErrorMessage(errno));
                return;
            }
            stats.Notification();
            try
            {
                Handle(n);
            }
            catch (Exception e)
            {
                diag.Error(e, "notification for pid {Pid} failed: {Message:l}", n.Pid, e.Message);
                FdInjector.Respond(listener, n.Id, -Errno.EIO);
            }
        }
    }

    /// <summary>
    /// ENOENT means the notifying task was killed before its call was received, or, once no task uses the
    /// filter any more, that none ever will: RECV then fails at once forever, so the loop would spin. poll
    /// tells the two apart (POLLHUP without POLLIN: the filter has no users) and sleeps until a request comes.
    /// </summary>
    bool RequestsMayCome()
    {
        var fd = new PollFd { Fd = listener.Fd, Events = PollEvents.POLLIN };
        while (Libc.poll(&fd, 1, -1) < 0)
        {
            if (Marshal.GetLastPInvokeError() != Errno.EINTR)
            {
                return false;
            }
        }
        return (fd.Revents & PollEvents.POLLIN) != 0 || (fd.Revents & PollEvents.POLLHUP) == 0;
    }

    void Handle(in SeccompNotif n)
    {
        var tid = (int)n.Pid;
        if ((uint)n.Data.Nr == FilterCompiler.InjectFdNr)
        {
            stats.InjectedFd();
            injector.Complete(n.Id, tid);
            return;
        }
        // Traced threads are known before they run; an unknown one was cloned untraced and is adopted.
        var thread = table.FindThread(tid) ?? table.Adopt(tid, () => new ProcessState?[ProcessStateSlot.Count]);
        var raw = new ulong[6];
        for (var i = 0; i < 6; i++)
        {
            raw[i] = n.Data.Args[i];
        }
        SyscallContext context;
        try
        {
            var (syscall, args) = HookDispatcher.Resolve(n.Data.Arch, n.Data.Nr, raw, new TraceeMemory(tid));
            if (syscall is null || !hooks.HasHooks(syscall))
            {
                FdInjector.Respond(listener, n.Id, 0, continueCall: true);
                return;
            }
            context = new NotifyContext(thread, syscall, n.Data.Arch, args);
        }
        catch (ErrnoException e)
        {
            FdInjector.Respond(listener, n.Id, -e.Errno);
            return;
        }
        hooks.Run(context);
        context.AnswerWith(new Answer(listener, stats, waiter, n.Id, tid, thread.Process.Tgid));
    }

    /// <summary>A decision answered with seccomp ioctls on the listener.</summary>
    sealed class Answer(SafeFd listener, TracerStats stats, BlockingCallWaiter waiter, ulong id, int tid, int tgid) : ISyscallAnswer<bool>
    {
        public bool Return(long value)
        {
            FdInjector.Respond(listener, id, value);
            return true;
        }

        public bool ReturnFds(FdReply reply)
        {
            // Counted first: once the descriptor is sent the tracee runs on and may end the session.
            stats.InjectedFd();
            reply.Send(listener, id);
            return true;
        }

        public bool Wait(IBlockingWait wait)
        {
            waiter.Add(id, tid, tgid, wait);
            return true;
        }

        // A notification cannot change the call: it runs as the tracee made it.
        public bool Continue((SyscallDescriptor Target, ulong[] Args)? rewritten)
        {
            FdInjector.Respond(listener, id, 0, continueCall: true);
            return true;
        }
    }
}
