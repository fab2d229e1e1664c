using Vuos.Net.Interop;
using Vuos.Net.Tracer.Engine;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Modules.Msocket;

/// <summary>
/// The filter's wall behind the kernel's. The kernel enforces a session's isolation (its user and network
/// namespaces, a Landlock domain that confines ptrace access to the session, a non-dumpable supervisor: see
/// docs/SECURITY.md); this module refuses what namespaces cannot scope, and repeats what Landlock does where a
/// kernel lacks it:
/// - io_uring_setup: IORING_OP_SOCKET makes sockets with no syscall, past the per-family routing (EPERM, as
///   Docker's default profile does);
/// - ptrace requests that would make a session process the tracer of another (PTRACE_TRACEME, ATTACH, SEIZE):
///   every process of the session is the supervisor's to trace, and a process cloned untraced must not be
///   traced by its parent, whose stops would then decide for it;
/// - ptrace, process_vm_readv/writev and pidfd_getfd aimed at a process outside the session (EPERM).
/// </summary>
public sealed class IsolationGuard : ISyscallModule
{
    const long PtraceTraceMe = 0, PtraceAttach = 16, PtraceSeize = 0x4206;

    ProcessTable processes = null!;

    public string Name => "isolation";

    public void Register(HookRegistry hooks)
    {
        processes = hooks.Processes;
        hooks.On("io_uring_setup", HookMode.Notify, c =>
        {
            c.Note = "io_uring would bypass the stacks";
            c.Fail(Errno.EPERM);
        });
        // A call that joins the family without a rule here stops the supervisor at start, so none slips past.
        hooks.OnRole(SyscallRole.ReachesProcess, HookMode.Notify, row => row.Name switch
        {
            "ptrace" => Ptrace,
            "process_vm_readv" or "process_vm_writev" => c => RefuseOutside(c, c.ArgInt(0)),
            "pidfd_getfd" => PidfdGetfd,
            _ => throw new NotSupportedException($"the isolation guard has no rule for {row.Name}"),
        });
    }

    void Ptrace(SyscallContext call)
    {
        if ((long)call.Arg(0) is PtraceTraceMe or PtraceAttach or PtraceSeize)
        {
            call.Note = "only the supervisor traces the session's processes";
            call.Fail(Errno.EPERM);
            return;
        }
        RefuseOutside(call, call.ArgInt(1));
    }

    bool InSession(int pid) => pid > 0 && processes.FindThread(pid) is not null;

    void RefuseOutside(SyscallContext call, int pid)
    {
        if (InSession(pid))
        {
            return; // the kernel's to answer
        }
        call.Note = $"pid {pid} is outside the session";
        call.Fail(Errno.EPERM);
    }

    void PidfdGetfd(SyscallContext call)
    {
        var pid = PidOfPidfd(call.Thread.Tid, call.ArgInt(0));
        if (pid is null || InSession(pid.Value))
        {
            return; // not a pidfd (the kernel says EBADF) or one of the session's
        }
        call.Note = $"pid {pid} is outside the session";
        call.Fail(Errno.EPERM);
    }

    static int? PidOfPidfd(int tid, int fd)
    {
        try
        {
            var line = File.ReadLines($"/proc/{tid}/fdinfo/{fd}").FirstOrDefault(l => l.StartsWith("Pid:", StringComparison.Ordinal));
            return line is not null && int.TryParse(line.AsSpan(4).Trim(), out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
