using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tests.Unit;

/// <summary>
/// Modules hook families of calls (roles) instead of lists of names; these tests derive each family from what
/// the rows say about their arguments, so a call added to the table, or one that was forgotten (openat2 and creat
/// once slipped past a hand-written list of "calls that open a path"), cannot miss its role.
/// </summary>
public class SyscallRoleTests
{
    static IEnumerable<SyscallDescriptor> Rows => SyscallTable.AllAbis.Distinct();

    static bool TakesPath(SyscallDescriptor row) => row.Args.Any(a => a.Kind == ArgKind.Path);

    [Fact]
    public void EveryCallThatDescribesAPathStatsAPath()
    {
        // A struct stat or statx out of a path; statfs describes the file system, not the file.
        var derived = Rows.Where(r => TakesPath(r) && r.Args.Any(a => a.Kind is ArgKind.StatOut or ArgKind.Stat64Out or ArgKind.StatxOut || a.Name == "statbuf"))
            .Select(r => r.Name).ToHashSet();
        var assigned = SyscallTable.WithRole(SyscallRole.StatsPath).Select(r => r.Name).ToHashSet();
        Assert.Equal(derived.Order(), assigned.Order());
        Assert.Contains("statx", assigned);
        Assert.Contains("fstatat64", assigned);
    }

    [Fact]
    public void EveryCallThatReturnsADescriptorForAPathOpensAPath()
    {
        var derived = Rows.Where(r => TakesPath(r) && r.Ret == RetKind.Fd && !r.Roles.HasFlag(SyscallRole.MakesSocket))
            .Select(r => r.Name).ToHashSet();
        var assigned = SyscallTable.WithRole(SyscallRole.OpensPath).Select(r => r.Name).ToHashSet();
        Assert.Equal(derived.Order(), assigned.Order());
        Assert.Contains("openat2", assigned);
        Assert.Contains("creat", assigned);
    }

    [Fact]
    public void EveryCallThatTakesASocketTypeMakesASocket()
    {
        var derived = Rows.Where(r => r.Args.Any(a => a.Set == FlagSets.SocketType)).Select(r => r.Name).ToHashSet();
        var assigned = SyscallTable.WithRole(SyscallRole.MakesSocket).Select(r => r.Name).ToHashSet();
        Assert.Equal(derived.Order(), assigned.Order());
    }

    [Fact]
    public void EveryNameInTheRoleColumnIsARow()
    {
        foreach (var role in Enum.GetValues<SyscallRole>().Where(r => r != SyscallRole.None))
        {
            Assert.NotEmpty(SyscallTable.WithRole(role));
        }
        var named = new[] { "open", "openat", "openat2", "creat", "stat", "lstat", "newfstatat", "statx", "stat64", "lstat64",
            "fstatat64", "oldstat", "oldlstat", "socket", "socketpair", "msocket", "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd" };
        Assert.All(named, n => Assert.NotEqual(SyscallRole.None, SyscallTable.RolesOf(n)));
        Assert.All(named, n => Assert.NotNull(SyscallTable.Find(n)));
    }
}
