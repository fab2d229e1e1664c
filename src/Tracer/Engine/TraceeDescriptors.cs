using Vuos.Net.Interop;

namespace Vuos.Net.Tracer.Engine;

/// <summary>A tracee's descriptors seen from the supervisor: pidfd_getfd gives a duplicate sharing the open file.</summary>
public static class TraceeDescriptors
{
    /// <summary>A duplicate of descriptor <paramref name="fd"/> of process <paramref name="tgid"/> (same file offset and flags).</summary>
    public static SafeFd Duplicate(int tgid, int fd)
    {
        var pidfd = Libc.pidfd_open(tgid, 0);
        if (pidfd < 0)
        {
            throw ErrnoException.FromLastError("pidfd_open");
        }
        using var owner = new SafeFd(pidfd);
        var dup = Libc.pidfd_getfd(pidfd, fd, 0);
        return dup < 0 ? throw ErrnoException.FromLastError("pidfd_getfd") : new SafeFd(dup);
    }
}
