using System.Net;

namespace Vuos.Net.Stacks;

/// <summary>
/// How a stack with a link (tap, vde) is configured, like a machine: addresses, gateways, nameserver, MTU.
/// Written `ip=10.1.0.2/24,ip=fd01::2/64,gw=10.1.0.1,dns=10.1.0.1,mtu=1500`.
/// </summary>
public sealed record LinkOptions
{
    public IReadOnlyList<(IPAddress Address, int PrefixLength)> Addresses { get; init; } = [];

    public IReadOnlyList<IPAddress> Gateways { get; init; } = [];

    public IPAddress? Nameserver { get; init; }

    public int Mtu { get; init; } = 1500;

    public static LinkOptions Parse(IEnumerable<string> options)
    {
        var addresses = new List<(IPAddress, int)>();
        var gateways = new List<IPAddress>();
        IPAddress? dns = null;
        var mtu = 1500;
        foreach (var option in options)
        {
            var (key, value) = StackSpec.SplitOption(option);
            if (Links.Impairment.IsKey(key) || key == "pcap")
            {
                continue; // the link's impairment, parsed by Impairment
            }
            switch (key)
            {
                case "ip":
                    addresses.Add(ParseCidr(value));
                    break;
                case "gw":
                    gateways.Add(ParseAddress(value, "gw"));
                    break;
                case "dns":
                    dns = ParseAddress(value, "dns");
                    break;
                case "mtu" when int.TryParse(value, out var m) && m is >= 576 and <= 65535:
                    mtu = m;
                    break;
                case "mtu":
                    throw new FormatException($"mtu={value}: expected a number from 576 to 65535");
                default:
                    throw new FormatException($"unknown option '{option}' (known: ip=ADDR/PREFIX, gw=ADDR, dns=ADDR, mtu=N, delay=, jitter=, loss=, rate=, duplicate=)");
            }
        }
        return new LinkOptions { Addresses = addresses, Gateways = gateways, Nameserver = dns, Mtu = mtu };
    }

    static (IPAddress, int) ParseCidr(string text)
    {
        var slash = text.IndexOf('/');
        var address = ParseAddress(slash < 0 ? text : text[..slash], "ip");
        var max = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32;
        if (slash < 0)
        {
            return (address, max);
        }
        return int.TryParse(text[(slash + 1)..], out var prefix) && prefix >= 0 && prefix <= max
            ? (address, prefix)
            : throw new FormatException($"ip={text}: bad prefix length");
    }

    static IPAddress ParseAddress(string text, string key) =>
        IPAddress.TryParse(text.Trim('[', ']'), out var a) ? a : throw new FormatException($"{key}={text}: not an IP address");
}
