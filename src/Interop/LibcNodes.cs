using System.Runtime.InteropServices;

namespace Vuos.Net.Interop;

/// <summary>Calls that add and remove stack files at run time, and the system's identity (for VUOS's vuctl).</summary>
public static unsafe partial class Libc
{
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mknodat(int dirfd, string path, uint mode, ulong dev);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int unlinkat(int dirfd, string path, int flags);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int fchmodat(int dirfd, string path, uint mode, int flags);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int setenv(string name, string value, int overwrite);

    /// <summary>struct utsname: six fields of <see cref="UtsFieldLength"/> bytes.</summary>
    [LibraryImport(Lib, SetLastError = true)]
    public static partial int uname(byte* buf);

    public const int UtsFieldLength = 65;
}
