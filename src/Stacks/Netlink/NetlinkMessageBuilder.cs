using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Vuos.Net.Interop;

namespace Vuos.Net.Stacks.Netlink;

/// <summary>
/// Lays out one netlink request in a caller-provided buffer: header, fixed body, then attributes, each padded to
/// 4 bytes as the kernel's parser expects. The sequence number is left for the sender to stamp.
/// </summary>
ref struct NetlinkMessageBuilder
{
    readonly Span<byte> buffer;
    int length;

    public NetlinkMessageBuilder(Span<byte> buffer, ushort type, int flags)
    {
        // Padding goes to the kernel as it is, so it must not carry stale bytes.
        buffer.Clear();
        this.buffer = buffer;
        Body(new NlMsgHdr { Type = type, Flags = (ushort)flags });
    }

    /// <summary>The finished message, with its header's length filled in.</summary>
    public readonly Span<byte> Message
    {
        get
        {
            MemoryMarshal.AsRef<NlMsgHdr>(buffer).Length = (uint)length;
            return buffer[..length];
        }
    }

    public void Body<T>(in T body) where T : unmanaged
    {
        MemoryMarshal.Write(buffer[length..], in body);
        length = NetlinkConst.Align(length + Unsafe.SizeOf<T>());
    }

    public void Attribute(ushort type, uint value) => MemoryMarshal.Write(Reserve(type, sizeof(uint)), in value);

    public void Attribute(ushort type, IPAddress address) =>
        address.TryWriteBytes(Reserve(type, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 4 : 16), out _);

    /// <summary>A NUL-terminated string, as IFLA_IFNAME is.</summary>
    public void Attribute(ushort type, string value) =>
        Encoding.UTF8.GetBytes(value, Reserve(type, Encoding.UTF8.GetByteCount(value) + 1));

    Span<byte> Reserve(ushort type, int dataLength)
    {
        var header = new RtAttr { Length = (ushort)(Unsafe.SizeOf<RtAttr>() + dataLength), Type = type };
        MemoryMarshal.Write(buffer[length..], in header);
        var data = buffer.Slice(length + Unsafe.SizeOf<RtAttr>(), dataLength);
        length = NetlinkConst.Align(length + header.Length);
        return data;
    }
}
