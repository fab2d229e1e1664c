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
            string? body = null;
            for (var i = 0; i < 100 && body is null; i++)
            {
                var r = Run.Native(["curl", "-s", "-m", "2", $"http://127.0.0.1:{hostPort}/index.txt"]);
                body = r.ExitCode == 0 && r.Stdout.Length > 0 ? r.Stdout : null;
                Thread.Sleep(body is null ? 100 : 0);
            }
            Assert.Equal("served from inside the slirp stack\n", body);
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
        // resolv.conf names slirp's DNS forwarder, and a query sent to it gets an answer (NXDOMAIN here: no internet).
        const string query = """
            import socket, struct
            ns = [l.split()[1] for l in open("/etc/resolv.conf") if l.startswith("nameserver")][0]
            q = struct.pack(">HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0) + b"\x07example\x03com\x00" + struct.pack(">HH", 1, 1)
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(5); s.sendto(q, (ns, 53))
            r, _ = s.recvfrom(512)
            print(ns, "answered" if r[:2] == b"\x12\x34" else "garbled")
            """;
        var r = Run.Vuos(["python3", "-c", query], ["--default", "slirp"]);
        Assert.Equal("10.0.2.3 answered\n", r.Stdout);
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
