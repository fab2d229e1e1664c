using Vuos.Net.Interop;
using Vuos.Net.Tracer.Engine;
using Vuos.Net.Tracer.Logging;
using Vuos.Net.Tracer.Seccomp;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tests.Unit;

/// <summary>The compiled filter gives every ABI the same plan, and nothing undeclared stops.</summary>
public class FilterCompilerTests
{
    const uint Notify = SeccompAbi.RetUserNotif;
    const uint Allow = SeccompAbi.RetAllow;

    static SockFilter[] Compile(FilterAction defaultAction = FilterAction.Allow)
    {
        var plan = new FilterPlan { DefaultAction = defaultAction };
        plan.Require(SyscallTable.Get("socket"), FilterAction.Notify);
        plan.Require(SyscallTable.Get("msocket"), FilterAction.Notify);
        plan.Require(SyscallTable.Get("connect"), FilterAction.Trace);
        return FilterCompiler.Compile(plan, s => s.Name == "connect");
    }

    [Theory]
    [InlineData(41, Notify)] // socket
    [InlineData(110, Allow)] // getppid
    [InlineData(-5, Notify)] // msocket
    [InlineData(42, SeccompAbi.RetTrace | FilterCompiler.DataLogged)] // connect
    [InlineData((int)FilterCompiler.InjectFdNr, Notify)]
    public void NativeCallsGetThePlannedAction(int nr, uint expected) =>
        Assert.Equal(expected, BpfInterpreter.Run(Compile(), AuditArch.X86_64, nr));

    /// <summary>x32 numbers are not x86-64's (ptrace is 521 there): no table decodes them, so every x32 call is refused.</summary>
    [Theory]
    [InlineData(41)]
    [InlineData(110)]
    [InlineData(521)] // x32 ptrace
    [InlineData(539)] // x32 process_vm_readv
    public void X32CallsAreRefused(int nr) =>
        Assert.Equal(SeccompAbi.RetErrno | Errno.ENOSYS, BpfInterpreter.Run(Compile(), AuditArch.X86_64, nr | (int)AuditArch.X32SyscallBit));

    [Theory]
    [InlineData(359, Notify)] // socket
    [InlineData(102, SeccompAbi.RetTrace | FilterCompiler.DataLogged)] // socketcall: the strongest of the socket calls
    [InlineData(20, Allow)] // getpid
    [InlineData(-5, Notify)]
    [InlineData((int)FilterCompiler.InjectFdNr, Notify)]
    public void I386CallsGetTheSamePlan(int nr, uint expected) =>
        Assert.Equal(expected, BpfInterpreter.Run(Compile(), AuditArch.I386, nr));

    [Fact]
    public void UnknownArchitectureKillsTheProcess() =>
        Assert.Equal(SeccompAbi.RetKillProcess, BpfInterpreter.Run(Compile(), 0xC00000B7 /* aarch64 */, 41));

    [Fact]
    public void TracingEverythingMakesTraceTheDefault()
    {
        var program = Compile(FilterAction.Trace);
        Assert.Equal(SeccompAbi.RetTrace | FilterCompiler.DataLogged, BpfInterpreter.Run(program, AuditArch.X86_64, 110));
        Assert.Equal(Notify, BpfInterpreter.Run(program, AuditArch.X86_64, 41));
    }

    static FilterPlan NarrowedPlan()
    {
        var plan = new FilterPlan();
        plan.Require(SyscallTable.Get("socket"), FilterAction.Notify);
        plan.Require(SyscallTable.Get("msocket"), FilterAction.Notify);
        plan.Require(SyscallTable.Get("setns"), FilterAction.Notify);
        plan.Narrow(SyscallTable.Get("socket"), new ArgTest(0, uint.MaxValue, [1, 17])); // AF_UNIX, AF_PACKET
        plan.Stop(SyscallTable.Get("msocket"), new ArgTest(2, ~0x80800u, [0]));
        return plan;
    }

    [Theory]
    [InlineData(AuditArch.X86_64, 41)]
    [InlineData(AuditArch.I386, 359)]
    public void ANarrowedCallStopsOnlyForTheListedArguments(uint arch, int nr)
    {
        var program = FilterCompiler.Compile(NarrowedPlan(), _ => false);
        Assert.Equal(Notify, BpfInterpreter.Run(program, arch, nr, [1, 1, 0, 0, 0, 0]));
        Assert.Equal(Notify, BpfInterpreter.Run(program, arch, nr, [17, 3, 0, 0, 0, 0]));
        Assert.Equal(Allow, BpfInterpreter.Run(program, arch, nr, [2, 1, 0, 0, 0, 0]));
        // Calls after the narrowed one in the table still get their own action.
        Assert.Equal(Notify, BpfInterpreter.Run(program, arch, arch == AuditArch.I386 ? 346 : 308, new ulong[6]));
    }

    [Fact]
    public void ALoggedCallStopsWhateverItsArguments()
    {
        var program = FilterCompiler.Compile(NarrowedPlanLogged(), s => s.Name == "socket");
        Assert.Equal(SeccompAbi.RetTrace | FilterCompiler.DataLogged, BpfInterpreter.Run(program, AuditArch.X86_64, 41, [2, 1, 0, 0, 0, 0]));
    }

    static FilterPlan NarrowedPlanLogged()
    {
        var plan = NarrowedPlan();
        plan.Require(SyscallTable.Get("socket"), FilterAction.Trace);
        return plan;
    }

    [Theory]
    [InlineData(0u, SeccompAbi.RetTrace)]
    [InlineData(0x80000u, SeccompAbi.RetTrace)] // SOCK_DEFAULT|SOCK_CLOEXEC: the flags are masked off
    [InlineData(1u, Notify)]
    public void StopWhenTurnsMatchingNotificationsIntoStops(uint type, uint expected)
    {
        var program = FilterCompiler.Compile(NarrowedPlan(), _ => false);
        Assert.Equal(expected, BpfInterpreter.Run(program, AuditArch.X86_64, -5, [0x1000, 2, type, 0, 0, 0]));
        Assert.Equal(expected, BpfInterpreter.Run(program, AuditArch.I386, -5, [0x1000, 2, type, 0, 0, 0]));
    }

    [Theory]
    [InlineData(AuditArch.X86_64, 41, SeccompAbi.RetTrace)]
    [InlineData(AuditArch.X86_64, 41 | (int)AuditArch.X32SyscallBit, SeccompAbi.RetTrace)]
    [InlineData(AuditArch.I386, 359, SeccompAbi.RetTrace)]
    [InlineData(AuditArch.X86_64, 110, Allow)]
    [InlineData(AuditArch.X86_64, (int)FilterCompiler.InjectFdNr, Allow)] // the first filter's notification stands
    public void TheRevocationLayerStopsEveryNarrowedCall(uint arch, int nr, uint expected) =>
        Assert.Equal(expected, BpfInterpreter.Run(FilterCompiler.CompileNarrowingRevocation(NarrowedPlan()), arch, nr, [2, 1, 0, 0, 0, 0]));

    static FilterPlan IgnoringPlan(FilterAction action = FilterAction.Notify)
    {
        var plan = NarrowedPlan();
        plan.Require(SyscallTable.Get("newfstatat"), action);
        plan.Ignore(SyscallTable.Get("newfstatat"), new ArgTest(3, 0x1000, [0x1000])); // AT_EMPTY_PATH: fstat
        return plan;
    }

    [Theory]
    [InlineData(0x1000ul, Allow)]
    [InlineData(0x1100ul, Allow)] // AT_EMPTY_PATH|AT_SYMLINK_NOFOLLOW
    [InlineData(0ul, Notify)]
    [InlineData(0x100ul, Notify)]
    public void IgnoredCallsRunWithoutANotification(ulong flags, uint expected)
    {
        var program = FilterCompiler.Compile(IgnoringPlan(), _ => false);
        Assert.Equal(expected, BpfInterpreter.Run(program, AuditArch.X86_64, 262, [3, 0x1000, 0x2000, flags, 0, 0]));
        // The syscalls around it keep their own plan.
        Assert.Equal(Allow, BpfInterpreter.Run(program, AuditArch.X86_64, 41, [2, 1, 0, 0, 0, 0]));
    }

    [Fact]
    public void AnIgnoredCallThatTheLogShowsStillStops()
    {
        var program = FilterCompiler.Compile(IgnoringPlan(FilterAction.Trace), s => s.Name == "newfstatat");
        Assert.Equal(SeccompAbi.RetTrace | FilterCompiler.DataLogged, BpfInterpreter.Run(program, AuditArch.X86_64, 262, [3, 0, 0, 0x1000, 0, 0]));
    }

    [Fact]
    public void IgnoringIsNeverRevoked() =>
        Assert.Equal(Allow, BpfInterpreter.Run(FilterCompiler.CompileNarrowingRevocation(IgnoringPlan()), AuditArch.X86_64, 262, [3, 0, 0, 0x1000, 0, 0]));

    static FilterPlan OnlyWhenPlan()
    {
        var plan = NarrowedPlan();
        plan.Require(SyscallTable.Get("newfstatat"), FilterAction.Notify);
        plan.OnlyWhen(SyscallTable.Get("newfstatat"), new ArgTest(0, uint.MaxValue, [unchecked((uint)-100)])); // AT_FDCWD
        return plan;
    }

    [Theory]
    [InlineData(unchecked((ulong)-100), Notify)] // relative to the working directory
    [InlineData(3ul, Allow)] // relative to a directory descriptor: find, fstatat
    public void OnlyWhenNotifiesOnlyTheCallsWhoseArgumentMatches(ulong dirfd, uint expected)
    {
        var program = FilterCompiler.Compile(OnlyWhenPlan(), _ => false);
        Assert.Equal(expected, BpfInterpreter.Run(program, AuditArch.X86_64, 262, [dirfd, 0x1000, 0x2000, 0, 0, 0]));
        Assert.Equal(Notify, BpfInterpreter.Run(program, AuditArch.X86_64, 41, [1, 1, 0, 0, 0, 0]));
    }

    [Fact]
    public void OnlyWhenIsNeverRevoked() =>
        Assert.Equal(Allow, BpfInterpreter.Run(FilterCompiler.CompileNarrowingRevocation(OnlyWhenPlan()), AuditArch.X86_64, 262, [3, 0, 0, 0, 0, 0]));

    [Fact]
    public void OneModulesPromiseToIgnoreCallsDoesNotSpeakForAnothersHooks()
    {
        var registry = new HookRegistry(new ProcessTable(), SyscallLog.Off);
        registry.BeginModule("a");
        registry.On("newfstatat", HookMode.Notify, _ => { });
        registry.Ignore("newfstatat", 3, 0x1000, 0x1000);
        registry.On("statx", HookMode.Notify, _ => { });
        registry.Ignore("statx", 2, 0x1000, 0x1000);
        registry.BeginModule("b");
        registry.On("statx", HookMode.Notify, _ => { });
        registry.On("newfstatat", HookMode.Notify, _ => { });
        registry.Ignore("newfstatat", 3, 0x1000, 0x1000);

        Assert.Equal(["newfstatat"], registry.Ignored.Keys.Select(k => k.Name));
    }
}
