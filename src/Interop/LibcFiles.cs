using System.Runtime.InteropServices;

namespace Vuos.Net.Interop;

/// <summary>Files and paths: links, stat, directories, access, memfds.</summary>
public static unsafe partial class Libc
{
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint readlink(string path, byte* buf, nuint size);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fstat(int fd, void* statbuf);

    public static int fstat(int fd, out Stat st)
    {
        fixed (Stat* p = &st)
        {
            return fstat(fd, p);
        }
    }

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int fstatat(int dirfd, string path, void* statbuf, int flags);

    public static int fstatat(int dirfd, string path, out Stat st, int flags)
    {
        fixed (Stat* p = &st)
        {
            return fstatat(dirfd, path, p, flags);
        }
    }

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int statx(int dirfd, string path, int flags, uint mask, void* statxbuf);

    public static int statx(int dirfd, string path, int flags, uint mask, out Statx stx)
    {
        fixed (Statx* p = &stx)
        {
            return statx(dirfd, path, flags, mask, p);
        }
    }

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int faccessat(int dirfd, string path, int mode, int flags);

    /// <summary>The target of a symbolic link (for /proc/PID/cwd and /proc/PID/fd/N), or null with errno set.</summary>
    public static string? ReadLink(string path)
    {
        Span<byte> buffer = stackalloc byte[4097];
        fixed (byte* p = buffer)
        {
            var n = readlink(path, p, (nuint)buffer.Length);
            return n < 0 || n >= buffer.Length ? null : System.Text.Encoding.UTF8.GetString(buffer[..(int)n]);
        }
    }
}
