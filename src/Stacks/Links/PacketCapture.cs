using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Serilog;
using Vuos.Net.Interop;

namespace Vuos.Net.Stacks.Links;

/// <summary>
/// `pcap=FILE` on a stack: every packet of every interface of the stack's namespace, as `tcpdump -i any` sees
/// them, written to FILE in pcap format with Linux cooked headers (LINKTYPE_LINUX_SLL, 113), readable by tcpdump
/// and Wireshark while the session runs. The packet socket lives in the stack's namespace, so it sees nothing
/// else. Like libpcap's "any" device, outgoing copies on lo are skipped (each packet would show twice).
/// </summary>
public sealed unsafe class PacketCapture : IDisposable
{
    const int LinkTypeLinuxSll = 113;
    const int SnapLength = 262144;

    readonly SafeFd socket;
    readonly FileStream file;
    readonly SafeFd wake = new(ErrnoException.Check(Libc.eventfd(0, OpenFlags.CloExec | OpenFlags.NonBlock), "eventfd"));
    readonly ILogger log;
    readonly int loopbackIndex;
    readonly Thread thread;

    /// <param name="openSocket">Makes a socket in the stack's namespace.</param>
    public PacketCapture(Func<int, int, int, SafeFd> openSocket, int loopbackIndex, string path, ILogger log)
    {
        this.log = log;
        Path = path;
        this.loopbackIndex = loopbackIndex;
        file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        try
        {
            // SOCK_DGRAM: the kernel strips each link's own header, as the cooked format wants (libpcap's "any" does the same).
            socket = openSocket(AddressFamily.Packet, SocketConst.SOCK_DGRAM, BinaryPrimitives.ReverseEndianness(PacketConst.ETH_P_ALL));
        }
        catch
        {
            file.Dispose();
            throw;
        }
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xa1b2c3d4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], SnapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], LinkTypeLinuxSll);
        file.Write(header);
        file.Flush();
        thread = new Thread(Run) { IsBackground = true, Name = "vuos-pcap" };
        thread.Start();
    }

    /// <summary>The file written.</summary>
    public string Path { get; }

    /// <summary>A capture of a running stack, which learns the index of the namespace's lo itself.</summary>
    public static PacketCapture Start(Func<int, int, int, SafeFd> openSocket, string path, ILogger log)
    {
        using var netlink = new Netlink.RtNetlink(openSocket(AddressFamily.Netlink, SocketConst.SOCK_RAW, NetlinkConst.NETLINK_ROUTE));
        return new PacketCapture(openSocket, netlink.IndexOf("lo"), path, log);
    }

    void Run()
    {
        var buffer = new byte[SnapLength];
        var fds = stackalloc PollFd[2];
        fds[0] = new PollFd { Fd = socket.Fd, Events = PollEvents.POLLIN };
        fds[1] = new PollFd { Fd = wake.Fd, Events = PollEvents.POLLIN };
        var address = stackalloc byte[20]; // struct sockaddr_ll
        Span<byte> record = stackalloc byte[16 + 16];
        try
        {
            while (true)
            {
                if (Libc.poll(fds, 2, -1) < 0)
                {
                    continue;
                }
                // Stopping drains what the socket still holds first: the session's last packets belong in the file.
                var stopping = fds[1].Revents != 0;
                for (var i = 0; i < 256 || stopping; i++)
                {
                    uint addressLength = 20;
                    nint length;
                    fixed (byte* p = buffer)
                    {
                        length = Libc.recvfrom(socket, p, (nuint)buffer.Length, SocketConst.MSG_DONTWAIT | SocketConst.MSG_TRUNC, address, &addressLength);
                    }
                    if (length < 0)
                    {
                        break;
                    }
                    var ifindex = *(int*)(address + 4);
                    var packetType = address[10];
                    if (packetType == PacketConst.PACKET_OUTGOING && ifindex == loopbackIndex)
                    {
                        continue;
                    }
                    Write(record, buffer, (int)length, address);
                }
                file.Flush();
                if (stopping)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or ErrnoException)
        {
            log.Warning("pcap: capture stopped: {Message:l}", e.Message);
        }
    }

    /// <summary>A record: its pcap header, the cooked (SLL) header from the sockaddr_ll, then the packet.</summary>
    void Write(Span<byte> record, byte[] packet, int length, byte* address)
    {
        var captured = Math.Min(length, packet.Length);
        var now = DateTimeOffset.UtcNow;
        var micros = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(micros / 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(micros % 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)(captured + 16));
        BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)(length + 16));
        var sll = record[16..];
        sll.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(sll, address[10]);                              // packet type
        BinaryPrimitives.WriteUInt16BigEndian(sll[2..], *(ushort*)(address + 8));           // ARPHRD_ type
        var addressLength = Math.Min((int)address[11], 8);
        BinaryPrimitives.WriteUInt16BigEndian(sll[4..], (ushort)addressLength);
        new ReadOnlySpan<byte>(address + 12, addressLength).CopyTo(sll[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(sll[14..], BinaryPrimitives.ReverseEndianness(*(ushort*)(address + 2))); // protocol, network order
        file.Write(record);
        file.Write(packet, 0, captured);
    }

    public void Dispose()
    {
        ulong one = 1;
        Libc.write(wake, &one, 8);
        thread.Join();
        socket.Dispose();
        file.Dispose();
        wake.Dispose();
    }
}
