using System.Buffers.Binary;
using Vuos.Net.Tracer.Logging.Decoders;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging.Calls;

/// <summary>clone: named arguments, the exit signal after the flags, the ids the kernel wrote printed at exit.</summary>
sealed class CloneCall : CallDecoder
{
    const ulong ParentSetTid = 0x100000, Pidfd = 0x1000, ChildSetTid = 0x1000000, ChildClearTid = 0x200000, SetTls = 0x80000;

    public override void Entry(CallRecord r, DecodeContext c)
    {
        var flags = c.Args[0] & ~0xffUL;
        var sig = (int)(c.Args[0] & 0xff);
        r.Values.Add(new NamedValue("child_stack", LogValue.Pointer(c.Word(1))));
        r.Values.Add(new NamedValue("flags", LogValue.Flags(Flags(flags, sig))));
        r.EntryCount = 2;
        r.MoreAtExit = (flags & (ParentSetTid | Pidfd | ChildSetTid | ChildClearTid | SetTls)) != 0;
        r.SeparatorAtExit = true;
    }

    internal static string Flags(ulong flags, int sig)
    {
        if (flags == 0)
        {
            return Signal(sig);
        }
        var text = FlagSets.CloneBits.Format(flags);
        return sig != 0 ? text + "|" + Signal(sig) : text;
    }

    static string Signal(int sig) => LinuxNames.SignalName(sig) ?? sig.ToString();

    public override void Exit(CallRecord r, DecodeContext c)
    {
        if (!r.MoreAtExit)
        {
            return;
        }
        var flags = c.Args[0];
        if ((flags & (ParentSetTid | Pidfd)) != 0)
        {
            var address = c.Word(2);
            r.Values.Add(new NamedValue("parent_tid", c.Failed || address == 0 ? LogValue.Pointer(address) : Primitives.IntPtr(c, address)));
        }
        if ((flags & SetTls) != 0)
        {
            r.Values.Add(new NamedValue("tls", LogValue.Pointer(c.Word(4))));
        }
        if ((flags & (ChildSetTid | ChildClearTid)) != 0)
        {
            r.Values.Add(new NamedValue("child_tidptr", LogValue.Pointer(c.Word(3))));
        }
    }
}

/// <summary>clone3: the struct clone_args, then " => {parent_tid=[42]}" once the kernel filled it.</summary>
sealed class Clone3Call : CallDecoder
{
    const int MinSize = 64;
    const ulong ParentSetTid = 0x100000, Pidfd = 0x1000, ChildSetTid = 0x1000000, ChildClearTid = 0x200000, SetTls = 0x80000;

    public override void Entry(CallRecord r, DecodeContext c)
    {
        var size = c.Args[1];
        var b = size < MinSize ? null : c.Read(c.Args[0], (int)Math.Min(size, 88UL));
        if (b is null)
        {
            r.Values.Add(LogValue.Pointer(c.Args[0]));
            r.Values.Add(LogValue.UDec(size));
            r.EntryCount = 2;
            return;
        }
        ulong F(int i) => i * 8 + 8 <= b.Length ? BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(i * 8)) : 0;
        var flags = F(0);
        var s = new StructValue();
        s.Add("flags", LogValue.Flags(FlagSets.CloneBits.Format(flags)));
        if ((flags & Pidfd) != 0)
        {
            s.Add("pidfd", LogValue.Pointer(F(1)));
        }
        if ((flags & (ChildSetTid | ChildClearTid)) != 0)
        {
            s.Add("child_tid", LogValue.Pointer(F(2)));
        }
        if ((flags & ParentSetTid) != 0)
        {
            s.Add("parent_tid", LogValue.Pointer(F(3)));
        }
        var exitSignal = F(4);
        s.Add("exit_signal", exitSignal < int.MaxValue ? Primitives.Signal((int)exitSignal) : LogValue.UDec(exitSignal));
        s.Add("stack", LogValue.Pointer(F(5)));
        s.Add("stack_size", LogValue.Hex(F(6)));
        if ((flags & SetTls) != 0)
        {
            s.Add("tls", LogValue.Pointer(F(7)));
        }
        if (F(8) != 0 || F(9) != 0)
        {
            s.Add("set_tid", LogValue.Pointer(F(8)));
            s.Add("set_tid_size", LogValue.UDec(F(9)));
        }
        if (b.Length > 80 && F(10) != 0)
        {
            s.Add("cgroup", LogValue.UDec(F(10)));
        }
        r.Values.Add(s);
        if ((flags & (Pidfd | ParentSetTid)) == 0)
        {
            r.Values.Add(LogValue.UDec(size));
            r.EntryCount = 2;
            return;
        }
        r.Saved = flags;
        r.EntryCount = 1;
        r.MoreAtExit = true;
        r.ContinuesLastValue = true;
    }

    public override void Exit(CallRecord r, DecodeContext c)
    {
        if (r.Saved is not ulong flags)
        {
            return;
        }
        var b = c.Failed ? null : c.Read(c.Args[0], 32);
        if (b is null)
        {
            r.ContinuesLastValue = false;
            r.SeparatorAtExit = true;
        }
        else
        {
            var s = new StructValue();
            if ((flags & Pidfd) != 0)
            {
                s.Add("pidfd", Primitives.IntPtr(c, BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(8))));
            }
            if ((flags & ParentSetTid) != 0)
            {
                s.Add("parent_tid", Primitives.IntPtr(c, BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(24))));
            }
            r.Values.Add(new ChangedValue(s));
        }
        r.Values.Add(LogValue.UDec(c.Args[1]));
    }
}

/// <summary>rt_sigreturn: the signal mask it restores, read from the signal frame on the tracee's stack.</summary>
sealed class RtSigreturnCall : CallDecoder
{
    public override void Entry(CallRecord r, DecodeContext c)
    {
        // At the restorer's syscall the frame's return address has been popped: uc_sigmask is 296 bytes above
        // the stack pointer on x86-64 (rt_sigframe: pretcode, then ucontext), 248 on i386 (after siginfo).
        var offset = c.Compat ? 248UL : 296UL;
        var mask = c.StackPointer == 0 ? null : c.Read(c.StackPointer + offset, 8);
        r.Values.Add(mask is null ? LogValue.Pointer(c.StackPointer + offset) : new StructValue().Add("mask", LogValue.Raw(Signals.FormatMask(mask))));
        r.EntryCount = 1;
    }

    public override void Exit(CallRecord r, DecodeContext c)
    {
    }
}

/// <summary>futex: the arguments the operation uses, and only those.</summary>
sealed class FutexCall : CallDecoder
{
    public override void Entry(CallRecord r, DecodeContext c)
    {
        var op = (uint)c.Args[1];
        var val = (uint)c.Args[2];
        r.Values.Add(LogValue.Pointer(c.Word(0)));
        r.Values.Add(LogValue.Flags(FlagSets.FutexOp.Format(op)));
        LogValue Timeout() => c.Args[3] == 0 ? LogValue.Null : Times.Timespec(c, c.Args[3]);
        LogValue Bitset() => (uint)c.Args[5] == uint.MaxValue ? LogValue.Symbol("FUTEX_BITSET_MATCH_ANY") : LogValue.Hex((uint)c.Args[5]);
        switch (op & 127)
        {
            case 0: // FUTEX_WAIT
                r.Values.Add(LogValue.UDec(val));
                r.Values.Add(Timeout());
                break;
            case 6 or 13: // FUTEX_LOCK_PI, FUTEX_LOCK_PI2
                r.Values.Add(Timeout());
                break;
            case 9: // FUTEX_WAIT_BITSET
                r.Values.Add(LogValue.UDec(val));
                r.Values.Add(Timeout());
                r.Values.Add(Bitset());
                break;
            case 10: // FUTEX_WAKE_BITSET
                r.Values.Add(LogValue.UDec(val));
                r.Values.Add(Bitset());
                break;
            case 3: // FUTEX_REQUEUE
                r.Values.Add(LogValue.UDec(val));
                r.Values.Add(LogValue.UDec((uint)c.Args[3]));
                r.Values.Add(LogValue.Pointer(c.Word(4)));
                break;
            case 4 or 12: // FUTEX_CMP_REQUEUE, FUTEX_CMP_REQUEUE_PI
                r.Values.Add(LogValue.UDec(val));
                r.Values.Add(LogValue.UDec((uint)c.Args[3]));
                r.Values.Add(LogValue.Pointer(c.Word(4)));
                r.Values.Add(LogValue.UDec((uint)c.Args[5]));
                break;
            case 11: // FUTEX_WAIT_REQUEUE_PI
                r.Values.Add(LogValue.UDec(val));
                r.Values.Add(Timeout());
                r.Values.Add(LogValue.Pointer(c.Word(4)));
                break;
            case 1 or 2: // FUTEX_WAKE, FUTEX_FD
                r.Values.Add(LogValue.UDec(val));
                break;
            case 7 or 8: // FUTEX_UNLOCK_PI, FUTEX_TRYLOCK_PI
                break;
            default:
                r.Values.Add(LogValue.UDec(val));
                r.Values.Add(LogValue.Pointer(c.Word(3)));
                r.Values.Add(LogValue.Pointer(c.Word(4)));
                r.Values.Add(LogValue.Hex((uint)c.Args[5]));
                break;
        }
        r.EntryCount = r.Values.Count;
    }

    public override void Exit(CallRecord r, DecodeContext c)
    {
    }
}

/// <summary>prctl: the arguments the option uses (PR_SET_NAME's string, PR_SET_PDEATHSIG's signal...).</summary>
sealed class PrctlCall : CallDecoder
{
    public override void Entry(CallRecord r, DecodeContext c)
    {
        var option = (uint)c.Args[0];
        r.Values.Add(LogValue.Symbol(FlagSets.PrctlOption.Format(option)));
        switch (option)
        {
            case 15: // PR_SET_NAME: at most TASK_COMM_LEN - 1 bytes count
                r.Values.Add(c.ReadCString(c.Args[1], Math.Min(15, c.StringLimit)) is var (name, cut) ? LogValue.Str(name, cut) : LogValue.Pointer(c.Word(1)));
                break;
            case 16: // PR_GET_NAME
            case 2: // PR_GET_PDEATHSIG
                r.MoreAtExit = true;
                break;
            case 1: // PR_SET_PDEATHSIG
                r.Values.Add(Primitives.Signal((int)c.Args[1]));
                break;
            case 3 or 7 or 13 or 21 or 30 or 27 or 39 or 42 or 31 or 32: // getters whose answer is the result, and the perf toggles
                break;
            case 4: // PR_SET_DUMPABLE
                r.Values.Add(LogValue.Symbol(FlagSets.Dumpable.Format(c.Word(1))));
                break;
            case 8 or 36 or 12 or 10 or 20 or 14: // PR_SET_KEEPCAPS, PR_SET_CHILD_SUBREAPER, PR_SET_FPEXC, PR_SET_FPEMU, PR_SET_ENDIAN, PR_SET_TIMING
                r.Values.Add(LogValue.UDec(c.Word(1)));
                break;
            case 23 or 24: // PR_CAPBSET_READ, PR_CAPBSET_DROP
                r.Values.Add(LogValue.Symbol(FlagSets.Capability.Format(c.Word(1))));
                break;
            case 38 or 41 or 57: // PR_SET_NO_NEW_PRIVS, PR_SET_THP_DISABLE, PR_SET_IO_FLUSHER
                r.Values.Add(LogValue.UDec(c.Word(1)));
                for (var i = 2; i < 5; i++)
                {
                    r.Values.Add(LogValue.Hex(c.Word(i)));
                }
                break;
            default:
                for (var i = 1; i < 5; i++)
                {
                    r.Values.Add(LogValue.Hex(c.Word(i)));
                }
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
        var address = c.Word(1);
        if ((uint)c.Args[0] == 2)
        {
            r.Values.Add(c.Failed ? LogValue.Pointer(address) : c.ReadInt(address) is { } sig ? LogValue.Deref(Primitives.Signal(sig)) : LogValue.Pointer(address));
            return;
        }
        r.Values.Add(c.Failed ? LogValue.Pointer(address) : c.ReadCString(address, 16) is var (name, _) ? LogValue.Str(name, false) : LogValue.Pointer(address));
    }
}

/// <summary>capget and capset: the header's version and pid, the three capability sets as named bits.</summary>
sealed class CapCall(bool set) : CallDecoder
{
    const uint Version1 = 0x19980330;

    public override void Entry(CallRecord r, DecodeContext c)
    {
        var header = c.Args[0] == 0 ? null : c.Read(c.Args[0], 8);
        r.Values.Add(header is null
            ? LogValue.Pointer(c.Word(0))
            : new StructValue()
                .Add("version", LogValue.Symbol(FlagSets.CapabilityVersion.Format(BinaryPrimitives.ReadUInt32LittleEndian(header))))
                .Add("pid", LogValue.Dec(BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4)))));
        if (set)
        {
            r.Values.Add(Data(c, header));
        }
        r.EntryCount = r.Values.Count;
        r.MoreAtExit = !set;
    }

    public override void Exit(CallRecord r, DecodeContext c)
    {
        if (!set)
        {
            r.Values.Add(Data(c, c.Failed || c.Args[0] == 0 ? null : c.Read(c.Args[0], 8)));
        }
    }

    static LogValue Data(DecodeContext c, byte[]? header)
    {
        var address = c.Word(1);
        if (address == 0 || header is null)
        {
            return LogValue.Pointer(address);
        }
        var words = BinaryPrimitives.ReadUInt32LittleEndian(header) == Version1 ? 1 : 2;
        var b = c.Read(address, 12 * words);
        if (b is null)
        {
            return LogValue.Pointer(address);
        }
        LogValue Bits(int field)
        {
            ulong lo = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(4 * field));
            ulong hi = words > 1 ? BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(12 + 4 * field)) : 0;
            return LogValue.Flags(FlagSets.CapabilityBits.Format(lo | (hi << 32)));
        }
        return new StructValue().Add("effective", Bits(0)).Add("permitted", Bits(1)).Add("inheritable", Bits(2));
    }
}
