using System.Runtime.InteropServices;

namespace Vuos.Net.Interop;

/// <summary>The supervisor's own process: ids, namespaces, prctl, signal dispositions, limits, clocks, raw syscalls, exec.</summary>
public static unsafe partial class Libc
{
    [LibraryImport(Lib, SetLastError = true)]
    public static partial int getpid();

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int gettid();

    [LibraryImport(Lib, SetLastError = true)]
    public static partial uint geteuid();

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int setns(int fd, int nstype);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int sigprocmask(int how, ulong* set, ulong* oldset);

    /// <summary>signal(2) with SIG_DFL or SIG_IGN (0 or 1) as the handler: the runtime owns every real handler.</summary>
    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint signal(int signum, nint handler);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int raise(int sig);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int setrlimit(int resource, RLimit* rlim);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int getrlimit(int resource, RLimit* rlim);

    /// <summary>syscall(2), for the calls only the supervisor implements (msocket is -5).</summary>
    [LibraryImport(Lib, SetLastError = true)]
    public static partial long syscall(long number, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5, ulong a6);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial uint getuid();

    [LibraryImport(Lib, SetLastError = true)]
    public static partial uint getgid();
}
