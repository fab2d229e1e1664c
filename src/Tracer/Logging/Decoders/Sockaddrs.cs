using System.Buffers.Binary;
using System.Net;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging.Decoders;

/// <summary>A struct sockaddr as strace prints it: the family, then the family's own fields.</summary>
public static class Sockaddrs
{
    const int StorageSize = 128;

    /// <summary>The sockaddr of <paramref name="length"/> bytes at <paramref name="address"/>; its address when too short or unreadable.</summary>
    public static LogValue Decode(DecodeContext c, ulong address, long length)
    {
        if (length < 2)
        {
            return LogValue.Pointer(address);
        }
        var bytes = c.Read(address, (int)Math.Min(length, StorageSize));
        return bytes is null ? LogValue.Pointer(address) : Format(bytes);
    }

    public static StructValue Format(ReadOnlySpan<byte> sa)
    {
        var s = new StructValue();
        var family = sa.Length >= 2 ? BinaryPrimitives.ReadUInt16LittleEndian(sa) : (ushort)0;
        s.Add("sa_family", LogValue.Symbol(FlagSets.AddressFamily.Format(family)));
        if (sa.Length <= 2)
        {
            return s;
        }
        switch (family)
        {
            case 1: // AF_UNIX
                Unix(s, sa[2..]);
                break;
            case 2 when sa.Length >= 8: // AF_INET
                s.Add("sin_port", Port(sa[2..]));
                s.Add("sin_addr", LogValue.Call("inet_addr", LogValue.Str(AsciiBytes(new IPAddress(sa.Slice(4, 4)).ToString()), false)));
                break;
            case 10 when sa.Length >= 24: // AF_INET6
                s.Add("sin6_port", Port(sa[2..]));
                s.Add("sin6_flowinfo", LogValue.Call("htonl", LogValue.UDec(BinaryPrimitives.ReadUInt32BigEndian(sa[4..]))));
                s.AddUnnamed("sin6_addr", LogValue.Call("inet_pton", LogValue.Symbol("AF_INET6"),
                    LogValue.Str(AsciiBytes(new IPAddress(sa.Slice(8, 16)).ToString()), false), LogValue.Symbol("&sin6_addr")));
                if (sa.Length >= 28)
                {
                    s.Add("sin6_scope_id", LogValue.UDec(BinaryPrimitives.ReadUInt32LittleEndian(sa[24..])));
                }
                break;
            case 16 when sa.Length >= 12: // AF_NETLINK
                s.Add("nl_pid", LogValue.Dec(BinaryPrimitives.ReadInt32LittleEndian(sa[4..])));
                s.Add("nl_groups", LogValue.Raw(BinaryPrimitives.ReadUInt32LittleEndian(sa[8..]).ToString("x8")));
                break;
            case 17 when sa.Length >= 20: // AF_PACKET
                Packet(s, sa);
                break;
            default:
                s.Add("sa_data", LogValue.Str(sa[2..].ToArray(), false));
                break;
        }
        return s;
    }

    static void Unix(StructValue s, ReadOnlySpan<byte> path)
    {
        path = path[..Math.Min(path.Length, 108)];
        if (path.IsEmpty)
        {
            return;
        }
        if (path[0] == 0)
        {
            s.Add("sun_path", new AbstractUnixPath(path[1..].ToArray()));
            return;
        }
        var nul = path.IndexOf((byte)0);
        s.Add("sun_path", LogValue.Str((nul >= 0 ? path[..nul] : path).ToArray(), false));
    }

    static void Packet(StructValue s, ReadOnlySpan<byte> sa)
    {
        var protocol = BinaryPrimitives.ReadUInt16BigEndian(sa[2..]);
        s.Add("sll_protocol", LogValue.Call("htons", LogValue.Symbol(EthernetProtocol(protocol))));
        s.Add("sll_ifindex", LogValue.Dec(BinaryPrimitives.ReadInt32LittleEndian(sa[4..])));
        s.Add("sll_hatype", LogValue.UDec(BinaryPrimitives.ReadUInt16LittleEndian(sa[8..])));
        s.Add("sll_pkttype", LogValue.UDec(sa[10]));
        var halen = Math.Min(sa[11], (byte)8);
        s.Add("sll_halen", LogValue.UDec(sa[11]));
        var mac = new ArrayValue();
        for (var i = 0; i < halen && 12 + i < sa.Length; i++)
        {
            mac.Add(LogValue.Raw("0x" + sa[12 + i].ToString("x2")));
        }
        s.Add("sll_addr", mac);
    }

    static string EthernetProtocol(ushort protocol) => protocol switch
    {
        0x0003 => "ETH_P_ALL",
        0x0800 => "ETH_P_IP",
        0x0806 => "ETH_P_ARP",
        0x86dd => "ETH_P_IPV6",
        _ => "0x" + protocol.ToString("x") + " /* ETH_P_??? */",
    };

    static LogValue Port(ReadOnlySpan<byte> bigEndian) => LogValue.Call("htons", LogValue.UDec(BinaryPrimitives.ReadUInt16BigEndian(bigEndian)));

    static byte[] AsciiBytes(string s) => System.Text.Encoding.ASCII.GetBytes(s);

    /// <summary>An abstract socket name: @"name", all its bytes (NULs included).</summary>
    sealed class AbstractUnixPath(byte[] name) : LogValue
    {
        public override void WriteText(System.Text.StringBuilder sb)
        {
            sb.Append('@');
            StringQuoter.Append(sb, name, false, false);
        }

        public override void WriteJson(System.Text.Json.Utf8JsonWriter w) => w.WriteStringValue("@" + System.Text.Encoding.Latin1.GetString(name));
    }
}
