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
/// This file starts the session; the wait loop, process lifecycle and syscall stops have files of their own.
/// </summary>
public sealed partial class TracerEngine
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
    readonly ReturnStops returnStops;
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
        returnStops = registry.ReturnStops;
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
        if (Libc.ioctl(listener, SeccompAbi.IoctlNotifSetFlags, (void*)SeccompAbi.UserNotifFdSyncWakeUp) < 0)
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
}
