using Vuos.Net.Interop;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Seccomp;

/// <summary>
/// Compiles a <see cref="FilterPlan"/> into the seccomp program the launcher installs.
///
/// Three entry points reach the kernel from an x86-64 process: the native ABI, x32 (the native
/// architecture with bit 30 set in the number) and i386 (int 0x80, AUDIT_ARCH_I386, its own numbers and the
/// socketcall multiplexer). Each gets the same plan, so a call cannot slip past by changing ABI. The
/// supervisor's own calls use negative numbers, which also have bit 30 set, so they are matched before the
/// x32 test. Unknown architectures kill the process.
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
        EmitSupervisorCalls(p, plan, isLogged);
        p.JumpIfAnyBit(AuditArch.X32SyscallBit, "x32");
        foreach (var (sc, action) in entries.Where(e => e.Key.Nr >= 0).OrderBy(e => e.Key.Nr))
        {
            p.ReturnIfEqual((uint)sc.Nr, Ret(action, isLogged(sc)));
        }
        p.Return(defaultRet);

        // x32 shares the native numbers below 512 once bit 30 is cleared.
        p.Label("x32");
        p.And(~AuditArch.X32SyscallBit);
        foreach (var (sc, action) in entries.Where(e => e.Key.Nr >= 0).OrderBy(e => e.Key.Nr))
        {
            p.ReturnIfEqual((uint)sc.Nr, Ret(action, isLogged(sc)));
        }
        p.Return(defaultRet);

        p.Label("i386");
        p.Load(SeccompAbi.DataNr);
        EmitSupervisorCalls(p, plan, isLogged);
        var socketcallAction = FilterAction.Allow;
        foreach (var (sc, action) in entries.Where(e => e.Key.I386Nr >= 0).OrderBy(e => e.Key.I386Nr))
        {
            p.ReturnIfEqual((uint)sc.I386Nr, Ret(action, isLogged(sc)));
            if ((sc.Class & SyscallClass.Network) != 0 && action > socketcallAction)
            {
                socketcallAction = action;
            }
        }
        // socketcall multiplexes every socket call on i386: it stops whenever any socket call would.
        if (socketcallAction > plan.DefaultAction)
        {
            p.ReturnIfEqual(I386Socketcall, Ret(socketcallAction, logged: true));
        }
        p.Return(defaultRet);

        return p.Build();
    }

    /// <summary>The descriptor-injection call (always routed to the notification thread) and the virtual calls.</summary>
    static void EmitSupervisorCalls(BpfProgram p, FilterPlan plan, Func<SyscallDescriptor, bool> isLogged)
    {
        p.ReturnIfEqual(InjectFdNr, SeccompAbi.RetUserNotif);
        foreach (var (sc, action) in plan.Actions.Where(e => e.Key.IsVirtual))
        {
            p.ReturnIfEqual((uint)sc.Nr, Ret(action, isLogged(sc)));
        }
    }

    static uint Ret(FilterAction action, bool logged) => action switch
    {
        FilterAction.Notify => SeccompAbi.RetUserNotif,
        FilterAction.Trace => SeccompAbi.RetTrace | (logged ? DataLogged : 0),
        _ => SeccompAbi.RetAllow,
    };
}
