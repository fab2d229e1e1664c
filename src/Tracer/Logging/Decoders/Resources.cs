using System.Buffers.Binary;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging.Decoders;

/// <summary>Process and system structures: rlimit, rusage, sysinfo, utsname, wait statuses.</summary>
public static class Resources
{
    /// <summary>struct rlimit with 64-bit fields (prlimit64), or the ABI's own (getrlimit/setrlimit) when <paramref name="native"/>.</summary>
    public static LogValue Rlimit(DecodeContext c, ulong address, bool native)
    {
        var compat = native && c.Compat;
        var b = c.Read(address, compat ? 8 : 16);
        if (b is null)
        {
            return LogValue.Pointer(address);
        }
        ulong Field(int i) => compat ? BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(4 * i)) : BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(8 * i));
        return new StructValue()
            .Add("rlim_cur", Limit(Field(0), compat))
            .Add("rlim_max", Limit(Field(1), compat));
    }

    static LogValue Limit(ulong v, bool compat)
    {
        if (compat ? v == uint.MaxValue : v == ulong.MaxValue)
        {
            return LogValue.Symbol(compat ? "RLIM_INFINITY" : "RLIM64_INFINITY");
        }
        return v > 1024 && v % 1024 == 0 ? LogValue.Raw($"{v / 1024}*1024") : LogValue.UDec(v);
    }

    public static LogValue Rusage(DecodeContext c, ulong address)
    {
        var w = c.WordSize;
        var b = c.Read(address, 4 * w);
        if (b is null)
        {
            return LogValue.Pointer(address);
        }
        return new StructValue { Abbreviated = true }
            .Add("ru_utime", Timeval(c, b, 0))
            .Add("ru_stime", Timeval(c, b, 2));
    }

    static StructValue Timeval(DecodeContext c, byte[] b, int word) => new StructValue()
        .Add("tv_sec", LogValue.Dec(Signed(c, b, word)))
        .Add("tv_usec", LogValue.Dec(Signed(c, b, word + 1)));

    public static LogValue Sysinfo(DecodeContext c, ulong address)
    {
        var b = c.Read(address, c.Compat ? 64 : 112);
        if (b is null)
        {
            return LogValue.Pointer(address);
        }
        var w = c.WordSize;
        ulong U(int i) => Unsigned(c, b, i);
        var loads = new ArrayValue().Add(LogValue.UDec(U(1))).Add(LogValue.UDec(U(2))).Add(LogValue.UDec(U(3)));
        var procsOffset = 10 * w;
        var afterProcs = c.Compat ? 44 : 88;
        return new StructValue()
            .Add("uptime", LogValue.Dec(Signed(c, b, 0)))
            .Add("loads", loads)
            .Add("totalram", LogValue.UDec(U(4)))
            .Add("freeram", LogValue.UDec(U(5)))
            .Add("sharedram", LogValue.UDec(U(6)))
            .Add("bufferram", LogValue.UDec(U(7)))
            .Add("totalswap", LogValue.UDec(U(8)))
            .Add("freeswap", LogValue.UDec(U(9)))
            .Add("procs", LogValue.UDec(BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(procsOffset))))
            .Add("totalhigh", LogValue.UDec(Read(c, b, afterProcs)))
            .Add("freehigh", LogValue.UDec(Read(c, b, afterProcs + w)))
            .Add("mem_unit", LogValue.UDec(BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(afterProcs + 2 * w))));
    }

    public static LogValue Utsname(DecodeContext c, ulong address)
    {
        const int Field = 65;
        var b = c.Read(address, 2 * Field);
        if (b is null)
        {
            return LogValue.Pointer(address);
        }
        return new StructValue { Abbreviated = true }
            .Add("sysname", Primitives.FixedString(b.AsSpan(0, Field)))
            .Add("nodename", Primitives.FixedString(b.AsSpan(Field, Field)));
    }

    /// <summary>A wait status as strace writes it: [{WIFEXITED(s) &amp;&amp; WEXITSTATUS(s) == 0}].</summary>
    public static LogValue WaitStatus(DecodeContext c, ulong address)
    {
        return c.ReadInt(address) is { } status ? LogValue.Raw("[" + FormatStatus(status) + "]") : LogValue.Pointer(address);
    }

    public static string FormatStatus(int status)
    {
        string text;
        var rest = status;
        if ((status & 0xff) == 0x7f)
        {
            var sig = (status >> 8) & 0xff;
            text = $"{{WIFSTOPPED(s) && WSTOPSIG(s) == {SignalName(sig & 0x7f)}{((sig & 0x80) != 0 ? " | 0x80" : "")}}}";
            rest &= ~((sig << 8) | 0x7f);
        }
        else if ((status & 0x7f) != 0 && status != 0xffff)
        {
            var sig = status & 0x7f;
            var core = (status & 0x80) != 0;
            text = $"{{WIFSIGNALED(s) && WTERMSIG(s) == {SignalName(sig)}{(core ? " && WCOREDUMP(s)" : "")}}}";
            rest &= ~(sig | 0x80);
        }
        else if ((status & 0x7f) == 0)
        {
            var code = (status >> 8) & 0xff;
            text = $"{{WIFEXITED(s) && WEXITSTATUS(s) == {code}}}";
            rest &= ~(code << 8);
        }
        else
        {
            text = "{WIFCONTINUED(s)}";
            rest &= ~0xffff;
        }
        if (rest != 0)
        {
            var ev = (uint)rest >> 16;
            if (ev != 0)
            {
                text += "|" + FlagSets.PtraceEvent.Format(ev) + "<<16";
                rest &= 0xffff;
            }
            if (rest != 0)
            {
                text += $"|0x{rest:x}";
            }
        }
        return text;
    }

    static string SignalName(int sig) => LinuxNames.SignalName(sig) ?? sig.ToString();

    static long Signed(DecodeContext c, byte[] b, int i) =>
        c.Compat ? BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(4 * i)) : BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(8 * i));

    static ulong Unsigned(DecodeContext c, byte[] b, int i) => Read(c, b, i * c.WordSize);

    static ulong Read(DecodeContext c, byte[] b, int offset) =>
        c.Compat ? BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(offset)) : BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(offset));
}
