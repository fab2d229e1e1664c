using System.Collections.Concurrent;
using Vuos.Net.Interop;

namespace Vuos.Net.Tracer.Engine;

/// <summary>
/// Puts a supervisor descriptor into a tracee's table as the result of its call, with
/// SECCOMP_IOCTL_NOTIF_ADDFD and then a reply carrying its number (<see cref="FdReply"/> says why not ADDFD_FLAG_SEND).
///
/// A notification can be answered that way directly. A call seen at a ptrace stop is first rewritten into
/// <see cref="Seccomp.FilterCompiler.InjectFdNr"/>, which the filter, run again on the rewritten call,
/// routes to the notification thread; that thread finds the descriptor armed for the thread and sends it.
/// So one kernel mechanism serves both paths and every ABI, with no scratch memory in the tracee and no
/// channel a tracee could close.
/// </summary>
sealed unsafe class FdInjector(SafeFd listener, BlockingCallWaiter waiter)
{
    /// <summary>What a stopped thread's injection call will answer: descriptors now, or a wait.</summary>
    sealed record Armed(FdReply? Reply, IBlockingWait? Wait, int Tgid);

    readonly ConcurrentDictionary<int, Armed> armed = new();

    internal void Arm(int tid, FdReply reply) => Arm(tid, new Armed(reply, null, 0));

    internal void Arm(int tid, int tgid, IBlockingWait wait) => Arm(tid, new Armed(null, wait, tgid));

    void Arm(int tid, Armed entry)
    {
        Disarm(tid);
        armed[tid] = entry;
    }

    /// <summary>Drops what is still armed for a thread (the call was interrupted or the thread died).</summary>
    internal void Disarm(int tid)
    {
        if (armed.TryRemove(tid, out var entry))
        {
            entry.Reply?.Dispose();
            entry.Wait?.Cancel();
        }
    }

    /// <summary>Answers the injection call of thread <paramref name="tid"/>: its armed reply or wait, or ENOSYS.</summary>
    internal void Complete(ulong id, int tid)
    {
        if (!armed.TryRemove(tid, out var entry))
        {
            // Not armed by a stop: a tracee called the reserved number itself.
            Respond(listener, id, -Errno.ENOSYS);
            return;
        }
        if (entry.Wait is { } wait)
        {
            waiter.Add(id, tid, entry.Tgid, wait);
            return;
        }
        entry.Reply!.Send(listener, id);
    }

    /// <summary>Answers a notification with a value (or -errno); ENOENT means the call was interrupted meanwhile.</summary>
    internal static void Respond(SafeFd listener, ulong id, long result, bool continueCall = false)
    {
        var resp = new SeccompNotifResp { Id = id };
        if (continueCall)
        {
            resp.Flags = SeccompAbi.UserNotifFlagContinue;
        }
        else if (result < 0 && result >= -4095)
        {
            resp.Error = (int)result;
        }
        else
        {
            resp.Val = result;
        }
        Libc.ioctl(listener, SeccompAbi.IoctlNotifSend, &resp);
    }
}
