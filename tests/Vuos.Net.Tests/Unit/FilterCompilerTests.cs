using Vuos.Net.Interop;
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

    [Theory]
    [InlineData(41, Notify)]
    [InlineData(110, Allow)]
    [InlineData(42, SeccompAbi.RetTrace | FilterCompiler.DataLogged)]
    public void X32CallsCannotSlipPast(int nr, uint expected) =>
        Assert.Equal(expected, BpfInterpreter.Run(Compile(), AuditArch.X86_64, nr | (int)AuditArch.X32SyscallBit));

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
}
