using System.Collections.Concurrent;
using Vuos.Net.Interop;

namespace Vuos.Net.Fuse;

/// <summary>
/// Open directories. A listing is taken at OPENDIR and kept for the pages that follow, so entries appearing or
/// vanishing meanwhile (sockets come and go) neither repeat nor skip a name; reading from offset 0 again
/// (rewinddir) takes a fresh one.
/// </summary>
sealed class FuseDirectoryListings(IFuseFileSystem fileSystem)
{
    /// <summary>What d_ino shows for ".." below the root: the server does not know parents.</summary>
    const ulong UnknownInode = 0xffffffff;

    readonly ConcurrentDictionary<ulong, Listing> open = new();
    long lastHandle;

    public int Open(FuseRequestContext ctx, ulong inode, out ulong handle)
    {
        handle = 0;
        var error = Take(ctx, inode, out var entries);
        if (error != 0)
        {
            return error;
        }
        handle = (ulong)Interlocked.Increment(ref lastHandle);
        open[handle] = new Listing { Entries = entries, Fresh = true };
        return 0;
    }

    /// <summary>Fills <paramref name="output"/> with the entries from <paramref name="offset"/> on; the length is in <paramref name="length"/>.</summary>
    public int Read(FuseRequestContext ctx, ulong inode, ulong handle, ulong offset, Span<byte> output, out int length)
    {
        length = 0;
        if (!open.TryGetValue(handle, out var listing))
        {
            return Errno.EBADF;
        }
        IReadOnlyList<FuseDirectoryEntry> entries;
        lock (listing)
        {
            entries = listing.Entries;
            var reuse = offset != 0 || listing.Fresh;
            listing.Fresh = false;
            if (reuse)
            {
                length = offset >= (ulong)entries.Count ? 0 : FuseEncoding.Dirents(entries, (long)offset, output);
                return 0;
            }
        }
        var error = Take(ctx, inode, out entries);
        if (error != 0)
        {
            return error;
        }
        lock (listing)
        {
            listing.Entries = entries;
        }
        length = FuseEncoding.Dirents(entries, 0, output);
        return 0;
    }

    public void Release(ulong handle) => open.TryRemove(handle, out _);

    int Take(FuseRequestContext ctx, ulong inode, out IReadOnlyList<FuseDirectoryEntry> entries)
    {
        entries = [];
        var error = fileSystem.ReadDirectory(ctx, inode, out var listed);
        if (error != 0)
        {
            return error;
        }
        entries =
        [
            new FuseDirectoryEntry(inode, ".", StatMode.IfDir),
            new FuseDirectoryEntry(inode == FuseConst.RootId ? FuseConst.RootId : UnknownInode, "..", StatMode.IfDir),
            .. listed,
        ];
        return 0;
    }

    sealed class Listing
    {
        public required IReadOnlyList<FuseDirectoryEntry> Entries { get; set; }

        public required bool Fresh { get; set; }
    }
}
