using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>The xv6 localhost port API (seed 003): the Linux socktest sample, every error code, signals, and life outside vuos.</summary>
public class Xv6Tests
{
    static List<string> Lines(RunResult r) => [.. r.Stdout.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    [Fact]
    public void SocktestEchoesPipedLinesWithOkAppended()
    {
        var r = Run.Vuos([Fixtures.Sample("xv6/socktest"), "10"], ["--default", "lo"], stdin: "hello\nworld\n");
        Assert.Equal(0, r.ExitCode);
        var lines = Lines(r);
        Assert.Equal([
            "Server>> Starting to listen at port 10 ...", "Server>> listen() returned 0",
            "Server>> Received: \"hello\"", "Server>> Received: \"world\"", "Server>> Received: \"exit\"", "Server exiting...",
        ], lines.Where(l => l.StartsWith("Server", StringComparison.Ordinal)));
        Assert.Equal([
            "Client>> Attempting to connect to port 10, host localhost ...", "Client>> connect() returned a local port",
            "Client>> Received: \"hello OK\"", "Client>> Received: \"world OK\"", "Client exiting...",
        ], lines.Where(l => l.StartsWith("Client", StringComparison.Ordinal) && !l.Contains("Enter text")));
    }

    [Fact]
    public void EveryErrorCodeOfTheKernelIsReturnedWhereItSays()
    {
        var r = Run.Vuos([Fixtures.Path("xv6_errors"), "40"]);
        Assert.Equal(0, r.ExitCode);
        // Client and server print concurrently: compare the lines, not their interleaving.
        Assert.Equal("""
            send on an unused port: -1025
            connect to another host: -1029
            connect to "local", a prefix of localhost: -1029
            connect to "127": -1029
            connect to "": -1029
            connect with a bad pointer: -1
            send from a bad pointer: -1
            connect to a port nobody listens on: -1025
            second client of a one-client server: -1027
            listen on a port in use: -1026
            send: 0
            recv into a bad pointer: -1
            send n=3 bytes: 0
            recv of the message kept: 0
            it is "kept"
            disconnect: 0
            send took n from its third argument: "abc"
            send after disconnect: -1025
            recv from another process: -1026
            disconnect from another process: -1026
            send on a port that still listens: -1027
            disconnect it: 0
            """.Split('\n').Order(), Lines(r).Order());
    }

    [Fact]
    public void CtrlCInterruptsAListenThatWaits()
    {
        using var p = Run.StartBackground(["setsid", Repo.VuosBinary, "run", "--", Fixtures.Path("xv6_echo_server"), "7"]);
        Assert.Equal("listening", p.StandardOutput.ReadLine());
        ProcessProbe.WaitUntilDescendantBlockedIn(p.Id, "xv6_echo_server", -16 /* xv6_listen */);
        Run.Native(["kill", "-INT", "--", $"-{p.Id}"]);
        Assert.True(p.WaitForExit(10_000));
        Assert.Equal(130, p.ExitCode);
    }

    [Fact]
    public void OutsideTheSupervisorTheCallsAreEnosys()
    {
        var r = Run.Native([Fixtures.Path("xv6_errors"), "40"]);
        Assert.StartsWith("send on an unused port: -38\n", r.Stdout);
    }
}
