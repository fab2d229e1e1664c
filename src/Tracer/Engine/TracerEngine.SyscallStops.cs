using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Serilog;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Logging;
using Vuos.Net.Tracer.Seccomp;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Engine;
/// <summary>Syscall stops: a seccomp stop runs the hooks at entry, an exit stop finishes the call (results, chains, the log).</summary>
public sealed partial class TracerEngine
{
    unsafe void OnSeccompStop(TraceeThread thread)
    {
        Stats.SeccompStop();
        if (thread.Pending is { Chain: not null })
        {
            // A call the supervisor chained (SyscallExitContext.Then) that the filter also traces: it is ours.
            Resume(thread, 0);
            return;
        }
        PtraceSyscallInfo info;
        ErrnoException.Check(Libc.ptrace(PtraceRequest.GetSyscallInfo, thread.Tid, sizeof(PtraceSyscallInfo), (nint)(&info)),
            "ptrace(PTRACE_GET_SYSCALL_INFO)");
        var raw = new ulong[6];
        for (var i = 0; i < 6; i++)
        {
            raw[i] = info.Args[i];
        }
        var nr = info.Arch == AuditArch.I386 ? (int)info.Nr : (long)info.Nr;
        var memory = new TraceeMemory(thread.Tid);
        SyscallDescriptor? syscall;
        ulong[] args;
        try
        {
            (syscall, args) = HookDispatcher.Resolve(info.Arch, nr, raw, memory);
        }
        catch (ErrnoException)
        {
            (syscall, args) = (null, raw);
        }
        syscall ??= UnknownSyscall(nr);
        if (!thread.Process.HasExeced && syscall.Name != "execve")
        {
            // The launcher's own calls between installing the filter and its execve: not the user's.
            Resume(thread, 0);
            return;
        }

        var logged = log.Shows(syscall) || (info.SeccompRetData & FilterCompiler.DataLogged) != 0;
        var context = new StopContext(thread, syscall, info.Arch, args, info.StackPointer, revocationLayer);
        hooks.Run(context);

        var pending = new PendingSyscall
        {
            Syscall = syscall,
            Nr = nr,
            Arch = info.Arch,
            Args = args,
            EntryTimestamp = Stopwatch.GetTimestamp(),
            Logged = logged ? log.Enter(thread.Tid, thread.Process.Tgid, syscall, info.Arch, args, memory, info.StackPointer) : null,
            Note = context.Note,
            ExitHandlers = context.ExitHandlers,
        };

        if (context.AnswerWith(new StopAnswer(this, thread, info.Arch, pending, memory)))
        {
            return; // answered and resumed: the call never runs
        }

        if (syscall.Ret == RetKind.NoReturn)
        {
            if (pending.Logged is { } call)
            {
                log.NoReturn(call, pending.Note);
            }
            Resume(thread, 0);
            return;
        }
        var needExit = pending.Logged is not null || pending.ExitHandlers is not null || pending.OriginalRegs is not null;
        thread.Pending = needExit ? pending : null;
        Resume(thread, 0);
    }

    /// <summary>A syscall stop: the exit of a call whose exit was asked for, or the entry or exit of a chained call.</summary>
    unsafe void OnSyscallStop(TraceeThread thread)
    {
        Stats.ExitStop();
        var pending = thread.Pending;
        if (pending is null)
        {
            Resume(thread, 0);
            return;
        }
        PtraceSyscallInfo info;
        ErrnoException.Check(Libc.ptrace(PtraceRequest.GetSyscallInfo, thread.Tid, sizeof(PtraceSyscallInfo), (nint)(&info)),
            "ptrace(PTRACE_GET_SYSCALL_INFO)");
        if (pending.Chain is { } chain)
        {
            if (info.Op != SyscallInfoOp.Exit)
            {
                Resume(thread, 0); // the chained call's entry: on to its exit
                return;
            }
            if (pending.Injecting)
            {
                injector!.Disarm(thread.Tid);
                pending.Injecting = false;
            }
            var chained = new SyscallExitContext(thread, pending.ChainedSyscall!, info.ExitValue, info.StackPointer);
            pending.Chain = null;
            RunExitHandler(chain, chained);
            if (chained.Changed)
            {
                pending.ChainResult = chained.Result;
            }
            if (chained.Chained is { } next)
            {
                StartChain(thread, pending, next);
                return;
            }
            thread.Pending = null;
            Finish(thread, pending, pending.ChainResult, changed: true);
            return;
        }
        thread.Pending = null;
        var ret = info.ExitValue;
        if (pending.Injecting)
        {
            injector!.Disarm(thread.Tid);
        }
        var restarting = Errno.IsRestart(ret);
        if (pending.ExitHandlers is not null && !restarting)
        {
            var exit = new SyscallExitContext(thread, pending.Syscall, ret, info.StackPointer);
            foreach (var handler in pending.ExitHandlers)
            {
                RunExitHandler(handler, exit);
            }
            if (exit.Changed)
            {
                ret = exit.Result;
            }
            if (exit.Chained is { } next)
            {
                pending.ChainResult = ret;
                // The tracee's own registers are what the chain ends with; a call not rewritten has them now.
                pending.OriginalRegs ??= Registers.Get(thread.Tid);
                thread.Pending = pending;
                StartChain(thread, pending, next);
                return;
            }
        }
        returnStops.RunPending(thread, ReturnStopFailed);
        Finish(thread, pending, ret, changed: ret != info.ExitValue);
    }

    void RunExitHandler(SyscallExitHandler handler, SyscallExitContext exit)
    {
        try
        {
            handler(exit);
        }
        catch (Exception e) when (e is ErrnoException or IOException or InvalidOperationException)
        {
            diag.Error("{Syscall:l} of {Tid}: {Message:l}", exit.Syscall.Name, exit.Thread.Tid, e.Message);
            exit.SetResult(-(e is ErrnoException { Errno: var errno } ? errno : Errno.EIO));
        }
    }

    /// <summary>The thread runs its syscall instruction again, as <paramref name="next"/>'s call: its entry and exit stops follow.</summary>
    void StartChain(TraceeThread thread, PendingSyscall pending, ChainedCall next)
    {
        long nr;
        if (next.Inject is { } reply)
        {
            injector!.Arm(thread.Tid, reply);
            nr = FilterCompiler.InjectFdNr;
        }
        else
        {
            nr = pending.Arch == AuditArch.I386 ? next.Target!.I386Nr : next.Target!.Nr;
        }
        var instruction = pending.ChainFromVdso ? VdsoSyscallInstruction.Find(thread.Tid, pending.Arch) : null;
        if (nr < 0 || (pending.ChainFromVdso && instruction is null))
        {
            next.Inject?.Dispose();
            injector!.Disarm(thread.Tid);
            thread.Pending = null;
            Finish(thread, pending, -Errno.ENOSYS, changed: true);
            return;
        }
        var regs = Registers.Get(thread.Tid);
        Registers.SetCall(ref regs, pending.Arch, nr, next.Args);
        regs.Rax = (ulong)nr;
        // syscall and int $0x80 are two bytes long: the tracee's own is just behind its instruction pointer.
        regs.Rip = instruction ?? regs.Rip - 2;
        Registers.Set(thread.Tid, regs);
        pending.Chain = next.Next;
        pending.ChainedSyscall = next.Target ?? pending.Syscall;
        pending.Injecting = next.Inject is not null;
        Resume(thread, 0);
    }

    /// <summary>The tracee's call returns <paramref name="ret"/>, with its own registers back when they were rewritten; the log shows it.</summary>
    void Finish(TraceeThread thread, PendingSyscall pending, long ret, bool changed)
    {
        if (pending.OriginalRegs is { } original)
        {
            // Registers other than rax, rcx and r11 survive a syscall: give the tracee back its own, and on a
            // restart its own call too, so the kernel restarts what the tracee made, not what we rewrote.
            var now = Registers.Get(thread.Tid);
            var regs = original;
            (regs.Rax, regs.Rcx, regs.R11) = ((ulong)ret, now.Rcx, now.R11);
            Registers.Set(thread.Tid, regs);
        }
        else if (changed)
        {
            var regs = Registers.Get(thread.Tid);
            regs.Rax = (ulong)ret;
            Registers.Set(thread.Tid, regs);
        }
        if (pending.Logged is { } call)
        {
            log.Exit(call, ret, new TraceeMemory(thread.Tid), pending.Note);
        }
        Resume(thread, 0);
    }

    /// <summary>At a seccomp stop: the call is not run and returns <paramref name="value"/> (a value or -errno).</summary>
    static void SkipWithResult(TraceeThread thread, long value)
    {
        var regs = Registers.Get(thread.Tid);
        regs.OrigRax = ulong.MaxValue;
        regs.Rax = (ulong)value;
        Registers.Set(thread.Tid, regs);
    }

    /// <summary>Rows for numbers the table lacks, made once per number: engines of several sessions share them.</summary>
    static readonly ConcurrentDictionary<long, SyscallDescriptor> UnknownSyscalls = new();

    static SyscallDescriptor UnknownSyscall(long nr) => UnknownSyscalls.GetOrAdd(nr, n =>
        new SyscallDescriptor((int)n, -1, SyscallTable.UnknownName(n), SyscallClass.None, RetKind.Int,
            [Arg.Hex("a0"), Arg.Hex("a1"), Arg.Hex("a2"), Arg.Hex("a3"), Arg.Hex("a4"), Arg.Hex("a5")]));
}
