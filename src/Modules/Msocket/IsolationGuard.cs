using Vuos.Net.Interop;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Msocket;

/// <summary>
/// Closes the ways around the stacks that do not go through socket(): io_uring's IORING_OP_SOCKET creates
/// sockets with no syscall to intercept, so io_uring_setup is refused (EPERM, as Docker's default profile
/// does); and a process of the session may not reach into a process outside it (the supervisor, its helpers,
/// or anything else on the machine) to borrow its sockets or rewrite its memory: ptrace, process_vm_readv,
/// process_vm_writev, pidfd_getfd and /proc/PID/mem aimed outside the session fail with EPERM or EACCES.
/// Processes living in a stack's namespace (<see cref="MsocketSession.Residence"/>) make its sockets without
/// the supervisor, so they may not setns into another network namespace.
/// See docs/SECURITY.md for what is and is not promised.
/// </summary>
public sealed class IsolationGuard(MsocketSession session) : ISyscallModule
{
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
        hooks.On("ptrace", HookMode.Notify, c => RefuseOutside(c, c.ArgInt(1), Errno.EPERM));
        hooks.On("process_vm_readv", HookMode.Notify, c => RefuseOutside(c, c.ArgInt(0), Errno.EPERM));
        hooks.On("process_vm_writev", HookMode.Notify, c => RefuseOutside(c, c.ArgInt(0), Errno.EPERM));
        hooks.On("pidfd_getfd", HookMode.Notify, PidfdGetfd);
        hooks.On("setns", HookMode.Notify, Setns);
        hooks.On("open", HookMode.Notify, c => ProcMem(c, TraceePaths.AtFdCwd, 0));
        hooks.On("openat", HookMode.Notify, c => ProcMem(c, c.ArgInt(0), 1));
    }

    void Setns(SyscallContext call)
    {
        // nstype 0 accepts a descriptor of any namespace: it could be a network one.
        var nstype = call.ArgInt(1);
        if (session.Residence is { } stack && (nstype == 0 || (nstype & NamespaceFlags.CloneNewNet) != 0))
        {
            call.Note = $"the process lives in {stack.Path}";
            call.Fail(Errno.EPERM);
        }
    }

    bool InSession(int pid) => pid > 0 && processes.FindThread(pid) is not null;

    void RefuseOutside(SyscallContext call, int pid, int errno)
    {
        // PTRACE_TRACEME (pid ignored) and calls on the session's own processes are the kernel's to answer.
        if ((call.Syscall.Name == "ptrace" && call.ArgInt(0) == 0) || InSession(pid))
        {
            return;
        }
        call.Note = $"pid {pid} is outside the session";
        call.Fail(errno);
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

    /// <summary>/proc/PID/mem (and /proc/PID/task/TID/mem) of a process outside the session.</summary>
    void ProcMem(SyscallContext call, int dirfd, int pathArg)
    {
        if (call.PathArg(pathArg) is not { } path || !path.EndsWith("mem", StringComparison.Ordinal) ||
            TraceePaths.Resolve(call.Thread.Tid, dirfd, path) is not { } absolute)
        {
            return;
        }
        var parts = absolute.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not ["proc", var pidText, .., "mem"] || parts.Length is not (3 or 5))
        {
            return;
        }
        var pid = pidText == "self" ? call.Process.Tgid : pidText == "thread-self" ? call.Thread.Tid : int.TryParse(pidText, out var p) ? p : 0;
        if (pid > 0 && !InSession(pid) && processes.FindProcess(pid) is null)
        {
            call.Note = $"pid {pid} is outside the session";
            call.Fail(Errno.EACCES);
        }
    }
}
