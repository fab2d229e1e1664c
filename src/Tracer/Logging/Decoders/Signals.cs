using System.Buffers.Binary;
using System.Text;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging.Decoders;

/// <summary>Signal sets and struct sigaction as strace prints them: [TERM USR1], ~[RTMIN], {sa_handler=SIG_DFL, ...}.</summary>
public static class Signals
{
    const int KernelSigsetBytes = 8;

    /// <summary>A sigset_t of <paramref name="size"/> bytes (8 for the rt_* calls on Linux).</summary>
    public static LogValue Sigset(DecodeContext c, ulong address, long size)
    {
        if (address == 0)
        {
            return LogValue.Null;
        }
        if (size < c.WordSize || size > KernelSigsetBytes)
        {
            return LogValue.Pointer(address);
        }
        var b = c.Read(address, (int)size);
        return b is null ? LogValue.Pointer(address) : LogValue.Raw(FormatMask(b));
    }

    /// <summary>
    /// The signals of a mask, by name without "SIG": strace prints the complement with "~" when two thirds or
    /// more of the bits are set.
    /// </summary>
    public static string FormatMask(ReadOnlySpan<byte> mask)
    {
        var words = (mask.Length + 3) / 4;
        Span<byte> bits = stackalloc byte[words * 4];
        mask.CopyTo(bits);
        var set = 0;
        foreach (var b in bits)
        {
            set += System.Numerics.BitOperations.PopCount(b);
        }
        var sb = new StringBuilder();
        if (set >= words * 32 * 2 / 3)
        {
            sb.Append('~');
            for (var i = 0; i < bits.Length; i++)
            {
                bits[i] = (byte)~bits[i];
            }
        }
        sb.Append('[');
        var first = true;
        for (var bit = 0; bit < bits.Length * 8; bit++)
        {
            if ((bits[bit / 8] & (1 << (bit % 8))) == 0)
            {
                continue;
            }
            if (!first)
            {
                sb.Append(' ');
            }
            first = false;
            var sig = bit + 1;
            var name = LinuxNames.SignalName(sig);
            sb.Append(name is null ? sig.ToString() : name[3..]);
        }
        return sb.Append(']').ToString();
    }

    /// <summary>The kernel's struct sigaction (handler, flags, restorer, mask).</summary>
    public static LogValue Sigaction(DecodeContext c, ulong address)
    {
        if (address == 0)
        {
            return LogValue.Null;
        }
        var w = c.WordSize;
        var b = c.Read(address, 3 * w + KernelSigsetBytes);
        if (b is null)
        {
            return LogValue.Pointer(address);
        }
        var handler = Word(c, b, 0);
        var flags = Word(c, b, 1);
        var restorer = Word(c, b, 2);
        var s = new StructValue();
        s.Add("sa_handler", Handler(handler));
        s.Add("sa_mask", LogValue.Raw(FormatMask(b.AsSpan(3 * w, KernelSigsetBytes))));
        s.Add("sa_flags", LogValue.Flags(FlagSets.SigactionFlags.Format(flags)));
        if ((flags & SaRestorer) != 0)
        {
            s.Add("sa_restorer", LogValue.Pointer(restorer));
        }
        return s;
    }

    public static LogValue Handler(ulong handler) => handler switch
    {
        0 => LogValue.Symbol("SIG_DFL"),
        1 => LogValue.Symbol("SIG_IGN"),
        _ => LogValue.Pointer(handler),
    };

    const ulong SaRestorer = 0x04000000;

    static ulong Word(DecodeContext c, byte[] b, int i) =>
        c.Compat ? BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(4 * i)) : BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(8 * i));
}
