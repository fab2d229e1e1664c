using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>The slirp stack: NAT to the host network through libslirp, host forwards, the stack's own DNS.</summary>
public class SlirpStackTests
{
    [Fact]
    public void CurlReachesAHostServerThroughTheGateway()
    {
        using var server = new HttpFixtureServer("hello through slirp\n");
        var r = Run.Vuos(["curl", "-s", "-m", "10", $"http://10.0.2.2:{server.Port}/"], ["--default", "/dev/net/slirp"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("hello through slirp\n", r.Stdout);
    }

    [Fact]
    public void StackIsConfiguredAsSlirp4netnsDoes()
    {
        // ip asks the stack over netlink (/sys/class/net would show the host: sysfs belongs to the namespace that mounted it).
        var r = Run.Vuos(["bash", "-c", "ip -4 -o addr show eth0; ip route; ip -o link show eth0"], ["--default", "slirp"]);
        Assert.Contains("inet 10.0.2.15/24", r.Stdout);
        Assert.Contains("default via 10.0.2.2 dev eth0", r.Stdout);
        Assert.Contains("mtu 65520", r.Stdout);
    }

    [Fact]
    public void NoHostLoopbackKeepsTheHostsLocalhostOutOfReach()
    {
        using var server = new HttpFixtureServer("must not be reached\n");
        var r = Run.Vuos(["curl", "-s", "-m", "5", $"http://10.0.2.2:{server.Port}/"],
            ["--stack", "/dev/net/nat=slirp:no-host-loopback", "--default", "/dev/net/nat"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public void HostForwardMakesAServerInsideTheStackReachableFromTheHost()
    {
        var hostPort = FreePort.Tcp();
        var dir = Directory.CreateTempSubdirectory("vuos-fwd-").FullName;
        File.WriteAllText(Path.Combine(dir, "index.txt"), "served from inside the slirp stack\n");
        using var session = Run.StartBackground([Repo.VuosBinary, "run", "--stack", $"/dev/net/nat=slirp:hostfwd=tcp:{hostPort}:8000",
            "--default", "/dev/net/nat", "--", "python3", "-m", "http.server", "8000", "--directory", dir]);
        try
        {
            // The server listens once it waits for requests in poll(2); the forward reaches it at the first try.
            ProcessProbe.WaitUntilDescendantBlockedIn(session.Id, "python3", 7 /* poll */);
            var r = Run.Native(["curl", "-s", "-m", "10", $"http://127.0.0.1:{hostPort}/index.txt"]);
            Assert.Equal("served from inside the slirp stack\n", r.Stdout);
        }
        finally
        {
            session.Kill();
            session.WaitForExit();
        }
    }

    [Fact]
    public void HostForwardOnAPortInUseIsAClearError()
    {
        using var busy = new HttpFixtureServer("busy\n");
        var r = Run.Vuos(["curl", "-s", "-m", "2", "http://10.0.2.2:1/"],
            ["--stack", $"/dev/net/nat=slirp:hostfwd=tcp:127.0.0.1:{busy.Port}:80", "--default", "/dev/net/nat"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains($"{busy.Port}", r.Stderr);
        Assert.Contains("Address already in use", r.Stderr);
    }

    [Fact]
    public void NameLookupsUseTheStacksDns()
    {
        // The resolver reads the stack's resolv.conf and queries slirp's forwarder at 10.0.2.3 (what the host's
        // resolver then answers is the host's business: the test does not depend on it).
        var r = Run.Vuos(["python3", "-c", "import socket\ntry: socket.getaddrinfo('vuos-test.invalid', 80)\nexcept OSError: pass"],
            ["--default", "slirp", "--trace=connect,sendto,sendmmsg"]);
        Assert.Matches(@"sin_port=htons\(53\), sin_addr=inet_addr\(""10\.0\.2\.3""\)", r.Stderr);
        var conf = Run.Vuos(["cat", "/etc/resolv.conf"], ["--default", "slirp"]);
        Assert.Contains("nameserver 10.0.2.3", conf.Stdout);
        Assert.DoesNotContain("nameserver 10.0.2.3", Run.Vuos(["cat", "/etc/resolv.conf"]).Stdout);
    }

    [Fact]
    public void BadSlirpOptionFailsAtStartWithTheOptionNamed()
    {
        var r = Run.Vuos(["true"], ["--stack", "/dev/net/nat=slirp:mtu=12"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("mtu", r.Stderr);
    }
}
