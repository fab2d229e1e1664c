using System.Collections.Frozen;

namespace Vuos.Net.Tracer.Syscalls;

// The role column of the table, kept apart from the rows as vu_syscalls.conf keeps VUOS's families apart from
// the kernel's numbers: one line per family, every ABI's name for it.
public static partial class SyscallTable
{
    static class RoleData
    {
        internal static readonly FrozenDictionary<string, SyscallRole> ByName = new (SyscallRole Role, string[] Names)[]
        {
            (SyscallRole.OpensPath, ["open", "openat", "openat2", "creat", "open_tree", "open_tree_attr", "fspick"]),
            (SyscallRole.StatsPath, ["stat", "lstat", "newfstatat", "statx", "oldstat", "oldlstat", "stat64", "lstat64", "fstatat64"]),
            (SyscallRole.MakesSocket, ["socket", "socketpair", "msocket"]),
            (SyscallRole.ReachesProcess, ["ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd"]),
        }
        .SelectMany(family => family.Names.Select(name => (name, family.Role)))
        .GroupBy(pair => pair.name)
        .ToFrozenDictionary(g => g.Key, g => g.Aggregate(SyscallRole.None, (roles, pair) => roles | pair.Role));
    }

    /// <summary>The roles of the call named <paramref name="name"/> (None for most calls).</summary>
    public static SyscallRole RolesOf(string name) => RoleData.ByName.GetValueOrDefault(name);

    /// <summary>Every row of every ABI that plays <paramref name="role"/>.</summary>
    public static IEnumerable<SyscallDescriptor> WithRole(SyscallRole role) => AllAbis.Where(r => r.Roles.HasFlag(role));
}
