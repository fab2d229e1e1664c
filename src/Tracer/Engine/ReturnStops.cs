using System.Collections.Concurrent;
using System.Security.Cryptography;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Engine;

/// <summary>What a handler of a return stop sees: the call the thread has just returned from.</summary>
public sealed class ReturnedCall(TraceeThread thread, uint arch, SyscallDescriptor? syscall, ulong[] args, long result)
{
    public TraceeThread Thread { get; } = thread;

    public uint Arch { get; } = arch;

    /// <summary>The call by its number (null for a number no table knows).</summary>
    public SyscallDescriptor? Syscall { get; } = syscall;

    public ulong Arg(int index) => args[index];

    /// <summary>The raw result: a value, or -errno.</summary>
    public long Result { get; } = result;

    public TraceeMemory Memory { get; } = new(thread.Tid);
}

public delegate void ReturnStopHandler(ReturnedCall call);

/// <summary>
/// Stops a thread as its current call returns, for a runtime that learns of the call elsewhere (a FUSE request
/// names the calling thread), so that a module can amend what the call wrote. The supervisor sends the thread
/// SIGSTOP before it answers the request; the thread dequeues it on its way back to user space, after the call,
/// and the tracer sees a signal-delivery-stop there and drops the signal, so the program sees neither the stop
/// nor the signal. The handlers get the returned call at the thread's first stop after it (<see cref="RunPending"/>).
/// The SIGSTOP is told from any other by what it carries: si_code SI_QUEUE and a random 64-bit value drawn at
/// start-up, which no session process can read (the supervisor is non-dumpable) or guess. Not by si_pid: the
/// kernel shows 0 there to a thread in a pid namespace of its own. A SIGSTOP the program sends itself is
/// delivered as usual.
/// </summary>
public sealed class ReturnStops(ProcessTable processes)
{
    readonly List<ReturnStopHandler> handlers = [];

    /// <summary>Threads sent a SIGSTOP whose handlers have not run yet.</summary>
    readonly ConcurrentDictionary<int, byte> requested = new();

    /// <summary>The si_value of the supervisor's SIGSTOPs.</summary>
    readonly ulong cookie = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));

    internal bool Any => handlers.Count > 0;

    /// <summary>Adds a handler (modules do, while registering).</summary>
    public void On(ReturnStopHandler handler) => handlers.Add(handler);

    /// <summary>
    /// Asks for a return stop of thread <paramref name="tid"/> (any thread may ask); false when the thread is not
    /// one the tracer follows under ptrace, or is gone. Call it before the call can return (while the thread waits for an answer).
    /// </summary>
    public bool Request(int tid)
    {
        // A thread cloned untraced would take the SIGSTOP for real: its whole process would stop.
        if (!Any || !processes.IsTraced(tid) || processes.FindThread(tid) is not { } thread)
        {
            return false;
        }
        requested[tid] = 0;
        var info = new SigInfo { Signo = Signal.SIGSTOP, Code = Signal.SI_QUEUE, Pid = Environment.ProcessId, Uid = Libc.geteuid(), Value = cookie };
        if (Libc.rt_tgsigqueueinfo(thread.Process.Tgid, tid, Signal.SIGSTOP, info) == 0)
        {
            return true;
        }
        requested.TryRemove(tid, out _);
        return false;
    }

    /// <summary>
    /// At the first stop of the thread after the call returned, where its registers are still the call's: the
    /// exit stop of a call the log shows (the handlers run before the log reads what the call wrote), the
    /// delivery stop of a lower-numbered signal pending with the SIGSTOP (delivered first, and its handler's frame
    /// would replace the registers), or the SIGSTOP's own stop.
    /// </summary>
    internal void RunPending(TraceeThread thread, Action<Exception> failed)
    {
        if (requested.TryRemove(thread.Tid, out _))
        {
            Dispatch(thread, failed);
        }
    }

    /// <summary>The thread is gone: nothing of it may be taken for a later thread with its id.</summary>
    internal void Forget(int tid)
    {
        requested.TryRemove(tid, out _);
    }

    /// <summary>Whether a SIGSTOP signal-delivery-stop of <paramref name="thread"/> is a return stop (its handlers ran at <see cref="RunPending"/>).</summary>
    internal unsafe bool IsReturnStop(TraceeThread thread)
    {
        var info = default(SigInfo);
        return Libc.ptrace(PtraceRequest.GetSigInfo, thread.Tid, 0, (nint)(&info)) >= 0 &&
            info.Code == Signal.SI_QUEUE && info.Value == cookie;
    }

    void Dispatch(TraceeThread thread, Action<Exception> failed)
    {
        var regs = Registers.Get(thread.Tid);
        var arch = Registers.ArchOf(regs);
        var args = Registers.CallArgs(regs, arch);
        var nr = (long)regs.OrigRax;
        var result = arch == AuditArch.I386 ? (int)regs.Rax : (long)regs.Rax;
        var call = new ReturnedCall(thread, arch, nr < 0 ? null : SyscallTable.Lookup(arch, nr), args, result);
        foreach (var handler in handlers)
        {
            try
            {
                handler(call);
            }
            catch (ErrnoException e)
            {
                failed(e);
            }
        }
    }
}
