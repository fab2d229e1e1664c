namespace Vuos.Net.Tracer.Syscalls;

/// <summary>errno and signal names of x86-64 Linux, spelled as strace prints them.</summary>
public static class LinuxNames
{
    /// <summary>errno 0..133 (asm-generic/errno-base.h, errno.h). Aliases print as strace does: EAGAIN, EDEADLK, EOPNOTSUPP.</summary>
    static readonly string?[] Errnos =
    [
        null, "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", // 0..5
        "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD", "EAGAIN", // 6..11
        "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", // 12..17
        "EXDEV", "ENODEV", "ENOTDIR", "EISDIR", "EINVAL", "ENFILE", // 18..23
        "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", // 24..29
        "EROFS", "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK", // 30..35
        "ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP", null, // 36..41
        "ENOMSG", "EIDRM", "ECHRNG", "EL2NSYNC", "EL3HLT", "EL3RST", // 42..47
        "ELNRNG", "EUNATCH", "ENOCSI", "EL2HLT", "EBADE", "EBADR", // 48..53
        "EXFULL", "ENOANO", "EBADRQC", "EBADSLT", null, "EBFONT", // 54..59
        "ENOSTR", "ENODATA", "ETIME", "ENOSR", "ENONET", "ENOPKG", // 60..65
        "EREMOTE", "ENOLINK", "EADV", "ESRMNT", "ECOMM", "EPROTO", // 66..71
        "EMULTIHOP", "EDOTDOT", "EBADMSG", "EOVERFLOW", "ENOTUNIQ", "EBADFD", // 72..77
        "EREMCHG", "ELIBACC", "ELIBBAD", "ELIBSCN", "ELIBMAX", "ELIBEXEC", // 78..83
        "EILSEQ", "ERESTART", "ESTRPIPE", "EUSERS", "ENOTSOCK", "EDESTADDRREQ", // 84..89
        "EMSGSIZE", "EPROTOTYPE", "ENOPROTOOPT", "EPROTONOSUPPORT", "ESOCKTNOSUPPORT", "EOPNOTSUPP", // 90..95
        "EPFNOSUPPORT", "EAFNOSUPPORT", "EADDRINUSE", "EADDRNOTAVAIL", "ENETDOWN", "ENETUNREACH", // 96..101
        "ENETRESET", "ECONNABORTED", "ECONNRESET", "ENOBUFS", "EISCONN", "ENOTCONN", // 102..107
        "ESHUTDOWN", "ETOOMANYREFS", "ETIMEDOUT", "ECONNREFUSED", "EHOSTDOWN", "EHOSTUNREACH", // 108..113
        "EALREADY", "EINPROGRESS", "ESTALE", "EUCLEAN", "ENOTNAM", "ENAVAIL", // 114..119
        "EISNAM", "EREMOTEIO", "EDQUOT", "ENOMEDIUM", "EMEDIUMTYPE", "ECANCELED", // 120..125
        "ENOKEY", "EKEYEXPIRED", "EKEYREVOKED", "EKEYREJECTED", "EOWNERDEAD", "ENOTRECOVERABLE", // 126..131
        "ERFKILL", "EHWPOISON", // 132..133
    ];

    /// <summary>The kernel-internal codes 512..531 (include/linux/errno.h), which only a tracer sees.</summary>
    static readonly string?[] KernelErrnos =
    [
        "ERESTARTSYS", "ERESTARTNOINTR", "ERESTARTNOHAND", "ENOIOCTLCMD", "ERESTART_RESTARTBLOCK", "EPROBE_DEFER", // 512..517
        "EOPENSTALE", "ENOPARAM", null, "EBADHANDLE", "ENOTSYNC", "EBADCOOKIE", // 518..523
        "ENOTSUPP", "ETOOSMALL", "ESERVERFAULT", "EBADTYPE", "EJUKEBOX", "EIOCBQUEUED", // 524..529
        "ERECALLCONFLICT", "ENOGRACE", // 530..531
    ];

    /// <summary>Signals 1..31 (x86-64 numbering: SIGIOT is SIGABRT, SIGPOLL is SIGIO).</summary>
    static readonly string[] Signals =
    [
        "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", // 1..6
        "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", // 7..12
        "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", // 13..18
        "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", // 19..24
        "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", // 25..30
        "SIGSYS", // 31..31
    ];

    /// <summary>The errno name ("ECONNREFUSED"), or null for a number Linux does not define.</summary>
    public static string? ErrnoName(int errno) => errno switch
    {
        > 0 and < 134 => Errnos[errno],
        >= 512 and <= 531 => KernelErrnos[errno - 512],
        _ => null,
    };

    /// <summary>strace's text for the restart codes, which have no strerror; null for every other code.</summary>
    public static string? KernelErrnoText(int errno) => errno switch
    {
        512 => "To be restarted if SA_RESTART is set",
        513 => "To be restarted",
        514 => "To be restarted if no handler",
        516 => "Interrupted by signal",
        _ => null,
    };

    /// <summary>
    /// The signal name as strace prints it: SIGHUP..SIGSYS for 1..31, SIGRTMIN for 32 (the kernel's first real-time
    /// signal) and SIGRT_n (n = sig - 32) for 33..64; null otherwise.
    /// </summary>
    public static string? SignalName(int sig) => sig switch
    {
        >= 1 and <= 31 => Signals[sig - 1],
        32 => "SIGRTMIN",
        >= 33 and <= 64 => RealTime[sig - 33],
        _ => null,
    };

    static readonly string[] RealTime = [.. Enumerable.Range(1, 32).Select(n => "SIGRT_" + n)];
}
