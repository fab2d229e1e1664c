using System.Net;
using Vuos.Net.Stacks.Slirp;

namespace Vuos.Net.Modules.Msocket.Bypass;

/// <summary>
/// Which connections of a slirp stack leave it through a host socket, and where that socket connects: what
/// libslirp would reach for the same destination (its sotranslate_out), so a bypassed connection ends where the
/// relayed one would. The gateway (10.0.2.2, fd00::2) is the host's loopback unless no-host-loopback; any address
/// outside the stack's networks is itself. Everything of the stack's own stays in the stack: its loopback, its
/// addresses, the resolver (10.0.2.3: libslirp's DNS forwarder), the rest of 10.0.2.0/24 and fd00::/64, and
/// multicast and broadcast.
/// </summary>
public sealed class BypassPolicy(SlirpOptions options)
{
    readonly IPNetwork network = new(options.Network, options.PrefixLength);
    readonly IPNetwork network6 = new(options.Ipv6Prefix, 64);

    public SlirpOptions Options { get; } = options;

    /// <summary>Where a host socket connects for a connection to <paramref name="destination"/>, or null when it stays in the stack.</summary>
    public InetEndpoint? HostTarget(InetEndpoint destination)
    {
        var address = destination.Address;
        if (destination.Port == 0 || IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ||
            address.IsIPv4MappedToIPv6 || address.IsIPv6LinkLocal || address.IsIPv6Multicast || IsIpv4MulticastOrBroadcast(address))
        {
            return null;
        }
        if (address.Equals(Options.Gateway))
        {
            return Options.DisableHostLoopback ? null : destination with { Address = IPAddress.Loopback };
        }
        if (address.Equals(Options.Gateway6))
        {
            return Options.DisableHostLoopback ? null : destination with { Address = IPAddress.IPv6Loopback };
        }
        return network.Contains(address) || network6.Contains(address) ? null : destination;
    }

    /// <summary>The address a bypassed socket shows as its own (getsockname): the stack's, with the host socket's port.</summary>
    public InetEndpoint StackLocal(InetEndpoint hostLocal) =>
        hostLocal with { Address = hostLocal.Family == Interop.AddressFamily.Inet ? Options.Guest : Options.Guest6 };

    static bool IsIpv4MulticastOrBroadcast(IPAddress address)
    {
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return bytes[0] >= 224; // 224/4 multicast, 240/4 reserved, 255.255.255.255
    }
}
