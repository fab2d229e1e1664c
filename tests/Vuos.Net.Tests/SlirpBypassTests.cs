using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// Connections from a slirp stack to the host or beyond get host sockets (bypass4netns's idea): the kernel's data
/// path, while the program keeps seeing the stack's addresses. What belongs to the stack stays in it.
/// </summary>
public class SlirpBypassTests
{
    const string Slirp = "/dev/net/nat";

    static RunResult InSlirp(string python, string options = "", string trace = "connect") =>
        Run.Vuos(["python3", "-c", python],
            ["--stack", $"{Slirp}=slirp{(options.Length > 0 ? ":" + options : "")}", "--default", Slirp, $"--trace={trace}"]);

    static string Fetch(int port) => $$"""
        import socket
        s = socket.create_connection(("10.0.2.2", {{port}}))
        s.sendall(b"GET / HTTP/1.0\r\n\r\n")
        body = b""
        while chunk := s.recv(4096): body += chunk
        print(s.getpeername()[0], s.getpeername()[1] == {{port}}, s.getsockname()[0], body.split(b"\r\n\r\n", 1)[1].decode(), end="")
        """;

    [Fact]
    public void AConnectionToTheGatewayIsAHostSocketThatShowsTheStacksAddresses()
    {
        using var server = new HttpFixtureServer("through the host's loopback\n");
        var r = InSlirp(Fetch(server.Port));
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("10.0.2.2 True 10.0.2.15 through the host's loopback\n", r.Stdout);
        Assert.Contains($"[bypass: host socket to 127.0.0.1:{server.Port}]", r.Stderr);
    }

    [Fact]
    public void BypassOffKeepsTheConnectionInLibslirpWithTheSameView()
    {
        using var server = new HttpFixtureServer("through libslirp\n");
        var r = InSlirp(Fetch(server.Port), "bypass=off");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("10.0.2.2 True 10.0.2.15 through libslirp\n", r.Stdout);
        Assert.DoesNotContain("bypass", r.Stderr);
    }

    [Fact]
    public void OptionsSetBeforeConnectAreThoseOfTheConnectedSocket()
    {
        using var server = new HttpFixtureServer("x\n");
        var script = $$"""
            import socket
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 77)
            s.setsockopt(socket.IPPROTO_IP, socket.IP_TOS, 0x10)
            s.settimeout(7.5)
            s.connect(("{0}", {{server.Port}}))
            print(s.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE), s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF),
                  s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY), s.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE),
                  s.getsockopt(socket.IPPROTO_IP, socket.IP_TOS), s.gettimeout())
            """;
        var native = Run.Native(["python3", "-c", script.Replace("{0}", "127.0.0.1")]);
        var r = InSlirp(script.Replace("{0}", "10.0.2.2"));
        Assert.Equal(0, native.ExitCode);
        Assert.Contains("[bypass: host socket", r.Stderr);
        Assert.Equal(native.Stdout, r.Stdout);
    }

    [Fact]
    public void AChildInheritsTheBypassedSocketAndItsView()
    {
        using var server = new HttpFixtureServer("child read this\n");
        var script = $$"""
            import os, socket
            s = socket.create_connection(("10.0.2.2", {{server.Port}}))
            os.set_inheritable(s.fileno(), True)
            child = "import socket, sys; s = socket.socket(fileno=int(sys.argv[1])); print(s.getpeername()[0], s.getsockname()[0]); s.sendall(b'GET / HTTP/1.0\\r\\n\\r\\n'); print(s.makefile('rb').read().split(b'\\r\\n\\r\\n', 1)[1].decode(), end='')"
            if os.fork() == 0:
                os.execvp("python3", ["python3", "-c", child, str(s.fileno())])
            os.wait()
            """;
        var r = InSlirp(script);
        Assert.Equal("10.0.2.2 10.0.2.15\nchild read this\n", r.Stdout);
    }

    [Fact]
    public void ConnectingAConnectedSocketAgainIsEisconnAsNatively()
    {
        using var server = new HttpFixtureServer("x\n");
        var script = $$"""
            import socket
            s = socket.create_connection(("{0}", {{server.Port}}))
            print(s.connect_ex(("{0}", {{server.Port}})), s.connect_ex(("192.0.2.1", 80)))
            """;
        var native = Run.Native(["python3", "-c", script.Replace("{0}", "127.0.0.1")]);
        Assert.Equal("106 106\n", native.Stdout);
        Assert.Equal(native.Stdout, InSlirp(script.Replace("{0}", "10.0.2.2")).Stdout);
    }

    [Fact]
    public void TheStacksOwnLoopbackAndAddressesStayInTheStack()
    {
        // Natively 127.0.0.1 reaches the host's server; in the stack it is the stack's loopback, where nothing listens.
        using var server = new HttpFixtureServer("host\n");
        var script = $"""
            import socket
            for a in ("127.0.0.1", "10.0.2.15"):
                try: socket.create_connection((a, {server.Port}), timeout=5); print(a, "connected")
                except OSError as e: print(a, e.errno)
            """;
        Assert.Contains("127.0.0.1 connected", Run.Native(["python3", "-c", script]).Stdout);
        var r = InSlirp(script);
        Assert.Equal("127.0.0.1 111\n10.0.2.15 111\n", r.Stdout);
        Assert.DoesNotContain("bypass", r.Stderr);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public void AProgramMovedToTheLoopbackStackNeverGetsAHostSocket()
    {
        using var server = new HttpFixtureServer("host\n");
        var r = Run.Vuos(["bash", "-c", $"vustack /dev/net/lo curl -s -m 5 http://127.0.0.1:{server.Port}/; echo lo=$?; curl -s -m 5 http://10.0.2.2:{server.Port}/"],
            ["--stack", "/dev/net/lo=loopback", "--stack", $"{Slirp}=slirp", "--default", Slirp, "--trace=connect"]);
        Assert.Equal("lo=7\nhost\n", r.Stdout);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public void ARefusedConnectionIsRefusedAndTheSocketConnectsAgain()
    {
        using var server = new HttpFixtureServer("second try\n");
        var closed = FreePort.Tcp();
        var script = $$"""
            import socket
            s = socket.socket()
            try: s.connect(("10.0.2.2", {{closed}}))
            except OSError as e: print(e.errno)
            s.connect(("10.0.2.2", {{server.Port}}))
            s.sendall(b"GET / HTTP/1.0\r\n\r\n")
            print(s.makefile("rb").read().split(b"\r\n\r\n", 1)[1].decode(), end="")
            n = socket.socket(); n.setblocking(False)
            try: n.connect(("10.0.2.2", {{closed}}))
            except BlockingIOError as e: print("in progress", e.errno)
            import select; select.select([], [n], [], 10)
            print(n.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR))
            """;
        var r = InSlirp(script);
        Assert.Equal("111\nsecond try\nin progress 115\n111\n", r.Stdout);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public void ADisconnectedSocketListensInTheStackNotOnTheHost()
    {
        using var server = new HttpFixtureServer("x\n");
        var script = $$"""
            import ctypes, socket, struct
            s = socket.socket()
            s.connect(("10.0.2.2", {{server.Port}}))
            unspec = struct.pack("H14x", 0)
            print(ctypes.CDLL(None, use_errno=True).connect(s.fileno(), unspec, len(unspec)))
            s.bind(("0.0.0.0", 0)); s.listen()
            port = s.getsockname()[1]
            c = socket.create_connection(("10.0.2.15", port), timeout=5)
            print("stack client accepted", s.accept()[1][0])
            print(port, end="")
            """;
        var r = InSlirp(script);
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n');
        Assert.Equal(["0", "stack client accepted 10.0.2.15"], lines[..2]);
        Assert.Contains("[bypass: disconnected, a socket of the stack again]", r.Stderr);
    }
}
