using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>The xv6 localhost port API (seed 003): socktest, every error code, and plain TCP clients.</summary>
public class Xv6Tests
{
    [Fact]
    public void SocktestEchoesPipedLinesWithOkAppended()
    {
        var r = Run.Vuos([Fixtures.Sample("xv6/socktest"), "10"], ["--default", "lo"], stdin: "hello\nworld\n");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
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
    public void EveryErrorCodeOfTheSeedIsReturnedWhereItSays()
    {
        var r = Run.Vuos([Fixtures.Path("xv6_errors"), FreePort.Tcp().ToString()], ["--default", "lo"]);
        // Client and server print concurrently: compare the lines, not their interleaving.
        Assert.Equal("""
            send on an unused port: -1025
            connect to another host: -1029
            connect with a bad pointer: -1029
            connect to a port nobody listens on: -1025
            listen on port 0: -1029
            second client of a one-client server: -1027
            listen on a port in use: -1026
            send: 0
            recv from another process: -1026
            disconnect: 0
            send after disconnect: -1025
            server recv after the client left: -1030
            """.Split('\n').Order(), r.Stdout.TrimEnd('\n').Split('\n').Order());
    }

    [Fact]
    public void APlainTcpClientTalksToAnXv6Server()
    {
        var port = FreePort.Tcp();
        var client = $"import socket, time\nfor i in range(100):\n    try: s = socket.create_connection(('127.0.0.1', {port})); break\n" +
            "    except OSError: time.sleep(0.05)\ns.sendall(b'hello from python'); print(s.recv(100).decode())";
        var r = Run.Vuos(["bash", "-c", $"{Fixtures.Path("xv6_echo_server")} {port} & python3 -c \"{client}\"; wait"], ["--default", "lo"]);
        Assert.Equal(["HELLO FROM PYTHON", "got a message", "listening"], r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }

    [Fact]
    public void CtrlCInterruptsAListenThatWaits()
    {
        using var p = Run.StartBackground(["setsid", Repo.VuosBinary, "run", "--", Fixtures.Path("xv6_echo_server"), FreePort.Tcp().ToString()]);
        Assert.Equal("listening", p.StandardOutput.ReadLine());
        ProcessProbe.WaitUntilDescendantBlockedIn(p.Id, "xv6_echo_server", -16 /* xv6_listen */);
        Run.Native(["kill", "-INT", "--", $"-{p.Id}"]);
        Assert.True(p.WaitForExit(10_000));
        Assert.Equal(130, p.ExitCode);
    }

    [Fact]
    public void OutsideTheSupervisorTheCallsAreEnosys()
    {
        var r = Run.Native([Fixtures.Path("xv6_errors"), "4000"]);
        Assert.StartsWith("send on an unused port: -38\n", r.Stdout);
    }
}
