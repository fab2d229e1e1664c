using System.Buffers.Binary;
using System.Net;
using System.Text;
using Vuos.Net.Interop;

namespace Vuos.Net.Tracer.Logging;

/// <summary>
/// What -y prints after a descriptor: the file it names (/proc/PID/fd/N), and with -yy a socket's protocol and
/// endpoints (read from a duplicate of the tracee's socket, so they are right in any network namespace), the
/// stack it belongs to, and a device's numbers.
/// </summary>
public sealed unsafe class DescriptorLabels(int level)
{

    /// <summary>The stack a socket belongs to (a duplicate of it is passed), e.g. "/dev/net/slirp"; set by the composition.</summary>
    public Func<int, string?>? StackOfSocket { get; set; }

    public string? Describe(int tid, int fd)
    {
        var target = ReadLink($"/proc/{tid}/fd/{fd}");
        if (target is null)
        {
            return null;
        }
        var text = Quote(target.Value.Bytes) + (target.Value.Deleted ? "(deleted)" : "");
        if (level < 2)
        {
            return text;
        }
        if (target.Value.Bytes.AsSpan().StartsWith("socket:["u8))
        {
            return Socket(tid, fd) ?? text;
        }
        if (target.Value.Bytes.Length > 0 && target.Value.Bytes[0] == '/')
        {
            return text + Device(target.Value.Bytes);
        }
        return text;
    }

    static (byte[] Bytes, bool Deleted)? ReadLink(string path)
    {
        Span<byte> buffer = stackalloc byte[4097];
        fixed (byte* p = buffer)
        {
            var n = (int)Libc.readlink(path, p, (nuint)buffer.Length);
            if (n < 0 || n >= buffer.Length)
            {
                return null;
            }
            var bytes = buffer[..n];
            var deleted = bytes.EndsWith(" (deleted)"u8);
            return ((deleted ? bytes[..^10] : bytes).ToArray(), deleted);
        }
    }

    /// <summary>strace quotes the path without quotes, escaping the angle brackets that delimit it.</summary>
    static string Quote(byte[] bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and < 0x7f && b != '<' && b != '>' && b != '\\' && b != '"')
            {
                sb.Append((char)b);
            }
            else if (b == '\\' || b == '"')
            {
                sb.Append('\\').Append((char)b);
            }
            else
            {
                sb.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
            }
        }
        return sb.ToString();
    }

    static string Device(byte[] path)
    {
        if (Libc.fstatat(AtFlags.AT_FDCWD, Encoding.UTF8.GetString(path), out Stat st, 0) != 0)
        {
            return "";
        }
        var kind = (st.Mode & StatMode.IfMt) switch { StatMode.IfChr => "char", StatMode.IfBlk => "block", _ => null };
        if (kind is null)
        {
            return "";
        }
        var (major, minor) = (st.RdevMajor, st.RdevMinor);
        return $"<{kind} {major}:{minor}>";
    }

    string? Socket(int tid, int fd)
    {
        using var pidfd = new SafeFd(Libc.pidfd_open(tid, 0));
        if (pidfd.IsInvalid)
        {
            return null;
        }
        using var socket = new SafeFd(Libc.pidfd_getfd(pidfd, fd, 0));
        if (socket.IsInvalid)
        {
            return null;
        }
        var domain = Option(socket.Fd, SocketConst.SO_DOMAIN);
        var type = Option(socket.Fd, SocketConst.SO_TYPE);
        var protocol = Option(socket.Fd, SocketConst.SO_PROTOCOL);
        var name = (domain, type, protocol) switch
        {
            (2, _, 6) => "TCP",
            (2, _, 17) => "UDP",
            (2, _, 1) => "PING",
            (2, 3, _) => "RAW",
            (10, _, 6) => "TCPv6",
            (10, _, 17) => "UDPv6",
            (10, _, 58) => "PINGv6",
            (10, 3, _) => "RAWv6",
            (1, _, _) => "UNIX",
            (16, _, _) => "NETLINK",
            (17, _, _) => "PACKET",
            _ => null,
        };
        if (name is null)
        {
            return null;
        }
        var details = domain switch
        {
            2 or 10 => Inet(socket.Fd, domain == 10),
            1 => Unix(socket.Fd, tid, fd),
            16 => Netlink(socket.Fd, protocol),
            _ => null,
        };
        var stack = StackOfSocket?.Invoke(socket.Fd);
        return $"{name}:[{details ?? InodeOf(tid, fd)}]" + (stack is null ? "" : "@" + stack);
    }

    static int Option(int fd, int name) => Libc.getsockopt(fd, SocketConst.SOL_SOCKET, name, out int value) == 0 ? value : -1;

    static string? Inet(int fd, bool v6)
    {
        var local = Name(fd, peer: false);
        if (local is null)
        {
            return null;
        }
        var peer = Name(fd, peer: true);
        if (peer is null && local.Value.Port == 0)
        {
            // Neither bound nor connected: strace's socket diagnostics find nothing and it prints the inode.
            return null;
        }
        var (lb, rb) = v6 ? ("[", "]") : ("", "");
        var text = $"{lb}{local.Value.Address}{rb}:{local.Value.Port}";
        return peer is { } p ? $"{text}->{lb}{p.Address}{rb}:{p.Port}" : text;
    }

    static (IPAddress Address, int Port)? Name(int fd, bool peer)
    {
        var buf = stackalloc byte[128];
        var len = 128u;
        var rc = peer ? Libc.getpeername(fd, buf, &len) : Libc.getsockname(fd, buf, &len);
        if (rc != 0 || len < 8)
        {
            return null;
        }
        var sa = new ReadOnlySpan<byte>(buf, (int)len);
        var port = BinaryPrimitives.ReadUInt16BigEndian(sa[2..]);
        var family = BinaryPrimitives.ReadUInt16LittleEndian(sa);
        return family switch
        {
            2 => (new IPAddress(sa.Slice(4, 4)), port),
            10 when len >= 24 => (new IPAddress(sa.Slice(8, 16)), port),
            _ => null,
        };
    }

    static string? Unix(int fd, int tid, int tracedFd)
    {
        var buf = stackalloc byte[112];
        var len = 112u;
        var inode = InodeOf(tid, tracedFd);
        if (Libc.getsockname(fd, buf, &len) != 0 || len <= 2)
        {
            return inode;
        }
        var path = new ReadOnlySpan<byte>(buf + 2, (int)len - 2);
        if (path[0] == 0)
        {
            return $"{inode},@\"{Quote(path[1..].ToArray())}\"";
        }
        var nul = path.IndexOf((byte)0);
        return $"{inode},\"{Quote((nul >= 0 ? path[..nul] : path).ToArray())}\"";
    }

    static string? Netlink(int fd, int protocol)
    {
        var buf = stackalloc byte[12];
        var len = 12u;
        if (Libc.getsockname(fd, buf, &len) != 0 || len < 12)
        {
            return null;
        }
        var portid = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(buf + 4, 4));
        var name = Syscalls.FlagSets.NetlinkProtocol.NameOf((ulong)protocol);
        return name is null ? $"{portid}" : $"{name["NETLINK_".Length..]}:{portid}";
    }

    static string InodeOf(int tid, int fd)
    {
        var target = Libc.ReadLink($"/proc/{tid}/fd/{fd}");
        return target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) ? target[8..^1] : "?";
    }
}
