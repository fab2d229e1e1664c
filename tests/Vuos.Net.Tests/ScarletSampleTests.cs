using System.Net;
using System.Net.Sockets;
using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// The Scarlet Native socket samples (samples/scarlet, seed 002) run unmodified in the loopback and the slirp
/// stack and print exactly what the seed's API promises; configuring the network changes the stack, never the host.
/// </summary>
public class ScarletSampleTests
{
    static string[] InStack(string stack) => ["--default", stack];

    static string UniquePath(string what) => $"/tmp/scarlet-{what}-{Guid.NewGuid():N}";

    /// <summary>The lines of the output that start with the prefix, in the order that process printed them.</summary>
    static string LinesOf(string stdout, string prefix) =>
        string.Concat(stdout.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l + "\n"));

    [Theory]
    [InlineData("lo")]
    [InlineData("slirp")]
    public void ServerAtAPathAnswersEachClientThatConnectsByName(string stack)
    {
        var path = UniquePath("server") + ".sock";
        var r = Run.Vuos(["bash", "-c", "\"$0\" \"$2\" 2 & \"$1\" \"$2\" hi; \"$1\" \"$2\" there; wait",
            Fixtures.Sample("scarlet/server"), Fixtures.Sample("scarlet/client"), path], InStack(stack));

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal($"""
            server: listening on {path}
            server: client 1 connected
            server: client 1 says "hi"
            server: client 1 hung up
            server: client 2 connected
            server: client 2 says "there"
            server: client 2 hung up

            """, LinesOf(r.Stdout, "server:"));
        Assert.Equal($"""
            client: connected to {path}
            client: reply "server got: hi"
            client: connected to {path}
            client: reply "server got: there"

            """, LinesOf(r.Stdout, "client:"));
        Assert.False(File.Exists(path), "the server removes its socket file when it is done");
    }

    [Fact]
    public void PathNamedSocketsAreFilesSoAClientInAnotherStackReachesTheServer()
    {
        // Linux scopes only abstract unix names to a network namespace; a path is found through the file system.
        var path = UniquePath("shared") + ".sock";
        using var server = Run.StartBackground([Repo.VuosBinary, "run", "--default", "lo", "--", Fixtures.Sample("scarlet/server"), path, "1"]);
        try
        {
            var client = Run.Vuos([Fixtures.Sample("scarlet/client"), path, "across stacks"], InStack("slirp"));
            Assert.True(client.ExitCode == 0, client.ToString());
            Assert.Equal($"client: connected to {path}\nclient: reply \"server got: across stacks\"\n", client.Stdout);
            Assert.True(server.WaitForExit(5000));
            Assert.Equal($"""
                server: listening on {path}
                server: client 1 connected
                server: client 1 says "across stacks"
                server: client 1 hung up

                """, server.StandardOutput.ReadToEnd());
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }
        }
    }

    [Theory]
    [InlineData("lo")]
    [InlineData("slirp")]
    public void ClientWithoutAServerReportsThatNobodyIsThere(string stack)
    {
        var path = UniquePath("nobody") + ".sock";
        File.WriteAllText(path, "");
        try
        {
            // a plain file at the path: connect is refused, and the client gives up after 2 s of retries
            var r = Run.Vuos([Fixtures.Sample("scarlet/client"), path, "hi"], InStack(stack));
            Assert.Equal(1, r.ExitCode);
            Assert.Equal("", r.Stdout);
            Assert.Equal($"client: {path}: Connection refused\n", r.Stderr);
        }
        finally
        {
            File.Delete(path);
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
    public void DatagramsArriveWholeAndNameTheirSenderForLocalPathsAndUdpInTheStack(string stack)
    {
        // The host's 127.0.0.1:port is taken while the sample binds the same port: its UDP sockets are the stack's.
        using var hostSocket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)hostSocket.Client.LocalEndPoint!).Port;
        var prefix = UniquePath("dgram");

        var r = Run.Vuos([Fixtures.Sample("scarlet/datagram"), prefix, port.ToString()], InStack(stack));

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal($"""
            unix: receiver bound to {prefix}.receiver, sender to {prefix}.sender
            unix: receiver got "ping 1" from {prefix}.sender
            unix: receiver got "ping 2" from {prefix}.sender
            unix: sender got "pong" from {prefix}.receiver
            unix: receiver got "no name" from (unnamed)
            udp: receiver bound to 127.0.0.1:{port}, sender to 127.0.0.1:{port + 1}
            udp: receiver got "ping 1" from 127.0.0.1:{port + 1}
            udp: receiver got "ping 2" from 127.0.0.1:{port + 1}
            udp: sender got "pong" from 127.0.0.1:{port}

            """, r.Stdout);
        Assert.False(File.Exists(prefix + ".receiver"));
    }

    /// <summary>What netconfig lists for a fresh stack, with extra addresses on the configured interface and a default route.</summary>
    static string Listing(string stack, string extraAddress = "", string? route = null) => stack == "lo"
        ? "lo: up, loopback\n    inet 127.0.0.1/8\n" + extraAddress + $"default route: {route ?? "none"}\n"
        : "lo: up, loopback\n    inet 127.0.0.1/8\neth0: up\n    inet 10.0.2.15/24\n" + extraAddress +
          $"default route: {route ?? "via 10.0.2.2 dev eth0"}\n";

    static string ConfiguredInterface(string stack) => stack == "lo" ? "lo" : "eth0";

    [Theory]
    [InlineData("lo")]
    [InlineData("slirp")]
    public void NetconfigListsOnlyTheStacksOwnInterfaces(string stack)
    {
        var r = Run.Vuos([Fixtures.Sample("scarlet/netconfig")], InStack(stack));

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("stack: a separate network namespace\n" + Listing(stack), r.Stdout);
    }

    [Theory]
    [InlineData("lo")]
    [InlineData("slirp")]
    public void NetconfigSetsAddressGatewayAndDnsInTheStackAndTheHostStaysAsItWas(string stack)
    {
        var hostResolvConf = File.ReadAllBytes("/etc/resolv.conf");
        var itf = ConfiguredInterface(stack);

        // a second process of the session sees the same stack and the same resolv.conf
        var r = Run.Vuos(["bash", "-c", "\"$0\" set 10.9.8.7/24 10.9.8.1 9.9.9.9 && ip -4 -o route show default && cat /etc/resolv.conf",
            Fixtures.Sample("scarlet/netconfig")], InStack(stack));

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("stack: a separate network namespace\n" + Listing(stack) +
            $"address 10.9.8.7/24 on {itf}: ok\n" +
            $"default route via 10.9.8.1 dev {itf}: ok\n" +
            "dns 9.9.9.9: ok\n" +
            Listing(stack, "    inet 10.9.8.7/24\n", $"via 10.9.8.1 dev {itf}") +
            "/etc/resolv.conf:\nnameserver 9.9.9.9\n" +
            $"default via 10.9.8.1 dev {itf} \n" +
            "nameserver 9.9.9.9\n", r.Stdout);

        Assert.DoesNotContain("10.9.8.7", Run.Native(["ip", "-4", "addr"]).Stdout);
        Assert.DoesNotContain("10.9.8.1", Run.Native(["ip", "-4", "route"]).Stdout);
        Assert.Equal(hostResolvConf, File.ReadAllBytes("/etc/resolv.conf"));
    }

    [Theory]
    [InlineData("lo")]
    [InlineData("slirp")]
    public void NetconfigTakesANetmaskAndRefusesAGatewayOffTheInterfacesSubnets(string stack)
    {
        var itf = ConfiguredInterface(stack);
        var subnets = stack == "lo" ? "127.0.0.1/8 10.9.8.7/24" : "10.0.2.15/24 10.9.8.7/24";

        var r = Run.Vuos([Fixtures.Sample("scarlet/netconfig"), "set", "10.9.8.7/255.255.255.0", "192.168.1.1", "1.1.1.1"], InStack(stack));

        Assert.Equal(1, r.ExitCode);
        Assert.Equal("stack: a separate network namespace\n" + Listing(stack) +
            $"address 10.9.8.7/255.255.255.0 on {itf}: ok\n" +
            $"default route via 192.168.1.1: not set, 192.168.1.1 is on none of {itf}'s subnets: {subnets}\n" +
            "dns 1.1.1.1: ok\n" +
            Listing(stack, "    inet 10.9.8.7/24\n") +
            "/etc/resolv.conf:\nnameserver 1.1.1.1\n", r.Stdout);
    }

    [Fact]
    public void NetconfigRunNativelyListsTheHostAndRefusesToConfigureIt()
    {
        var hostResolvConf = File.ReadAllBytes("/etc/resolv.conf");
        var netconfig = Fixtures.Sample("scarlet/netconfig");

        Assert.StartsWith("stack: the host's own\n", Run.Native([netconfig]).Stdout);
        var r = Run.Native([netconfig, "set", "10.9.8.7/24", "10.9.8.1", "9.9.9.9"]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("refusing to configure the host's own stack", r.Stderr);
        Assert.DoesNotContain("10.9.8.7", Run.Native(["ip", "-4", "addr"]).Stdout);
        Assert.Equal(hostResolvConf, File.ReadAllBytes("/etc/resolv.conf"));
    }
}
