using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Serilog;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Logging;
using Vuos.Net.Tracer.Seccomp;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Engine;
/// <summary>The tracer thread's loop: waitpid(-1, __WALL), and what kind of stop each status is.</summary>
public sealed partial class TracerEngine
{
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
            // A group-stop (Ctrl-Z, SIGSTOP): stay stopped, but let SIGCONT and SIGKILL through. A thread coming
            // back from a call joins one already under way before it dequeues a return stop's SIGSTOP (and SIGCONT
            // discards that): its registers are still the call's here.
            if (returnStops.Any)
            {
                returnStops.RunPending(thread, ReturnStopFailed);
            }
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
        if (returnStops.Any)
        {
            returnStops.RunPending(thread, ReturnStopFailed);
            if (signal == Signal.SIGSTOP && returnStops.IsReturnStop(thread))
            {
                Stats.ReturnStop();
                Resume(thread, 0);
                return;
            }
        }
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

    void ReturnStopFailed(Exception e) => diag.Error("amending a call at its return stop failed: {Message:l}", e.Message);

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
}
