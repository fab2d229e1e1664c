using System.Net;
using Serilog;
using Vuos.Net.Interop;
using Vuos.Net.Stacks.Links;
using Vuos.Net.Stacks.Namespaces;
using Vuos.Net.Stacks.Netlink;
using Vuos.Net.Stacks.Slirp;

namespace Vuos.Net.Stacks;

/// <summary>
/// Brings a stack to life when it is first used: a namespace with lo up, and for stacks with a link a tap
/// named eth0 configured like a machine's interface and relayed to the outside (libslirp, a host tap, VDE).
/// </summary>
public sealed class StackBuilder(INamespaceProvider namespaces, ILogger log)
{
    public INetworkStack Build(string path, StackSpec spec)
    {
        if (spec.Kind == StackKind.Host)
        {
            return new HostStack(path, spec);
        }
        var slirp = spec.Kind == StackKind.Slirp ? SlirpOptions.Parse(string.Join(',', spec.Options)) : null;
        var link = spec.Kind is StackKind.Tap or StackKind.Vde ? LinkOptions.Parse(spec.Options) : null;
        var nameserver = slirp?.Dns.ToString() ?? link?.Nameserver?.ToString();
        var ns = namespaces.Create(StackResolvConf.Render(path, spec.Kind, nameserver));
        var links = new List<IDisposable>();
        PacketCapture? capture = null;
        try
        {
            using var netlink = new RtNetlink(ns.Socket(AddressFamily.Netlink, SocketConst.SOCK_RAW, NetlinkConst.NETLINK_ROUTE));
            netlink.SetUp(netlink.IndexOf("lo"));
            if (spec.CapturePath is { } file)
            {
                capture = new PacketCapture(ns.Socket, netlink.IndexOf("lo"), file, log);
                log.Information("stack {Path:l}: capturing to {File:l}", path, file);
            }
            // Unprivileged ping (ICMP datagram sockets) for every group, as rootless containers allow.
            TryWriteSysctl(ns, "net/ipv4/ping_group_range", "0 2147483647");
            switch (spec.Kind)
            {
                case StackKind.Slirp:
                    {
                        var options = slirp!;
                        var guest6 = Guest6(options.Ipv6Prefix);
                        ConfigureLink(netlink, ns, links, spec, options.Mtu,
                            [(options.Guest, options.PrefixLength), (guest6, 64)], [options.Gateway, options.Gateway6],
                            tap => StartSlirp(options, tap));
                        break;
                    }
                case StackKind.Tap:
                    {
                        var options = link!;
                        var host = OpenHostTap(spec.Target);
                        ConfigureLink(netlink, ns, links, spec, options.Mtu, options.Addresses, options.Gateways,
                            tap => new FrameRelay(new TapEndpoint(tap), host, $"vuos-tap-{spec.Target}", log));
                        break;
                    }
                case StackKind.Vde:
                    {
                        var options = link!;
                        var vde = new VdeEndpoint(spec.Target, $"vuos {path}");
                        ConfigureLink(netlink, ns, links, spec, options.Mtu, options.Addresses, options.Gateways,
                            tap => new FrameRelay(new TapEndpoint(tap), vde, "vuos-vde", log));
                        break;
                    }
            }
            log.Information("stack {Path:l} ({Spec:l}) is up", path, spec.Text);
            return new NamespaceStack(path, spec, ns, nameserver, links, capture, log);
        }
        catch
        {
            capture?.Dispose();
            links.ForEach(l => l.Dispose());
            ns.Dispose();
            throw;
        }
    }

    /// <summary>Creates the link (eth0) in the namespace, gives it addresses and default routes, and starts its relay.</summary>
    /// <remarks>With an impairment, the relay gets the shim's end instead of the tap, and goes first when the stack ends.</remarks>
    void ConfigureLink(RtNetlink netlink, INetworkNamespace ns, List<IDisposable> links, StackSpec spec, int mtu,
        IReadOnlyList<(IPAddress Address, int PrefixLength)> addresses, IReadOnlyList<IPAddress> gateways,
        Func<SafeFd, IDisposable> relay)
    {
        var linkName = spec.LinkName;
        var tap = ns.OpenTap(linkName);
        var index = netlink.IndexOf(linkName);
        if (spec.Impairment is { } impairment)
        {
            var shim = new ImpairmentShim(tap, impairment, $"vuos-impair-{linkName}", log);
            try
            {
                links.Add(relay(shim.Inner));
            }
            catch
            {
                shim.Dispose();
                throw;
            }
            links.Add(shim);
            log.Information("link {Link:l}: {Impairment:l}", linkName, impairment.ToString());
        }
        else
        {
            links.Add(relay(tap));
        }
        netlink.SetMtu(index, mtu);
        foreach (var (address, prefix) in addresses)
        {
            netlink.AddAddress(index, address, prefix);
        }
        netlink.SetUp(index);
        foreach (var gateway in gateways)
        {
            netlink.AddRoute(null, 0, gateway, index);
        }
    }

    SlirpRelay StartSlirp(SlirpOptions options, SafeFd tap)
    {
        var relay = new SlirpRelay(options, tap, log);
        try
        {
            relay.Start();
            return relay;
        }
        catch
        {
            relay.Dispose();
            throw;
        }
    }

    /// <summary>Attaches to an existing host TAP interface (TUNSETIFF on a missing name would create a new one instead).</summary>
    static TapEndpoint OpenHostTap(string name)
    {
        if (!Directory.Exists($"/sys/class/net/{name}"))
        {
            throw new InvalidOperationException($"no host interface named {name}: create it first, e.g. `ip tuntap add {name} mode tap user $USER`");
        }
        return new TapEndpoint(Tun.OpenTap(name));
    }

    static IPAddress Guest6(IPAddress prefix)
    {
        var bytes = prefix.GetAddressBytes();
        bytes[15] = 0x15;
        return new IPAddress(bytes);
    }

    void TryWriteSysctl(INetworkNamespace ns, string path, string value)
    {
        try
        {
            ns.WriteSysctl(path, value);
        }
        catch (Exception e) when (e is ErrnoException or IOException or UnauthorizedAccessException)
        {
            log.Debug("sysctl {Path:l}: {Message:l}", path, e.Message);
        }
    }
}
