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
/// SIGSTOP with tgkill before it answers the request; the thread dequeues it on its way back to user space,
/// after the call, and the tracer sees a signal-delivery-stop there: SIGSTOP with si_code SI_TKILL from the
/// supervisor's own pid, which no session process can forge. The tracer hands the returned call to the
/// handlers and drops the signal, so the program sees neither the stop nor the signal. A SIGSTOP the program
/// sends itself is process-directed, or from another pid: it is delivered as usual.
/// </summary>
public sealed class ReturnStops(ProcessTable processes)
{
    readonly List<ReturnStopHandler> handlers = [];

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
        return Libc.tgkill(thread.Process.Tgid, tid, Signal.SIGSTOP) == 0;
    }

    /// <summary>Whether a SIGSTOP signal-delivery-stop of <paramref name="thread"/> is a requested return stop; if so, runs the handlers.</summary>
    internal unsafe bool TryHandle(TraceeThread thread, Action<Exception> failed)
    {
        var info = default(SigInfo);
        if (Libc.ptrace(PtraceRequest.GetSigInfo, thread.Tid, 0, (nint)(&info)) < 0 ||
            info.Code != Signal.SI_TKILL || info.Pid != Environment.ProcessId)
        {
            return false;
        }
        const ulong CompatCodeSegment = 0x23;
        var regs = Registers.Get(thread.Tid);
        var arch = regs.Cs == CompatCodeSegment ? AuditArch.I386 : AuditArch.X86_64;
        ulong[] args = arch == AuditArch.I386
            ? [regs.Rbx, regs.Rcx, regs.Rdx, regs.Rsi, regs.Rdi, regs.Rbp]
            : [regs.Rdi, regs.Rsi, regs.Rdx, regs.R10, regs.R8, regs.R9];
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
        return true;
    }
}
