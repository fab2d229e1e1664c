using System.Runtime.InteropServices;

namespace Vuos.Net.Interop;

/// <summary>Mounting calls for the FUSE server (kept apart so concurrent edits of Libc.cs do not collide).</summary>
public static unsafe partial class Libc
{
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mount(string source, string target, string fileSystemType, ulong flags, string data);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int umount2(string target, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial uint getegid();
}

/// <summary>mount(2) and umount2(2) flags (linux/mount.h).</summary>
public static class MountFlags
{
    public const ulong NoSuid = 2;
    public const ulong NoDev = 4;

    /// <summary>umount2: detach now, free when the last user goes.</summary>
    public const int Detach = 2;
}
