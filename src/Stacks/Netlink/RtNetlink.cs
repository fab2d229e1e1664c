using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Vuos.Net.Interop;
using static Vuos.Net.Interop.NetlinkConst;
using static Vuos.Net.Interop.RtNetlinkConst;

namespace Vuos.Net.Stacks.Netlink;

/// <summary>
/// Configures one network namespace through a NETLINK_ROUTE socket that was created inside it (a socket acts on
/// the namespace it was created in, so the supervisor never needs to enter the namespace to configure it).
/// One request is in flight at a time: callers on different threads take turns.
/// </summary>
public sealed class RtNetlink : IDisposable
{
    // The kernel caps a dump's datagrams at just under 32 KiB whatever the reader offers, so this always fits one.
    const int ReceiveBufferSize = 32 * 1024;
    // Largest request: header, body and three attributes of at most 16 bytes, or one interface name.
    const int RequestBufferSize = 256;
    const byte Inet = (byte)AddressFamily.Inet;
    const byte Inet6 = (byte)AddressFamily.Inet6;
    // A dump that raced with a change is retried; after this many tries its last result is taken, as `ip` does.
    const int DumpAttempts = 4;

    delegate void ReplyHandler(ushort type, ReadOnlySpan<byte> payload);

    readonly SafeFd socket;
    readonly Lock gate = new();
    readonly byte[] receiveBuffer = new byte[ReceiveBufferSize];
    uint sequence;

    /// <summary>Takes ownership of a socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE).</summary>
    public RtNetlink(SafeFd netlinkSocket)
    {
        ArgumentNullException.ThrowIfNull(netlinkSocket);
        socket = netlinkSocket;
    }

    /// <summary>The index of the named interface; ErrnoException(ENODEV) when there is none.</summary>
    public int IndexOf(string interfaceName)
    {
        var index = 0;
        var request = new NetlinkMessageBuilder(stackalloc byte[RequestBufferSize], RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK);
        request.Body(new IfInfoMsg());
        request.Attribute(IFLA_IFNAME, interfaceName);
        Exchange("netlink RTM_GETLINK", request.Message, (type, payload) =>
        {
            if (type == RTM_NEWLINK)
            {
                index = MemoryMarshal.Read<IfInfoMsg>(payload).Index;
            }
        });
        return index;
    }

    public void SetUp(int ifindex)
    {
        var request = new NetlinkMessageBuilder(stackalloc byte[RequestBufferSize], RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK);
        request.Body(new IfInfoMsg { Index = ifindex, Flags = IFF_UP, Change = IFF_UP });
        Exchange("netlink RTM_NEWLINK", request.Message, null);
    }

    public void SetMtu(int ifindex, int mtu)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mtu);
        var request = new NetlinkMessageBuilder(stackalloc byte[RequestBufferSize], RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK);
        request.Body(new IfInfoMsg { Index = ifindex });
        request.Attribute(IFLA_MTU, (uint)mtu);
        Exchange("netlink RTM_NEWLINK", request.Message, null);
    }

    /// <summary>Adds ADDRESS/PREFIXLENGTH to the interface; an IPv6 address skips duplicate address detection so it is usable at once.</summary>
    public void AddAddress(int ifindex, IPAddress address, int prefixLength)
    {
        var family = FamilyOf(address, prefixLength);
        var request = new NetlinkMessageBuilder(stackalloc byte[RequestBufferSize], RTM_NEWADDR,
            NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
        request.Body(new IfAddrMsg
        {
            Family = family,
            PrefixLength = (byte)prefixLength,
            Flags = family == Inet6 ? IFA_F_NODAD : (byte)0,
            // As `ip` does: 127/8 is only meaningful on this host.
            Scope = IPAddress.IsLoopback(address) ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE,
            Index = (uint)ifindex,
        });
        request.Attribute(IFA_LOCAL, address);
        request.Attribute(IFA_ADDRESS, address);
        Exchange("netlink RTM_NEWADDR", request.Message, null);
    }

    /// <summary>Adds a route via GATEWAY out of the interface to DESTINATION/PREFIXLENGTH, or the default route when DESTINATION is null.</summary>
    public void AddRoute(IPAddress? destination, int prefixLength, IPAddress gateway, int ifindex)
    {
        var family = FamilyOf(gateway, prefixLength);
        if (destination is null ? prefixLength != 0 : FamilyOf(destination, prefixLength) != family)
        {
            throw new ArgumentException($"route {destination}/{prefixLength} via {gateway}: the destination must be of the gateway's family, and a default route has prefix length 0");
        }
        var request = new NetlinkMessageBuilder(stackalloc byte[RequestBufferSize], RTM_NEWROUTE,
            NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
        request.Body(new RtMsg
        {
            Family = family,
            DstLength = (byte)prefixLength,
            Table = RT_TABLE_MAIN,
            Protocol = RTPROT_BOOT,
            Scope = RT_SCOPE_UNIVERSE,
            Type = RTN_UNICAST,
        });
        if (destination is not null)
        {
            request.Attribute(RTA_DST, destination);
        }
        request.Attribute(RTA_GATEWAY, gateway);
        request.Attribute(RTA_OIF, (uint)ifindex);
        Exchange("netlink RTM_NEWROUTE", request.Message, null);
    }

    public IReadOnlyList<NetworkLink> Links()
    {
        var links = new List<NetworkLink>();
        Dump("netlink RTM_GETLINK", RTM_GETLINK, new IfInfoMsg(), links.Clear, (type, payload) =>
        {
            if (type != RTM_NEWLINK)
            {
                return;
            }
            var info = MemoryMarshal.Read<IfInfoMsg>(payload);
            var (name, mtu) = ("", 0);
            var attributes = new RtAttributeReader(payload[Unsafe.SizeOf<IfInfoMsg>()..]);
            while (attributes.Next())
            {
                if (attributes.Type == IFLA_IFNAME)
                {
                    var data = attributes.Data;
                    var end = data.IndexOf((byte)0);
                    name = Encoding.UTF8.GetString(end < 0 ? data : data[..end]);
                }
                else if (attributes.Type == IFLA_MTU && attributes.Data.Length >= sizeof(uint))
                {
                    mtu = (int)MemoryMarshal.Read<uint>(attributes.Data);
                }
            }
            links.Add(new NetworkLink(info.Index, name, (info.Flags & IFF_UP) != 0, mtu));
        });
        return links;
    }

    /// <summary>Every address of every interface, IPv4 and IPv6.</summary>
    public IReadOnlyList<(int Index, IPAddress Address, int PrefixLength)> Addresses()
    {
        var addresses = new List<(int, IPAddress, int)>();
        Dump("netlink RTM_GETADDR", RTM_GETADDR, new IfAddrMsg(), addresses.Clear, (type, payload) =>
        {
            if (type != RTM_NEWADDR)
            {
                return;
            }
            var info = MemoryMarshal.Read<IfAddrMsg>(payload);
            if (info.Family is not (Inet or Inet6))
            {
                return;
            }
            // IFA_ADDRESS is the peer on a point-to-point link; IFA_LOCAL, when present, is always this end.
            IPAddress? local = null, address = null;
            var attributes = new RtAttributeReader(payload[Unsafe.SizeOf<IfAddrMsg>()..]);
            while (attributes.Next())
            {
                if (attributes.Type is IFA_LOCAL or IFA_ADDRESS && attributes.Data.Length is 4 or 16)
                {
                    // A link-local IPv6 address means nothing without its interface, so it carries it as its scope.
                    var value = attributes.Data.Length == 16 && attributes.Data[0] == 0xfe && (attributes.Data[1] & 0xc0) == 0x80
                        ? new IPAddress(attributes.Data, info.Index)
                        : new IPAddress(attributes.Data);
                    if (attributes.Type == IFA_LOCAL)
                    {
                        local = value;
                    }
                    else
                    {
                        address = value;
                    }
                }
            }
            if ((local ?? address) is { } found)
            {
                addresses.Add(((int)info.Index, found, info.PrefixLength));
            }
        });
        return addresses;
    }

    public void Dispose()
    {
        lock (gate)
        {
            socket.Dispose();
        }
    }

    static byte FamilyOf(IPAddress address, int prefixLength)
    {
        var (family, bits) = address.AddressFamily switch
        {
            System.Net.Sockets.AddressFamily.InterNetwork => (Inet, 32),
            System.Net.Sockets.AddressFamily.InterNetworkV6 => (Inet6, 128),
            _ => throw new ArgumentException($"{address} is neither IPv4 nor IPv6", nameof(address)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, bits);
        return family;
    }

    /// <summary>Runs one dump, starting it again while the kernel reports that the tables changed under it.</summary>
    void Dump<TBody>(string call, ushort type, TBody body, Action reset, ReplyHandler onReply) where TBody : unmanaged
    {
        var request = new NetlinkMessageBuilder(stackalloc byte[RequestBufferSize], type, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP);
        request.Body(body);
        for (var attempt = 1; ; attempt++)
        {
            reset();
            if (Exchange(call, request.Message, onReply) || attempt == DumpAttempts)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Sends one request and hands each reply to ONREPLY until the ACK, or NLMSG_DONE for a dump, arrives.
    /// False when a dump was interrupted by a concurrent change and may be inconsistent.
    /// </summary>
    bool Exchange(string call, Span<byte> request, ReplyHandler? onReply)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(socket.IsClosed, this);
            var seq = ++sequence;
            MemoryMarshal.AsRef<NlMsgHdr>(request).Seq = seq;
            Send(request);
            var consistent = true;
            while (true)
            {
                var messages = new NetlinkMessageReader(receiveBuffer.AsSpan(0, Receive()));
                while (messages.Next())
                {
                    var header = messages.Header;
                    // Replies to an earlier request that was abandoned by an exception are still queued: skip them.
                    if (header.Seq != seq)
                    {
                        continue;
                    }
                    consistent &= (header.Flags & NLM_F_DUMP_INTR) == 0;
                    switch (header.Type)
                    {
                        case NLMSG_ERROR:
                            var error = MemoryMarshal.Read<int>(messages.Payload);
                            return error < 0 ? throw new ErrnoException(call, -error) : consistent;
                        case NLMSG_DONE:
                            // Since Linux 4.x NLMSG_DONE carries the dump's own error.
                            var status = messages.Payload.Length >= sizeof(int) ? MemoryMarshal.Read<int>(messages.Payload) : 0;
                            return status < 0 ? throw new ErrnoException(call, -status) : consistent;
                        case NLMSG_NOOP or NLMSG_OVERRUN:
                            break;
                        default:
                            onReply?.Invoke(header.Type, messages.Payload);
                            break;
                    }
                }
            }
        }
    }

    unsafe void Send(ReadOnlySpan<byte> request)
    {
        fixed (byte* p = request)
        {
            // An unbound, unconnected netlink socket sends to the kernel (port 0) and is bound on first use.
            while (Libc.send(socket, p, (nuint)request.Length, 0) < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno != Errno.EINTR)
                {
                    throw new ErrnoException("netlink send", errno);
                }
            }
        }
    }

    /// <summary>Reads one datagram; MSG_TRUNC makes a datagram too big for the buffer an error instead of a silent cut.</summary>
    unsafe int Receive()
    {
        fixed (byte* p = receiveBuffer)
        {
            while (true)
            {
                var n = Libc.recv(socket, p, (nuint)receiveBuffer.Length, SocketConst.MSG_TRUNC);
                if (n > receiveBuffer.Length)
                {
                    throw new ErrnoException("netlink recv", Errno.EMSGSIZE);
                }
                if (n >= 0)
                {
                    return (int)n;
                }
                var errno = Marshal.GetLastPInvokeError();
                if (errno != Errno.EINTR)
                {
                    throw new ErrnoException("netlink recv", errno);
                }
            }
        }
    }
}
