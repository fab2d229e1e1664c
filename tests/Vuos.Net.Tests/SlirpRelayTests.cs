using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Vuos.Net.Interop;
using Vuos.Net.Stacks.Slirp;
using Vuos.Net.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Vuos.Net.Tests;

/// <summary>
/// The `slirp` stack's link: a tap in a network namespace relayed to libslirp in the test process. Programs run
/// in the namespace with `ip netns exec`, so these tests need root but not the supervisor.
/// </summary>
public class SlirpRelayTests(ITestOutputHelper output)
{
    // ---- SlirpOptions.Parse ----

    [Fact]
    public void EmptyOptionsGiveQemusNetwork()
    {
        var o = SlirpOptions.Parse("");
        Assert.Equal(IPAddress.Parse("10.0.2.2"), o.Gateway);
        Assert.Equal(IPAddress.Parse("10.0.2.3"), o.Dns);
        Assert.Equal(IPAddress.Parse("10.0.2.15"), o.Guest);
        Assert.Equal(65520, o.Mtu);
        Assert.False(o.DisableHostLoopback);
        Assert.Empty(o.HostForwards);
    }

    [Theory]
    [InlineData("hostfwd=tcp:8080:80", false, "0.0.0.0", 8080, "10.0.2.15", 80)]
    [InlineData("hostfwd=udp:5353:53", true, "0.0.0.0", 5353, "10.0.2.15", 53)]
    [InlineData("hostfwd=tcp:127.0.0.1:2222:22", false, "127.0.0.1", 2222, "10.0.2.15", 22)]
    [InlineData("hostfwd=tcp:127.0.0.1:2222-10.0.2.100:22", false, "127.0.0.1", 2222, "10.0.2.100", 22)]
    [InlineData("hostfwd=udp::6000-:7000", true, "0.0.0.0", 6000, "10.0.2.15", 7000)]
    [InlineData(" hostfwd=tcp:1:65535 ", false, "0.0.0.0", 1, "10.0.2.15", 65535)]
    public void HostForwardFormsParse(string text, bool udp, string hostAddress, int hostPort, string guestAddress, int guestPort)
    {
        var forward = Assert.Single(SlirpOptions.Parse(text).HostForwards);
        Assert.Equal(new HostForward(udp, IPAddress.Parse(hostAddress), hostPort, IPAddress.Parse(guestAddress), guestPort), forward);
    }

    [Fact]
    public void OptionsCombine()
    {
        var o = SlirpOptions.Parse("hostfwd=tcp:8080:80,mtu=1500,hostfwd=udp:127.0.0.1:5353:53,dns=10.0.2.53,no-host-loopback");
        Assert.Equal(2, o.HostForwards.Count);
        Assert.True(o.HostForwards[1].Udp);
        Assert.Equal(1500, o.Mtu);
        Assert.Equal(IPAddress.Parse("10.0.2.53"), o.Dns);
        Assert.True(o.DisableHostLoopback);
    }

    [Theory]
    [InlineData("mtu=575", "'mtu=575'")]
    [InlineData("mtu=65522", "'mtu=65522'")]
    [InlineData("mtu=big", "'mtu=big'")]
    [InlineData("mtu", "'mtu'")]
    [InlineData("dns=10.0.3.3", "'dns=10.0.3.3'")]
    [InlineData("dns=10.0.2.2", "'dns=10.0.2.2'")]
    [InlineData("dns=nameserver", "'dns=nameserver'")]
    [InlineData("no-host-loopback=1", "'no-host-loopback=1'")]
    [InlineData("restrict=on", "'restrict=on'")]
    [InlineData("mtu=1500,,no-host-loopback", "empty option")]
    [InlineData("hostfwd", "'hostfwd'")]
    [InlineData("hostfwd=sctp:80:80", "protocol 'sctp'")]
    [InlineData("hostfwd=tcp:80", "'hostfwd=tcp:80'")]
    [InlineData("hostfwd=tcp:0:80", "host port '0'")]
    [InlineData("hostfwd=tcp:8080:65536", "guest port '65536'")]
    [InlineData("hostfwd=tcp:localhost:8080:80", "host address 'localhost'")]
    [InlineData("hostfwd=tcp:127.1:8080:80", "host address '127.1'")]
    [InlineData("hostfwd=tcp:[::1]:8080-:80", "IPv6")]
    [InlineData("hostfwd=tcp::8080-192.168.1.5:80", "outside 10.0.2.0/24")]
    [InlineData("hostfwd=tcp:8080:80,hostfwd=tcp:8080:81", "forwarded twice")]
    public void BadOptionsAreRejectedByName(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => SlirpOptions.Parse(text));
        Assert.StartsWith("slirp: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    // ---- the native layout, against offsetof() from <slirp/libslirp.h> 4.7 on x86-64 ----

    [Theory]
    [InlineData(nameof(SlirpConfig.InEnabled), 8)]
    [InlineData(nameof(SlirpConfig.VPrefixAddr6), 28)]
    [InlineData(nameof(SlirpConfig.VPrefixLength), 44)]
    [InlineData(nameof(SlirpConfig.VHostName), 64)]
    [InlineData(nameof(SlirpConfig.VDhcpStart), 96)]
    [InlineData(nameof(SlirpConfig.VNameserver6), 104)]
    [InlineData(nameof(SlirpConfig.IfMtu), 136)]
    [InlineData(nameof(SlirpConfig.DisableHostLoopback), 152)]
    [InlineData(nameof(SlirpConfig.OutboundAddr), 160)]
    [InlineData(nameof(SlirpConfig.DisableDhcp), 177)]
    public void SlirpConfigMatchesTheCLayout(string field, int offset)
    {
        Assert.Equal(184, Marshal.SizeOf<SlirpConfig>());
        Assert.Equal(offset, (int)Marshal.OffsetOf<SlirpConfig>(field));
    }

    [Fact]
    public unsafe void SlirpCbMatchesTheCLayout()
    {
        Assert.Equal(88, sizeof(SlirpCb));
        Assert.Equal(80, (int)Marshal.OffsetOf<SlirpCb>(nameof(SlirpCb.TimerNewOpaque)));
        Assert.StartsWith("4.", LibSlirp.VersionString);
    }

    // ---- relaying, with programs in a namespace ----

    [Theory]
    [InlineData(65520)]
    [InlineData(1500)]
    public void AProgramInTheStackReachesAHostServerThroughTheGateway(int mtu)
    {
        // Large enough for many full-size frames in both directions, so batching and fragment-free MTUs matter.
        var body = Convert.ToHexString(RandomNumberGenerator.GetBytes(2 << 20));
        using var server = new HttpFixtureServer(body);
        using var stack = StartStack($"mtu={mtu}", mtu);

        var r = stack.Namespace.Exec(["curl", "-s", "--max-time", "20", $"http://10.0.2.2:{server.Port}/file"]);

        Assert.True(r.ExitCode == 0, r.ToString()[..Math.Min(2000, r.ToString().Length)]);
        Assert.Equal(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(body)), SHA256.HashData(r.StdoutBytes));
    }

    [Fact]
    public async Task OverIpv6TheStackConfiguresItselfFromSlirpAndReachesHostLoopbackThroughFd00_2()
    {
        using var listener = new TcpListener(IPAddress.IPv6Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = listener.AcceptTcpClientAsync();
        using var stack = StartStack("");

        // slirp's router advertisement gives the namespace an fd00::/64 address (SLAAC, then duplicate detection).
        var script = $"for i in $(seq 100); do ip -6 addr show dev eth0 scope global | grep -q 'fd00::' && " +
            $"! ip -6 addr show dev eth0 | grep -q tentative && exec python3 -c \"import socket; " +
            $"s = socket.create_connection(('fd00::2', {port}), 10); s.sendall(b'over six'); s.close()\"; sleep 0.1; done; exit 9";
        var r = stack.Namespace.Exec(["bash", "-c", script], TimeSpan.FromSeconds(40));

        Assert.True(r.ExitCode == 0, r.ToString() + stack.Namespace.Exec(["ip", "-6", "addr"]).Stdout);
        using var client = await accepted.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("over six", await new StreamReader(client.GetStream()).ReadToEndAsync());
    }

    [Fact]
    public void NoHostLoopbackStopsTheGatewayFromReachingHostLoopback()
    {
        using var server = new HttpFixtureServer("secret");
        using var stack = StartStack("no-host-loopback");

        var r = stack.Namespace.Exec(["curl", "-s", "--max-time", "10", $"http://10.0.2.2:{server.Port}/"]);

        output.WriteLine(r.ToString());
        Assert.NotEqual(0, r.ExitCode);
        Assert.DoesNotContain("secret", r.Stdout);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public void AHostForwardMakesAServerInsideTheStackReachableFromTheHost()
    {
        var hostPort = FreeTcpPort();
        using var stack = StartStack($"hostfwd=tcp:127.0.0.1:{hostPort}:8080");
        var root = Directory.CreateTempSubdirectory("vuos-slirp-www-");
        var token = Guid.NewGuid().ToString();
        File.WriteAllText(Path.Combine(root.FullName, "token.txt"), token);
        using var web = stack.Namespace.StartBackground(
            ["python3", "-m", "http.server", "8080", "--bind", "10.0.2.15", "--directory", root.FullName]);
        try
        {
            // slirp accepts on the host at once and resets the connection until the server inside listens, which
            // it does once it waits for requests in poll(2) (`ip netns exec` runs it in its own process).
            ProcessProbe.WaitUntil(() => ProcessProbe.Descendants(web.Id).Append(web.Id).Any(pid => ProcessProbe.BlockedSyscalls(pid).Contains(7 /* poll */)),
                "the web server in the namespace waiting for requests");
            var r = Run.Native(["curl", "-s", "--max-time", "10", $"http://127.0.0.1:{hostPort}/token.txt"]);

            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Equal(token, r.Stdout);
        }
        finally
        {
            web.Kill(entireProcessTree: true);
            web.WaitForExit();
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void AHostForwardOnAPortInUseFailsWithAClearError()
    {
        using var blocker = new TcpListener(IPAddress.Any, 0);
        blocker.Start();
        var busy = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var free = FreeTcpPort();
        var (ns, tap) = SlirpTestNamespace.Create();
        using var _ = ns;
        using var relay = new SlirpRelay(SlirpOptions.Parse($"hostfwd=tcp:{free}:80,hostfwd=tcp:{busy}:8080"), tap, Logger());

        var e = Assert.Throws<InvalidOperationException>(relay.Start);

        Assert.Equal($"slirp: cannot forward tcp port {busy}: Address already in use", e.Message);
        // The instance is gone, and with it the forward that had been installed before the failing one.
        using var reuse = new TcpListener(IPAddress.Any, free);
        reuse.Start();
    }

    // ---- helpers ----

    sealed class Stack(SlirpTestNamespace ns, SlirpRelay relay) : IDisposable
    {
        public SlirpTestNamespace Namespace => ns;

        public void Dispose()
        {
            relay.Dispose();
            ns.Dispose();
        }
    }

    Stack StartStack(string options, int mtu = 65520)
    {
        var (ns, tap) = SlirpTestNamespace.Create(mtu);
        SlirpRelay? relay = null;
        try
        {
            relay = new SlirpRelay(SlirpOptions.Parse(options), tap, Logger());
            relay.Start();
            return new Stack(ns, relay);
        }
        catch
        {
            if (relay is null)
            {
                tap.Dispose();
            }
            relay?.Dispose();
            ns.Dispose();
            throw;
        }
    }

    static int FreeTcpPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    Serilog.ILogger Logger() => new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(new TestOutputSink(output)).CreateLogger();

    sealed class TestOutputSink(ITestOutputHelper output) : ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
            try
            {
                output.WriteLine($"{logEvent.Level}: {logEvent.RenderMessage()}{(logEvent.Exception is null ? "" : "\n" + logEvent.Exception)}");
            }
            catch (InvalidOperationException)
            {
                // The relay thread can log after the test has finished; xunit refuses output then.
            }
        }
    }
}
