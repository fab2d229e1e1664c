namespace Vuos.Net.Tracer.Syscalls;

/// <summary>One argument of a syscall: its name (as in the man page), how to decode it, and what it refers to.</summary>
/// <param name="Related">For buffers and sockaddrs, the index of the argument holding the length.</param>
/// <param name="Set">For Flags, the names of the bits and values.</param>
public readonly record struct ArgSpec(string Name, ArgKind Kind, int Related = -1, FlagSet? Set = null)
{
    /// <summary>True when the argument is only meaningful after the call returns.</summary>
    public bool IsOutput => Kind is ArgKind.OutBuf or ArgKind.SockaddrOut or ArgKind.FdPairOut or ArgKind.SockLenPtr;
}
