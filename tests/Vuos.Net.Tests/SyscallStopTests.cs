using System.Text.RegularExpressions;
using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>Only declared syscalls stop a tracee: the supervisor costs nothing where it does not intervene.</summary>
public class SyscallStopTests
{
    [Fact]
    public void UndeclaredSyscallCausesNoStop()
    {
        // The loader's file calls are declared (stack paths, resolv.conf); 200k getppid calls add nothing to them.
        var few = Run.Vuos([Fixtures.Path("getppid_loop"), "10"], ["--stats"]);
        var many = Run.Vuos([Fixtures.Path("getppid_loop"), "200000"], ["--stats"]);
        Assert.Equal("200000\n", many.Stdout);
        foreach (var counter in new[] { "seccomp-stops", "exit-stops", "notifications", "signal-stops" })
        {
            Assert.Equal(Stats.Get(few, counter), Stats.Get(many, counter));
        }
        Assert.Equal(0, Stats.Get(many, "seccomp-stops"));
        Assert.InRange(Stats.Get(many, "notifications"), 0, 20);
    }

    [Fact]
    public void FstatOfADescriptorCausesNoNotificationWhileStatOfAStackPathIsStillAnswered()
    {
        // fstat and statx(fd, "", AT_EMPTY_PATH) name no path the hooks could care about: the filter lets them run.
        var few = Run.Vuos([Fixtures.Path("fstat_loop"), "10"], ["--stats"]);
        var many = Run.Vuos([Fixtures.Path("fstat_loop"), "20000"], ["--stats"]);
        Assert.Equal("20000 160000\n", many.Stdout); // S_IFSTACK
        Assert.Equal(Stats.Get(few, "notifications"), Stats.Get(many, "notifications"));

        var traced = Run.Vuos([Fixtures.Path("fstat_loop"), "3"], ["--trace=stat"]);
        // The log still shows them: a call the log shows stops whatever the filter would let through.
        Assert.Equal(3, Regex.Matches(traced.Stderr, @"statx\(1, """", AT_STATX_SYNC_AS_STAT\|AT_EMPTY_PATH, .*\) = 0").Count);
    }

    [Fact]
    public void TracingOneClassStopsOnlyOnThatClass()
    {
        // 200k getppid calls and a handful of network calls: only the network calls stop.
        var r = Run.Vuos(["bash", "-c", $"{Fixtures.Path("getppid_loop")} 200000; exec 3<>/dev/tcp/127.0.0.1/1 || true"],
            ["--stats", "--trace=network"]);
        Assert.Equal("200000\n", r.Stdout);
        var stops = Stats.Get(r, "seccomp-stops");
        Assert.InRange(stops, 1, 50);
        Assert.Contains("connect(", r.Stderr);
    }

    [Fact]
    public void TracingEverythingStopsOnEverySyscall()
    {
        var r = Run.Vuos([Fixtures.Path("getppid_loop"), "1000"], ["--stats", "--trace", "-o", "/dev/null"]);
        Assert.Equal("1000\n", r.Stdout);
        Assert.InRange(Stats.Get(r, "seccomp-stops"), 1000, 2000);
    }

    [Theory]
    [InlineData("lo")]
    [InlineData("host")]
    public void SocketsOfTheStackAProcessLivesInAreMadeWithoutAStop(string stack)
    {
        // The program runs inside its default stack's namespace: the kernel makes those sockets on its own.
        var few = Run.Vuos([Fixtures.Path("socket_loop"), "10"], ["--stats", "--default", stack]);
        var many = Run.Vuos([Fixtures.Path("socket_loop"), "5000"], ["--stats", "--default", stack]);
        Assert.Equal("5000\n", many.Stdout);
        Assert.Equal(Stats.Get(few, "notifications"), Stats.Get(many, "notifications"));
        Assert.Equal(0, Stats.Get(many, "injected-fds"));
    }

    [Fact]
    public void SocketsOfAnotherStackStillGoThroughTheSupervisor()
    {
        // inet lives in lo, unix stays on the host: every unix socketpair is made by the supervisor and injected.
        var r = Run.Vuos([Fixtures.Path("socket_loop"), "500", "unix"], ["--stats", "--default", "inet:lo"]);
        Assert.Equal("500\n", r.Stdout);
        Assert.Equal(500, Stats.Get(r, "injected-fds"));
    }
}
