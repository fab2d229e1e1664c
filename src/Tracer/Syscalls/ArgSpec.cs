namespace Vuos.Net.Tracer.Syscalls;

/// <summary>One argument of a syscall: its name (as in the man page), how to decode it, and what it refers to.</summary>
/// <param name="Related">For buffers, arrays and sockaddrs, the index of the argument holding the length or count.</param>
/// <param name="Set">For Flags, the names of the bits and values.</param>
public readonly record struct ArgSpec(string Name, ArgKind Kind, int Related = -1, FlagSet? Set = null)
{
    /// <summary>True when the argument is only meaningful after the call returns: strace prints it at exit.</summary>
    public bool IsOutput => Kind is ArgKind.OutBuf or ArgKind.SockaddrOut or ArgKind.FdPairOut or ArgKind.SockLenPtr
        or ArgKind.PathOut or ArgKind.HexBufOut or ArgKind.IovecOut or ArgKind.TimespecOut or ArgKind.RemainingOut or ArgKind.TimevalOut
        or ArgKind.SigsetOut or ArgKind.SigactionOut or ArgKind.RlimitOut or ArgKind.Rlimit64Out or ArgKind.StatOut or ArgKind.Stat64Out
        or ArgKind.StatxOut or ArgKind.StatfsOut or ArgKind.UtsnameOut or ArgKind.SysinfoOut or ArgKind.IntOut
        or ArgKind.WaitStatusOut or ArgKind.RusageOut or ArgKind.DirentsOut or ArgKind.HexOut or ArgKind.CpuSetOut
        or ArgKind.ItimerspecOut or ArgKind.ItimervalOut;
}
