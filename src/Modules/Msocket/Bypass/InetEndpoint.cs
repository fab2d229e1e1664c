using System.Buffers.Binary;
using System.Net;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Msocket.Bypass;

/// <summary>An IPv4 or IPv6 address and port, read from and written as a struct sockaddr_in or sockaddr_in6.</summary>
public readonly record struct InetEndpoint(IPAddress Address, int Port)
{
    const int Inet4Length = 16;
    const int Inet6Length = 28;
    /// <summary>The kernel accepts a sockaddr_in6 without its scope id (RFC 2133's length).</summary>
    const int Inet6ShortLength = 24;

    public int Family => Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? AddressFamily.Inet : AddressFamily.Inet6;

    /// <summary>
    /// What a connect() at <paramref name="address"/> names, read once: its family (null when the address cannot be
    /// read or is too short to hold one) and, for AF_INET or AF_INET6 at a length the kernel accepts, its endpoint.
    /// </summary>
    public static (int? Family, InetEndpoint? Endpoint) ReadConnectAddress(TraceeMemory memory, ulong address, int length)
    {
        if (length < sizeof(ushort) || address == 0)
        {
            return (null, null);
        }
        Span<byte> buffer = stackalloc byte[Inet6Length];
        var sockaddr = buffer[..Math.Min(length, Inet6Length)];
        try
        {
            memory.Read(address, sockaddr);
        }
        catch (ErrnoException)
        {
            return (null, null); // the kernel reports the bad pointer
        }
        return (BinaryPrimitives.ReadUInt16LittleEndian(sockaddr), Parse(sockaddr));
    }

    public static InetEndpoint? Parse(ReadOnlySpan<byte> sockaddr)
    {
        if (sockaddr.Length < Inet4Length)
        {
            return null;
        }
        var family = BinaryPrimitives.ReadUInt16LittleEndian(sockaddr);
        var port = BinaryPrimitives.ReadUInt16BigEndian(sockaddr[2..]);
        return family switch
        {
            AddressFamily.Inet => new InetEndpoint(new IPAddress(sockaddr[4..8]), port),
            AddressFamily.Inet6 when sockaddr.Length >= Inet6ShortLength => new InetEndpoint(new IPAddress(sockaddr[8..24]), port),
            _ => null,
        };
    }

    /// <summary>The endpoint as a struct sockaddr_in or sockaddr_in6 (flow label and scope 0).</summary>
    public byte[] ToSockaddr()
    {
        var v4 = Family == AddressFamily.Inet;
        var bytes = new byte[v4 ? Inet4Length : Inet6Length];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)Family);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)Port);
        Address.TryWriteBytes(bytes.AsSpan(v4 ? 4 : 8), out _);
        return bytes;
    }

    /// <summary>The address and port a socket of the supervisor's is bound to (getsockname), or null.</summary>
    public static unsafe InetEndpoint? LocalOf(SafeFd socket)
    {
        var name = stackalloc byte[128];
        var length = 128u;
        return Libc.getsockname(socket, name, &length) == 0 ? Parse(new ReadOnlySpan<byte>(name, (int)Math.Min(length, 128))) : null;
    }

    /// <summary>Whether the socket has a peer (getpeername succeeds): connected, or connecting.</summary>
    public static unsafe bool HasPeer(SafeFd socket)
    {
        var name = stackalloc byte[128];
        var length = 128u;
        return Libc.getpeername(socket, name, &length) == 0;
    }

    public override string ToString() => Family == AddressFamily.Inet ? $"{Address}:{Port}" : $"[{Address}]:{Port}";
}
