using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vuos.Net.Interop;

namespace Vuos.Net.Stacks.Netlink;

/// <summary>Walks the messages packed into one received datagram.</summary>
ref struct NetlinkMessageReader
{
    ReadOnlySpan<byte> rest;

    public NetlinkMessageReader(ReadOnlySpan<byte> datagram) => rest = datagram;

    public NlMsgHdr Header { get; private set; }

    /// <summary>What follows the header, up to the message's own length.</summary>
    public ReadOnlySpan<byte> Payload { get; private set; }

    public bool Next()
    {
        if (rest.IsEmpty)
        {
            return false;
        }
        var size = Unsafe.SizeOf<NlMsgHdr>();
        var header = rest.Length >= size ? MemoryMarshal.Read<NlMsgHdr>(rest) : default;
        if (header.Length < size || header.Length > rest.Length)
        {
            // Skipping a message we cannot delimit could skip the ACK too, and the caller would wait forever.
            throw new ErrnoException("netlink recv", Errno.EPROTO);
        }
        Header = header;
        Payload = rest[size..(int)header.Length];
        rest = rest[Math.Min(NetlinkConst.Align((int)header.Length), rest.Length)..];
        return true;
    }
}

/// <summary>Walks the rtattr list after a message's fixed body, stopping at the first attribute that does not fit (RTA_OK).</summary>
ref struct RtAttributeReader
{
    ReadOnlySpan<byte> rest;

    public RtAttributeReader(ReadOnlySpan<byte> attributes) => rest = attributes;

    public ushort Type { get; private set; }

    public ReadOnlySpan<byte> Data { get; private set; }

    public bool Next()
    {
        var size = Unsafe.SizeOf<RtAttr>();
        if (rest.Length < size)
        {
            return false;
        }
        var header = MemoryMarshal.Read<RtAttr>(rest);
        if (header.Length < size || header.Length > rest.Length)
        {
            return false;
        }
        Type = (ushort)(header.Type & NetlinkConst.NLA_TYPE_MASK);
        Data = rest[size..header.Length];
        rest = rest[Math.Min(NetlinkConst.Align(header.Length), rest.Length)..];
        return true;
    }
}
