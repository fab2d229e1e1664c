using Vuos.Net.Interop;

namespace Vuos.Net.Fuse;

/// <summary>
/// A file tree served by <see cref="FuseServer"/>. Every method returns 0 or a positive errno. Inode 1 is the
/// root. Methods are called concurrently from worker threads, and may block (a blocked call holds one worker;
/// the server starts more so other callers and interrupts are still served).
/// </summary>
public interface IFuseFileSystem
{
    int Lookup(FuseRequestContext ctx, ulong parent, string name, out FuseAttributes attributes);

    int GetAttributes(FuseRequestContext ctx, ulong inode, out FuseAttributes attributes);

    /// <summary>
    /// chmod, chown, utimes, truncate (<paramref name="changes"/>.Valid says which); the kernel has checked
    /// the caller's permission (the mount has default_permissions) or not (it has not). The default ignores the
    /// changes but succeeds, so `> file` works even when the kernel truncates by SETATTR.
    /// </summary>
    int SetAttributes(FuseRequestContext ctx, ulong inode, in FuseSetAttrIn changes, out FuseAttributes attributes) =>
        GetAttributes(ctx, inode, out attributes);

    /// <summary>
    /// <paramref name="flags"/> are the open(2) flags (O_TRUNC included; O_CREAT and O_EXCL are handled by the
    /// kernel); <paramref name="fileHandle"/> comes back with every read, write and release of this open file.
    /// Direct I/O is always on: no page cache, each read and write reaches the server with the caller's size.
    /// </summary>
    int Open(FuseRequestContext ctx, ulong inode, int flags, out ulong fileHandle);

    int Read(FuseRequestContext ctx, ulong inode, ulong fileHandle, long offset, Span<byte> buffer, out int count);

    int Write(FuseRequestContext ctx, ulong inode, ulong fileHandle, long offset, ReadOnlySpan<byte> data, out int written);

    /// <summary>The last descriptor of an open file was closed (or the server stopped).</summary>
    void Release(ulong inode, ulong fileHandle);

    /// <summary>The whole listing, without "." and ".." (the server adds them and handles offsets and paging).</summary>
    int ReadDirectory(FuseRequestContext ctx, ulong inode, out IReadOnlyList<FuseDirectoryEntry> entries);

    /// <summary>access(2) and chdir(2): <paramref name="mask"/> is R_OK|W_OK|X_OK (0 for F_OK).</summary>
    int Access(FuseRequestContext ctx, ulong inode, int mask);

    /// <summary>FOPEN_* flags an open file needs besides direct I/O (a socket-like file: OpenStream | OpenNonSeekable).</summary>
    uint OpenOptions(ulong inode, ulong fileHandle) => 0;

    /// <summary>
    /// poll(2), select(2) and epoll on an open file: the events ready now (<paramref name="ready"/>), and when
    /// none of <paramref name="events"/> is, a descriptor whose own readiness is the file's
    /// (<paramref name="watch"/>; -1 when the answer never changes), so the server can wake the poller later.
    /// The default is a regular file's: always readable and writable.
    /// </summary>
    int Poll(FuseRequestContext ctx, ulong inode, ulong fileHandle, short events, out short ready, out int watch)
    {
        ready = (short)(events & (PollEvents.POLLIN | PollEvents.POLLOUT));
        watch = -1;
        return 0;
    }
}
