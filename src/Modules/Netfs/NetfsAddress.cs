using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Vuos.Net.Interop;

namespace Vuos.Net.Modules.Netfs;

/// <summary>
/// The address syntax of ctl commands, as a struct sockaddr: `local` takes a name (abstract without a '/',
/// a file path with one), `inet` takes HOST:PORT, `inet6` takes [ADDR]:PORT.
/// </summary>
public static class NetfsAddress
{
    /// <summary>PatchworkOS keeps an address in 256 bytes with its NUL (netfs.c's strncpy): longer ones are cut to 255.</summary>
    public const int MaxAddress = 255;

    /// <summary>A Linux abstract name holds 107 bytes; a longer local name is known by a digest of it.</summary>
    const int MaxAbstractName = 107;

    /// <summary>The address as PatchworkOS keeps it: its first 255 bytes (a cut inside a UTF-8 sequence drops that character).</summary>
    public static string Kept(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length <= MaxAddress)
        {
            return text;
        }
        var end = MaxAddress;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80)
        {
            end--;
        }
        return Encoding.UTF8.GetString(bytes, 0, end);
    }

    public static byte[] Parse(NetfsFamily family, string given, string? workingDirectory)
    {
        var text = Kept(given);
        switch (family.Domain)
        {
            case Interop.AddressFamily.Unix:
                {
                    var isPath = text.Contains('/');
                    var path = isPath && !text.StartsWith('/') && workingDirectory is not null ? Path.Combine(workingDirectory, text) : text;
                    var bytes = Encoding.UTF8.GetBytes(path);
                    if (!isPath && bytes.Length > MaxAbstractName)
                    {
                        // The same long name always gives the same abstract name, so connect finds what bind made.
                        bytes = Encoding.ASCII.GetBytes("vuos-netfs:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
                    }
                    if (bytes.Length == 0 || bytes.Length > MaxAbstractName)
                    {
                        throw new ErrnoException("ctl address", bytes.Length == 0 ? Errno.EINVAL : Errno.ENAMETOOLONG);
                    }
                    var sa = new byte[2 + (isPath ? bytes.Length + 1 : bytes.Length + 1)];
                    sa[0] = (byte)Interop.AddressFamily.Unix;
                    // Abstract names start with a NUL byte; paths end with one.
                    bytes.CopyTo(sa, isPath ? 2 : 3);
                    return sa;
                }
            case Interop.AddressFamily.Inet:
                {
                    var (host, port) = SplitHostPort(text);
                    var address = host is "*" or "" ? IPAddress.Any : Resolve(host, System.Net.Sockets.AddressFamily.InterNetwork);
                    var sa = new byte[16];
                    sa[0] = (byte)Interop.AddressFamily.Inet;
                    BinaryPrimitives.WriteUInt16BigEndian(sa.AsSpan(2), port);
                    address.GetAddressBytes().CopyTo(sa, 4);
                    return sa;
                }
            default:
                {
                    var close = text.IndexOf("]:", StringComparison.Ordinal);
                    if (!text.StartsWith('[') || close < 0)
                    {
                        throw new ErrnoException("ctl address", Errno.EINVAL);
                    }
                    var host = text[1..close];
                    var port = ParsePort(text[(close + 2)..]);
                    var address = host is "*" or "" ? IPAddress.IPv6Any : Resolve(host, System.Net.Sockets.AddressFamily.InterNetworkV6);
                    var sa = new byte[28];
                    sa[0] = (byte)Interop.AddressFamily.Inet6;
                    BinaryPrimitives.WriteUInt16BigEndian(sa.AsSpan(2), port);
                    address.GetAddressBytes().CopyTo(sa, 8);
                    BinaryPrimitives.WriteUInt32LittleEndian(sa.AsSpan(24), (uint)address.ScopeId);
                    return sa;
                }
        }
    }

    static (string Host, ushort Port) SplitHostPort(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon < 0 ? throw new ErrnoException("ctl address", Errno.EINVAL) : (text[..colon], ParsePort(text[(colon + 1)..]));
    }

    static ushort ParsePort(string text) =>
        ushort.TryParse(text, out var port) ? port : throw new ErrnoException("ctl address", Errno.EINVAL);

    static IPAddress Resolve(string host, System.Net.Sockets.AddressFamily family)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return literal.AddressFamily == family ? literal : throw new ErrnoException("ctl address", Errno.EAFNOSUPPORT);
        }
        try
        {
            return Dns.GetHostAddresses(host, family).FirstOrDefault() ?? throw new ErrnoException("ctl address", Errno.ENOENT);
        }
        catch (SocketException)
        {
            // The name does not resolve: as getaddrinfo's EAI_NONAME, the closest errno is ENOENT.
            throw new ErrnoException("ctl address", Errno.ENOENT);
        }
    }
}
