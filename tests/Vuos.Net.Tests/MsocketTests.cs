using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>msocket, default stacks, vustack and stack paths, as programs and users see them.</summary>
public class MsocketTests
{
    static string Vustack => Path.Combine(Repo.BinDirectory, "vustack");

    [Fact]
    public void MsocketSetsDefaultsThatForkAndExecKeepAndReportsEveryError()
    {
        using var server = new HttpFixtureServer("host\n");
        var r = Run.Vuos([Fixtures.Path("msocket_api"), server.Port.ToString()]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("""
            at start socket() uses host
            msocket(lo, AF_INET, SOCK_DEFAULT): ok
            then socket() uses isolated
            forked child's socket() uses isolated
            no such path: No such file or directory
            not a stack: Operation not supported
            family the stack lacks: Address family not supported by protocol
            bad pointer: Bad address
            bad type: Invalid argument
            NULL path uses the default: ok
            relative path from /dev/net: ok
            after exec socket() uses isolated

            """.Replace("\r", ""), r.Stdout);
    }

    [Fact]
    public void EveryRoutedFamilyAndSocketpairGoToTheDefaultStack()
    {
        // SIOCGSKNS opens the network namespace a socket belongs to: every socket must be in the stack's.
        const string program = """
            import socket, fcntl, os, sys
            def ns(s): return os.readlink(f"/proc/self/fd/{fcntl.ioctl(s.fileno(), 0x894C)}")
            host = sys.argv[1]
            made = [socket.socket(f, t) for f, t in [(socket.AF_UNIX, socket.SOCK_STREAM), (socket.AF_INET, socket.SOCK_STREAM),
                (socket.AF_INET6, socket.SOCK_DGRAM), (socket.AF_NETLINK, socket.SOCK_RAW), (socket.AF_PACKET, socket.SOCK_DGRAM)]]
            made += list(socket.socketpair())
            spaces = {ns(s) for s in made}
            print(len(made), "sockets in", len(spaces), "namespace(s), host's:", host in spaces)
            """;
        var host = Run.Native(["readlink", "/proc/self/ns/net"]).Stdout.Trim();
        Assert.Equal("7 sockets in 1 namespace(s), host's: False\n", Run.Vuos(["python3", "-c", program, host], ["--default", "lo"]).Stdout);
        Assert.Equal("7 sockets in 1 namespace(s), host's: True\n", Run.Vuos(["python3", "-c", program, host]).Stdout);
    }

    [Theory]
    [InlineData("lo", "host", "reached reached reached")]
    [InlineData("host", "lo", "refused refused refused")]
    public void AProcessThatMovesItsDefaultStackGetsSocketsOfTheNewOneInEveryThreadAndChild(string from, string to, string expected)
    {
        // The thread exists before the move: the process's threads follow it together, and so do later children.
        const string program = """
            import ctypes, os, socket, sys, threading
            def attempt():
                s = socket.socket()
                return "reached" if s.connect_ex(("127.0.0.1", int(sys.argv[2]))) == 0 else "refused"
            go, results = threading.Event(), []
            t = threading.Thread(target=lambda: (go.wait(), results.append(attempt())))
            t.start()
            libc = ctypes.CDLL(None, use_errno=True)
            libc.syscall.argtypes = [ctypes.c_long, ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_int]
            assert libc.syscall(-5, sys.argv[1].encode(), 0, 0, 0) == 0, os.strerror(ctypes.get_errno())
            go.set(); t.join()
            r, w = os.pipe()
            if os.fork() == 0:
                os.write(w, attempt().encode()); os._exit(0)
            os.wait()
            print(attempt(), results[0], os.read(r, 100).decode())
            """;
        using var server = new HttpFixtureServer("host\n");
        var r = Run.Vuos(["python3", "-c", program, $"/dev/net/{to}", server.Port.ToString()], ["--default", from]);
        Assert.Equal(expected + "\n", r.Stdout);
    }

    [Fact]
    public void AChildClonedUntracedKeepsItsParentsDefaultStack()
    {
        using var server = new HttpFixtureServer("host\n");
        var exe = Fixtures.Path("untraced_child");
        Assert.Equal("untraced child: open ok, connect reached the host\n", Run.Vuos([exe, server.Port.ToString()]).Stdout);
        Assert.Equal("untraced child: open ok, connect Connection refused\n", Run.Vuos([exe, server.Port.ToString()], ["--default", "lo"]).Stdout);
    }

    [Fact]
    public void MsocketOutsideASupervisorIsEnosys()
    {
        var r = Run.Native([Fixtures.Path("msocket_api"), "1"]);
        Assert.Contains("msocket(lo, AF_INET, SOCK_DEFAULT): Function not implemented", r.Stdout);
    }

    [Fact]
    public void DotnetProgramUsesTwoStacksThroughTheCSharpApi()
    {
        var configuration = AppContext.BaseDirectory.Contains("/release", StringComparison.Ordinal) ? "release" : "debug";
        var demo = Path.Combine(Repo.Root, "artifacts", "bin", "MsocketDemo", configuration, "msocket-demo.dll");
        var r = Run.Vuos(["dotnet", demo, FreePort.Tcp().ToString()]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("/dev/net/lo: hello /dev/net/lo\n/dev/net/host: hello /dev/net/host\ndefault is now the loopback stack: NetworkUnreachable\n", r.Stdout);
        Assert.Equal(1, Run.Native(["dotnet", demo]).ExitCode);
    }

    [Fact]
    public void StackIsConfiguredLikeAMachineWithIp()
    {
        var r = Run.Vuos(["bash", "-c", $"{Vustack} lo ip addr add 10.5.5.5/32 dev lo && {Vustack} lo ip -4 -o addr show lo; {Vustack} lo ping -c 1 -W 1 10.5.5.5 >/dev/null && echo ping-ok"]);
        Assert.Contains("inet 10.5.5.5/32", r.Stdout);
        Assert.EndsWith("ping-ok\n", r.Stdout);
        Assert.DoesNotContain("10.5.5.5", Run.Native(["ip", "-4", "-o", "addr"]).Stdout);
    }

    [Fact]
    public void StackPathsStatAsSIfstackAndAreListedInDevNet()
    {
        var r = Run.Vuos(["bash", "-c", "ls /dev/net; stat -c '%n %f' /dev/net/lo /dev/net/slirp; cd /dev/net && stat -c '%n %f' host; test -e /dev/net/lo && echo exists; cat /dev/net/lo"]);
        // S_IFSTACK|0777, as VUOS shows its stack files.
        Assert.Equal("host\nlo\nslirp\ntun\n/dev/net/lo e1ff\n/dev/net/slirp e1ff\nhost e1ff\nexists\n", r.Stdout);
        Assert.Contains("No such device or address", r.Stderr);
        Assert.DoesNotContain("lo", Run.Native(["ls", "/dev/net"]).Stdout);
    }

    [Fact]
    public void CustomMountsReplaceTheEmbeddedOnes()
    {
        var r = Run.Vuos(["ls", "/dev/net"], ["--stack", "/dev/net/a=loopback", "--stack", "/dev/net/b=host"]);
        Assert.Equal("a\nb\ntun\n", r.Stdout);
    }

    [Fact]
    public void TraceLogNamesTheStackOfEachSocket()
    {
        var r = Run.Vuos(["python3", "-c", "import socket; socket.socket(); socket.socket(socket.AF_INET6)"],
            ["--trace=network", "--default", "inet:/dev/net/lo"]);
        Assert.Matches(@"socket\(AF_INET, SOCK_STREAM\|SOCK_CLOEXEC, IPPROTO_IP\) = 3 \[stack /dev/net/lo\]", r.Stderr);
        Assert.Matches(@"socket\(AF_INET6, SOCK_STREAM\|SOCK_CLOEXEC, IPPROTO_IP\) = \d+ \[stack /dev/net/host\]\n", r.Stderr);
    }

    [Fact]
    public void VustackFromAnyShellStartsASupervisor()
    {
        var r = Run.Native([Vustack, "lo", "ip", "-4", "-o", "addr"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"^1: lo +inet 127\.0\.0\.1/8", r.Stdout);
        Assert.DoesNotContain("2:", r.Stdout);
    }

    [Fact]
    public void VustackInsideASessionSetsTheDefaultAndExecs()
    {
        var r = Run.Vuos(["bash", "-c", $"{Vustack} -v slirp ip -4 -o addr show eth0; {Vustack} -f inet lo python3 -c 'import socket; print(socket.socket().connect_ex((\"10.0.2.2\", 80)))'"]);
        Assert.Contains("inet 10.0.2.15/24", r.Stdout);
        Assert.EndsWith("101\n", r.Stdout); // ENETUNREACH: the loopback stack has no route out
        Assert.Contains("Using /dev/net/slirp for ALL address families", r.Stderr);
    }

    [Theory]
    [InlineData(new[] { "-f", "bogus", "lo", "true" }, "unknown protocol family bogus")]
    [InlineData(new[] { "nope", "true" }, "/dev/net/nope: No such file or directory")]
    [InlineData(new[] { "lo" }, "Usage: vustack [options] stack cmd [args]")]
    public void VustackRejectsBadUsageClearly(string[] args, string message)
    {
        var r = Run.Vuos([Vustack, .. args]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains(message, r.Stderr);
    }

    [Fact]
    public void VustackStopsOptionParsingAtTheCommand()
    {
        var r = Run.Native([Vustack, "lo", "ip", "-4", "-o", "addr"]);
        Assert.Equal(0, r.ExitCode);
    }

    [Theory]
    [InlineData("--stack", "bogus", "expected PATH=SPEC")]
    [InlineData("--stack", "/dev/net/x=warp", "unknown stack type 'warp'")]
    [InlineData("--default", "nope", "no stack at nope")]
    [InlineData("--default", "wat:/dev/net/lo", "unknown address family 'wat'")]
    public void BadStackOptionsAreRejectedAtStart(string option, string value, string message)
    {
        var r = Run.Vuos(["true"], [option, value]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Stderr);
    }
}
