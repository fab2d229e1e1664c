using System.Runtime.InteropServices;
using System.Text;
using Vuos.Net.Interop;

namespace Vuos.Net.Fuse;

/// <summary>The conversions between the public records and the kernel's wire structures.</summary>
static class FuseEncoding
{
    const uint TypeMask = 0xf000;

    public static FuseAttr Attr(in FuseAttributes a)
    {
        var ticks = Math.Max(0, a.Time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks);
        var seconds = (ulong)(ticks / TimeSpan.TicksPerSecond);
        var nanoseconds = (uint)(ticks % TimeSpan.TicksPerSecond * 100);
        return new FuseAttr
        {
            Ino = a.Inode,
            Size = a.Size,
            Blocks = (a.Size + 511) / 512,
            Atime = seconds,
            Mtime = seconds,
            Ctime = seconds,
            AtimeNsec = nanoseconds,
            MtimeNsec = nanoseconds,
            CtimeNsec = nanoseconds,
            Mode = a.Mode,
            Nlink = a.Nlink,
            Uid = a.Uid,
            Gid = a.Gid,
            BlockSize = 4096,
        };
    }

    /// <summary>A request's argument; zero-filled where the kernel sent less (older protocol minors).</summary>
    public static T Argument<T>(ReadOnlySpan<byte> body) where T : unmanaged
    {
        var size = Marshal.SizeOf<T>();
        if (body.Length >= size)
        {
            return MemoryMarshal.Read<T>(body);
        }
        T value = default;
        body.CopyTo(MemoryMarshal.AsBytes(new Span<T>(ref value)));
        return value;
    }

    /// <summary>A NUL-terminated name in a request.</summary>
    public static string Name(ReadOnlySpan<byte> body)
    {
        var end = body.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? body : body[..end]);
    }

    /// <summary>
    /// Writes entries from index <paramref name="first"/> as fuse_dirent records while they fit; each record's
    /// offset is the index of the entry after it, which is what the kernel sends back to continue.
    /// </summary>
    public static int Dirents(IReadOnlyList<FuseDirectoryEntry> entries, long first, Span<byte> output)
    {
        var used = 0;
        for (var i = first; i < entries.Count; i++)
        {
            var entry = entries[(int)i];
            var nameLength = Encoding.UTF8.GetByteCount(entry.Name);
            var recordLength = (FuseConst.DirentNameOffset + nameLength + 7) & ~7;
            if (used + recordLength > output.Length)
            {
                break;
            }
            var record = output.Slice(used, recordLength);
            record.Clear();
            var dirent = new FuseDirent
            {
                Ino = entry.Inode,
                Offset = (ulong)(i + 1),
                NameLength = (uint)nameLength,
                Type = (entry.Mode & TypeMask) >> 12,
            };
            MemoryMarshal.Write(record, in dirent);
            Encoding.UTF8.GetBytes(entry.Name, record[FuseConst.DirentNameOffset..]);
            used += recordLength;
        }
        return used;
    }
}
