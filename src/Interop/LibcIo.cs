using System.Runtime.InteropServices;

namespace Vuos.Net.Interop;

/// <summary>Descriptors: reading and writing, opening and closing, fcntl, ioctl, poll, pipes and eventfds.</summary>
public static unsafe partial class Libc
{
    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint pread(int fd, void* buf, nuint count, long offset);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint pwrite(int fd, void* buf, nuint count, long offset);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint read(int fd, void* buf, nuint count);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint write(int fd, void* buf, nuint count);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags, int mode);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int dup(int fd);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fcntl(int fd, int cmd, long arg);

    /// <summary>Sets or clears O_NONBLOCK, keeping the other status flags: F_SETFL's result, or -1 when F_GETFL fails.</summary>
    public static int SetNonBlocking(int fd, bool on)
    {
        var flags = fcntl(fd, FcntlCmd.GetFl, 0);
        return flags < 0 ? flags : fcntl(fd, FcntlCmd.SetFl, on ? flags | OpenFlags.NonBlock : flags & ~OpenFlags.NonBlock);
    }

    /// <summary>Whether O_NONBLOCK is set (F_GETFL).</summary>
    public static bool IsNonBlocking(int fd) => (fcntl(fd, FcntlCmd.GetFl, 0) & OpenFlags.NonBlock) != 0;

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int ioctl(int fd, ulong request, void* arg);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int poll(PollFd* fds, ulong nfds, int timeout);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int pipe2(int* fds, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int eventfd(uint initval, int flags);
}
