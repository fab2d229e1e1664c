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

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int tgkill(int tgid, int tid, int sig);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int pidfd_open(int pid, uint flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int pidfd_getfd(int pidfd, int targetfd, uint flags);
}
