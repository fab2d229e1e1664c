namespace Vuos.Net.Tracer.Syscalls;

/// <summary>
/// How the decoder reads and prints one syscall argument. Kinds marked "at exit" are printed once the call
/// returned; a call's entry line stops at its first such argument, as strace's does.
/// </summary>
public enum ArgKind : byte
{
    /// <summary>Signed decimal (int-sized unless the table says Long).</summary>
    Int,
    /// <summary>Signed 64-bit decimal (off_t, ssize_t).</summary>
    Long,
    /// <summary>Unsigned decimal (size_t, lengths).</summary>
    UInt,
    /// <summary>0x-prefixed hexadecimal (0 prints as 0).</summary>
    Hex,
    /// <summary>Octal with a leading 0 (permission bits).</summary>
    Octal,
    /// <summary>A file descriptor.</summary>
    Fd,
    /// <summary>A directory descriptor: AT_FDCWD is printed by name.</summary>
    DirFd,
    /// <summary>A pointer printed as NULL or an address.</summary>
    Ptr,
    /// <summary>A NUL-terminated string in tracee memory, cut at the string limit.</summary>
    Str,
    /// <summary>A buffer the call reads; its length is argument Related.</summary>
    InBuf,
    /// <summary>A buffer the call fills; printed at exit with the return value as length.</summary>
    OutBuf,
    /// <summary>Flags decoded with the argument's FlagSet.</summary>
    Flags,
    /// <summary>A sockaddr the call reads; its length is argument Related.</summary>
    Sockaddr,
    /// <summary>A sockaddr the call fills (at exit); argument Related points to its socklen_t.</summary>
    SockaddrOut,
    /// <summary>A value-result socklen_t* (at exit): [len], or [before => after] when the call changed it.</summary>
    SockLenPtr,
    /// <summary>A signal number.</summary>
    Signal,
    /// <summary>A NULL-terminated array of strings (argv).</summary>
    StrArray,
    /// <summary>A NULL-terminated array of strings shown only by count (envp).</summary>
    EnvArray,
    /// <summary>An int[2] the call fills (pipe, socketpair), at exit.</summary>
    FdPairOut,
    /// <summary>A structure printed as its address (one the log does not decode).</summary>
    Struct,
    /// <summary>A path: never cut by the string limit (strace prints up to PATH_MAX).</summary>
    Path,
    /// <summary>A buffer the call fills that holds a path of the returned length, NUL included (getcwd), at exit.</summary>
    PathOut,
    /// <summary>A buffer the call fills with random bytes (getrandom), at exit, each byte in hex.</summary>
    HexBufOut,
    /// <summary>A struct iovec array the call reads; Related is the element count.</summary>
    Iovec,
    /// <summary>A struct iovec array the call fills (readv), at exit, the data cut at the return value.</summary>
    IovecOut,
    /// <summary>A const struct timespec*.</summary>
    Timespec,
    /// <summary>A struct timespec* the call fills, at exit.</summary>
    TimespecOut,
    /// <summary>
    /// nanosleep's remaining time: the kernel writes it only when a signal interrupted the sleep, so it prints as a
    /// struct then and as its address otherwise; Related names a flags argument that must be 0 (TIMER_ABSTIME unset).
    /// </summary>
    RemainingOut,
    /// <summary>A const struct timeval*.</summary>
    Timeval,
    /// <summary>A struct timeval* the call fills, at exit.</summary>
    TimevalOut,
    /// <summary>A const sigset_t* of Related bytes (rt_* calls pass the size).</summary>
    Sigset,
    /// <summary>A sigset_t* the call fills, at exit.</summary>
    SigsetOut,
    /// <summary>A const struct sigaction*.</summary>
    Sigaction,
    /// <summary>A struct sigaction* the call fills, at exit.</summary>
    SigactionOut,
    /// <summary>A const struct rlimit* of the ABI (32-bit fields on i386).</summary>
    Rlimit,
    /// <summary>A struct rlimit* of the ABI the call fills, at exit.</summary>
    RlimitOut,
    /// <summary>prlimit64's const struct rlimit64*.</summary>
    Rlimit64,
    /// <summary>prlimit64's struct rlimit64* the call fills, at exit.</summary>
    Rlimit64Out,
    /// <summary>A struct stat* the call fills (the ABI's layout), at exit.</summary>
    StatOut,
    /// <summary>A struct stat64* (i386), at exit.</summary>
    Stat64Out,
    /// <summary>A struct statx* the call fills, at exit.</summary>
    StatxOut,
    /// <summary>A struct statfs* the call fills, at exit.</summary>
    StatfsOut,
    /// <summary>A struct utsname* the call fills, at exit.</summary>
    UtsnameOut,
    /// <summary>A struct sysinfo* the call fills, at exit.</summary>
    SysinfoOut,
    /// <summary>An int* the call fills, printed [value], at exit.</summary>
    IntOut,
    /// <summary>A const int*, printed [value].</summary>
    IntIn,
    /// <summary>A wait status int* the call fills, at exit: [{WIFEXITED(s) &amp;&amp; WEXITSTATUS(s) == 0}].</summary>
    WaitStatusOut,
    /// <summary>A struct rusage* the call fills, at exit.</summary>
    RusageOut,
    /// <summary>A directory entry buffer the call fills (getdents), at exit: its address and the entry count.</summary>
    DirentsOut,
    /// <summary>A struct epoll_event* the call reads.</summary>
    EpollEvent,
    /// <summary>A file mode with its type (mknod): S_IFCHR|0600.</summary>
    FileMode,
    /// <summary>An unsigned long the call fills, printed [0x...], at exit (arch_prctl's ARCH_GET_FS).</summary>
    HexOut,
    /// <summary>A cpu_set_t the call fills (sched_getaffinity), at exit, as the list of CPUs.</summary>
    CpuSetOut,
    /// <summary>A const struct itimerspec*.</summary>
    Itimerspec,
    /// <summary>A struct itimerspec* the call fills, at exit.</summary>
    ItimerspecOut,
    /// <summary>A const struct itimerval*.</summary>
    Itimerval,
    /// <summary>A struct itimerval* the call fills, at exit.</summary>
    ItimervalOut,
    /// <summary>A 64-bit value an i386 call passes in two registers, low word first; the next argument is the high word.</summary>
    Long64Low,
    /// <summary>The high word of the previous <see cref="Long64Low"/>: not printed on its own.</summary>
    Long64High,
}
