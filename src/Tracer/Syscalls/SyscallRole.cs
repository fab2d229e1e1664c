namespace Vuos.Net.Tracer.Syscalls;

/// <summary>
/// What a call does that a module may care about, whatever its name or ABI: the families VUOS's
/// vu_syscalls.conf groups calls into. Modules hook a role rather than list calls, so a call of the family they
/// forgot (openat2 beside openat, creat beside open) cannot slip past; SyscallTable.Roles.cs assigns them and a
/// test derives each family from the rows' arguments to check the assignment.
/// </summary>
[Flags]
public enum SyscallRole
{
    None = 0,

    /// <summary>Opens the file a path names and returns a descriptor (open, openat, openat2, creat, open_tree...).</summary>
    OpensPath = 1 << 0,

    /// <summary>Describes the file a path names (stat, lstat, newfstatat, statx, and i386's stat64 family).</summary>
    StatsPath = 1 << 1,

    /// <summary>Makes sockets, so chooses a network stack (socket, socketpair, msocket).</summary>
    MakesSocket = 1 << 2,

    /// <summary>Reaches into another process's memory or descriptors (ptrace, process_vm_*, pidfd_getfd).</summary>
    ReachesProcess = 1 << 3,
}
