using Vuos.Net.Interop;
using Vuos.Net.Tracer.Syscalls;
using static Vuos.Net.Tracer.Syscalls.Arg;

namespace Vuos.Net.Tests.Unit;

/// <summary>
/// The engine's table holds Linux's calls and VUOS's; a module that brings calls of its own system (xv6)
/// declares them, and the filter, the hooks and the log then know them like any other row.
/// </summary>
public class DeclaredSyscallTests
{
    static readonly SyscallDescriptor[] TestCalls =
    [
        new(-100, -100, "test_declared_call", SyscallClass.Network, RetKind.Int, [Int("port"), Str("host")]),
    ];

    [Fact]
    public void TheEnginesOwnTableHoldsNoCallOfAModulesSystem()
    {
        // Nothing in this test process loads the xv6 module, so nothing declared its calls.
        Assert.Null(SyscallTable.Find("xv6_listen"));
        Assert.Null(SyscallTable.Lookup(AuditArch.X86_64, -16));
        Assert.NotNull(SyscallTable.Find("msocket"));
    }

    [Fact]
    public void ADeclaredCallIsKnownByNumberAndNameOnEveryAbiAndDeclaringItAgainChangesNothing()
    {
        SyscallTable.Declare(TestCalls);
        SyscallTable.Declare(TestCalls);
        Assert.Same(TestCalls[0], SyscallTable.Find("test_declared_call"));
        Assert.Same(TestCalls[0], SyscallTable.Lookup(AuditArch.X86_64, -100));
        Assert.Same(TestCalls[0], SyscallTable.Lookup(AuditArch.I386, -100));
        Assert.Single(SyscallTable.All, r => r.Name == "test_declared_call");
    }

    [Theory]
    [InlineData(-5, "test_clash_number")]
    [InlineData(-101, "socket")]
    [InlineData(-102, "msocket")]
    public void ACallWhoseNumberOrNameIsTakenIsRefused(int nr, string name)
    {
        var row = new SyscallDescriptor(nr, nr, name, SyscallClass.Network, RetKind.Int, []);
        Assert.Throws<ArgumentException>(() => SyscallTable.Declare([row]));
        Assert.NotSame(row, SyscallTable.Find(name));
    }

    [Fact]
    public void AModuleCannotDeclareALinuxNumber()
    {
        var row = new SyscallDescriptor(1000, 1000, "test_linux_number", SyscallClass.Network, RetKind.Int, []);
        Assert.Throws<ArgumentException>(() => SyscallTable.Declare([row]));
        Assert.Null(SyscallTable.Find("test_linux_number"));
    }
}
