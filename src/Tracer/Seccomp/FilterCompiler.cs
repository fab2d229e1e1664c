using Vuos.Net.Interop;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Seccomp;

/// <summary>
/// Compiles a <see cref="FilterPlan"/> into the seccomp program the launcher installs.
///
/// Three entry points reach the kernel from an x86-64 process: the native ABI, x32 (the native
/// architecture with bit 30 set in the number) and i386 (int 0x80, AUDIT_ARCH_I386, its own numbers and the
/// socketcall multiplexer). The native and i386 ABIs get the same plan, so a call cannot slip past by changing
/// ABI; x32 calls fail with ENOSYS. The supervisor's own calls use negative numbers, which also have bit 30
/// set, so they are matched before the x32 test. Unknown architectures kill the process.
/// </summary>
public static class FilterCompiler
{
    /// <summary>The number a ptrace-stopped call is rewritten to so the notification thread can hand it a descriptor.</summary>
    public const uint InjectFdNr = 0x3fff_f1d0;

    /// <summary>RET_DATA bit set on traced calls whose class the log shows.</summary>
    public const uint DataLogged = 1;

    const int I386Socketcall = 102;

    public static SockFilter[] Compile(FilterPlan plan, Func<SyscallDescriptor, bool> isLogged)
    {
        var p = new BpfProgram();
        p.Load(SeccompAbi.DataArch);
        p.JumpIfEqual(AuditArch.X86_64, "x86_64");
        p.JumpIfEqual(AuditArch.I386, "i386");
        p.Return(SeccompAbi.RetKillProcess);

        var defaultRet = Ret(plan.DefaultAction, logged: plan.DefaultAction == FilterAction.Trace);
        var entries = plan.Actions.Where(kv => kv.Value != plan.DefaultAction).ToList();

        p.Label("x86_64");
        p.Load(SeccompAbi.DataNr);
        EmitSupervisorCalls(p, plan, isLogged, "x86_64");
        p.JumpIfAnyBit(AuditArch.X32SyscallBit, "x32");
        foreach (var (sc, action) in entries.Where(e => e.Key.Nr >= 0).OrderBy(e => e.Key.Nr))
        {
            EmitEntry(p, plan, sc, (uint)sc.Nr, Ret(action, isLogged(sc)), "x86_64");
        }
        p.Return(defaultRet);

        // x32 has numbers of its own (ptrace is 521 there, process_vm_readv 539) that no table here decodes: its
        // calls are refused as a kernel without x32 refuses them.
        p.Label("x32");
        p.Return(SeccompAbi.RetErrno | Errno.ENOSYS);

        p.Label("i386");
        p.Load(SeccompAbi.DataNr);
        EmitSupervisorCalls(p, plan, isLogged, "i386");
        var socketcallAction = FilterAction.Allow;
        foreach (var (sc, action) in entries.Where(e => e.Key.I386Nr >= 0).OrderBy(e => e.Key.I386Nr))
        {
            EmitEntry(p, plan, sc, (uint)sc.I386Nr, Ret(action, isLogged(sc)), "i386");
            if ((sc.Class & SyscallClass.Network) != 0 && action > socketcallAction)
            {
                socketcallAction = action;
            }
        }
        // socketcall multiplexes every socket call on i386 (its arguments are in memory, out of the filter's
        // reach): it stops whenever any socket call could.
        if (socketcallAction > plan.DefaultAction)
        {
            p.ReturnIfEqual(I386Socketcall, Ret(socketcallAction, logged: true));
        }
        p.Return(defaultRet);

        return p.Build();
    }

    /// <summary>
    /// A second filter a process stacks on its first to give up the plan's narrowings: every narrowed syscall
    /// becomes a ptrace stop (with its hooks run there), everything else is left to the first filter.
    /// </summary>
    public static SockFilter[] CompileNarrowingRevocation(FilterPlan plan)
    {
        var p = new BpfProgram();
        var narrowed = plan.Narrowed.Keys.ToList();
        p.Load(SeccompAbi.DataArch);
        p.JumpIfEqual(AuditArch.I386, "i386");
        p.Load(SeccompAbi.DataNr);
        p.And(~AuditArch.X32SyscallBit);
        foreach (var sc in narrowed.Where(s => s.Nr >= 0))
        {
            p.ReturnIfEqual((uint)sc.Nr, SeccompAbi.RetTrace);
        }
        p.Return(SeccompAbi.RetAllow);
        p.Label("i386");
        p.Load(SeccompAbi.DataNr);
        foreach (var sc in narrowed.Where(s => s.I386Nr >= 0))
        {
            p.ReturnIfEqual((uint)sc.I386Nr, SeccompAbi.RetTrace);
        }
        p.Return(SeccompAbi.RetAllow);
        return p.Build();
    }

    /// <summary>
    /// One syscall's test. A notified call may first be let through because no hook wants it
    /// (<see cref="FilterPlan.Ignored"/>), become a stop (<see cref="FilterPlan.StopWhen"/>) or be
    /// let through (<see cref="FilterPlan.Narrowed"/>) depending on an argument; a traced one stops whatever its
    /// arguments, since the log shows it.
    /// </summary>
    static void EmitEntry(BpfProgram p, FilterPlan plan, SyscallDescriptor sc, uint nr, uint ret, string section)
    {
        var stop = ret == SeccompAbi.RetUserNotif ? plan.StopWhen.GetValueOrDefault(sc) : null;
        var narrow = ret == SeccompAbi.RetUserNotif ? plan.Narrowed.GetValueOrDefault(sc) : null;
        var ignore = ret == SeccompAbi.RetUserNotif ? plan.Ignored.GetValueOrDefault(sc) : null;
        var onlyWhen = ret == SeccompAbi.RetUserNotif ? plan.OnlyWhenTests.GetValueOrDefault(sc) : null;
        if (stop is null && narrow is null && ignore is null && onlyWhen is null)
        {
            p.ReturnIfEqual(nr, ret);
            return;
        }
        var next = $"{section}_after_{sc.Name}";
        p.JumpIfNotEqual(nr, next);
        if (ignore is not null)
        {
            LoadMasked(p, ignore);
            foreach (var value in ignore.Values)
            {
                p.ReturnIfEqual(value, SeccompAbi.RetAllow);
            }
        }
        if (onlyWhen is not null)
        {
            var wanted = $"{section}_wanted_{sc.Name}";
            LoadMasked(p, onlyWhen);
            foreach (var value in onlyWhen.Values)
            {
                p.JumpIfEqual(value, wanted);
            }
            p.Return(SeccompAbi.RetAllow);
            p.Label(wanted);
        }
        if (stop is not null)
        {
            LoadMasked(p, stop);
            foreach (var value in stop.Values)
            {
                p.ReturnIfEqual(value, SeccompAbi.RetTrace);
            }
        }
        if (narrow is not null)
        {
            LoadMasked(p, narrow);
            foreach (var value in narrow.Values)
            {
                p.ReturnIfEqual(value, ret);
            }
            p.Return(SeccompAbi.RetAllow);
        }
        else
        {
            p.Return(ret);
        }
        p.Label(next);
        // The jumps to here left the syscall number in the accumulator.
    }

    static void LoadMasked(BpfProgram p, ArgTest test)
    {
        p.Load(SeccompAbi.DataArgLow(test.Arg));
        if (test.Mask != uint.MaxValue)
        {
            p.And(test.Mask);
        }
    }

    /// <summary>The descriptor-injection call (always routed to the notification thread) and the virtual calls.</summary>
    static void EmitSupervisorCalls(BpfProgram p, FilterPlan plan, Func<SyscallDescriptor, bool> isLogged, string section)
    {
        p.ReturnIfEqual(InjectFdNr, SeccompAbi.RetUserNotif);
        foreach (var (sc, action) in plan.Actions.Where(e => e.Key.IsVirtual))
        {
            EmitEntry(p, plan, sc, (uint)sc.Nr, Ret(action, isLogged(sc)), section + "_virtual");
        }
    }

    static uint Ret(FilterAction action, bool logged) => action switch
    {
        FilterAction.Notify => SeccompAbi.RetUserNotif,
        FilterAction.Trace => SeccompAbi.RetTrace | (logged ? DataLogged : 0),
        _ => SeccompAbi.RetAllow,
    };
}
