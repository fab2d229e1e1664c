using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Serilog;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Logging;
using Vuos.Net.Tracer.Seccomp;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Engine;
/// <summary>Processes and threads: new children, exec, exits.</summary>
public sealed partial class TracerEngine
{
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
            thread.Pending = new PendingSyscall
            {
                Syscall = SyscallTable.Get("execve"),
                Nr = SyscallTable.Get("execve").Nr,
                Arch = Registers.ArchOf(Registers.Get(thread.Tid)),
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
        returnStops.Forget(tid);
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
}
