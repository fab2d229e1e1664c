using Vuos.Net.Tracer.Logging.Decoders;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging.Calls;

/// <summary>socket and socketpair: the protocol is named by the family's own table (0 of AF_UNIX is just 0).</summary>
sealed class SocketCall(bool pair) : CallDecoder
{
    public override void Entry(CallRecord r, DecodeContext c)
    {
        var family = (uint)c.Args[0];
        r.Values.Add(Primitives.Enum(FlagSets.AddressFamily, family));
        r.Values.Add(LogValue.Flags(FlagSets.SocketType.Format((uint)c.Args[1])));
        r.Values.Add(pair ? LogValue.UDec((uint)c.Args[2]) : Protocol(family, (uint)c.Args[2]));
        r.EntryCount = 3;
        r.MoreAtExit = pair;
    }

    public override void Exit(CallRecord r, DecodeContext c)
    {
        if (pair)
        {
            r.Values.Add(c.Failed || c.Args[3] == 0 ? LogValue.Pointer(c.Word(3)) : Primitives.FdPair(c, c.Args[3]));
        }
    }

    static LogValue Protocol(uint family, uint protocol) => family switch
    {
        2 or 10 => Primitives.Enum(FlagSets.IpProtocol, protocol),
        16 => Primitives.Enum(FlagSets.NetlinkProtocol, protocol),
        17 => LogValue.Call("htons", LogValue.Raw(EthernetProtocol(protocol))),
        _ => LogValue.UDec(protocol),
    };

    static string EthernetProtocol(uint protocol)
    {
        var p = (ushort)((protocol >> 8) | ((protocol & 0xff) << 8));
        return p switch
        {
            0x0003 => "ETH_P_ALL",
            0x0800 => "ETH_P_IP",
            0x0806 => "ETH_P_ARP",
            0x86dd => "ETH_P_IPV6",
            _ => $"0x{p:x} /* ETH_P_??? */",
        };
    }
}

/// <summary>setsockopt and getsockopt: the option is named at its level, its value decoded by its type.</summary>
sealed class SockoptCall(bool get) : CallDecoder
{
    public override void Entry(CallRecord r, DecodeContext c)
    {
        var level = (uint)c.Args[1];
        var name = (uint)c.Args[2];
        r.Values.Add(Primitives.Fd(c, (int)c.Args[0]));
        r.Values.Add(LogValue.Symbol(FlagSets.SockOptLevel.NameOf(level) ?? $"0x{level:x} /* SOL_?? */"));
        r.Values.Add(LogValue.Symbol(OptionName(level, name)));
        if (get)
        {
            r.EntryCount = 3;
            r.MoreAtExit = true;
            r.Saved = c.Args[4] != 0 ? c.ReadInt(c.Args[4]) : null;
            return;
        }
        r.Values.Add(c.Args[3] == 0 ? LogValue.Null : SetValue(c, level, name, c.Args[3], (int)c.Args[4]));
        r.Values.Add(LogValue.Dec((int)c.Args[4]));
        r.EntryCount = 5;
    }

    public override void Exit(CallRecord r, DecodeContext c)
    {
        if (!get)
        {
            return;
        }
        var ulen = r.Saved as int?;
        var optval = c.Word(3);
        var rlen = c.Failed || c.Args[4] == 0 ? null : c.ReadInt(c.Args[4]);
        if (ulen is null)
        {
            r.Values.Add(LogValue.Pointer(optval));
            r.Values.Add(LogValue.Pointer(c.Word(4)));
            return;
        }
        if (rlen is null)
        {
            r.Values.Add(LogValue.Pointer(optval));
            r.Values.Add(LogValue.Deref(LogValue.Dec(ulen.Value)));
            return;
        }
        r.Values.Add(GetValue(c, (uint)c.Args[1], (uint)c.Args[2], optval, ulen.Value, rlen.Value));
        r.Values.Add(LogValue.Deref(ulen != rlen ? LogValue.InOut(LogValue.Dec(ulen.Value), LogValue.Dec(rlen.Value)) : LogValue.Dec(rlen.Value)));
    }

    string OptionName(uint level, uint name)
    {
        if (level == 1)
        {
            if (name == 26)
            {
                return get ? "SO_GET_FILTER" : "SO_ATTACH_FILTER";
            }
            return FlagSets.SocketOption.Format(name);
        }
        var set = level switch
        {
            0 => FlagSets.IpOption,
            41 => FlagSets.Ipv6Option,
            6 => FlagSets.TcpOption,
            17 => FlagSets.UdpOption,
            270 => FlagSets.NetlinkOption,
            263 => FlagSets.PacketOption,
            255 => FlagSets.RawOption,
            _ => null,
        };
        return set is null ? name.ToString() : set.Format(name);
    }

    static bool IsIntOption(uint name) => name is 1 or 2 or 5 or 6 or 7 or 8 or 9 or 10 or 11 or 12 or 14 or 15 or 16 or 18 or 19
        or 27 or 29 or 30 or 32 or 33 or 34 or 35 or 36 or 37 or 40 or 41 or 42 or 43 or 44 or 45 or 46 or 49 or 53 or 56
        or 60 or 63 or 64 or 65 or 68 or 69 or 70 or 73 or 75;

    static LogValue SetValue(DecodeContext c, uint level, uint name, ulong address, int length)
    {
        if (level == 1)
        {
            if (name == 13) // SO_LINGER
            {
                return length < 8 ? LogValue.Pointer(address) : Linger(c, address, 8);
            }
            if (IsIntOption(name))
            {
                return length < 4 ? LogValue.Pointer(address) : Primitives.IntPtr(c, address);
            }
        }
        else if (level == 270)
        {
            return length < 4 ? LogValue.Pointer(address) : Primitives.IntPtr(c, address);
        }
        else if (level == 255 && name == 1) // SOL_RAW, ICMP_FILTER
        {
            return IcmpFilter(c, address, length);
        }
        return length == 4 ? Primitives.IntPtr(c, address) : Primitives.Buffer(c, address, (ulong)Math.Max(0, length));
    }

    static LogValue GetValue(DecodeContext c, uint level, uint name, ulong address, int ulen, int rlen)
    {
        if (ulen <= 0 || rlen <= 0 || address == 0)
        {
            return LogValue.Pointer(address);
        }
        if (level == 1)
        {
            switch (name)
            {
                case 13: // SO_LINGER
                    return Linger(c, address, Math.Min(rlen, 8));
                case 17: // SO_PEERCRED
                    {
                        var b = c.Read(address, Math.Min(rlen, 12));
                        return b is null ? LogValue.Pointer(address) : b.Length >= 12 ? Messages.Credentials(b) : LogValue.Pointer(address);
                    }
                case 4: // SO_ERROR
                    {
                        if (rlen < 4)
                        {
                            return Primitives.Buffer(c, address, (ulong)rlen, hex: true);
                        }
                        var err = c.ReadInt(address);
                        return err is { } e ? LogValue.Deref(LogValue.Symbol(e == 0 ? "0" : LinuxNames.ErrnoName(e) ?? e.ToString())) : LogValue.Pointer(address);
                    }
            }
            if (IsIntOption(name))
            {
                return rlen >= 4 ? Primitives.IntPtr(c, address) : Primitives.Buffer(c, address, (ulong)rlen, hex: true);
            }
        }
        else if (level == 270)
        {
            return Primitives.IntPtr(c, address);
        }
        else if (level == 255 && name == 1)
        {
            return IcmpFilter(c, address, rlen);
        }
        return rlen == 4 ? Primitives.IntPtr(c, address) : Primitives.Buffer(c, address, (ulong)rlen);
    }

    /// <summary>struct icmp_filter: the ICMP types it blocks, as the complement "~[...]" when most are set.</summary>
    static LogValue IcmpFilter(DecodeContext c, ulong address, int length)
    {
        if (length <= 0)
        {
            return LogValue.Pointer(address);
        }
        var b = c.Read(address, Math.Min(length, 4));
        if (b is null)
        {
            return LogValue.Pointer(address);
        }
        var bytes = new byte[4];
        Array.Fill(bytes, (byte)0xff);
        b.CopyTo(bytes, 0);
        var data = BitConverter.ToUInt32(bytes);
        var prefix = "";
        if (System.Numerics.BitOperations.PopCount(data) > 16)
        {
            data = ~data;
            prefix = "~";
        }
        var names = new List<string>();
        for (var i = 0; i < 32; i++)
        {
            if ((data & (1u << i)) != 0)
            {
                names.Add(FlagSets.IcmpType.Format((ulong)i));
            }
        }
        return LogValue.Raw(prefix + "[" + string.Join(" ", names) + "]");
    }

    static LogValue Linger(DecodeContext c, ulong address, int length)
    {
        var b = c.Read(address, length);
        if (b is null)
        {
            return LogValue.Pointer(address);
        }
        var s = new StructValue();
        if (length >= 4)
        {
            s.Add("l_onoff", LogValue.Dec(BitConverter.ToInt32(b, 0)));
        }
        if (length >= 8)
        {
            s.Add("l_linger", LogValue.Dec(BitConverter.ToInt32(b, 4)));
        }
        return s;
    }
}

/// <summary>sendmsg and recvmsg: the msghdr, decoded when sent, or when received with the data actually read.</summary>
sealed class MsgCall(bool receive) : CallDecoder
{
    public override void Entry(CallRecord r, DecodeContext c)
    {
        r.Values.Add(Primitives.Fd(c, (int)c.Args[0]));
        if (!receive)
        {
            r.Values.Add(c.Args[1] == 0 ? LogValue.Null : Messages.Msghdr(c, c.Args[1], null, ulong.MaxValue));
            r.Values.Add(LogValue.Flags(FlagSets.MsgFlags.Format((uint)c.Args[2])));
            r.EntryCount = 3;
            return;
        }
        var nameLength = c.Args[1] == 0 ? null : Messages.NameLength(c, c.Args[1]);
        if (nameLength is null)
        {
            r.Values.Add(LogValue.Pointer(c.Word(1)));
        }
        r.Saved = nameLength;
        r.EntryCount = r.Values.Count;
        r.MoreAtExit = true;
    }

    public override void Exit(CallRecord r, DecodeContext c)
    {
        if (!receive)
        {
            return;
        }
        if (r.Saved is int nameLength)
        {
            r.Values.Add(c.Failed
                ? new StructValue().Add("msg_namelen", LogValue.Dec(nameLength))
                : Messages.Msghdr(c, c.Args[1], nameLength, (ulong)c.Ret));
        }
        r.Values.Add(LogValue.Flags(FlagSets.MsgFlags.Format((uint)c.Args[2])));
    }
}

/// <summary>sendmmsg and recvmmsg: the vector with each message's msg_len once the call returned.</summary>
sealed class MmsgCall(bool receive) : CallDecoder
{
    public override void Entry(CallRecord r, DecodeContext c)
    {
        r.Values.Add(Primitives.Fd(c, (int)c.Args[0]));
        r.EntryCount = 1;
        r.MoreAtExit = true;
        if (receive)
        {
            var count = (int)Math.Min((uint)c.Args[2], 1024u);
            var names = new int[count];
            var size = Messages.MmsghdrSize(c);
            for (var i = 0; i < count; i++)
            {
                if (Messages.NameLength(c, c.Args[1] + (ulong)(i * size)) is not { } n)
                {
                    Array.Resize(ref names, i);
                    break;
                }
                names[i] = n;
            }
            r.Saved = (names, c.Args[4] == 0 ? LogValue.Null : Times.Timespec(c, c.Args[4]));
        }
    }

    public override void Exit(CallRecord r, DecodeContext c)
    {
        var vlen = (uint)c.Args[2];
        if (receive)
        {
            var (names, timeout) = ((int[], LogValue))r.Saved!;
            r.Values.Add(c.Failed ? LogValue.Pointer(c.Word(1)) : Messages.Mmsgvec(c, c.Args[1], c.Ret, c.Ret, names, dataByLength: true));
            r.Values.Add(LogValue.UDec(vlen));
            r.Values.Add(LogValue.Flags(FlagSets.MsgFlags.Format((uint)c.Args[3])));
            r.Values.Add(timeout);
            if (!c.Failed && c.Ret == 0)
            {
                r.Detail = LogValue.Raw("Timeout");
            }
            else if (!c.Failed && c.Args[4] != 0)
            {
                r.Detail = LogValue.Raw("left " + Times.Timespec(c, c.Args[4]));
            }
            return;
        }
        r.Values.Add(Messages.Mmsgvec(c, c.Args[1], vlen, c.Failed ? 0 : c.Ret, null, dataByLength: false));
        r.Values.Add(LogValue.UDec(vlen));
        r.Values.Add(LogValue.Flags(FlagSets.MsgFlags.Format((uint)c.Args[3])));
    }
}
