namespace Vuos.Net.Tracer.Syscalls;

/// <summary>How the decoder reads and prints one syscall argument.</summary>
public enum ArgKind : byte
{
    /// <summary>Signed decimal (int-sized unless the table says Long).</summary>
    Int,
    /// <summary>Signed 64-bit decimal (off_t, ssize_t).</summary>
    Long,
    /// <summary>Unsigned decimal (size_t, lengths).</summary>
    UInt,
    /// <summary>0x-prefixed hexadecimal.</summary>
    Hex,
    /// <summary>Octal with a leading 0 (file modes).</summary>
    Octal,
    /// <summary>A file descriptor.</summary>
    Fd,
    /// <summary>A directory descriptor: AT_FDCWD is printed by name.</summary>
    DirFd,
    /// <summary>A pointer printed as NULL or an address.</summary>
    Ptr,
    /// <summary>A NUL-terminated path or string in tracee memory.</summary>
    Str,
    /// <summary>A buffer the call reads; its length is argument Related.</summary>
    InBuf,
    /// <summary>A buffer the call fills; printed at exit with the return value as length.</summary>
    OutBuf,
    /// <summary>Flags decoded with the argument's FlagSet.</summary>
    Flags,
    /// <summary>A sockaddr the call reads; its length is argument Related.</summary>
    Sockaddr,
    /// <summary>A sockaddr the call fills; argument Related points to its socklen_t.</summary>
    SockaddrOut,
    /// <summary>A pointer to a socklen_t, printed as [len].</summary>
    SockLenPtr,
    /// <summary>A signal number.</summary>
    Signal,
    /// <summary>A NULL-terminated array of strings (argv).</summary>
    StrArray,
    /// <summary>A NULL-terminated array of strings shown only by count (envp).</summary>
    EnvArray,
    /// <summary>An int[2] the call fills (pipe, socketpair).</summary>
    FdPairOut,
    /// <summary>A msghdr (sendmsg/recvmsg): printed as a pointer.</summary>
    Struct,
}
