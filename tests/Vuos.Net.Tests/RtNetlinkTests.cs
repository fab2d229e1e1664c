using System.Net;
using System.Text.Json;
using Vuos.Net.Interop;
using Vuos.Net.Stacks.Netlink;
using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// The supervisor configures a namespace of its own through a netlink socket made inside it, and the result is
/// exactly what `ip` would have configured. Each test gets a fresh namespace; the kernel here has no dummy
/// driver, so test links are veth pairs.
/// </summary>
public sealed class RtNetlinkTests : IDisposable
{
    readonly TestNetns netns = new("vuos-nl");
    readonly RtNetlink netlink;

    public RtNetlinkTests() =>
        netlink = new RtNetlink(netns.Socket(AddressFamily.Netlink, NetlinkConst.SOCK_RAW | SocketConst.SOCK_CLOEXEC, NetlinkConst.NETLINK_ROUTE));

    public void Dispose()
    {
        netlink.Dispose();
        netns.Dispose();
    }

    [Fact]
    public void LoopbackBroughtUpInAFreshNamespaceAnswersOn127001()
    {
        Assert.NotEqual(0, netns.Exec("ping", "-c1", "-W1", "127.0.0.1").ExitCode);

        netlink.SetUp(netlink.IndexOf("lo"));

        Assert.Contains("UP", Flags(netns.IpJson("link", "show", "lo")[0]));
        var ping = netns.Exec("ping", "-c1", "-W1", "127.0.0.1");
        Assert.True(ping.ExitCode == 0, ping.ToString());
    }

    [Fact]
    public void AddressAndDefaultRouteAddedOverNetlinkAreWhatIpShows()
    {
        var index = AddVeth("d0");

        netlink.AddAddress(index, IPAddress.Parse("10.9.0.2"), 24);
        netlink.SetUp(index);
        netlink.AddRoute(null, 0, IPAddress.Parse("10.9.0.1"), index);
        netlink.AddAddress(index, IPAddress.Parse("fd00:9::2"), 64);

        var addresses = netns.IpJson("addr", "show", "d0")[0].GetProperty("addr_info").EnumerateArray()
            .Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}").ToList();
        Assert.Contains("10.9.0.2/24", addresses);
        Assert.Contains("fd00:9::2/64", addresses);
        Assert.Contains("unicast default via 10.9.0.1 dev d0 proto boot scope global", Routes("-4"));

        Assert.Contains(new NetworkLink(index, "d0", true, 1500), netlink.Links());
        var listed = netlink.Addresses();
        Assert.Contains((index, IPAddress.Parse("10.9.0.2"), 24), listed);
        Assert.Contains((index, IPAddress.Parse("fd00:9::2"), 64), listed);
    }

    [Fact]
    public void MtuSetOverNetlinkIsWhatIpShows()
    {
        var index = AddVeth("d0");

        netlink.SetMtu(index, 1400);

        Assert.Equal(1400, netns.IpJson("link", "show", "d0")[0].GetProperty("mtu").GetInt32());
        Assert.Equal(1400, netlink.Links().Single(l => l.Name == "d0").Mtu);
    }

    [Fact]
    public void Ipv6AddressIsUsableAtOnceWithoutWaitingForDuplicateDetection()
    {
        netlink.SetUp(netlink.IndexOf("lo"));
        var index = AddVeth("d0");
        netlink.SetUp(netlink.IndexOf("d0-peer"));
        netlink.SetUp(index);

        netlink.AddAddress(index, IPAddress.Parse("fd00:9::2"), 64);

        var info = netns.IpJson("addr", "show", "d0")[0].GetProperty("addr_info").EnumerateArray()
            .Single(a => a.GetProperty("local").GetString() == "fd00:9::2");
        Assert.False(info.TryGetProperty("tentative", out _), info.ToString());
        var ping = netns.Exec("ping", "-6", "-c1", "-W1", "-I", "fd00:9::2", "fd00:9::2");
        Assert.True(ping.ExitCode == 0, ping.ToString());
    }

    [Fact]
    public void RouteToANetworkAndAnIpv6DefaultRouteAreWhatIpShows()
    {
        var index = AddVeth("d0");
        netlink.SetUp(index);
        netlink.AddAddress(index, IPAddress.Parse("10.9.0.2"), 24);
        netlink.AddAddress(index, IPAddress.Parse("fd00:9::2"), 64);

        netlink.AddRoute(IPAddress.Parse("192.168.77.0"), 24, IPAddress.Parse("10.9.0.254"), index);
        netlink.AddRoute(null, 0, IPAddress.Parse("fd00:9::1"), index);

        Assert.Contains("unicast 192.168.77.0/24 via 10.9.0.254 dev d0 proto boot scope global", Routes("-4"));
        Assert.Contains("unicast default via fd00:9::1 dev d0 proto boot scope global", Routes("-6"));
    }

    [Fact]
    public void AddressesAndLinksMadeWithIpAreListed()
    {
        AddVeth("d0");
        netns.Ip("addr", "add", "10.1.2.3/16", "dev", "d0");
        netns.Ip("addr", "add", "fd00:1::5/80", "dev", "d0");
        netns.Ip("link", "set", "d0", "up");
        var index = netns.IpJson("link", "show", "d0")[0].GetProperty("ifindex").GetInt32();

        var links = netlink.Links();
        Assert.Contains(new NetworkLink(1, "lo", false, 65536), links);
        Assert.Contains(links, l => l.Index == index && l.Name == "d0" && l.IsUp);
        Assert.Equal(index, netlink.IndexOf("d0"));
        var addresses = netlink.Addresses();
        Assert.Contains((index, IPAddress.Parse("10.1.2.3"), 16), addresses);
        Assert.Contains((index, IPAddress.Parse("fd00:1::5"), 80), addresses);
    }

    [Fact]
    public void AddingAnExistingAddressFailsWithEexist()
    {
        var index = AddVeth("d0");
        netlink.AddAddress(index, IPAddress.Parse("10.9.0.2"), 24);

        var e = Assert.Throws<ErrnoException>(() => netlink.AddAddress(index, IPAddress.Parse("10.9.0.2"), 24));

        Assert.Equal(Errno.EEXIST, e.Errno);
        Assert.Equal("netlink RTM_NEWADDR", e.Call);
        // The failure leaves the socket in step: the next request gets its own answer.
        netlink.AddAddress(index, IPAddress.Parse("10.9.0.3"), 24);
        Assert.Contains(netlink.Addresses(), a => a.Address.Equals(IPAddress.Parse("10.9.0.3")));
    }

    [Fact]
    public void UnknownInterfaceIsEnodev()
    {
        var e = Assert.Throws<ErrnoException>(() => netlink.IndexOf("nosuch0"));
        Assert.Equal(Errno.ENODEV, e.Errno);
    }

    [Fact]
    public void ListingManyLinksReadsEveryPartOfTheDump()
    {
        // About 150 links make a dump of several datagrams of up to 32 KiB each.
        const int pairs = 75;
        Run.Native(["ip", "-n", netns.Name, "-batch", "-"],
            stdin: string.Concat(Enumerable.Range(0, pairs).Select(i => $"link add v{i} type veth peer name w{i}\n")));

        var names = netlink.Links().Select(l => l.Name).ToHashSet();

        Assert.Equal(1 + 2 * pairs, names.Count);
        Assert.Contains("v74", names);
        Assert.Contains("w0", names);
    }

    [Fact]
    public void ThreadsConfiguringAtOnceEachGetTheirOwnAnswer()
    {
        var index = AddVeth("d0");

        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => netlink.AddAddress(index, IPAddress.Parse($"10.20.{i}.1"), 24));
        var failures = Enumerable.Range(0, 64).AsParallel().WithDegreeOfParallelism(8)
            .Count(i => Assert.Throws<ErrnoException>(() => netlink.AddAddress(index, IPAddress.Parse($"10.20.{i}.1"), 24)).Errno == Errno.EEXIST);

        Assert.Equal(64, failures);
        Assert.Equal(64, netlink.Addresses().Count(a => a.Index == index));
    }

    /// <summary>A veth pair NAME / NAME-peer, both in the namespace; the index of NAME.</summary>
    int AddVeth(string name)
    {
        netns.Ip("link", "add", name, "type", "veth", "peer", "name", name + "-peer");
        return netlink.IndexOf(name);
    }

    /// <summary>The routes of one family as `ip -d route` prints them, less the flags and metrics that vary.</summary>
    List<string> Routes(string family) => netns.IpJson("-d", family, "route").EnumerateArray()
        .Select(r => $"{r.GetProperty("type")} {r.GetProperty("dst")}" +
            (r.TryGetProperty("gateway", out var gateway) ? $" via {gateway}" : "") +
            $" dev {r.GetProperty("dev")} proto {r.GetProperty("protocol")} scope {r.GetProperty("scope")}")
        .ToList();

    static List<string?> Flags(JsonElement link) => link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()).ToList();
}
