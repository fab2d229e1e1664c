namespace Vuos.Net.Tracer.Syscalls;

/// <summary>
/// One syscall: its x86-64 number (-1 for a call only i386 has), its i386 number (-1 when i386 lacks the call
/// or has a different one under the same name), the name strace prints, strace's class, and how to decode
/// arguments and result. Rows are compared by identity: hooks and the filter name a call by its row, which
/// both ABIs share when the call is the same.
/// </summary>
public sealed class SyscallDescriptor(int nr, int i386Nr, string name, SyscallClass @class, RetKind ret, ArgSpec[] args)
{
    public int Nr { get; } = nr;

    public int I386Nr { get; } = i386Nr;

    public string Name { get; } = name;

    public SyscallClass Class { get; } = @class;

    public RetKind Ret { get; } = ret;

    public ArgSpec[] Args { get; } = args;

    /// <summary>The families the call belongs to (opens a path, makes a socket, ...): what modules hook.</summary>
    public SyscallRole Roles => SyscallTable.RolesOf(Name);

    /// <summary>The index of the path argument, and of the directory descriptor it is relative to (-1: the working directory).</summary>
    public (int Path, int DirFd)? PathArgument()
    {
        var path = Array.FindIndex(Args, a => a.Kind == ArgKind.Path);
        return path < 0 ? null : (path, path > 0 && Args[path - 1].Kind == ArgKind.DirFd ? path - 1 : -1);
    }

    /// <summary>The decoder the log uses when the name alone does not say (i386's old_mmap prints as "mmap").</summary>
    public string? Decoder { get; init; }

    /// <summary>True for the calls only the supervisor implements: negative numbers, as VUOS numbers them, the same on every ABI.</summary>
    public bool IsVirtual => Nr < 0 && I386Nr < 0;

    public override string ToString() => Name;
}
