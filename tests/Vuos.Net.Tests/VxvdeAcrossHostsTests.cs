using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// A VXVDE network joins sessions on different machines: two simulated hosts (network namespaces joined by a
/// veth, multicast routed over it) each run a session on vxvde://GROUP, and an HTTP client in one reaches a
/// server in the other at the stacks' own addresses, which neither host's network has.
/// </summary>
public class VxvdeAcrossHostsTests
{
    [Fact]
    public void AClientSessionOnOneHostReachesAServerSessionOnAnotherOverVxvde()
    {
        using var hostA = new TestNetns("vuos-vxa");
        using var hostB = new TestNetns("vuos-vxb");
        var veth = $"vx{Random.Shared.Next(100000, 999999)}";
        hostA.Ip("link", "add", veth + "a", "type", "veth", "peer", "name", veth + "b", "netns", hostB.Name);
        hostA.Ip("addr", "add", "192.168.77.1/24", "dev", veth + "a");
        hostB.Ip("addr", "add", "192.168.77.2/24", "dev", veth + "b");
        foreach (var (host, dev) in new[] { (hostA, veth + "a"), (hostB, veth + "b") })
        {
            host.Ip("link", "set", "lo", "up");
            host.Ip("link", "set", dev, "up");
            host.Ip("route", "add", "224.0.0.0/4", "dev", dev);
        }
        var group = $"239.{Random.Shared.Next(1, 250)}.{Random.Shared.Next(1, 250)}.{Random.Shared.Next(1, 250)}";

        // Natively, neither host has the stacks' network: the server's address is unreachable from host B.
        var native = hostB.Exec("curl", "-s", "-m", "2", "-o", "/dev/null", "-w", "%{http_code}", "http://10.88.0.1:8000/");
        Assert.NotEqual(0, native.ExitCode);

        var www = Directory.CreateTempSubdirectory("vuos-vxvde-").FullName;
        File.WriteAllText(Path.Combine(www, "hello.txt"), "across hosts\n");
        File.WriteAllBytes(Path.Combine(www, "big.bin"), new byte[300_000]); // full-size frames: the MTU must fit the encapsulation
        using var server = Run.StartBackground(["ip", "netns", "exec", hostA.Name, Repo.VuosBinary, "run",
            "--stack", $"/dev/net/v=vxvde://{group},ip=10.88.0.1/24", "--default", "/dev/net/v", "--",
            "python3", "-u", "-m", "http.server", "--bind", "10.88.0.1", "--directory", www, "8000"]);
        try
        {
            Assert.StartsWith("Serving HTTP", server.StandardOutput.ReadLine());
            var client = hostB.Exec(Repo.VuosBinary, "run", "--stack", $"/dev/net/v=vxvde://{group},ip=10.88.0.2/24", "--default", "/dev/net/v",
                "--", "sh", "-c", "curl -s -m 20 http://10.88.0.1:8000/hello.txt && curl -s -m 20 http://10.88.0.1:8000/big.bin | wc -c");
            Assert.True(client.ExitCode == 0, client.ToString());
            Assert.Equal("across hosts\n300000\n", client.Stdout);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
            Directory.Delete(www, recursive: true);
        }
    }
}
