using System.Net;
using Vuos.Net.Interop;
using AddressFamily = System.Net.Sockets.AddressFamily;

namespace Vuos.Net.Stacks.Slirp;

/// <summary>Turns <see cref="SlirpOptions"/> into libslirp's SlirpConfig and in_addr values.</summary>
static unsafe class SlirpNativeConfig
{
    /// <exception cref="ArgumentException">An address of the wrong family, or a prefix or MTU libslirp would reject.</exception>
    public static SlirpConfig Build(SlirpOptions options)
    {
        if (options.PrefixLength is < 1 or > 30)
        {
            throw new ArgumentException($"slirp: prefix length {options.PrefixLength} leaves no room for the gateway, resolver and guest", nameof(options));
        }
        if (options.Mtu is < SlirpOptions.MinMtu or > SlirpOptions.MaxMtu)
        {
            throw new ArgumentException($"slirp: MTU {options.Mtu} is outside {SlirpOptions.MinMtu}..{SlirpOptions.MaxMtu}", nameof(options));
        }

        var cfg = new SlirpConfig
        {
            Version = LibSlirp.SLIRP_CONFIG_VERSION,
            InEnabled = true,
            VNetwork = InAddr(options.Network),
            VNetmask = Netmask(options.PrefixLength),
            VHost = InAddr(options.Gateway),
            VDhcpStart = InAddr(options.Guest),
            VNameserver = InAddr(options.Dns),
            In6Enabled = true,
            VPrefixLength = 64,
            IfMtu = (nuint)options.Mtu,
            // The tap shares one MTU in both directions, so slirp may send frames as large as it accepts.
            IfMru = (nuint)options.Mtu,
            DisableHostLoopback = options.DisableHostLoopback,
        };
        In6Addr(options.Ipv6Prefix, new Span<byte>(cfg.VPrefixAddr6, 16));
        In6Addr(options.Gateway6, new Span<byte>(cfg.VHost6, 16));
        In6Addr(options.Dns6, new Span<byte>(cfg.VNameserver6, 16));
        return cfg;
    }

    /// <summary>An IPv4 address as struct in_addr holds it: network byte order in memory.</summary>
    public static uint InAddr(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"slirp: {address} is not an IPv4 address", nameof(address));
        }
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BitConverter.ToUInt32(bytes);
    }

    static uint Netmask(int prefixLength)
    {
        var hostOrder = uint.MaxValue << (32 - prefixLength);
        return InAddr(new IPAddress([(byte)(hostOrder >> 24), (byte)(hostOrder >> 16), (byte)(hostOrder >> 8), (byte)hostOrder]));
    }

    static void In6Addr(IPAddress address, Span<byte> destination)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            throw new ArgumentException($"slirp: {address} is not an IPv6 address", nameof(address));
        }
        address.TryWriteBytes(destination, out _);
    }
}
