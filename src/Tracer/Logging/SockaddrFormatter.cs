using System.Buffers.Binary;
using System.Net;
using System.Text;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging;

/// <summary>Prints a struct sockaddr as strace does.</summary>
public static class SockaddrFormatter
{
    public static string Format(ReadOnlySpan<byte> sa)
    {
        if (sa.Length < 2)
        {
            return "{sa_family=???}";
        }
        var family = BinaryPrimitives.ReadUInt16LittleEndian(sa);
        var familyName = FlagSets.AddressFamily.Format(family);
        switch (family)
        {
            case 1: // AF_UNIX
                {
                    var path = sa[2..];
                    if (path.IsEmpty)
                    {
                        return "{sa_family=AF_UNIX}";
                    }
                    if (path[0] == 0)
                    {
                        return $"{{sa_family=AF_UNIX, sun_path=@{StringQuoter.Quote(path[1..], false)}}}";
                    }
                    var nul = path.IndexOf((byte)0);
                    return $"{{sa_family=AF_UNIX, sun_path={StringQuoter.Quote(nul >= 0 ? path[..nul] : path, false)}}}";
                }
            case 2 when sa.Length >= 8: // AF_INET
                {
                    var port = BinaryPrimitives.ReadUInt16BigEndian(sa[2..]);
                    var addr = new IPAddress(sa.Slice(4, 4));
                    return $"{{sa_family=AF_INET, sin_port=htons({port}), sin_addr=inet_addr(\"{addr}\")}}";
                }
            case 10 when sa.Length >= 24: // AF_INET6
                {
                    var port = BinaryPrimitives.ReadUInt16BigEndian(sa[2..]);
                    var flow = BinaryPrimitives.ReadUInt32BigEndian(sa[4..]);
                    var addr = new IPAddress(sa.Slice(8, 16));
                    var scope = sa.Length >= 28 ? BinaryPrimitives.ReadUInt32LittleEndian(sa[24..]) : 0;
                    return $"{{sa_family=AF_INET6, sin6_port=htons({port}), sin6_flowinfo=htonl({flow}), " +
                        $"inet_pton(AF_INET6, \"{addr}\", &sin6_addr), sin6_scope_id={scope}}}";
                }
            case 16 when sa.Length >= 12: // AF_NETLINK
                {
                    var pid = BinaryPrimitives.ReadUInt32LittleEndian(sa[4..]);
                    var groups = BinaryPrimitives.ReadUInt32LittleEndian(sa[8..]);
                    return $"{{sa_family=AF_NETLINK, nl_pid={pid}, nl_groups={groups:x8}}}";
                }
            default:
                {
                    var sb = new StringBuilder();
                    foreach (var b in sa[2..])
                    {
                        sb.Append($"\\x{b:x2}");
                    }
                    return $"{{sa_family={familyName}, sa_data=\"{sb}\"}}";
                }
        }
    }
}
