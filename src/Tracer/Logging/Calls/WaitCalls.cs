using System.Buffers.Binary;
using System.Text;
using Vuos.Net.Tracer.Logging.Decoders;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging.Calls;

/// <summary>poll and ppoll: the pollfds asked for, and after the call those with events: "= 1 ([{fd=5, revents=POLLOUT}])".</summary>
sealed class PollCall(bool ppoll) : CallDecoder
{
    const int PollFdSize = 8;

    public override void Entry(CallRecord r, DecodeContext c)
    {
        var nfds = (uint)c.Args[1];
        r.Values.Add(PollFds(c, c.Args[0], nfds));
        r.Values.Add(LogValue.UDec(nfds));
        if (ppoll)
        {
            r.Values.Add(c.Args[2] == 0 ? LogValue.Null : Times.Timespec(c, c.Args[2]));
            r.Values.Add(Signals.Sigset(c, c.Args[3], (long)c.Args[4]));
            r.Values.Add(LogValue.UDec(c.Word(4)));
        }
        else
        {
            r.Values.Add(LogValue.Dec((int)c.Args[2]));
        }
        r.EntryCount = r.Values.Count;
    }

    public override void Exit(CallRecord r, DecodeContext c)
    {
        if (c.Failed)
        {
            return;
        }
        if (c.Ret == 0)
        {
            r.Detail = LogValue.Raw("Timeout");
            return;
        }
        var nfds = (uint)c.Args[1];
        var sb = new StringBuilder();
        var printed = 0;
        for (var i = 0u; i < nfds && c.Args[0] != 0; i++)
        {
            var address = c.Args[0] + i * PollFdSize;
            var b = c.Read(address, PollFdSize);
            if (b is null)
            {
                sb.Append(sb.Length == 0 ? "[" : ", ").Append("0x").Append(address.ToString("x"));
                break;
            }
            var revents = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(6));
            if (revents == 0)
            {
                continue;
            }
            sb.Append(sb.Length == 0 ? "[" : ", ");
            if (printed >= c.StringLimit)
            {
                sb.Append("...");
                break;
            }
            sb.Append("{fd=").Append(BinaryPrimitives.ReadInt32LittleEndian(b)).Append(", revents=")
                .Append(FlagSets.PollEvents.Format(revents)).Append('}');
            printed++;
        }
        if (sb.Length > 0)
        {
            sb.Append(']');
        }
        if (ppoll && c.Args[2] != 0)
        {
            sb.Append(sb.Length == 0 ? "left " : ", left ").Append(Times.Timespec(c, c.Args[2]));
        }
        if (sb.Length > 0)
        {
            r.Detail = LogValue.Raw(sb.ToString());
        }
    }

    static LogValue PollFds(DecodeContext c, ulong address, uint nfds)
    {
        if (address == 0)
        {
            return LogValue.Null;
        }
        var array = new ArrayValue();
        for (var i = 0u; i < nfds; i++)
        {
            if (i == c.StringLimit)
            {
                array.Abbreviated = true;
                break;
            }
            var b = c.Read(address + i * PollFdSize, PollFdSize);
            if (b is null)
            {
                if (i == 0)
                {
                    return LogValue.Pointer(address);
                }
                array.Add(LogValue.Commented(LogValue.Raw("..."), "0x" + (address + i * PollFdSize).ToString("x")));
                break;
            }
            var fd = BinaryPrimitives.ReadInt32LittleEndian(b);
            var s = new StructValue().Add("fd", Primitives.Fd(c, fd));
            if (fd >= 0)
            {
                s.Add("events", LogValue.Flags(FlagSets.PollEvents.Format(BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(4)))));
            }
            array.Add(s);
        }
        return array;
    }
}

/// <summary>select, pselect6 and i386's old select: the sets asked for, and after the call "(in [3], left {...})".</summary>
sealed class SelectCall(SelectCall.Style style) : CallDecoder
{
    public enum Style
    {
        Select,
        Pselect6,
        /// <summary>i386's select(struct sel_arg_struct *): the five arguments are in memory.</summary>
        OldSelect,
    }

    public override void Entry(CallRecord r, DecodeContext c)
    {
        var args = Arguments(c);
        if (args is null)
        {
            r.Values.Add(LogValue.Pointer(c.Word(0)));
            r.EntryCount = 1;
            return;
        }
        r.Saved = args;
        var nfds = Clamp((int)args[0]);
        r.Values.Add(LogValue.Dec((int)args[0]));
        for (var i = 1; i <= 3; i++)
        {
            r.Values.Add(args[i] == 0 ? LogValue.Null : nfds == 0 ? LogValue.Pointer(args[i]) : FdSet(c, args[i], nfds));
        }
        r.Values.Add(args[4] == 0 ? LogValue.Null : style == Style.Pselect6 ? Times.Timespec(c, args[4]) : Times.Timeval(c, args[4]));
        if (style == Style.Pselect6)
        {
            r.Values.Add(SigmaskPack(c, c.Args[5]));
        }
        r.EntryCount = r.Values.Count;
    }

    public override void Exit(CallRecord r, DecodeContext c)
    {
        if (c.Failed || r.Saved is not ulong[] args)
        {
            return;
        }
        if (c.Ret == 0)
        {
            r.Detail = LogValue.Raw("Timeout");
            return;
        }
        var nfds = Clamp((int)args[0]);
        var bytes = FdSetBytes(c, nfds);
        var ready = c.Ret;
        var sb = new StringBuilder();
        var sep = "";
        for (var i = 0; i < 3 && ready > 0; i++)
        {
            var address = args[i + 1];
            var set = address == 0 || bytes == 0 ? null : c.Read(address, bytes);
            if (set is null)
            {
                continue;
            }
            var first = true;
            for (var fd = 0; fd < nfds; fd++)
            {
                if ((set[fd / 8] & (1 << (fd % 8))) == 0)
                {
                    continue;
                }
                if (first)
                {
                    sb.Append(sep).Append(i == 0 ? "in" : i == 1 ? "out" : "except").Append(" [").Append(fd);
                    first = false;
                    sep = ", ";
                }
                else
                {
                    sb.Append(' ').Append(fd);
                }
                if (--ready == 0)
                {
                    break;
                }
            }
            if (sb.Length > 0)
            {
                sb.Append(']');
            }
        }
        if (args[4] != 0)
        {
            var left = style == Style.Pselect6 ? Times.Timespec(c, args[4]) : Times.Timeval(c, args[4]);
            sb.Append(sep).Append("left ").Append(left);
        }
        r.Detail = LogValue.Raw(sb.ToString());
    }

    ulong[]? Arguments(DecodeContext c)
    {
        if (style != Style.OldSelect)
        {
            return c.Args[..5];
        }
        var args = new ulong[5];
        for (var i = 0; i < 5; i++)
        {
            if (c.ReadWord(c.Args[0] + (ulong)(i * c.WordSize)) is not { } v)
            {
                return null;
            }
            args[i] = v;
        }
        return args;
    }

    static int Clamp(int nfds) => Math.Min(Math.Max(nfds, 0), 1024 * 1024);

    static int FdSetBytes(DecodeContext c, int nfds) => ((nfds + 7) / 8 + c.WordSize - 1) & -c.WordSize;

    static LogValue FdSet(DecodeContext c, ulong address, int nfds)
    {
        var set = c.Read(address, FdSetBytes(c, nfds));
        if (set is null)
        {
            return LogValue.Pointer(address);
        }
        var sb = new StringBuilder("[");
        var first = true;
        for (var fd = 0; fd < nfds; fd++)
        {
            if ((set[fd / 8] & (1 << (fd % 8))) != 0)
            {
                if (!first)
                {
                    sb.Append(' ');
                }
                first = false;
                Primitives.Fd(c, fd).WriteText(sb);
            }
        }
        return LogValue.Raw(sb.Append(']').ToString());
    }

    /// <summary>pselect6's sixth argument: {const sigset_t *ss, size_t ss_len}.</summary>
    static LogValue SigmaskPack(DecodeContext c, ulong address)
    {
        if (address == 0)
        {
            return LogValue.Null;
        }
        var set = c.ReadWord(address);
        var len = c.ReadWord(address + (ulong)c.WordSize);
        if (set is null || len is null)
        {
            return LogValue.Pointer(address);
        }
        return new StructValue().AddUnnamed("ss", Signals.Sigset(c, set.Value, (long)len.Value)).AddUnnamed("ss_len", LogValue.UDec(len.Value));
    }
}

/// <summary>epoll_wait, epoll_pwait and epoll_pwait2: the events the call returned.</summary>
sealed class EpollWaitCall(int extra) : CallDecoder
{
    public override void Entry(CallRecord r, DecodeContext c)
    {
        r.Values.Add(Primitives.Fd(c, (int)c.Args[0]));
        r.EntryCount = 1;
        r.MoreAtExit = true;
    }

    public override void Exit(CallRecord r, DecodeContext c)
    {
        r.Values.Add(c.Failed ? LogValue.Pointer(c.Word(1)) : Waiting.EpollEvents(c, c.Args[1], c.Ret));
        r.Values.Add(LogValue.Dec((int)c.Args[2]));
        if (extra == 0)
        {
            r.Values.Add(LogValue.Dec((int)c.Args[3]));
            return;
        }
        r.Values.Add(extra == 2 ? (c.Args[3] == 0 ? LogValue.Null : Times.Timespec(c, c.Args[3])) : LogValue.Dec((int)c.Args[3]));
        r.Values.Add(Signals.Sigset(c, c.Args[4], (long)c.Args[5]));
        r.Values.Add(LogValue.UDec(c.Word(5)));
    }
}
