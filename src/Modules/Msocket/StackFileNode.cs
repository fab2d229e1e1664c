using Vuos.Net.Fuse;
using Vuos.Net.Interop;

namespace Vuos.Net.Modules.Msocket;

/// <summary>
/// One stack file as a FUSE file system of a single node: its root, a socket-type inode, as the plain stack
/// files are (open(2) of it fails with ENXIO in the kernel, before any request). The kernel asks for its
/// attributes at every stat, since they are never cached (a validity of 0), and tells us the calling thread:
/// <paramref name="statSeen"/> hears of it before the answer, while the caller still waits. chmod, chown and
/// utimes change the node (the mount has default_permissions: the kernel checks the caller's right first).
/// </summary>
sealed class StackFileNode(Action<int> statSeen) : IFuseFileSystem
{
    const ulong Root = FuseConst.RootId;
    readonly object gate = new();

    // Owned by whoever runs the session, as a node the helper makes is: ids as the mount's user namespace sees
    // them, and an unprivileged session's maps the user's own ids onto themselves.
    FuseAttributes attributes = new(Root, StatMode.IfSock | 0x1ff, 0, 1, Libc.geteuid(), Libc.getegid(), DateTimeOffset.UtcNow);

    public int GetAttributes(FuseRequestContext ctx, ulong inode, out FuseAttributes found)
    {
        statSeen(ctx.Pid);
        lock (gate)
        {
            found = attributes;
        }
        return 0;
    }

    public int SetAttributes(FuseRequestContext ctx, ulong inode, in FuseSetAttrIn changes, out FuseAttributes changed)
    {
        lock (gate)
        {
            var (mode, uid, gid) = (attributes.Mode, attributes.Uid, attributes.Gid);
            if ((changes.Valid & FuseSetAttrIn.FATTR_MODE) != 0)
            {
                mode = StatMode.IfSock | (changes.Mode & 0xfff);
            }
            if ((changes.Valid & FuseSetAttrIn.FATTR_UID) != 0)
            {
                uid = changes.Uid;
            }
            if ((changes.Valid & FuseSetAttrIn.FATTR_GID) != 0)
            {
                gid = changes.Gid;
            }
            // One time stands for atime, mtime and ctime (FuseAttributes): every change is "now".
            attributes = attributes with { Mode = mode, Uid = uid, Gid = gid, Time = DateTimeOffset.UtcNow };
            changed = attributes;
        }
        return 0;
    }

    public int Lookup(FuseRequestContext ctx, ulong parent, string name, out FuseAttributes found)
    {
        found = default;
        return Errno.ENOTDIR;
    }

    public int Open(FuseRequestContext ctx, ulong inode, int flags, out ulong fileHandle)
    {
        fileHandle = 0;
        return Errno.ENXIO;
    }

    public int Read(FuseRequestContext ctx, ulong inode, ulong fileHandle, long offset, Span<byte> buffer, out int count)
    {
        count = 0;
        return Errno.EBADF;
    }

    public int Write(FuseRequestContext ctx, ulong inode, ulong fileHandle, long offset, ReadOnlySpan<byte> data, out int written)
    {
        written = 0;
        return Errno.EBADF;
    }

    public void Release(ulong inode, ulong fileHandle)
    {
    }

    public int ReadDirectory(FuseRequestContext ctx, ulong inode, out IReadOnlyList<FuseDirectoryEntry> entries)
    {
        entries = [];
        return Errno.ENOTDIR;
    }

    public int Access(FuseRequestContext ctx, ulong inode, int mask) => 0;
}
