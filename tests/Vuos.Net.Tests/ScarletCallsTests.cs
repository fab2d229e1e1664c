using System.Net;
using System.Net.Sockets;
using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// Every call of include/vuos/scarlet.h with Scarlet Native's own signatures (tests/fixtures/scarlet_calls.c), one
/// behaviour a Scarlet program sees per test, in a loopback stack: handles from sys_socket_create's two spellings,
/// names given as (path, path_len), shutdown's three directions and no other, errors as exactly (size_t)-1.
/// </summary>
public class ScarletCallsTests
{
    static RunResult Calls(params string[] args)
    {
        var r = Run.Vuos([Fixtures.Path("scarlet_calls"), .. args], ["--default", "lo"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return r;
    }

    [Fact]
    public void SocketCreateWithNoArgumentIsALocalStreamAndWithThreeTakesScarletsDomainTypeAndProtocol()
    {
        Assert.Equal("""
            sys_socket_create(): handle, local stream, close-on-exec
            sys_socket_create(0, 0, 0): handle, local stream, close-on-exec
            sys_socket_create(LOCAL, DATAGRAM, 0): handle, local datagram, close-on-exec
            sys_socket_create(LOCAL, SEQPACKET, 0): handle, local seqpacket, close-on-exec
            sys_socket_create(INET4, STREAM, 0): handle, inet4 stream tcp, close-on-exec
            sys_socket_create(INET4, DATAGRAM, 0): handle, inet4 datagram udp, close-on-exec
            sys_socket_create(INET4, STREAM, UDP): handle, inet4 datagram udp, close-on-exec
            sys_socket_create(INET6, STREAM, TCP): handle, inet6 stream tcp, close-on-exec
            sys_socket_create(4, STREAM, 0): (size_t)-1 Address family not supported by protocol
            sys_socket_create(LOCAL, 5, 0): (size_t)-1 Invalid argument
            sys_socket_create(INET4, SEQPACKET, 0): (size_t)-1 Protocol not supported
            sys_socket_create(INET4, STREAM, 99): (size_t)-1 Protocol not supported

            """, Calls("create").Stdout);
    }

    [Fact]
    public void BindListenConnectAndAcceptTakeANameAsPathAndPathLenAndMakeNoFile()
    {
        Assert.Equal("""
            bind /scarlet/service-and-more with path_len 16: ok
            listen 5: ok
            connect /scarlet/service with path_len 16: ok
            accept: ok
            client to accepted: write 4, read "ping"
            accepted to client: write 4, read "pong"
            connect "/scarlet/service\0junk" with path_len 21 (the name ends at the NUL): ok
            connect /scarlet/service-and-more with its whole length: (size_t)-1 Connection refused
            bind a second socket to /scarlet/service: (size_t)-1 Address already in use
            bind with path_len 0: (size_t)-1 Invalid argument
            bind "\xff\xfe" (not UTF-8): (size_t)-1 Invalid argument
            bind a 108-byte name: (size_t)-1 File name too long
            bind a 107-byte name: ok
            bind /tmp/a (path_len 6) on a local socket: ok
            bind /scarlet/service again after its socket was closed: ok
            a file /scarlet/service exists: no

            """, Calls("names").Stdout);
    }

    [Fact]
    public void AScarletNameIsTheLinuxAbstractNameOfItsBytesSoLinuxProgramsOfTheStackReachIt()
    {
        Assert.Equal("""
            bind "\0scarlet-abstract" (path_len 17): ok
            listen: ok
            Linux connect to @scarlet-abstract: ok
            bind /scarlet/linux-view: ok
            listen: ok
            Linux connect to @/scarlet/linux-view: ok

            """, Calls("linux-abstract").Stdout);
    }

    [Fact]
    public void ShutdownTakesZeroOneOrTwoOnAConnectedSocketAndRefusesAnythingElse()
    {
        Assert.Equal("""
            shutdown 0 (read): ok
            read after shutdown 0: 0
            shutdown 1 (write): ok
            peer reads after shutdown 1: 0 (end-of-file)
            write after shutdown 1: Broken pipe
            shutdown 2 (both): ok
            shutdown 3: (size_t)-1 Invalid argument
            shutdown (size_t)-1: (size_t)-1 Invalid argument
            shutdown 2 of a socket never connected: (size_t)-1 Transport endpoint is not connected

            """, Calls("shutdown").Stdout);
    }

    [Fact]
    public void SocketpairWritesTwoHandlesIntoASizeTArrayAndBothReadAndWrite()
    {
        Assert.Equal("""
            sys_socketpair: ok
            handles: two different descriptors: yes; local stream and local stream
            h[0] to h[1]: write 7, read "one way"
            h[1] to h[0]: write 9, read "other way"

            """, Calls("pair").Stdout);
    }

    [Fact]
    public void EveryCallFailsWithExactlySizeTMinusOneAndErrnoSaysWhy()
    {
        Assert.Equal("""
            bind on handle 1000 (not open): (size_t)-1 Bad file descriptor
            listen on handle 1000: (size_t)-1 Bad file descriptor
            connect on handle 1000: (size_t)-1 Bad file descriptor
            accept on handle 1000: (size_t)-1 Bad file descriptor
            shutdown on handle 1000: (size_t)-1 Bad file descriptor
            sendto on handle 1000: (size_t)-1 Bad file descriptor
            recvfrom on handle 1000: (size_t)-1 Bad file descriptor
            listen on handle 1<<40: (size_t)-1 Bad file descriptor
            bind on handle 0 (standard input, no socket): (size_t)-1 Socket operation on non-socket
            listen on a socket with no name: (size_t)-1 Invalid argument
            accept on a socket not listening: (size_t)-1 Invalid argument
            connect to a name nobody bound: (size_t)-1 Connection refused
            bind with a NULL path: (size_t)-1 Bad address
            sys_socketpair(NULL): (size_t)-1 Bad address
            sendto with no address: (size_t)-1 Destination address required
            sendto an address of family 10: (size_t)-1 Address family not supported by protocol
            bind an inet socket to a name (path_len 7): (size_t)-1 Invalid argument
            list_interfaces with max 0: (size_t)-1 Invalid argument
            list_interfaces with no status: (size_t)-1 Invalid argument
            set_ipv4 on nosuch0: (size_t)-1 No such device
            set_ipv4 with an empty name: (size_t)-1 Invalid argument
            set_netmask 255.0.255.0: (size_t)-1 Invalid argument
            set_gateway 192.0.2.1 (on no subnet of the stack): (size_t)-1 Network is unreachable
            set_dns(NULL): (size_t)-1 Bad address
            (size_t)-1 is SCARLET_ERROR: yes

            """, Calls("errors").Stdout);
    }

    [Fact]
    public void InetSocketsBindAndConnectToAnInet4SocketAddressGivenWithPathLenSix()
    {
        // The host's 127.0.0.1:port is taken while the fixture binds the same port: its sockets are the stack's.
        using var hostListener = new TcpListener(IPAddress.Loopback, 0);
        hostListener.Start();
        var port = ((IPEndPoint)hostListener.LocalEndpoint).Port;

        Assert.Equal("""
            bind Inet4SocketAddress 127.0.0.1 (path_len 6): ok
            listen: ok
            connect Inet4SocketAddress 127.0.0.1 (path_len 6): ok
            accept: ok
            tcp client to accepted: write 8, read "over tcp"
            server's port as Linux reports it: the one given
            connect an inet6 socket to Inet4SocketAddress 127.0.0.1: ok

            """, Calls("inet", port.ToString()).Stdout);
    }

    [Fact]
    public void RecvfromOnAnEmptyNonBlockingHandleReturnsMinusEagainAsScarletsKernelDoes()
    {
        Assert.Equal("""
            recvfrom on a non-blocking handle with nothing queued: (size_t)-11 Resource temporarily unavailable
            accept on a non-blocking handle with nobody waiting: (size_t)-1 Resource temporarily unavailable

            """, Calls("nonblock").Stdout);
    }
}
