using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>The loopback stack: programs talk inside it, and nothing outside it is reachable.</summary>
public class LoopbackStackTests
{
    [Fact]
    public void PythonServerAndCurlClientTalkInsideTheStack()
    {
        var dir = Directory.CreateTempSubdirectory("vuos-www-").FullName;
        File.WriteAllText(Path.Combine(dir, "page.txt"), "served inside the loopback stack\n");
        var script = $"python3 -m http.server 8000 --bind 127.0.0.1 --directory {dir} >/dev/null 2>&1 & " +
            "for i in $(seq 100); do curl -s -o /dev/null http://127.0.0.1:8000/ && break; sleep 0.05; done; " +
            "curl -s http://127.0.0.1:8000/page.txt; kill %1";
        var r = Run.Vuos(["bash", "-c", script], ["--default", "/dev/net/lo"]);
        Assert.Equal("served inside the loopback stack\n", r.Stdout);
    }

    [Fact]
    public void SocatPairTalksInsideTheStack()
    {
        var script = "socat TCP-LISTEN:9000,bind=127.0.0.1,reuseaddr,fork SYSTEM:'echo reply-from-socat' & " +
            "for i in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/9000) 2>/dev/null && break; sleep 0.05; done; " +
            "socat -T2 - TCP:127.0.0.1:9000 </dev/null; kill %1";
        var r = Run.Vuos(["bash", "-c", script], ["--default", "lo"]);
        Assert.Equal("reply-from-socat\n", r.Stdout);
    }

    [Fact]
    public void HostListenerOn127IsNotReachableFromTheLoopbackStack()
    {
        using var server = new HttpFixtureServer("host only\n");
        Assert.Equal("host only\n", Run.Native(["curl", "-s", server.Url]).Stdout);
        var r = Run.Vuos(["curl", "-s", "-m", "5", server.Url], ["--default", "/dev/net/lo"]);
        Assert.Equal(7, r.ExitCode); // curl: couldn't connect
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public void TheSamePortIsBoundOnTheHostAndInTheStackAtOnce()
    {
        using var server = new HttpFixtureServer("host side\n");
        var script = $"python3 -c \"import socket; s=socket.socket(); s.bind(('127.0.0.1', {server.Port})); s.listen(); print('bound in the stack')\"";
        var r = Run.Vuos(["bash", "-c", script], ["--default", "lo"]);
        Assert.Equal("bound in the stack\n", r.Stdout);
    }

    [Fact]
    public void OneProcessHoldsSocketsOfTwoStacks()
    {
        var r = Run.Vuos([Fixtures.Path("two_stacks"), FreePort.Tcp().ToString()]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("same port bound in both stacks\n" +
            "connect via /dev/net/lo reached the loopback-stack listener\n" +
            "connect via /dev/net/host reached the host listener\n", r.Stdout);
    }

    [Fact]
    public void UnixAbstractNamesAreScopedToTheStack()
    {
        // An abstract socket bound on the host is invisible to a process whose unix default is the stack.
        const string server = "import socket,time; s=socket.socket(socket.AF_UNIX); s.bind('\\0vuos-abstract-test'); s.listen(); print('ready', flush=True); time.sleep(20)";
        using var host = Run.StartBackground(["python3", "-c", server]);
        Assert.Equal("ready", host.StandardOutput.ReadLine());
        const string client = "import socket; s=socket.socket(socket.AF_UNIX); print(s.connect_ex('\\0vuos-abstract-test'))";
        try
        {
            Assert.Equal("0\n", Run.Native(["python3", "-c", client]).Stdout);
            Assert.Equal("111\n", Run.Vuos(["python3", "-c", client], ["--default", "unix:lo"]).Stdout);
        }
        finally
        {
            host.Kill();
        }
    }
}
