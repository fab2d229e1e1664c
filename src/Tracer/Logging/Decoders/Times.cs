using System.Buffers.Binary;

namespace Vuos.Net.Tracer.Logging.Decoders;

/// <summary>struct timespec, timeval, itimerspec and itimerval of the tracee's ABI.</summary>
public static class Times
{
    public static LogValue Timespec(DecodeContext c, ulong address)
    {
        var b = c.Read(address, 2 * c.WordSize);
        return b is null ? LogValue.Pointer(address) : TimespecOf(c, b);
    }

    public static LogValue Timeval(DecodeContext c, ulong address)
    {
        var b = c.Read(address, 2 * c.WordSize);
        return b is null ? LogValue.Pointer(address) : TimevalOf(c, b);
    }

    public static LogValue Itimerspec(DecodeContext c, ulong address)
    {
        var b = c.Read(address, 4 * c.WordSize);
        if (b is null)
        {
            return LogValue.Pointer(address);
        }
        var half = 2 * c.WordSize;
        return new StructValue().Add("it_interval", TimespecOf(c, b)).Add("it_value", TimespecOf(c, b.AsSpan(half)));
    }

    public static LogValue Itimerval(DecodeContext c, ulong address)
    {
        var b = c.Read(address, 4 * c.WordSize);
        if (b is null)
        {
            return LogValue.Pointer(address);
        }
        var half = 2 * c.WordSize;
        return new StructValue().Add("it_interval", TimevalOf(c, b)).Add("it_value", TimevalOf(c, b.AsSpan(half)));
    }

    public static StructValue TimespecOf(DecodeContext c, ReadOnlySpan<byte> b) =>
        new StructValue().Add("tv_sec", LogValue.Dec(Word(c, b, 0))).Add("tv_nsec", LogValue.Dec(Word(c, b, 1)));

    static StructValue TimevalOf(DecodeContext c, ReadOnlySpan<byte> b) =>
        new StructValue().Add("tv_sec", LogValue.Dec(Word(c, b, 0))).Add("tv_usec", LogValue.Dec(Word(c, b, 1)));

    static long Word(DecodeContext c, ReadOnlySpan<byte> b, int i) => c.Compat
        ? BinaryPrimitives.ReadInt32LittleEndian(b[(4 * i)..])
        : BinaryPrimitives.ReadInt64LittleEndian(b[(8 * i)..]);
}
