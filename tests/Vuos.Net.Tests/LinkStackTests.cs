using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>tap and vde stacks carry traffic to a host TAP interface and between sessions on a VDE switch.</summary>
public class LinkStackTests
{
    [Fact]
    public void TapStackTalksToTheHostThroughAHostTapInterface()
    {
        var net = Random.Shared.Next(100, 200);
        using var tap = new HostTap($"10.{net}.0.1/24");
        using var server = new HttpFixtureServer("over the host tap\n");
        // The fixture server listens on 127.0.0.1; socat on the host side of the tap forwards to it.
        var port = FreePort.Tcp();
        using var forward = Run.StartBackground(["socat", $"TCP-LISTEN:{port},bind=10.{net}.0.1,reuseaddr,fork", $"TCP:127.0.0.1:{server.Port}"]);
        try
        {
            var script = $"ip -4 -o addr show eth0; ping -c 1 -W 3 10.{net}.0.1 >/dev/null && echo ping-ok; " +
                $"for i in $(seq 50); do curl -s -m 3 http://10.{net}.0.1:{port}/ && break; sleep 0.1; done";
            var r = Run.Vuos(["bash", "-c", script],
                ["--stack", $"/dev/net/t=tap:{tap.Name},ip=10.{net}.0.2/24,gw=10.{net}.0.1", "--default", "/dev/net/t"]);
            Assert.Contains($"inet 10.{net}.0.2/24", r.Stdout);
            Assert.Contains("ping-ok\n", r.Stdout);
            Assert.EndsWith("over the host tap\n", r.Stdout);
        }
        finally
        {
            forward.Kill();
        }
    }

    [Fact]
    public void TapStackOnAMissingInterfaceSaysSo()
    {
        var r = Run.Vuos(["curl", "-s", "-m", "2", "http://10.9.9.9/"], ["--stack", "/dev/net/t=tap:nosuchtap0,ip=10.9.9.2/24", "--default", "/dev/net/t"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("no host interface named nosuchtap0", r.Stderr);
    }

    [Fact]
    public void TwoSessionsOnAVdeSwitchExchangeData()
    {
        using var sw = new VdeSwitch();
        var received = Path.Combine(Directory.CreateTempSubdirectory("vuos-vde-").FullName, "received");
        using var server = Run.StartBackground([Repo.VuosBinary, "run", "--stack", $"/dev/net/v=vde://{sw.Path},ip=10.79.0.2/24",
            "--default", "/dev/net/v", "--", "socat", "-u", "TCP-LISTEN:7000,reuseaddr", $"CREATE:{received}"]);
        try
        {
            var script = "ping -c 1 -W 3 10.79.0.2 >/dev/null && echo ping-ok; " +
                "for i in $(seq 100); do echo hello-over-vde | socat -u - TCP:10.79.0.2:7000 2>/dev/null && break; sleep 0.1; done";
            var client = Run.Vuos(["bash", "-c", script], ["--stack", $"/dev/net/v=vde://{sw.Path},ip=10.79.0.3/24", "--default", "v"]);
            Assert.Equal("ping-ok\n", client.Stdout);
            Assert.True(server.WaitForExit(10_000));
            Assert.Equal("hello-over-vde\n", File.ReadAllText(received));
        }
        finally
        {
            server.Kill();
        }
    }
}
