using System.Buffers.Binary;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Logging.Decoders;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging.Calls;

/// <summary>open, openat, mq_open: the mode is printed only when the flags say it is used (O_CREAT, O_TMPFILE).</summary>
sealed class OpenCall(int pathIndex, bool queue = false) : CallDecoder
{
    const ulong ModeUsers = OpenFlags.Create | OpenFlags.TmpFileBit;

    public override void Entry(CallRecord r, DecodeContext c)
    {
        if (pathIndex > 0)
        {
            r.Values.Add(Primitives.DirFd(c, (int)c.Args[0]));
        }
        r.Values.Add(queue ? Primitives.String(c, c.Args[pathIndex]) : Primitives.Path(c, c.Args[pathIndex]));
        var flags = (uint)c.Args[pathIndex + 1];
        r.Values.Add(LogValue.Flags(FlagSets.OpenFlags.Format(flags)));
        if ((flags & ModeUsers) != 0)
        {
            r.Values.Add(LogValue.Raw(Stats.Octal((uint)c.Args[pathIndex + 2] & 0xffff)));
            if (queue)
            {
                r.Values.Add(LogValue.Pointer(c.Word(pathIndex + 3)));
            }
        }
        r.EntryCount = r.Values.Count;
    }

    public override void Exit(CallRecord r, DecodeContext c)
    {
    }
}

/// <summary>fcntl and fcntl64: the argument by command, and the result's meaning (= 0x2 (flags O_RDWR)).</summary>
sealed class FcntlCall(bool is64) : CallDecoder
{
    public override void Entry(CallRecord r, DecodeContext c)
    {
        var cmd = (uint)c.Args[1];
        r.Values.Add(Primitives.Fd(c, (int)c.Args[0]));
        r.Values.Add(LogValue.Symbol(FlagSets.FcntlCmd.Format(cmd)));
        var arg = c.Args[2];
        switch (cmd)
        {
            case 2: // F_SETFD
                r.Values.Add(LogValue.Flags(FlagSets.FdFlags.Format(arg)));
                break;
            case 8: // F_SETOWN
            case 1031: // F_SETPIPE_SZ
                r.Values.Add(LogValue.Dec((int)arg));
                break;
            case 0: // F_DUPFD
            case 1030: // F_DUPFD_CLOEXEC
                r.Values.Add(LogValue.Dec((int)arg));
                r.RetKind = RetKind.Fd;
                break;
            case 4: // F_SETFL
                r.Values.Add(LogValue.Flags(FlagSets.OpenFlags.Format((uint)arg)));
                break;
            case 6 or 7: // F_SETLK, F_SETLKW
                r.Values.Add(Flock(c, arg, getlk: false, flock64: is64 && c.Compat));
                break;
            case 13 or 14 when is64: // F_SETLK64, F_SETLKW64
            case 37 or 38: // F_OFD_SETLK, F_OFD_SETLKW
                r.Values.Add(Flock(c, arg, getlk: false, flock64: true));
                break;
            case 1024: // F_SETLEASE
                r.Values.Add(LogValue.Symbol(FlagSets.LockType.Format(arg)));
                break;
            case 10: // F_SETSIG
                r.Values.Add(Primitives.Signal((int)arg));
                break;
            case 1033: // F_ADD_SEALS
                r.Values.Add(LogValue.Flags(FlagSets.Seals.Format(arg)));
                break;
            case 1026: // F_NOTIFY
            case 15: // F_SETOWN_EX
                r.Values.Add(LogValue.Hex(c.Word(2)));
                break;
            case 5 or 36: // F_GETLK, F_OFD_GETLK: the lock is printed at exit
            case 12 when is64: // F_GETLK64
            case 16: // F_GETOWN_EX
                r.MoreAtExit = true;
                break;
            case 1 or 3 or 9 or 11 or 1025 or 1032 or 1034: // the F_GET* without argument
                break;
            default:
                r.Values.Add(LogValue.Hex(c.Word(2)));
                break;
        }
        r.EntryCount = r.Values.Count;
    }

    public override void Exit(CallRecord r, DecodeContext c)
    {
        var cmd = (uint)c.Args[1];
        if (r.MoreAtExit)
        {
            r.Values.Add(cmd == 16 ? LogValue.Pointer(c.Word(2)) : Flock(c, c.Args[2], getlk: true, flock64: cmd != 5 || (is64 && c.Compat)));
            return;
        }
        if (c.Failed)
        {
            return;
        }
        switch (cmd)
        {
            case 1 when c.Ret != 0: // F_GETFD
                r.RetKind = RetKind.Hex;
                r.Detail = LogValue.Raw("flags " + FlagSets.FdFlags.Format((ulong)c.Ret));
                break;
            case 3: // F_GETFL
                r.RetKind = RetKind.Hex;
                r.Detail = LogValue.Raw("flags " + FlagSets.OpenFlags.Format((uint)c.Ret));
                break;
            case 1025: // F_GETLEASE
                r.RetKind = RetKind.Hex;
                r.Detail = FlagSets.LockType.NameOf((ulong)c.Ret) is { } lease ? LogValue.Raw(lease) : null;
                break;
            case 1034 when c.Ret != 0: // F_GET_SEALS
                r.RetKind = RetKind.Hex;
                r.Detail = LogValue.Raw("seals " + FlagSets.Seals.Format((ulong)c.Ret));
                break;
            case 11 when c.Ret != 0: // F_GETSIG
                r.Detail = LinuxNames.SignalName((int)c.Ret) is { } sig ? LogValue.Raw(sig) : null;
                break;
        }
    }

    /// <summary>struct flock (the ABI's) or flock64; F_GETLK also shows l_pid.</summary>
    static LogValue Flock(DecodeContext c, ulong address, bool getlk, bool flock64)
    {
        if (c.Failed && getlk)
        {
            return LogValue.Pointer(address);
        }
        var compat32 = c.Compat && !flock64;
        var size = compat32 ? 16 : c.Compat ? 24 : 32;
        var b = c.Read(address, size);
        if (b is null)
        {
            return LogValue.Pointer(address);
        }
        long start, len;
        int pid;
        if (compat32)
        {
            start = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(4));
            len = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(8));
            pid = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(12));
        }
        else if (c.Compat)
        {
            start = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(4));
            len = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(12));
            pid = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(20));
        }
        else
        {
            start = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(8));
            len = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(16));
            pid = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(24));
        }
        var s = new StructValue()
            .Add("l_type", LogValue.Symbol(FlagSets.LockType.Format(BinaryPrimitives.ReadUInt16LittleEndian(b))))
            .Add("l_whence", LogValue.Symbol(FlagSets.SeekWhence.Format(BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(2)))))
            .Add("l_start", LogValue.Dec(start))
            .Add("l_len", LogValue.Dec(len));
        if (getlk)
        {
            s.Add("l_pid", LogValue.Dec(pid));
        }
        return s;
    }
}

/// <summary>ioctl: the request by name, its argument as the request defines it (at exit for the ones that fill it).</summary>
sealed class IoctlCall : CallDecoder
{
    enum ArgShape
    {
        /// <summary>Printed in hex (unknown requests).</summary>
        Hex,
        /// <summary>No argument printed.</summary>
        None,
        /// <summary>An int the call reads: [1].</summary>
        IntIn,
        /// <summary>An int the call fills: [5] at exit.</summary>
        IntOut,
        /// <summary>A plain int value.</summary>
        Int,
        /// <summary>A struct termios the call fills.</summary>
        TermiosOut,
        /// <summary>A struct termios the call reads.</summary>
        TermiosIn,
        /// <summary>A struct winsize the call fills.</summary>
        WinsizeOut,
        /// <summary>A struct winsize the call reads.</summary>
        WinsizeIn,
    }

    static ArgShape ShapeOf(uint code) => code switch
    {
        0x5401 or 0x5456 => ArgShape.TermiosOut, // TCGETS, TIOCGLCKTRMIOS
        0x5402 or 0x5403 or 0x5404 or 0x5457 => ArgShape.TermiosIn, // TCSETS, TCSETSW, TCSETSF, TIOCSLCKTRMIOS
        0x5413 => ArgShape.WinsizeOut, // TIOCGWINSZ
        0x5414 => ArgShape.WinsizeIn, // TIOCSWINSZ
        0x5409 or 0x5425 or 0x540e => ArgShape.Int, // TCSBRK, TCSBRKP, TIOCSCTTY
        0x540f or 0x5429 or 0x5424 or 0x5419 or 0x80045430 or 0x541b or 0x5411 or 0x80045440 or 0x80045432 => ArgShape.IntOut,
        0x5410 or 0x5423 or 0x5421 or 0x5452 or 0x5420 or 0x541a or 0x40045431 => ArgShape.IntIn,
        0x5427 or 0x5428 or 0x541d or 0x5422 or 0x540c or 0x540d or 0x5451 or 0x5450 or 0x5437 or 0x541f => ArgShape.None,
        _ => ArgShape.Hex,
    };

    public override void Entry(CallRecord r, DecodeContext c)
    {
        var code = (uint)c.Args[1];
        r.Values.Add(Primitives.Fd(c, (int)c.Args[0]));
        r.Values.Add(LogValue.Symbol(IoctlNames.Format(code)));
        var arg = c.Word(2);
        switch (ShapeOf(code))
        {
            case ArgShape.Hex:
                r.Values.Add(LogValue.Hex(arg));
                break;
            case ArgShape.Int:
                r.Values.Add(LogValue.Dec((int)arg));
                break;
            case ArgShape.IntIn:
                r.Values.Add(arg == 0 ? LogValue.Null : Primitives.IntPtr(c, arg));
                break;
            case ArgShape.TermiosIn:
                r.Values.Add(Terminal.Termios(c, arg));
                break;
            case ArgShape.WinsizeIn:
                r.Values.Add(Terminal.Winsize(c, arg));
                break;
            case ArgShape.IntOut or ArgShape.TermiosOut or ArgShape.WinsizeOut:
                r.MoreAtExit = true;
                break;
        }
        r.EntryCount = r.Values.Count;
    }

    public override void Exit(CallRecord r, DecodeContext c)
    {
        if (!r.MoreAtExit)
        {
            return;
        }
        var arg = c.Word(2);
        if (c.Failed || arg == 0)
        {
            r.Values.Add(LogValue.Pointer(arg));
            return;
        }
        r.Values.Add(ShapeOf((uint)c.Args[1]) switch
        {
            ArgShape.IntOut => Primitives.IntPtr(c, arg),
            ArgShape.TermiosOut => Terminal.Termios(c, arg),
            _ => Terminal.Winsize(c, arg),
        });
    }
}
