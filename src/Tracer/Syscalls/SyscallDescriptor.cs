namespace Vuos.Net.Tracer.Syscalls;

/// <summary>
/// One row of the syscall table: the x86-64 number, the i386 number (or -1 when i386 lacks the call),
/// the name, strace's class, and how to decode arguments and result. Rows are compared by identity: each
/// syscall has exactly one.
/// </summary>
public sealed class SyscallDescriptor(int nr, int i386Nr, string name, SyscallClass @class, RetKind ret, ArgSpec[] args)
{
    public int Nr { get; } = nr;

    public int I386Nr { get; } = i386Nr;

    public string Name { get; } = name;

    public SyscallClass Class { get; } = @class;

    public RetKind Ret { get; } = ret;

    public ArgSpec[] Args { get; } = args;

    /// <summary>True for the calls only the supervisor implements (negative numbers, as VUOS numbers them).</summary>
    public bool IsVirtual => Nr < 0;

    public override string ToString() => Name;
}
