using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Serilog;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Logging;
using Vuos.Net.Tracer.Seccomp;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Engine;

/// <summary>
/// Runs a command under ptrace and seccomp and follows every process and thread it creates.
///
/// One dedicated OS thread makes every ptrace call (the kernel binds a tracee to the thread that attached
/// it). It blocks in waitpid(-1, __WALL) and handles one stop at a time: seccomp stops of the calls modules
/// or the log asked for, exit stops where a call needs one, fork/clone/exec events, signal and group stops.
/// Calls that only need an answer are served by the <see cref="NotificationListener"/> without any stop.
/// </summary>
public sealed class TracerEngine
{
    const long SeizeOptions = PtraceOptions.TraceSysGood | PtraceOptions.TraceFork | PtraceOptions.TraceVfork |
        PtraceOptions.TraceClone | PtraceOptions.TraceExec | PtraceOptions.TraceSeccomp | PtraceOptions.ExitKill;

    readonly TracerOptions options;
    readonly SyscallLog log;
    readonly ILogger diag;
    readonly HookDispatcher hooks;
    readonly FilterPlan plan;
    readonly HashSet<int> earlyAttachStops = [];
    readonly LaunchSettings launch;
    readonly IReadOnlyList<(Func<TraceeProcess, bool> Wants, SyscallExitHandler Handler)> afterExec;
    readonly SockFilter[] revocationLayer;
    FdInjector? injector;
    int mainPid;
    WaitStatus? mainStatus;

    public TracerEngine(TracerOptions options, IEnumerable<ISyscallModule> modules, SyscallLog log, ILogger diag)
    {
        this.options = options;
        this.log = log;
        this.diag = diag;
        var registry = new HookRegistry(Processes, log);
        foreach (var module in modules)
        {
            registry.BeginModule(module.Name);
            module.Register(registry);
        }
        hooks = new HookDispatcher(registry, log, diag);
        launch = registry.Launch;
        afterExec = registry.AfterExec;
        plan = hooks.BuildPlan();
        revocationLayer = FilterCompiler.CompileNarrowingRevocation(plan);
    }

    public TracerStats Stats { get; } = new();

    public ProcessTable Processes { get; } = new();

    public ChildReaper Children { get; } = new();

    public FilterPlan Plan => plan;

    /// <summary>The pid of the command's first process, once started (0 before).</summary>
    public int MainPid => Volatile.Read(ref mainPid);

    /// <summary>How the command's first process ended, once <see cref="Run"/> has returned (null if it never started).</summary>
    public WaitStatus? MainStatus => mainStatus;

    /// <summary>Runs <paramref name="command"/> to the end of its last process; returns its exit code as a shell reports it.</summary>
    public int Run(IReadOnlyList<string> command)
    {
        var result = 1;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = TracerMain(command);
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, 4 * 1024 * 1024)
        { Name = "vuos-tracer" };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw failure;
        }
        return result;
    }

    /// <summary>Passes a signal the supervisor received (SIGTERM, SIGHUP) on to the command, as if sent to it.</summary>
    public void ForwardSignal(int signal)
    {
        var pid = MainPid;
        if (pid > 0)
        {
            Libc.kill(pid, signal);
        }
    }

    int TracerMain(IReadOnlyList<string> command)
    {
        var filter = FilterCompiler.Compile(plan, log.Shows);
        var (pid, control) = TraceeLauncher.Spawn(options.LauncherPath, command, options.InheritedIgnoredSignals);
        using (control)
        {
            if (Libc.ptrace(PtraceRequest.Seize, pid, 0, (nint)SeizeOptions) < 0)
            {
                var e = ErrnoException.FromLastError("ptrace(PTRACE_SEIZE)");
                Libc.kill(pid, Signal.SIGKILL);
                Libc.waitpid(pid, out _, WaitFlags.All | WaitFlags.NoThread);
                throw new InvalidOperationException(
                    $"cannot trace the command: {e.Message} (is ptrace allowed here? see /proc/sys/kernel/yama/ptrace_scope)");
            }
            Volatile.Write(ref mainPid, pid);
            var process = Processes.AddProcess(pid, Libc.getpid(), new ProcessState?[ProcessStateSlot.Count]);
            Processes.AddThread(pid, process).Started = true;
            log.Started(pid);

            TraceeLauncher.SendFilter(control, filter,
                SeccompAbi.FilterFlagNewListener | SeccompAbi.FilterFlagWaitKillableRecv, launch);
            var listener = AwaitLauncher(pid, control);
            if (listener is null)
            {
                return mainStatus?.ShellExitCode ?? 1;
            }
            // Without it each notification wakes the listener on another CPU: about 50 µs per socket() on a VM.
            RequestSynchronousWakeUp(listener);
            var waiter = new BlockingCallWaiter(listener, diag);
            injector = new FdInjector(listener, waiter);
            new NotificationListener(listener, Processes, hooks, injector, waiter, Stats, diag).Start();
        }
        diag.Debug("tracing {Pid}: filter of {Count} instructions", pid, filter.Length);
        Loop();
        return mainStatus?.ShellExitCode ?? 1;
    }

    unsafe void RequestSynchronousWakeUp(SafeFd listener)
    {
        if (Libc.ioctl(listener.Fd, SeccompAbi.IoctlNotifSetFlags, (void*)SeccompAbi.UserNotifFdSyncWakeUp) < 0)
        {
            diag.Debug("no synchronous wake-up for notifications: {Error:l}", Marshal.GetLastPInvokeErrorMessage());
        }
    }

    /// <summary>
    /// Waits for the launcher to install the filter and hand back the listener, resuming the launcher's own
    /// stops meanwhile (with the log on, its sendmsg stops). Null when the launcher died instead.
    /// </summary>
    SafeFd? AwaitLauncher(int pid, SafeFd control)
    {
        var failed = false;
        while (true)
        {
            if (!failed && TraceeLauncher.TryReceiveListener(control) is { } answer)
            {
                if (answer.Error == 0 && answer.Listener is not null)
                {
                    return answer.Listener;
                }
                // The launcher has said what failed on stderr (vuos-launch: ...) and exits: wait for it.
                diag.Debug("vuos-launch failed: {Error:l}", Marshal.GetPInvokeErrorMessage(answer.Error == 0 ? Errno.EPROTO : answer.Error));
                failed = true;
            }
            var got = Libc.waitpid(pid, out var raw, WaitFlags.All | WaitFlags.NoThread | (failed ? 0 : WaitFlags.NoHang));
            if (got == pid)
            {
                var status = new WaitStatus(raw);
                if (!status.Stopped)
                {
                    Processes.RemoveThread(pid);
                    mainStatus = status;
                    return null;
                }
                var signal = status.Event == 0 && status.StopSignal != (Signal.SIGTRAP | 0x80) ? status.StopSignal : 0;
                Libc.ptrace(PtraceRequest.Cont, pid, 0, signal);
                continue;
            }
            var pfd = new PollFd { Fd = control.Fd, Events = 1 /* POLLIN */ };
            unsafe
            {
                Libc.poll(&pfd, 1, 5);
            }
        }
    }

    void Loop()
    {
        while (Processes.TracedThreadCount > 0)
        {
            // __WNOTHREAD: stops of this engine's tracees only, never another thread's children.
            var tid = Libc.waitpid(-1, out var raw, WaitFlags.All | WaitFlags.NoThread);
            if (tid < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Errno.EINTR)
                {
                    continue;
                }
                if (errno == Errno.ECHILD)
                {
                    diag.Warning("no child left while {Count} threads were still known", Processes.ThreadCount);
                    return;
                }
                throw new ErrnoException("waitpid", errno);
            }
            try
            {
                HandleStatus(tid, new WaitStatus(raw));
            }
            catch (ErrnoException e) when (e.Errno == Errno.ESRCH)
            {
                // The thread died between its stop and our request (SIGKILL): its exit is reported next.
            }
            catch (Exception e)
            {
                diag.Error(e, "handling a stop of {Tid} failed: {Message:l}", tid, e.Message);
                Libc.ptrace(PtraceRequest.Cont, tid, 0, 0);
            }
        }
    }

    void HandleStatus(int tid, WaitStatus status)
    {
        if (!status.Stopped)
        {
            OnThreadExit(tid, status);
            return;
        }
        var thread = Processes.FindThread(tid);
        if (thread is null)
        {
            // The attach stop of a new child can come before its parent's fork event: hold it until then.
            earlyAttachStops.Add(tid);
            return;
        }
        switch (status.Event)
        {
            case PtraceEvent.Seccomp:
                OnSeccompStop(thread);
                return;
            case PtraceEvent.Fork or PtraceEvent.Vfork or PtraceEvent.Clone:
                Stats.EventStop();
                OnNewChild(thread, status.Event);
                Resume(thread, 0);
                return;
            case PtraceEvent.Exec:
                Stats.EventStop();
                Resume(OnExec(thread), 0);
                return;
            case PtraceEvent.Stop:
                OnEventStop(thread, status.StopSignal);
                return;
            case 0 when status.StopSignal == (Signal.SIGTRAP | 0x80):
                OnSyscallStop(thread);
                return;
            case 0:
                OnSignalStop(thread, status.StopSignal);
                return;
            default:
                Stats.EventStop();
                Resume(thread, 0);
                return;
        }
    }

    /// <summary>A PTRACE_EVENT_STOP: a new child's attach stop, a group-stop, or the end of a PTRACE_LISTEN.</summary>
    void OnEventStop(TraceeThread thread, int signal)
    {
        if (!thread.Started)
        {
            thread.Started = true;
            Resume(thread, 0);
        }
        else if (Signal.IsStopSignal(signal))
        {
            // A group-stop (Ctrl-Z, SIGSTOP): stay stopped, but let SIGCONT and SIGKILL through.
            Stats.GroupStop();
            Libc.ptrace(PtraceRequest.Listen, thread.Tid, 0, 0);
        }
        else
        {
            Resume(thread, 0);
        }
    }

    void OnSignalStop(TraceeThread thread, int signal)
    {
        Stats.SignalStop();
        if (log.Enabled && thread.Process.HasExeced)
        {
            var info = default(SigInfo);
            unsafe
            {
                if (Libc.ptrace(PtraceRequest.GetSigInfo, thread.Tid, 0, (nint)(&info)) >= 0)
                {
                    log.SignalDelivered(thread.Tid, thread.Process.Tgid, info);
                }
            }
        }
        Resume(thread, signal);
    }

    void OnNewChild(TraceeThread parent, int ptraceEvent)
    {
        var childTid = (int)GetEventMessage(parent.Tid);
        TraceeThread child;
        if (ptraceEvent == PtraceEvent.Clone && ReadTgid(childTid) == parent.Process.Tgid)
        {
            child = Processes.AddThread(childTid, parent.Process);
        }
        else
        {
            var process = Processes.AddProcess(childTid, parent.Process.Tgid, parent.Process.ForkStates());
            process.HasExeced = parent.Process.HasExeced;
            process.NarrowingRevoked = parent.Process.NarrowingRevoked;
            child = Processes.AddThread(childTid, process);
        }
        log.Attached(childTid);
        if (earlyAttachStops.Remove(childTid))
        {
            child.Started = true;
            Resume(child, 0);
        }
    }

    TraceeThread OnExec(TraceeThread thread)
    {
        var formerTid = (int)GetEventMessage(thread.Tid);
        var process = thread.Process;
        if (formerTid != thread.Tid)
        {
            Processes.CollapseAfterExec(process, formerTid);
            thread = Processes.FindThread(process.Tgid)!;
        }
        if (process.HasExeced)
        {
            process.ForEachState(s => s.OnExec());
        }
        process.HasExeced = true;
        var handlers = afterExec.Where(h => h.Wants(process)).Select(h => h.Handler).ToList();
        if (handlers.Count > 0)
        {
            // The exec event comes from inside execve: its handlers run at its exit stop, where registers are final.
            const ulong CompatCodeSegment = 0x23;
            thread.Pending = new PendingSyscall
            {
                Syscall = SyscallTable.Get("execve"),
                Nr = SyscallTable.Get("execve").Nr,
                Arch = Registers.Get(thread.Tid).Cs == CompatCodeSegment ? AuditArch.I386 : AuditArch.X86_64,
                Args = [],
                ExitHandlers = handlers,
                ChainFromVdso = true,
            };
        }
        return thread;
    }

    void OnThreadExit(int tid, WaitStatus status)
    {
        var thread = Processes.FindThread(tid);
        if (thread is null)
        {
            earlyAttachStops.Remove(tid);
            Children.Report(tid, status.Raw);
            return;
        }
        injector?.Disarm(tid);
        if (thread.Pending is { Logged: { } call })
        {
            log.Vanished(call);
        }
        if (log.Enabled && thread.Process.HasExeced)
        {
            // Every task's end, threads included, as strace prints them.
            if (status.Exited)
            {
                log.Exited(tid, thread.Process.Tgid, status.ExitCode);
            }
            else
            {
                log.Killed(tid, thread.Process.Tgid, status.TermSignal, status.CoreDumped);
            }
        }
        var process = Processes.RemoveThread(tid);
        if (process is null)
        {
            return;
        }
        process.ForEachState(s => s.OnExit());
        if (process.Tgid == mainPid)
        {
            mainStatus = status;
        }
    }

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

        switch (context.Outcome)
        {
            case SyscallOutcome.Return:
                SkipWithResult(thread, context.ReturnValue);
                if (pending.Logged is { } answered)
                {
                    log.Exit(answered, context.ReturnValue, memory, pending.Note);
                }
                Resume(thread, 0);
                return;
            case SyscallOutcome.ReturnFd or SyscallOutcome.Wait:
                {
                    // Both answer through the notification thread: the call becomes the injection call.
                    var regs = Registers.Get(thread.Tid);
                    pending.OriginalRegs = regs;
                    pending.Injecting = true;
                    if (context.BlockingWait is { } wait)
                    {
                        injector!.Arm(thread.Tid, thread.Process.Tgid, wait);
                    }
                    else
                    {
                        injector!.Arm(thread.Tid, context.FdReply!);
                    }
                    regs.OrigRax = FilterCompiler.InjectFdNr;
                    Registers.Set(thread.Tid, regs);
                    break;
                }
            case SyscallOutcome.Continue when context.Rewritten is var (target, newArgs):
                {
                    var newNr = info.Arch == AuditArch.I386 ? target.I386Nr : target.Nr;
                    if (newNr < 0)
                    {
                        SkipWithResult(thread, -Errno.ENOSYS);
                        Resume(thread, 0);
                        return;
                    }
                    var regs = Registers.Get(thread.Tid);
                    pending.OriginalRegs = regs;
                    Registers.SetCall(ref regs, info.Arch, newNr, newArgs);
                    Registers.Set(thread.Tid, regs);
                    break;
                }
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

    /// <summary>Continues a stopped thread, through to its exit stop when a call is pending.</summary>
    static void Resume(TraceeThread thread, int signal)
    {
        var request = thread.Pending is null ? PtraceRequest.Cont : PtraceRequest.Syscall;
        ErrnoException.Check(Libc.ptrace(request, thread.Tid, 0, signal), "ptrace(resume)");
    }

    static unsafe ulong GetEventMessage(int tid)
    {
        ulong message;
        ErrnoException.Check(Libc.ptrace(PtraceRequest.GetEventMsg, tid, 0, (nint)(&message)), "ptrace(PTRACE_GETEVENTMSG)");
        return message;
    }

    /// <summary>The thread group of a task, from /proc: a clone that shares its parent's group is a thread.</summary>
    static int ReadTgid(int tid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{tid}/status"))
            {
                if (line.StartsWith("Tgid:", StringComparison.Ordinal))
                {
                    return int.Parse(line.AsSpan(5).Trim());
                }
            }
        }
        catch (IOException)
        {
        }
        return tid;
    }

    /// <summary>Rows for numbers the table lacks, made once per number: engines of several sessions share them.</summary>
    static readonly ConcurrentDictionary<long, SyscallDescriptor> UnknownSyscalls = new();

    static SyscallDescriptor UnknownSyscall(long nr) => UnknownSyscalls.GetOrAdd(nr, n =>
        new SyscallDescriptor((int)n, -1, SyscallTable.UnknownName(n), SyscallClass.None, RetKind.Int,
            [Arg.Hex("a0"), Arg.Hex("a1"), Arg.Hex("a2"), Arg.Hex("a3"), Arg.Hex("a4"), Arg.Hex("a5")]));
}
