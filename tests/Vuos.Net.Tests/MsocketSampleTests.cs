using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>The msocket samples (samples/msocket), built and run as their headers say.</summary>
public class MsocketSampleTests
{
    [Fact]
    public void GatewayLetsTheLoopbackStackReachExactlyOneHostService()
    {
        using var server = new HttpFixtureServer("host service through the gateway\n");
        var gateway = Fixtures.Sample("msocket/gateway");
        var script = $"{gateway} /dev/net/lo 8080 /dev/net/host 127.0.0.1 {server.Port} & " +
            "for i in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null && break; sleep 0.05; done; " +
            $"curl -s http://127.0.0.1:8080/; curl -s -m 2 http://127.0.0.1:{server.Port}/ || echo direct-refused; kill %1";
        var r = Run.Vuos(["bash", "-c", script], ["--default", "lo"]);
        Assert.Equal($"gateway: /dev/net/lo port 8080 -> 127.0.0.1:{server.Port} through /dev/net/host\n" +
            "host service through the gateway\ndirect-refused\n", r.Stdout);
    }

    [Fact]
    public void MynetExampleOpensASocketOfTheNamedStack()
    {
        var r = Run.Vuos([Fixtures.Sample("msocket/mynet")], ["--stack", "/dev/net/mynet=loopback", "--stack", "/dev/net/host=host"]);
        Assert.Equal("a TCP socket of /dev/net/mynet: connect to 10.0.2.2 says Network is unreachable\n" +
            "a UDP socket of /dev/net/host: created\n", r.Stdout);
    }

    [Fact]
    public void TopnetExampleMakesSocketUseTheDefaultStack()
    {
        using var host = new HttpFixtureServer("taken on the host\n");
        var r = Run.Vuos([Fixtures.Sample("msocket/topnet"), host.Port.ToString()], ["--stack", "/dev/net/topnet=loopback"]);
        Assert.Equal($"socket() came from topnet: listening on 127.0.0.1:{host.Port} there\n", r.Stdout);
    }
}
