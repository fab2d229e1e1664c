using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// The rules of the xv6 socket kernel (Subangkar/xv6-Socket-API-Local-Loopback-Implementation's sock.c and
/// param.h) as a program sees them under vuos. Each session has its own xv6 ports, so tests share port numbers.
/// </summary>
public class Xv6RulesTests
{
    static string[] Lines(RunResult r)
    {
        Assert.True(r.ExitCode == 0, r.ToString());
        return r.Stdout.TrimEnd('\n').Split('\n');
    }

    static string[] Expected(string text) => text.Split('\n');

    [Fact]
    public void PortsAre0To127AndAClientTakesTheHighestFreePort()
    {
        Assert.Equal(Expected("""
            listen on port 128: -1029
            listen on port -1: -1029
            connect to port 128: -1029
            send on port 128: -1029
            recv on port 128: -1029
            disconnect port 128: -1029
            first client (of port 0) gets port: 127
            second client gets port: 126
            listen on a client's port: -1026
            send to port 0: 0
            disconnect the first client: 0
            the next client gets port: 127
            """), Lines(Run.Vuos([Fixtures.Path("xv6_ports")])));
    }

    [Fact]
    public void ASessionHolds32SocketsThenEFail()
    {
        Assert.Equal(Expected("""
            15 servers with their clients: the last client has port 113
            and two servers listening: 32 sockets
            another listen: -1028
            connect to a listening server: -1028
            connect to a port nobody listens on: -1025
            connect to a server that has its client: -1027
            a client disconnects: 0
            connect to the listening server now: 127
            """), Lines(Run.Vuos([Fixtures.Path("xv6_limit")])));
    }

    [Fact]
    public void ARecvTakesNBytesOfTheOneWaitingMessageAndASendWaitsUntilItIsTaken()
    {
        Assert.Equal(Expected("""
            listen: 0
            recv 4 bytes: 0
            they are "abcd"
            recv again: 0
            it is the next message, "second"
            a shorter message ends with a NUL: "xyz", then 'Q'
            got "one"
            got "two"
            the second send waited for the first to be taken: yes
            """), Lines(Run.Vuos([Fixtures.Path("xv6_buffer"), "40"])));
    }

    [Fact]
    public void APeerThatHasGoneIsNotFoundAndOneThatGoesDuringACallResetsIt()
    {
        Assert.Equal(Expected("""
            listen: 0
            the client has left
            recv: 0
            it is "last words"
            recv again: -1025
            send: -1025
            disconnect: 0
            a client's recv while its server leaves: -1030
            then its send: -1025
            a client's first send: 0
            its second send while its server leaves: -1030
            then its disconnect: -1025
            """), Lines(Run.Vuos([Fixtures.Path("xv6_peer_gone"), "40"])));
    }

    [Fact]
    public void Xv6PortsAreNotTcpPorts()
    {
        Assert.Equal(Expected("""
            a TCP server listens on 127.0.0.1:40
            xv6 connect to that port: -1025
            an xv6 server listens on port 40 too
            a TCP client reaches the TCP server: yes
            with the TCP server gone, a TCP client gets: Connection refused
            an xv6 client gets port: 127
            the xv6 server's listen returned 0
            """), Lines(Run.Vuos([Fixtures.Path("xv6_not_tcp"), "40"], ["--default", "lo"])));
    }

    [Fact]
    public void ProcessesInDifferentStacksOfASessionShareItsXv6Ports()
    {
        var r = Run.Vuos(["bash", "-c", $"{Fixtures.Path("xv6_echo_server")} 9 & {Path.Combine(Repo.BinDirectory, "vustack")} slirp python3 -c \"{ClientScript}\"; wait"],
            ["--default", "lo"]);
        Assert.Equal(["HELLO", "got a message", "listening"], Lines(r).Order());
    }

    /// <summary>An xv6 client in python (ctypes syscalls -17, -18, -19): connects to port 9 once its server listens (retrying for up to 30 s), sends "hello", prints the answer.</summary>
    const string ClientScript = "import ctypes, time\n" +
        "libc = ctypes.CDLL(None, use_errno=True)\n" +
        "for i in range(1500):\n" +
        "    me = libc.syscall(-17, 9, b'localhost')\n" +
        "    if me >= 0: break\n" +
        "    time.sleep(0.02)\n" +
        "libc.syscall(-18, me, b'hello', 6)\n" +
        "buf = ctypes.create_string_buffer(64)\n" +
        "libc.syscall(-19, me, buf, 64)\n" +
        "print(buf.value.decode())";
}
