using System.Net;
using System.Net.Sockets;
using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// The Scarlet Native samples (samples/scarlet), written with Scarlet's own calls (include/vuos/scarlet.h), run in
/// the loopback and the slirp stack: names bound with a length live in the stack, datagrams and pairs behave as
/// Scarlet's, and the network calls change the stack (as `ip` in the same stack shows), never the host.
/// </summary>
public class ScarletSampleTests
{
    static string[] InStack(string stack) => ["--default", stack];

    static string UniqueName(string what) => $"/tmp/scarlet-{what}-{Guid.NewGuid():N}";

    /// <summary>The lines of the output that start with the prefix, in the order that process printed them.</summary>
    static string LinesOf(string stdout, string prefix) =>
        string.Concat(stdout.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l + "\n"));

    [Theory]
    [InlineData("lo")]
    [InlineData("slirp")]
    public void ServerBoundToANameAnswersEachClientThatConnectsToThatName(string stack)
    {
        var name = UniqueName("server") + ".sock";
        var r = Run.Vuos(["bash", "-c", "\"$0\" \"$2\" 2 & \"$1\" \"$2\" hi; \"$1\" \"$2\" there; wait",
            Fixtures.Sample("scarlet/server"), Fixtures.Sample("scarlet/client"), name], InStack(stack));

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal($"""
            server: listening on {name}
            server: client 1 connected
            server: client 1 says "hi"
            server: client 1 hung up
            server: client 2 connected
            server: client 2 says "there"
            server: client 2 hung up

            """, LinesOf(r.Stdout, "server:"));
        Assert.Equal($"""
            client: connected to {name}
            client: reply "server got: hi"
            client: connected to {name}
            client: reply "server got: there"

            """, LinesOf(r.Stdout, "client:"));
        Assert.False(File.Exists(name), "a Scarlet name is no file: nothing is left at the path");
    }

    [Fact]
    public void ANameBoundInAStackIsFoundInThatStackOnlyNotFromAnotherStackNorTheHost()
    {
        // The server's session waits for the flag file before its own client connects, so that the other
        // stacks and the host try while the name is bound and listening.
        var name = UniqueName("scoped") + ".sock";
        var flag = UniqueName("flag");
        using var session = Run.StartBackground([Repo.VuosBinary, "run", "--default", "lo", "--", "bash", "-c",
            "\"$0\" \"$2\" 1 & while [ ! -e \"$3\" ]; do sleep 0.05; done; \"$1\" \"$2\" 'same stack'; wait",
            Fixtures.Sample("scarlet/server"), Fixtures.Sample("scarlet/client"), name, flag]);
        try
        {
            Assert.Equal($"server: listening on {name}", session.StandardOutput.ReadLine());

            foreach (var other in new[] { "lo", "slirp" })
            {
                var elsewhere = Run.Vuos([Fixtures.Sample("scarlet/client"), name, "from another stack"], InStack(other));
                Assert.True(elsewhere.ExitCode == 1, elsewhere.ToString());
                Assert.Equal($"client: {name}: Connection refused\n", elsewhere.Stderr);
            }
            var host = Run.Native([Fixtures.Sample("scarlet/client"), name, "from the host"]);
            Assert.True(host.ExitCode == 1, host.ToString());
            Assert.Equal($"client: {name}: Connection refused\n", host.Stderr);

            File.WriteAllText(flag, "");
            Assert.True(session.WaitForExit(10000));
            Assert.Equal($"""
                server: client 1 connected
                server: client 1 says "same stack"
                client: connected to {name}
                client: reply "server got: same stack"
                server: client 1 hung up

                """.Split('\n').Order(), session.StandardOutput.ReadToEnd().Split('\n').Order());
            Assert.Equal(0, session.ExitCode);
        }
        finally
        {
            File.Delete(flag);
            if (!session.HasExited)
            {
                session.Kill(entireProcessTree: true);
            }
        }
    }

    [Theory]
    [InlineData("lo")]
    [InlineData("slirp")]
    public void ClientOfANameNobodyBoundIsRefusedEvenWhenAFileIsThere(string stack)
    {
        var name = UniqueName("nobody") + ".sock";
        File.WriteAllText(name, "");
        try
        {
            // the file is not the name: connect is refused, and the client gives up after 2 s of retries
            var r = Run.Vuos([Fixtures.Sample("scarlet/client"), name, "hi"], InStack(stack));
            Assert.Equal(1, r.ExitCode);
            Assert.Equal("", r.Stdout);
            Assert.Equal($"client: {name}: Connection refused\n", r.Stderr);
        }
        finally
        {
            File.Delete(name);
        }
    }

    [Theory]
    [InlineData("lo")]
    [InlineData("slirp")]
    public void ChildOfASocketpairSeesEndOfFileWhenTheParentShutsDownWriting(string stack)
    {
        var r = Run.Vuos([Fixtures.Sample("scarlet/pair")], InStack(stack));

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("""
            parent: sending "hello through the pair"
            parent: shutdown 3 fails: Invalid argument
            parent: shut down writing
            parent: writing again fails: Broken pipe
            parent: child answered "child read 22 bytes", then end-of-file
            parent: child exited with 0

            """, LinesOf(r.Stdout, "parent:"));
        Assert.Equal("child: got \"hello through the pair\", then end-of-file after 22 bytes\n", LinesOf(r.Stdout, "child:"));
    }

    [Theory]
    [InlineData("lo")]
    [InlineData("slirp")]
    public void DatagramsArriveWholeUdpSendersAreReportedAndLocalOnesAreNot(string stack)
    {
        // The host's 127.0.0.1:port is taken while the sample binds the same port: its UDP sockets are the stack's.
        using var hostSocket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)hostSocket.Client.LocalEndPoint!).Port;
        var prefix = UniqueName("dgram");

        var r = Run.Vuos([Fixtures.Sample("scarlet/datagram"), prefix, port.ToString()], InStack(stack));

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal($"""
            local: receiver bound to {prefix}.receiver, sender to {prefix}.sender and connected to the receiver
            local: receiver got "ping 1" from (no IPv4 address reported)
            local: receiver got "ping 2" from (no IPv4 address reported)
            local: sender read "pong"
            local: sendto an IPv4 address fails: Invalid argument
            udp: receiver bound to 127.0.0.1:{port}, sender to 127.0.0.1:{port + 1}
            udp: receiver got "ping 1" from 127.0.0.1:{port + 1}
            udp: receiver got "ping 2" from 127.0.0.1:{port + 1}
            udp: sender got "pong" from 127.0.0.1:{port}

            """, r.Stdout);
        Assert.False(File.Exists(prefix + ".receiver"));
    }

    static string ConfiguredInterface(string stack) => stack == "lo" ? "lo" : "eth0";

    /// <summary>What netconfig lists for a fresh stack; the MAC of slirp's eth0 is the one `cat` printed after it.</summary>
    static string Listing(string stack, string eth0Mac) => stack == "lo"
        ? "lo: inet 127.0.0.1, mac 00:00:00:00:00:00\ngateway: none\ndns: 127.0.0.1\nnetmask: 0.0.0.0\n"
        : $"lo: inet 127.0.0.1, mac 00:00:00:00:00:00\neth0: inet 10.0.2.15, mac {eth0Mac}\ngateway: 10.0.2.2\ndns: 10.0.2.3\nnetmask: 255.255.255.0\n";

    [Theory]
    [InlineData("lo")]
    [InlineData("slirp")]
    public void ListInterfacesReportsOnlyTheStacksOwnInterfacesGatewayDnsAndNetmask(string stack)
    {
        var r = Run.Vuos(["bash", "-c", "\"$0\" && if [ -e /sys/class/net/eth0 ]; then cat /sys/class/net/eth0/address; fi",
            Fixtures.Sample("scarlet/netconfig")], InStack(stack));

        Assert.True(r.ExitCode == 0, r.ToString());
        var lines = r.Stdout.TrimEnd('\n').Split('\n');
        var mac = stack == "lo" ? "" : lines[^1];
        Assert.Equal("stack: a separate network namespace\n" + Listing(stack, mac) + (stack == "lo" ? "" : mac + "\n"), r.Stdout);
    }

    [Theory]
    [InlineData("lo")]
    [InlineData("slirp")]
    public void NetworkCallsChangeTheStackAsIpInTheSameStackShowsAndTheHostStaysAsItWas(string stack)
    {
        var hostResolvConf = File.ReadAllBytes("/etc/resolv.conf");
        var itf = ConfiguredInterface(stack);

        var r = Run.Vuos(["bash", "-c",
            "\"$0\" set \"$1\" 10.9.8.7 255.255.0.0 10.9.8.1 9.9.9.9 && ip -4 -o addr && ip -4 route show default && cat /etc/resolv.conf",
            Fixtures.Sample("scarlet/netconfig"), itf], InStack(stack));

        Assert.True(r.ExitCode == 0, r.ToString());
        var stdout = r.Stdout;
        Assert.Contains($"""
            sys_network_set_ipv4 {itf} 10.9.8.7: ok
            sys_network_set_netmask 255.255.0.0: ok
            sys_network_set_gateway 10.9.8.1: ok
            sys_network_set_dns 9.9.9.9: ok

            """, stdout);
        // the list after the calls: the new address is the interface's, the stack's gateway, dns and netmask changed
        Assert.Contains($"{itf}: inet 10.9.8.7, mac ", stdout);
        Assert.Contains("gateway: 10.9.8.1\ndns: 9.9.9.9\nnetmask: 255.255.0.0\n", stdout);
        // ip in the same stack: the address with the stack's netmask; loopback keeps /8, slirp's own address takes /16
        Assert.Contains($"inet 10.9.8.7/16 brd 10.9.255.255 scope global {itf}", stdout);
        Assert.Contains("inet 127.0.0.1/8 scope host lo", stdout);
        if (stack == "slirp")
        {
            Assert.Contains("inet 10.0.2.15/16 brd 10.0.255.255 scope global eth0", stdout);
        }
        Assert.Contains($"default via 10.9.8.1 dev {itf}", stdout);
        // resolv.conf: the stack's own, its one nameserver replaced, its other lines kept
        Assert.Contains($"# /etc/resolv.conf of vuos stack /dev/net/{stack}\n", stdout);
        Assert.EndsWith("nameserver 9.9.9.9\n", stdout);
        Assert.Single(stdout.Split('\n'), l => l.StartsWith("nameserver", StringComparison.Ordinal));

        Assert.DoesNotContain("10.9.8.7", Run.Native(["ip", "-4", "addr"]).Stdout);
        Assert.DoesNotContain("10.9.8.1", Run.Native(["ip", "-4", "route"]).Stdout);
        Assert.Equal(hostResolvConf, File.ReadAllBytes("/etc/resolv.conf"));
    }

    [Theory]
    [InlineData("lo", "none")]
    [InlineData("slirp", "10.0.2.2")]
    public void AGatewayOnNoSubnetOfTheStackIsRefusedAndTheDefaultRouteStays(string stack, string gateway)
    {
        var itf = ConfiguredInterface(stack);

        var r = Run.Vuos([Fixtures.Sample("scarlet/netconfig"), "set", itf, "10.9.8.7", "-", "192.168.77.1", "-"], InStack(stack));

        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"sys_network_set_ipv4 {itf} 10.9.8.7: ok\nsys_network_set_gateway 192.168.77.1: Network is unreachable\n", r.Stdout);
        Assert.EndsWith($"gateway: {gateway}\ndns: {(stack == "lo" ? "127.0.0.1" : "10.0.2.3")}\nnetmask: 255.255.255.0\n", r.Stdout);
    }

    [Fact]
    public void NetmaskIsTheStacksAllItsAddressesOutsideLoopbackTakeItAndTheDefaultRouteStays()
    {
        // Scarlet has one netmask for the stack; Linux one per address: every address but 127.0.0.1's changes.
        var r = Run.Vuos(["bash", "-c", "\"$0\" set eth0 10.9.8.7 255.255.0.0 - - && ip -4 -o addr && ip -4 route",
            Fixtures.Sample("scarlet/netconfig")], InStack("slirp"));

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("sys_network_set_ipv4 eth0 10.9.8.7: ok\nsys_network_set_netmask 255.255.0.0: ok\n", r.Stdout);
        Assert.Contains("gateway: 10.0.2.2\ndns: 10.0.2.3\nnetmask: 255.255.0.0\n", r.Stdout);
        Assert.Contains("inet 127.0.0.1/8 scope host lo", r.Stdout);
        Assert.Contains("inet 10.0.2.15/16 brd 10.0.255.255 scope global eth0", r.Stdout);
        Assert.Contains("inet 10.9.8.7/16 brd 10.9.255.255 scope global eth0", r.Stdout);
        Assert.DoesNotContain("/24", r.Stdout);
        Assert.Contains("default via 10.0.2.2 dev eth0", r.Stdout);
    }

    [Fact]
    public void NetconfigRunNativelyListsTheHostAndRefusesToConfigureIt()
    {
        var hostResolvConf = File.ReadAllBytes("/etc/resolv.conf");
        var netconfig = Fixtures.Sample("scarlet/netconfig");

        Assert.StartsWith("stack: the host's own\n", Run.Native([netconfig]).Stdout);
        var r = Run.Native([netconfig, "set", "lo", "10.9.8.7", "255.255.255.0", "10.9.8.1", "9.9.9.9"]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("refusing to configure the host's own stack", r.Stderr);
        Assert.DoesNotContain("10.9.8.7", Run.Native(["ip", "-4", "addr"]).Stdout);
        Assert.Equal(hostResolvConf, File.ReadAllBytes("/etc/resolv.conf"));
    }
}
