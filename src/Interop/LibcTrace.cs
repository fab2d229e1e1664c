using System.Runtime.InteropServices;

namespace Vuos.Net.Interop;

/// <summary>Tracing: ptrace, waiting for tracees, their memory, pidfds and signals to tasks.</summary>
public static unsafe partial class Libc
{
    [LibraryImport(Lib, SetLastError = true)]
    public static partial long ptrace(long request, int pid, nint addr, nint data);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int waitpid(int pid, out int status, int options);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint process_vm_readv(int pid, IoVec* localIov, ulong liovcnt, IoVec* remoteIov, ulong riovcnt, ulong flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint process_vm_writev(int pid, IoVec* localIov, ulong liovcnt, IoVec* remoteIov, ulong riovcnt, ulong flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int kill(int pid, int sig);

    /// <summary>__NR_rt_tgsigqueueinfo of x86-64: glibc has no wrapper.</summary>
    internal const long NrRtTgsigqueueinfo = 297;

    /// <summary>rt_tgsigqueueinfo(2): a signal to one thread, with a siginfo of the sender's (si_code SI_QUEUE for another process).</summary>
    public static int rt_tgsigqueueinfo(int tgid, int tid, int sig, in SigInfo info)
    {
        fixed (SigInfo* p = &info)
        {
            return (int)syscall(NrRtTgsigqueueinfo, (ulong)tgid, (ulong)tid, (ulong)sig, (ulong)p, 0, 0);
        }
    }

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int pidfd_open(int pid, uint flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int pidfd_getfd(int pidfd, int targetfd, uint flags);
}
