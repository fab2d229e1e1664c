using System.Buffers.Binary;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging.Decoders;

/// <summary>The structures of the calls that wait for descriptors: pollfd, fd_set, epoll_event; and CPU sets.</summary>
public static class Waiting
{
    const int EpollEventSize = 12;

    public static LogValue EpollEvent(DecodeContext c, ulong address)
    {
        var b = c.Read(address, EpollEventSize);
        return b is null ? LogValue.Pointer(address) : EpollEventOf(b);
    }

    public static StructValue EpollEventOf(ReadOnlySpan<byte> b)
    {
        var events = BinaryPrimitives.ReadUInt32LittleEndian(b);
        var data = BinaryPrimitives.ReadUInt64LittleEndian(b[4..]);
        return new StructValue()
            .Add("events", LogValue.Flags(FlagSets.EpollEvents.Format(events)))
            .Add("data", new StructValue().Add("u32", LogValue.UDec((uint)data)).Add("u64", LogValue.UDec(data)));
    }

    /// <summary>The <paramref name="count"/> epoll_events a wait returned.</summary>
    public static LogValue EpollEvents(DecodeContext c, ulong address, long count)
    {
        if (count <= 0)
        {
            return count == 0 ? new ArrayValue() : LogValue.Pointer(address);
        }
        var shown = (int)Math.Min(count, c.StringLimit);
        var b = c.Read(address, shown * EpollEventSize);
        if (b is null)
        {
            return LogValue.Pointer(address);
        }
        var array = new ArrayValue { Abbreviated = count > shown };
        for (var i = 0; i < shown; i++)
        {
            array.Add(EpollEventOf(b.AsSpan(i * EpollEventSize)));
        }
        return array;
    }

    /// <summary>An fd_set of <paramref name="nfds"/> bits: [3 5 7].</summary>
    public static LogValue FdSet(DecodeContext c, ulong address, int nfds)
    {
        if (address == 0)
        {
            return LogValue.Null;
        }
        if (nfds < 0)
        {
            return LogValue.Pointer(address);
        }
        var bytes = c.Read(address, FdSetBytes(c, nfds));
        return bytes is null ? LogValue.Pointer(address) : LogValue.Raw(FormatFdSet(bytes, nfds));
    }

    public static int FdSetBytes(DecodeContext c, int nfds) => Math.Max(1, (nfds + 8 * c.WordSize - 1) / (8 * c.WordSize)) * c.WordSize;

    public static string FormatFdSet(ReadOnlySpan<byte> bytes, int nfds)
    {
        var sb = new System.Text.StringBuilder("[");
        var first = true;
        for (var fd = 0; fd < nfds && fd / 8 < bytes.Length; fd++)
        {
            if ((bytes[fd / 8] & (1 << (fd % 8))) != 0)
            {
                if (!first)
                {
                    sb.Append(' ');
                }
                first = false;
                sb.Append(fd);
            }
        }
        return sb.Append(']').ToString();
    }

    /// <summary>A cpu_set_t of <paramref name="bytes"/> bytes: [0 1 2 3].</summary>
    public static LogValue CpuSet(DecodeContext c, ulong address, ulong bytes)
    {
        var b = c.Read(address, (int)Math.Min(bytes, 1024));
        return b is null ? LogValue.Pointer(address) : LogValue.Raw(FormatFdSet(b, b.Length * 8));
    }
}
