using Vuos.Net.Tracer.Logging.Decoders;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging;

/// <summary>Decodes one argument by its <see cref="ArgKind"/>: inputs when the call starts, outputs when it returned.</summary>
public static class ArgDecoding
{
    /// <summary>False for the arguments strace folds into another (the high word of an i386 64-bit offset).</summary>
    public static bool Prints(ArgSpec spec) => spec.Kind != ArgKind.Long64High;

    public static LogValue Input(DecodeContext c, ArgSpec[] specs, int i)
    {
        var spec = specs[i];
        var raw = c.Args[i];
        ulong Related() => spec.Related >= 0 ? c.Args[spec.Related] : 0;
        switch (spec.Kind)
        {
            case ArgKind.Int:
                return LogValue.Dec((int)raw);
            case ArgKind.Long:
                return LogValue.Dec(c.SignedWord(i));
            case ArgKind.UInt:
                return LogValue.UDec(c.Word(i));
            case ArgKind.Hex:
                return LogValue.Hex(c.Word(i));
            case ArgKind.Octal:
                return LogValue.Raw(Stats.Octal((uint)raw));
            case ArgKind.FileMode:
                return LogValue.Raw(Stats.Mode((uint)raw));
            case ArgKind.Fd:
                return Primitives.Fd(c, (int)raw);
            case ArgKind.DirFd:
                return Primitives.DirFd(c, (int)raw);
            case ArgKind.Ptr:
            case ArgKind.Struct:
                return LogValue.Pointer(c.Word(i));
            case ArgKind.Flags:
                // Flag arguments are C ints: the kernel ignores the upper half.
                return spec.Set is null ? LogValue.Hex((uint)raw) : LogValue.Flags(spec.Set.Format((uint)raw));
            case ArgKind.Signal:
                return Primitives.Signal((int)raw);
            case ArgKind.Str:
                return Primitives.String(c, raw);
            case ArgKind.Path:
                return Primitives.Path(c, raw);
            case ArgKind.InBuf:
                return Primitives.Buffer(c, raw, Related());
            case ArgKind.Sockaddr:
                return raw == 0 ? LogValue.Null : Sockaddrs.Decode(c, raw, (long)Related());
            case ArgKind.StrArray:
                return Primitives.StringArray(c, raw);
            case ArgKind.EnvArray:
                return Primitives.EnvArray(c, raw);
            case ArgKind.Iovec:
                return Iovecs.Decode(c, raw, (long)Related(), ulong.MaxValue);
            case ArgKind.Timespec:
                return raw == 0 ? LogValue.Null : Times.Timespec(c, raw);
            case ArgKind.Timeval:
                return raw == 0 ? LogValue.Null : Times.Timeval(c, raw);
            case ArgKind.Itimerspec:
                return raw == 0 ? LogValue.Null : Times.Itimerspec(c, raw);
            case ArgKind.Itimerval:
                return raw == 0 ? LogValue.Null : Times.Itimerval(c, raw);
            case ArgKind.Sigset:
                return Signals.Sigset(c, raw, spec.Related >= 0 ? (long)Related() : c.WordSize);
            case ArgKind.Sigaction:
                return Signals.Sigaction(c, raw);
            case ArgKind.Rlimit:
                return raw == 0 ? LogValue.Null : Resources.Rlimit(c, raw, native: true);
            case ArgKind.Rlimit64:
                return raw == 0 ? LogValue.Null : Resources.Rlimit(c, raw, native: false);
            case ArgKind.IntIn:
                return raw == 0 ? LogValue.Null : Primitives.IntPtr(c, raw);
            case ArgKind.EpollEvent:
                return raw == 0 ? LogValue.Null : Waiting.EpollEvent(c, raw);
            case ArgKind.Long64Low:
                return c.Compat ? LogValue.Dec((long)(((ulong)(uint)c.Args[i + 1] << 32) | (uint)raw)) : LogValue.Dec((long)raw);
            default:
                return LogValue.Pointer(c.Word(i));
        }
    }

    /// <summary>The value-result lengths the call will overwrite, read before it runs ([128 => 16]).</summary>
    public static uint?[]? SaveValueResults(DecodeContext c, ArgSpec[] specs, int from)
    {
        uint?[]? saved = null;
        for (var i = from; i < specs.Length; i++)
        {
            if (specs[i].Kind == ArgKind.SockLenPtr && c.Args[i] != 0)
            {
                saved ??= new uint?[specs.Length];
                saved[i] = c.ReadUInt(c.Args[i]);
            }
        }
        return saved;
    }

    public static LogValue Output(DecodeContext c, ArgSpec[] specs, int i, uint?[]? saved)
    {
        var spec = specs[i];
        var raw = c.Word(i);
        if (raw == 0)
        {
            return LogValue.Null;
        }
        if (spec.Kind == ArgKind.SockLenPtr)
        {
            return SockLen(c, raw, saved?[i]);
        }
        if (spec.Kind == ArgKind.RemainingOut)
        {
            var interrupted = c.Ret is <= -512 and >= -516 && (spec.Related < 0 || c.Args[spec.Related] == 0);
            return interrupted ? Times.Timespec(c, raw) : LogValue.Pointer(raw);
        }
        if (c.Failed)
        {
            return LogValue.Pointer(raw);
        }
        var ret = (ulong)c.Ret;
        switch (spec.Kind)
        {
            case ArgKind.OutBuf:
                return Primitives.Buffer(c, raw, Math.Min(ret, spec.Related >= 0 ? c.Word(spec.Related) : ret));
            case ArgKind.HexBufOut:
                return Primitives.Buffer(c, raw, ret, hex: true);
            case ArgKind.PathOut:
                return c.ReadCString(raw, (int)Math.Min(ret, Primitives.PathMax)) is var (bytes, _) ? LogValue.Str(bytes, false) : LogValue.Pointer(raw);
            case ArgKind.FdPairOut:
                return Primitives.FdPair(c, raw);
            case ArgKind.SockaddrOut:
                {
                    var length = spec.Related >= 0 ? c.ReadUInt(c.Args[spec.Related]) : null;
                    var before = saved?[spec.Related] ?? length;
                    return length is { } n ? Sockaddrs.Decode(c, raw, Math.Min(n, before ?? n)) : LogValue.Pointer(raw);
                }
            case ArgKind.IovecOut:
                return Iovecs.Decode(c, raw, spec.Related >= 0 ? (long)c.Word(spec.Related) : 0, ret);
            case ArgKind.TimespecOut:
                return Times.Timespec(c, raw);
            case ArgKind.TimevalOut:
                return Times.Timeval(c, raw);
            case ArgKind.ItimerspecOut:
                return Times.Itimerspec(c, raw);
            case ArgKind.ItimervalOut:
                return Times.Itimerval(c, raw);
            case ArgKind.SigsetOut:
                return Signals.Sigset(c, raw, spec.Related >= 0 ? (long)c.Word(spec.Related) : c.WordSize);
            case ArgKind.SigactionOut:
                return Signals.Sigaction(c, raw);
            case ArgKind.RlimitOut:
                return Resources.Rlimit(c, raw, native: true);
            case ArgKind.Rlimit64Out:
                return Resources.Rlimit(c, raw, native: false);
            case ArgKind.StatOut:
                return Stats.Stat(c, raw);
            case ArgKind.Stat64Out:
                return Stats.Stat64(c, raw);
            case ArgKind.StatxOut:
                return Stats.Statx(c, raw);
            case ArgKind.StatfsOut:
                return Stats.Statfs(c, raw);
            case ArgKind.UtsnameOut:
                return Resources.Utsname(c, raw);
            case ArgKind.SysinfoOut:
                return Resources.Sysinfo(c, raw);
            case ArgKind.IntOut:
                return Primitives.IntPtr(c, raw);
            case ArgKind.HexOut:
                return c.ReadWord(raw) is { } v ? LogValue.Deref(LogValue.Hex(v)) : LogValue.Pointer(raw);
            case ArgKind.WaitStatusOut:
                return c.Ret == 0 ? LogValue.Pointer(raw) : Resources.WaitStatus(c, raw);
            case ArgKind.RusageOut:
                return c.Ret > 0 ? Resources.Rusage(c, raw) : LogValue.Pointer(raw);
            case ArgKind.DirentsOut:
                return Dirents.Decode(c, raw, ret);
            case ArgKind.CpuSetOut:
                return Waiting.CpuSet(c, raw, ret);
            default:
                return LogValue.Pointer(raw);
        }
    }

    /// <summary>A value-result length: [n], or [before => after] when the call changed it.</summary>
    static LogValue SockLen(DecodeContext c, ulong address, uint? before)
    {
        if (c.Failed)
        {
            return before is { } b ? LogValue.Deref(LogValue.Dec((int)b)) : LogValue.Pointer(address);
        }
        var after = c.ReadUInt(address);
        if (after is null)
        {
            return LogValue.Pointer(address);
        }
        return before is { } bv && bv != after
            ? LogValue.Deref(LogValue.InOut(LogValue.Dec((int)bv), LogValue.Dec((int)after.Value)))
            : LogValue.Deref(LogValue.Dec((int)after.Value));
    }
}
