using System.Text.RegularExpressions;
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

    [Fact]
    public void StatOfResolvConfDescribesTheStacksFileSoGlibcReadsItOnce()
    {
        // glibc compares stat of the path with fstat of what it read to know whether resolv.conf changed; a stat
        // showing the host's file would make every lookup read it again.
        const string lookups = "import socket\nfor _ in range(3):\n    try: socket.getaddrinfo('vuos-test.invalid', 80)\n    except OSError: pass";
        var r = Run.Vuos(["python3", "-c", lookups], ["--default", "lo", "--trace=open,openat"]);
        Assert.Single(Regex.Matches(r.Stderr, @"open(at)?\(.*""/etc/resolv.conf"""));

        const string compare = "import os\ns = os.stat('/etc/resolv.conf')\nf = open('/etc/resolv.conf', 'rb'); data = f.read(); t = os.fstat(f.fileno())\n" +
            "print(s.st_size == len(data), (s.st_ino, s.st_dev, s.st_mtime_ns, s.st_mode) == (t.st_ino, t.st_dev, t.st_mtime_ns, t.st_mode))";
        Assert.Equal("True True\n", Run.Vuos(["python3", "-c", compare], ["--default", "lo"]).Stdout);
    }
}
