using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vuos.Net.Stacks.Slirp;

/// <summary>
/// A port of the host (the supervisor's own network namespace) whose connections or datagrams slirp relays
/// to a port inside the stack. IPv4 only: libslirp 4.7's slirp_add_hostfwd takes in_addr.
/// </summary>
public sealed record HostForward(bool Udp, IPAddress HostAddress, int HostPort, IPAddress GuestAddress, int GuestPort)
{
    public string Protocol => Udp ? "udp" : "tcp";

    public override string ToString() => $"{Protocol}:{HostAddress}:{HostPort}-{GuestAddress}:{GuestPort}";

    /// <summary>
    /// Parses the value of one hostfwd= option: PROTO:HOSTPORT:GUESTPORT, PROTO:HOSTADDR:HOSTPORT:GUESTPORT, or
    /// qemu's PROTO:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT. An empty host address listens on every host address,
    /// as qemu and slirp4netns do; an empty guest address means <paramref name="guest"/>.
    /// </summary>
    public static HostForward Parse(string spec, IPAddress guest)
    {
        var colon = spec.IndexOf(':');
        if (colon < 0)
        {
            throw Bad(spec, "expected PROTO:HOSTPORT:GUESTPORT");
        }
        var udp = spec[..colon] switch
        {
            // qemu takes an empty protocol as tcp.
            "tcp" or "" => false,
            "udp" => true,
            var other => throw Bad(spec, $"protocol '{other}' is neither tcp nor udp"),
        };
        var rest = spec[(colon + 1)..];
        if (rest.Contains('[') || rest.Contains(']'))
        {
            throw Bad(spec, "IPv6 addresses are not supported in host forwards");
        }

        string hostAddr, hostPort, guestAddr, guestPort;
        var dash = rest.IndexOf('-');
        if (dash >= 0)
        {
            (hostAddr, hostPort) = AddressAndPort(spec, rest[..dash], "host");
            (guestAddr, guestPort) = AddressAndPort(spec, rest[(dash + 1)..], "guest");
        }
        else
        {
            var parts = rest.Split(':');
            (hostAddr, hostPort, guestAddr, guestPort) = parts.Length switch
            {
                2 => ("", parts[0], "", parts[1]),
                3 => (parts[0], parts[1], "", parts[2]),
                _ => throw Bad(spec, "expected PROTO:HOSTPORT:GUESTPORT, PROTO:HOSTADDR:HOSTPORT:GUESTPORT or PROTO:HOSTADDR:HOSTPORT-GUESTADDR:GUESTPORT"),
            };
        }

        return new HostForward(
            udp,
            hostAddr.Length == 0 ? IPAddress.Any : Address(spec, hostAddr, "host"),
            Port(spec, hostPort, "host"),
            guestAddr.Length == 0 ? guest : Address(spec, guestAddr, "guest"),
            Port(spec, guestPort, "guest"));
    }

    static (string Address, string Port) AddressAndPort(string spec, string text, string side)
    {
        var parts = text.Split(':');
        return parts.Length == 2 ? (parts[0], parts[1]) : throw Bad(spec, $"expected [{side.ToUpperInvariant()}ADDR]:{side.ToUpperInvariant()}PORT, got '{text}'");
    }

    static IPAddress Address(string spec, string text, string side)
    {
        // IPAddress.TryParse also takes "8080" or "10.1" as IPv4 addresses; a forward wants all four parts.
        if (text.Split('.').Length != 4 || !IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw Bad(spec, $"{side} address '{text}' is not an IPv4 address");
        }
        return address;
    }

    static int Port(string spec, string text, string side) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : throw Bad(spec, $"{side} port '{text}' is not a number in 1..65535");

    static FormatException Bad(string spec, string why) => new($"slirp: bad option 'hostfwd={spec}': {why}");
}
