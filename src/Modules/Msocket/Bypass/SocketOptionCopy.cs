using System.Collections.Concurrent;
using Vuos.Net.Interop;
using static Vuos.Net.Interop.SocketOption;

namespace Vuos.Net.Modules.Msocket.Bypass;

/// <summary>
/// Carries the options a program set on its socket over to the host socket that replaces it. An option counts as
/// set when its value differs from a new socket's of the same stack and family (read once per stack and family):
/// copying every value would also copy defaults, and setting SO_SNDBUF or SO_RCVBUF, even to its default, turns
/// off the kernel's buffer autotuning.
/// </summary>
public sealed unsafe class SocketOptionCopy
{
    const int ValueSize = 64;

    /// <summary>The options a TCP client may set before connect() that matter after it; (level, name).</summary>
    static readonly (int Level, int Name)[] Carried =
    [
        (SocketConst.SOL_SOCKET, SO_REUSEADDR), (SocketConst.SOL_SOCKET, SO_REUSEPORT), (SocketConst.SOL_SOCKET, SO_KEEPALIVE),
        (SocketConst.SOL_SOCKET, SO_SNDBUF), (SocketConst.SOL_SOCKET, SO_RCVBUF), (SocketConst.SOL_SOCKET, SO_LINGER),
        (SocketConst.SOL_SOCKET, SO_OOBINLINE), (SocketConst.SOL_SOCKET, SO_PRIORITY), (SocketConst.SOL_SOCKET, SO_RCVLOWAT),
        (SocketConst.SOL_SOCKET, SO_RCVTIMEO), (SocketConst.SOL_SOCKET, SO_SNDTIMEO),
        (SocketConst.IPPROTO_TCP, TCP_NODELAY), (SocketConst.IPPROTO_TCP, TCP_MAXSEG), (SocketConst.IPPROTO_TCP, TCP_CORK),
        (SocketConst.IPPROTO_TCP, TCP_KEEPIDLE), (SocketConst.IPPROTO_TCP, TCP_KEEPINTVL), (SocketConst.IPPROTO_TCP, TCP_KEEPCNT),
        (SocketConst.IPPROTO_TCP, TCP_SYNCNT), (SocketConst.IPPROTO_TCP, TCP_LINGER2), (SocketConst.IPPROTO_TCP, TCP_WINDOW_CLAMP),
        (SocketConst.IPPROTO_TCP, TCP_CONGESTION), (SocketConst.IPPROTO_TCP, TCP_USER_TIMEOUT),
        (SocketConst.IPPROTO_TCP, TCP_NOTSENT_LOWAT),
    ];

    static readonly (int Level, int Name)[] Carried4 = [(SocketConst.IPPROTO_IP, IP_TOS), (SocketConst.IPPROTO_IP, IP_TTL)];

    static readonly (int Level, int Name)[] Carried6 =
        [(SocketConst.IPPROTO_IPV6, IPV6_V6ONLY), (SocketConst.IPPROTO_IPV6, IPV6_TCLASS), (SocketConst.IPPROTO_IPV6, IPV6_UNICAST_HOPS)];

    readonly ConcurrentDictionary<(object Stack, int Family), byte[]?[]> defaults = new();

    /// <summary>
    /// Sets on <paramref name="to"/> each option of <paramref name="from"/> that differs from a new socket's, made by
    /// <paramref name="newSocket"/> (cached under <paramref name="stack"/> and <paramref name="family"/>). An option
    /// the host refuses (a congestion control it lacks) is left at the host's default.
    /// </summary>
    public void Copy(SafeFd from, SafeFd to, object stack, int family, Func<SafeFd> newSocket)
    {
        var options = OptionsOf(family);
        var fresh = defaults.GetOrAdd((stack, family), _ =>
        {
            using var socket = newSocket();
            return [.. options.Select(o => Read(socket, o.Level, o.Name))];
        });
        for (var i = 0; i < options.Length; i++)
        {
            var value = Read(from, options[i].Level, options[i].Name);
            if (value is null || (fresh[i] is { } d && d.AsSpan().SequenceEqual(value)))
            {
                continue;
            }
            if (options[i] is (SocketConst.SOL_SOCKET, SO_SNDBUF or SO_RCVBUF))
            {
                // getsockopt shows twice what setsockopt asked for (the kernel's bookkeeping overhead).
                var half = BitConverter.ToInt32(value) / 2;
                value = BitConverter.GetBytes(half);
            }
            fixed (byte* p = value)
            {
                _ = Libc.setsockopt(to, options[i].Level, options[i].Name, p, (uint)value.Length);
            }
        }
    }

    static (int Level, int Name)[] OptionsOf(int family) => family == AddressFamily.Inet ? [.. Carried, .. Carried4] : [.. Carried, .. Carried6];

    static byte[]? Read(SafeFd socket, int level, int name)
    {
        var buffer = stackalloc byte[ValueSize];
        var length = (uint)ValueSize;
        return Libc.getsockopt(socket, level, name, buffer, &length) == 0 ? new ReadOnlySpan<byte>(buffer, (int)length).ToArray() : null;
    }
}
