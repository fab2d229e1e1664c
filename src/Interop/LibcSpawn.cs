using System.Runtime.InteropServices;

namespace Vuos.Net.Interop;

/// <summary>posix_spawn: the one safe way for a multithreaded .NET process to start a child (clone(CLONE_VM|CLONE_VFORK)
/// inside glibc); attribute and file-action objects are opaque and allocated by the caller.</summary>
public static unsafe partial class Libc
{
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int posix_spawn(out int pid, byte* path, void* fileActions, void* attr, byte** argv, byte** envp);

    [LibraryImport(Lib)]
    internal static partial int posix_spawnattr_init(void* attr);

    [LibraryImport(Lib)]
    internal static partial int posix_spawnattr_destroy(void* attr);

    [LibraryImport(Lib)]
    internal static partial int posix_spawnattr_setflags(void* attr, short flags);

    [LibraryImport(Lib)]
    internal static partial int posix_spawnattr_setsigmask(void* attr, ulong* sigmask);

    [LibraryImport(Lib)]
    internal static partial int posix_spawnattr_setsigdefault(void* attr, ulong* sigdefault);

    [LibraryImport(Lib)]
    internal static partial int posix_spawn_file_actions_init(void* fileActions);

    [LibraryImport(Lib)]
    internal static partial int posix_spawn_file_actions_destroy(void* fileActions);

    [LibraryImport(Lib)]
    internal static partial int posix_spawn_file_actions_adddup2(void* fileActions, int fd, int newfd);
}
