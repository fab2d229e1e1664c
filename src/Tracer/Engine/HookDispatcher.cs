using Serilog;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Logging;
using Vuos.Net.Tracer.Seccomp;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Engine;

/// <summary>
/// Routes an intercepted call to the hooks declared for it, and derives the filter plan from those
/// declarations and the log's classes: a call stops under ptrace only when a hook needs a stop or the log
/// shows it; a call only Notify hooks want is a seccomp notification; every other call never stops.
/// </summary>
sealed class HookDispatcher
{
    readonly Dictionary<SyscallDescriptor, SyscallHook[]> bySyscall;
    readonly SyscallLog log;
    readonly ILogger diag;

    readonly HookRegistry registry;

    public HookDispatcher(HookRegistry registry, SyscallLog log, ILogger diag)
    {
        this.registry = registry;
        bySyscall = registry.Hooks.GroupBy(h => h.Syscall).ToDictionary(g => g.Key, g => g.ToArray());
        this.log = log;
        this.diag = diag;
    }

    public FilterPlan BuildPlan()
    {
        var plan = new FilterPlan { DefaultAction = log.TraceAll ? FilterAction.Trace : FilterAction.Allow };
        foreach (var (syscall, hooks) in bySyscall)
        {
            var needsStop = log.Shows(syscall) || hooks.Any(h => h.Mode == HookMode.Stop);
            plan.Require(syscall, needsStop ? FilterAction.Trace : FilterAction.Notify);
        }
        foreach (var (syscall, test) in registry.Narrowed)
        {
            plan.Narrow(syscall, test);
        }
        foreach (var (syscall, test) in registry.StopTests)
        {
            plan.Stop(syscall, test);
        }
        foreach (var (syscall, test) in registry.Ignored)
        {
            plan.Ignore(syscall, test);
        }
        foreach (var (syscall, test) in registry.OnlyWhenTests)
        {
            plan.OnlyWhen(syscall, test);
        }
        if (!log.TraceAll)
        {
            foreach (var syscall in log.ShownSyscalls)
            {
                plan.Require(syscall, FilterAction.Trace);
            }
        }
        return plan;
    }

    public bool HasHooks(SyscallDescriptor syscall) => bySyscall.ContainsKey(syscall);

    /// <summary>Runs the hooks in declaration order until one decides. A failing hook fails the call, never the supervisor.</summary>
    public void Run(SyscallContext context)
    {
        if (!bySyscall.TryGetValue(context.Syscall, out var hooks))
        {
            return;
        }
        foreach (var hook in hooks)
        {
            try
            {
                hook.Handler(context);
            }
            catch (ErrnoException e)
            {
                if (!context.IsDecided)
                {
                    context.Fail(e.Errno);
                }
            }
            catch (Exception e)
            {
                diag.Error(e, "{Module:l}: {Syscall:l} from pid {Pid} failed: {Message:l}", hook.Module, context.Syscall.Name,
                    context.Thread.Tid, e.Message);
                if (!context.IsDecided)
                {
                    context.Fail(Errno.EIO);
                }
            }
            if (context.IsDecided)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The table row and arguments of a call. i386's socketcall(call, args) is unpacked into the socket call
    /// it stands for, with its arguments read from tracee memory, so modules see one "socket" whatever the ABI.
    /// </summary>
    public static (SyscallDescriptor? Syscall, ulong[] Args) Resolve(uint arch, long nr, ulong[] args, TraceeMemory memory)
    {
        if (arch == AuditArch.I386 && nr == SocketcallDemux.I386Nr)
        {
            return SocketcallDemux.Unpack(args, memory);
        }
        return (SyscallTable.Lookup(arch, nr), args);
    }
}
