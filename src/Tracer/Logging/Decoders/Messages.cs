using System.Buffers.Binary;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging.Decoders;

/// <summary>struct msghdr and mmsghdr, with their iovecs and control messages (SCM_RIGHTS, SCM_CREDENTIALS...).</summary>
public static class Messages
{
    const ulong OptMemMax = 81920;

    public static int MsghdrSize(DecodeContext c) => c.Compat ? 28 : 56;

    public static int MmsghdrSize(DecodeContext c) => c.Compat ? 32 : 64;

    /// <summary>The msg_namelen of the msghdr at <paramref name="address"/>, read before a receive overwrites it.</summary>
    public static int? NameLength(DecodeContext c, ulong address) => c.ReadInt(address + (ulong)(c.Compat ? 4 : 8));

    /// <summary>
    /// A msghdr; <paramref name="userNameLength"/> is msg_namelen as the caller set it (receives print
    /// "128 => 16"), <paramref name="dataSize"/> caps the iovec data shown (a receive's length).
    /// </summary>
    public static LogValue Msghdr(DecodeContext c, ulong address, int? userNameLength, ulong dataSize)
    {
        var b = c.Read(address, MsghdrSize(c));
        return b is null ? LogValue.Pointer(address) : MsghdrOf(c, b, userNameLength, dataSize);
    }

    public static StructValue MsghdrOf(DecodeContext c, ReadOnlySpan<byte> b, int? userNameLength, ulong dataSize)
    {
        var w = c.WordSize;
        var name = Word(c, b, 0);
        var nameLength = BinaryPrimitives.ReadInt32LittleEndian(b[w..]);
        var iov = Word(c, b, 2 * w);
        var iovlen = Word(c, b, 3 * w);
        var control = Word(c, b, 4 * w);
        var controlLength = Word(c, b, 5 * w);
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(b[(6 * w)..]);

        var shownNameLength = userNameLength is { } u && nameLength > u ? u : nameLength;
        var s = new StructValue();
        s.Add("msg_name", Sockaddrs.Decode(c, name, shownNameLength));
        s.Add("msg_namelen", userNameLength is { } user && user != nameLength
            ? LogValue.InOut(LogValue.Dec(user), LogValue.Dec(nameLength))
            : LogValue.Dec(nameLength));
        s.Add("msg_iov", Iovecs.Decode(c, iov, (long)iovlen, dataSize));
        s.Add("msg_iovlen", LogValue.UDec(iovlen));
        if (controlLength != 0)
        {
            s.Add("msg_control", Control(c, control, controlLength));
        }
        s.Add("msg_controllen", LogValue.UDec(controlLength));
        s.Add("msg_flags", LogValue.Flags(FlagSets.MsgFlags.Format(flags)));
        return s;
    }

    static LogValue Control(DecodeContext c, ulong address, ulong length)
    {
        var w = c.WordSize;
        var headerSize = c.Compat ? 12 : 16;
        var controlLength = Math.Min(length, OptMemMax);
        var buf = controlLength < (ulong)headerSize ? null : c.Read(address, (int)controlLength);
        if (buf is null)
        {
            return LogValue.Pointer(address);
        }
        var array = new ArrayValue();
        var offset = 0;
        var left = buf.Length;
        while (left >= headerSize)
        {
            var cmsgLen = Word(c, buf, offset);
            var level = BinaryPrimitives.ReadInt32LittleEndian(buf.AsSpan(offset + w));
            var type = BinaryPrimitives.ReadInt32LittleEndian(buf.AsSpan(offset + w + 4));
            var len = (int)Math.Min(cmsgLen, (ulong)left);
            var data = buf.AsSpan(offset + headerSize, Math.Max(0, len - headerSize));
            array.Add(Cmsg(c, cmsgLen, level, type, data));
            if (len < headerSize)
            {
                left -= headerSize;
                break;
            }
            var advance = (long)((cmsgLen + (ulong)w - 1) & ~((ulong)w - 1));
            if (advance >= left)
            {
                left = 0;
                break;
            }
            offset += (int)advance;
            left -= (int)advance;
        }
        if (left > 0)
        {
            array.Add(LogValue.Commented(LogValue.Raw("..."), "0x" + (address + controlLength - (ulong)left).ToString("x")));
        }
        else if (controlLength < length)
        {
            array.Abbreviated = true;
        }
        return array;
    }

    static StructValue Cmsg(DecodeContext c, ulong cmsgLen, int level, int type, ReadOnlySpan<byte> data)
    {
        var s = new StructValue();
        s.Add("cmsg_len", LogValue.UDec(cmsgLen));
        s.Add("cmsg_level", LogValue.Symbol(FlagSets.SockOptLevel.NameOf((uint)level) ?? $"0x{level:x} /* SOL_??? */"));
        switch (level)
        {
            case 1: // SOL_SOCKET
                s.Add("cmsg_type", LogValue.Symbol(FlagSets.ScmType.Format((uint)type)));
                if (type == 1 && data.Length >= 4) // SCM_RIGHTS
                {
                    var fds = new ArrayValue();
                    for (var i = 0; i + 4 <= data.Length; i += 4)
                    {
                        fds.Add(Primitives.Fd(c, BinaryPrimitives.ReadInt32LittleEndian(data[i..])));
                    }
                    s.Add("cmsg_data", fds);
                }
                else if (type == 2 && data.Length >= 12) // SCM_CREDENTIALS
                {
                    s.Add("cmsg_data", Credentials(data));
                }
                else if (type == 3 && data.Length >= 1) // SCM_SECURITY
                {
                    s.Add("cmsg_data", LogValue.Str(data.ToArray(), false));
                }
                break;
            case 0: // SOL_IP
                s.Add("cmsg_type", LogValue.Symbol(FlagSets.IpOption.Format((uint)type)));
                if (type is 2 or 0x17 && data.Length >= 4) // IP_TTL, IP_CHECKSUM
                {
                    var values = new ArrayValue();
                    for (var i = 0; i + 4 <= data.Length; i += 4)
                    {
                        values.Add(LogValue.UDec(BinaryPrimitives.ReadUInt32LittleEndian(data[i..])));
                    }
                    s.Add("cmsg_data", values);
                }
                break;
            default:
                s.Add("cmsg_type", LogValue.Hex((uint)type));
                break;
        }
        return s;
    }

    /// <summary>struct ucred: {pid=1, uid=0, gid=0}.</summary>
    public static StructValue Credentials(ReadOnlySpan<byte> b) => new StructValue()
        .Add("pid", LogValue.Dec(BinaryPrimitives.ReadInt32LittleEndian(b)))
        .Add("uid", LogValue.UDec(BinaryPrimitives.ReadUInt32LittleEndian(b[4..])))
        .Add("gid", LogValue.UDec(BinaryPrimitives.ReadUInt32LittleEndian(b[8..])));

    /// <summary>
    /// An mmsghdr vector: <paramref name="count"/> elements, the first <paramref name="withLength"/> of them with
    /// msg_len; receives pass the caller's msg_namelen values and cap each element's data at its msg_len.
    /// </summary>
    public static LogValue Mmsgvec(DecodeContext c, ulong address, long count, long withLength, int[]? userNameLengths, bool dataByLength)
    {
        if (address == 0)
        {
            return LogValue.Null;
        }
        var size = MmsghdrSize(c);
        var array = new ArrayValue();
        for (var i = 0; i < count; i++)
        {
            if (i == c.StringLimit)
            {
                array.Abbreviated = true;
                break;
            }
            var b = c.Read(address + (ulong)(i * size), size);
            if (b is null)
            {
                if (i == 0)
                {
                    return LogValue.Pointer(address);
                }
                break;
            }
            var msgLen = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(MsghdrSize(c)));
            var user = userNameLengths is not null && i < userNameLengths.Length ? userNameLengths[i] : (int?)null;
            var s = new StructValue();
            s.Add("msg_hdr", MsghdrOf(c, b, user, dataByLength ? msgLen : ulong.MaxValue));
            if (i < withLength)
            {
                s.Add("msg_len", LogValue.UDec(msgLen));
            }
            array.Add(s);
        }
        return array;
    }

    static ulong Word(DecodeContext c, ReadOnlySpan<byte> b, int offset) =>
        c.Compat ? BinaryPrimitives.ReadUInt32LittleEndian(b[offset..]) : BinaryPrimitives.ReadUInt64LittleEndian(b[offset..]);
}
