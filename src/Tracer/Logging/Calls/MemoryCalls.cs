using Vuos.Net.Tracer.Logging.Decoders;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging.Calls;

/// <summary>
/// mmap and its i386 forms: mmap2 (offset in pages) and old_mmap (the six arguments in memory). The offset
/// prints in hex, the MAP_HUGE_* size as "N&lt;&lt;MAP_HUGE_SHIFT".
/// </summary>
sealed class MmapCall(MmapCall.Form form) : CallDecoder
{
    public enum Form
    {
        Mmap,
        Mmap2,
        OldMmap,
    }

    const int PageSize = 4096;

    public override void Entry(CallRecord r, DecodeContext c)
    {
        var args = form == Form.OldMmap ? Indirect(c) : [c.Word(0), c.Word(1), c.Args[2], c.Args[3], c.Args[4], c.Word(5)];
        if (args is null)
        {
            r.Values.Add(LogValue.Pointer(c.Word(0)));
        }
        else
        {
            var offset = form == Form.Mmap2 ? args[5] * PageSize : args[5];
            r.Values.Add(LogValue.Pointer(args[0]));
            r.Values.Add(LogValue.UDec(args[1]));
            r.Values.Add(LogValue.Flags(FlagSets.MmapProt.Format((uint)args[2])));
            r.Values.Add(LogValue.Flags(Flags((uint)args[3])));
            r.Values.Add(Primitives.Fd(c, (int)args[4]));
            r.Values.Add(LogValue.Hex(offset));
        }
        r.EntryCount = r.Values.Count;
    }

    public override void Exit(CallRecord r, DecodeContext c)
    {
    }

    static ulong[]? Indirect(DecodeContext c)
    {
        var args = new ulong[6];
        for (var i = 0; i < 6; i++)
        {
            if (c.ReadWord(c.Args[0] + (ulong)(i * c.WordSize)) is not { } v)
            {
                return null;
            }
            args[i] = v;
        }
        return args;
    }

    static string Flags(uint flags)
    {
        const uint HugeMask = 0x3fu << 26;
        var huge = flags & HugeMask;
        var text = FlagSets.MmapFlags.Format(flags & ~HugeMask);
        return huge == 0 ? text : text + "|" + (huge >> 26) + "<<MAP_HUGE_SHIFT";
    }
}
