using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vuos.Net.Stacks.Slirp;

/// <summary>
/// The virtual network a `slirp` stack sees. The defaults are qemu's and slirp4netns's, so that programs and
/// habits carried over from them (10.0.2.2 is the host, 10.0.2.3 the resolver) keep working.
/// </summary>
public sealed record SlirpOptions
{
    /// <summary>The largest MTU libslirp 4.7 accepts (IF_MTU_MAX).</summary>
    public const int MaxMtu = 65521;

    /// <summary>The smallest datagram every IPv4 host must accept (RFC 791).</summary>
    public const int MinMtu = 576;

    public IPAddress Network { get; init; } = IPAddress.Parse("10.0.2.0");

    public int PrefixLength { get; init; } = 24;

    /// <summary>The host as the stack sees it (vhost): connections to it reach the host's 127.0.0.1 unless <see cref="DisableHostLoopback"/>.</summary>
    public IPAddress Gateway { get; init; } = IPAddress.Parse("10.0.2.2");

    /// <summary>The resolver the stack sees (vnameserver): slirp relays its queries to the host's resolvers.</summary>
    public IPAddress Dns { get; init; } = IPAddress.Parse("10.0.2.3");

    /// <summary>The stack's own address, which is also the first address slirp's DHCP server hands out.</summary>
    public IPAddress Guest { get; init; } = IPAddress.Parse("10.0.2.15");

    /// <summary>A /64 prefix.</summary>
    public IPAddress Ipv6Prefix { get; init; } = IPAddress.Parse("fd00::");

    public IPAddress Gateway6 { get; init; } = IPAddress.Parse("fd00::2");

    public IPAddress Dns6 { get; init; } = IPAddress.Parse("fd00::3");

    /// <summary>Large by default, as slirp4netns recommends: fewer, bigger frames cross the relay per byte.</summary>
    public int Mtu { get; init; } = 65520;

    public bool DisableHostLoopback { get; init; }

    /// <summary>
    /// bypass=on|off as given, or null: whether TCP connections of the stack's processes to the host or beyond get
    /// host sockets, so their data takes the kernel's path rather than libslirp's (docs/ARCHITECTURE.md, "Bypass").
    /// Unsaid, it is on unless the stack captures or impairs its traffic, which a bypassed connection would skip.
    /// </summary>
    public bool? Bypass { get; init; }

    /// <summary>The stack's IPv6 address: the prefix with interface id ::15, as the guest's IPv4 address ends in .15.</summary>
    public IPAddress Guest6
    {
        get
        {
            var bytes = Ipv6Prefix.GetAddressBytes();
            bytes[15] = 0x15;
            return new IPAddress(bytes);
        }
    }

    public IReadOnlyList<HostForward> HostForwards { get; init; } = [];

    /// <summary>api=PATH: where slirp4netns's JSON API listens for this stack (absolute); null for none.</summary>
    public string? ApiSocket { get; init; }

    /// <summary>
    /// Parses the option text of `slirp:OPTIONS`, comma-separated: hostfwd=tcp:HOSTPORT:GUESTPORT (also udp:,
    /// tcp:HOSTADDR:HOSTPORT:GUESTPORT and qemu's tcp:HOSTADDR:HOSTPORT-GUESTADDR:GUESTPORT; several allowed),
    /// mtu=N (576..65521), dns=ADDR (the resolver address the stack shows), no-host-loopback, bypass=on|off.
    /// </summary>
    /// <exception cref="FormatException">An option is unknown or malformed; the message names it.</exception>
    public static SlirpOptions Parse(string options)
    {
        var result = new SlirpOptions();
        if (string.IsNullOrWhiteSpace(options))
        {
            return result;
        }

        var forwards = new List<HostForward>();
        foreach (var raw in options.Split(','))
        {
            var item = raw.Trim();
            var eq = item.IndexOf('=');
            var (key, value) = eq < 0 ? (item, null) : (item[..eq], item[(eq + 1)..]);
            if (Links.Impairment.IsKey(key) || key == "pcap")
            {
                continue; // the link's impairment, parsed by Impairment
            }
            switch (key)
            {
                case "hostfwd":
                    forwards.Add(HostForward.Parse(value ?? throw Bad(item, "expected hostfwd=PROTO:HOSTPORT:GUESTPORT"), result.Guest));
                    break;
                case "mtu":
                    result = result with
                    {
                        Mtu = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var mtu) && mtu is >= MinMtu and <= MaxMtu
                            ? mtu
                            : throw Bad(item, $"the MTU must be a number in {MinMtu}..{MaxMtu}"),
                    };
                    break;
                case "dns":
                    result = WithDns(result, item, value);
                    break;
                case "api":
                    result = result with { ApiSocket = ApiPath(item, value) };
                    break;
                case "bypass":
                    result = result with
                    {
                        Bypass = value switch
                        {
                            "on" => true,
                            "off" => false,
                            _ => throw Bad(item, "expected bypass=on or bypass=off"),
                        },
                    };
                    break;
                case "no-host-loopback":
                    result = value is null ? result with { DisableHostLoopback = true } : throw Bad(item, "takes no value");
                    break;
                case "":
                    throw new FormatException($"slirp: empty option in '{options}'");
                default:
                    throw Bad(item, "unknown option (known: hostfwd=, mtu=, dns=, no-host-loopback, bypass=, api=, pcap=, delay=, jitter=, loss=, rate=, duplicate=)");
            }
        }

        foreach (var forward in forwards)
        {
            if (!result.Contains(forward.GuestAddress))
            {
                throw Bad($"hostfwd={forward}", $"guest address {forward.GuestAddress} is outside {result.Network}/{result.PrefixLength}");
            }
        }
        var duplicate = forwards.GroupBy(f => (f.Udp, f.HostAddress, f.HostPort)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            var f = duplicate.First();
            throw Bad($"hostfwd={f}", $"{f.Protocol} port {f.HostAddress}:{f.HostPort} is forwarded twice");
        }
        return result with { HostForwards = forwards };
    }

    /// <summary>Whether <paramref name="address"/> is an IPv4 address inside <see cref="Network"/>/<see cref="PrefixLength"/>.</summary>
    public bool Contains(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork && IPNetwork.Parse($"{Network}/{PrefixLength}").Contains(address);

    static SlirpOptions WithDns(SlirpOptions result, string item, string? value)
    {
        if (value is null || !IPAddress.TryParse(value, out var dns))
        {
            throw Bad(item, "expected dns=ADDRESS");
        }
        if (dns.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return IPNetwork.Parse($"{result.Ipv6Prefix}/64").Contains(dns) && !dns.Equals(result.Gateway6)
                ? result with { Dns6 = dns }
                : throw Bad(item, $"an IPv6 resolver must be inside {result.Ipv6Prefix}/64 and differ from the gateway {result.Gateway6}");
        }
        // slirp answers DNS only at an address of its own network; the gateway and the guest are taken.
        var network = IPNetwork.Parse($"{result.Network}/{result.PrefixLength}");
        return value.Split('.').Length == 4 && network.Contains(dns) && !dns.Equals(result.Gateway) && !dns.Equals(result.Guest)
               && !dns.Equals(result.Network) && !dns.Equals(Broadcast(network))
            ? result with { Dns = dns }
            : throw Bad(item, $"the resolver must be a host address inside {network} other than the gateway {result.Gateway} and the guest {result.Guest}");
    }

    static IPAddress Broadcast(IPNetwork network)
    {
        var bytes = network.BaseAddress.GetAddressBytes();
        for (var bit = network.PrefixLength; bit < 32; bit++)
        {
            bytes[bit / 8] |= (byte)(0x80 >> (bit % 8));
        }
        return new IPAddress(bytes);
    }

    static FormatException Bad(string item, string why) => new($"slirp: bad option '{item}': {why}");

    /// <summary>The API socket's path, absolute; its directory must exist (the socket itself is made at start).</summary>
    static string ApiPath(string item, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw Bad(item, "expected api=PATH of a unix socket to create");
        }
        var path = System.IO.Path.GetFullPath(value);
        return Directory.Exists(System.IO.Path.GetDirectoryName(path)) && !Directory.Exists(path)
            ? path
            : throw Bad(item, $"{path} cannot be a socket: its directory does not exist or it is a directory");
    }
}
