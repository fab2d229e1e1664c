using System.Diagnostics;
using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>Nothing a tracee does (or suffers) crashes or hangs the supervisor or leaves anything behind.</summary>
public class FaultTests
{
    const long OpenAt = 257;

    [Fact]
    public void ATraceeKilledWhileWaitingInAnInterceptedCallEndsTheSessionCleanly()
    {
        const string script = """exec 3</net/local/stream; read -r id <&3; echo "bind killed$$ && listen" > /net/local/$id/ctl; echo $$; exec 4</net/local/$id/accept""";
        using var p = Run.StartBackground([Repo.VuosBinary, "run", "--", "bash", "-c", script]);
        var pid = p.StandardOutput.ReadLine()!;
        ProcessProbe.WaitUntilBlockedIn(int.Parse(pid), OpenAt);
        Run.Native(["kill", "-KILL", pid]);
        Assert.True(p.WaitForExit(10_000), "the supervisor did not end");
        Assert.Equal(128 + 9, p.ExitCode);
    }

    [Fact]
    public void ATraceeKilledInTheMiddleOfCreatingSocketsLeavesNoProcessBehind()
    {
        for (var round = 0; round < 5; round++)
        {
            using var p = Run.StartBackground([Repo.VuosBinary, "run", "--default", "lo", "--", Fixtures.Path("socket_storm")]);
            Assert.Equal("storming", p.StandardOutput.ReadLine());
            var storm = int.Parse(Run.Native(["pgrep", "-P", p.Id.ToString(), "-x", "socket_storm"]).Stdout.Trim());
            // Each round kills the storm later in its work: after it has spent round × 50 ms creating sockets.
            var worked = TimeSpan.FromMilliseconds(50 * round);
            ProcessProbe.WaitUntil(() => ProcessProbe.CpuTime(storm) >= worked, $"socket_storm busy for {worked.TotalMilliseconds} ms");
            Run.Native(["kill", "-KILL", storm.ToString()]);
            Assert.True(p.WaitForExit(10_000), $"round {round}: the supervisor did not end");
            Assert.Equal(128 + 9, p.ExitCode);
            Assert.NotEqual(0, Run.Native(["pgrep", "-P", p.Id.ToString()]).ExitCode);
        }
    }

    [Fact]
    public void AProgramThatClosesEveryDescriptorStillGetsSockets()
    {
        var r = Run.Vuos([Fixtures.Path("close_all")], ["--default", "lo"]);
        Assert.Equal("after closing everything: 50/50 sockets, connection made\n", r.Stdout);
    }

    [Fact]
    public void AKilledNamespaceHelperTakesItsStacksDownWithAClearMessage()
    {
        // IPv6 sockets come from the loopback stack, which the process does not live in: the helper makes them.
        const string make = "python3 -c 'import socket; socket.socket(socket.AF_INET6); print(\"socket made\")'";
        var script = $"{make}; pkill -KILL -P $PPID -x vuos-nshelper; {make} || echo 'no more sockets'";
        var r = Run.Vuos(["bash", "-c", script], ["--userns", "--default", "inet6:lo"], timeout: TimeSpan.FromSeconds(30));
        Assert.Equal("socket made\nno more sockets\n", r.Stdout);
        Assert.Contains("Network is down", r.Stderr);
        Assert.Contains("namespace helper (vuos-nshelper", r.Stderr);
    }

    [Fact]
    public void AKilledSupervisorTakesItsStacksWithIt()
    {
        const string printNamespace = "import socket, fcntl, os, time; s = socket.socket(); " +
            "print(os.readlink(f'/proc/self/fd/{fcntl.ioctl(s.fileno(), 0x894C)}'), flush=True); time.sleep(60)";
        using var p = Run.StartBackground([Repo.VuosBinary, "run", "--default", "slirp", "--", "python3", "-c", printNamespace]);
        var ns = p.StandardOutput.ReadLine()!;
        p.Kill();
        p.WaitForExit();
        var deadline = Stopwatch.StartNew();
        List<string> holders;
        do
        {
            holders = NamespaceHolders.Of(ns);
        }
        while (holders.Count > 0 && deadline.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Empty(holders);
    }

    [Fact]
    public void AFullDiskForTheLogFileDoesNotStopTheCommand()
    {
        var r = Run.Vuos(["bash", "-c", "echo still running; exit 3"], ["--trace", "-o", "/dev/full"]);
        Assert.Equal(3, r.ExitCode);
        Assert.Equal("still running\n", r.Stdout);
        Assert.Contains("No space left on device", r.Stderr);
    }

    [Fact]
    public void ASessionHoldsTenThousandSocketsInAStack()
    {
        const string program = """
            import socket
            held = []
            for i in range(10000):
                s = socket.socket(); s.bind(("127.0.0.1", 0)); held.append(s)
            print(len(held), "sockets bound in the stack")
            """;
        var r = Run.Vuos(["python3", "-c", program], ["--default", "lo"]);
        Assert.Equal("10000 sockets bound in the stack\n", r.Stdout);
    }
}
