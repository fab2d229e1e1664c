using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// Sockets the supervisor injects into a process living elsewhere come from a pool of ready ones: each must be
/// a fresh socket of the right stack all the same, as a root and as an unprivileged supervisor make them.
/// </summary>
public class InjectedSocketPoolTests
{
    // --default inet6,unix:lo: the process lives in the host's stack (where inet goes), its AF_INET6 and AF_UNIX
    // sockets are injected. socket() is called through libc, so the flags seen are the kernel's (Python's socket
    // class would set O_NONBLOCK itself).
    const string Program = """
        import ctypes, errno, fcntl, os, socket, sys, time
        libc = ctypes.CDLL(None, use_errno=True)
        mode, host_port, host_ns = sys.argv[1], int(sys.argv[2]), sys.argv[3]

        def make(family, type, proto=0):
            fd = libc.socket(family, type, proto)
            if fd < 0:
                raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
            flags = (bool(fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_NONBLOCK), bool(fcntl.fcntl(fd, fcntl.F_GETFD) & fcntl.FD_CLOEXEC))
            return socket.socket(fileno=fd), flags

        def ns(s):
            fd = fcntl.ioctl(s.fileno(), 0x894C)  # SIOCGSKNS
            try:
                return os.readlink(f"/proc/self/fd/{fd}")
            finally:
                os.close(fd)

        def state(s):
            o = [s.getsockopt(socket.SOL_SOCKET, opt) for opt in (socket.SO_RCVBUF, socket.SO_SNDBUF, socket.SO_REUSEADDR,
                 socket.SO_KEEPALIVE, socket.SO_TYPE, socket.SO_PROTOCOL, socket.SO_DOMAIN, socket.SO_ERROR)]
            if s.family == socket.AF_INET6:
                o.append(s.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY))
            if s.family != socket.AF_UNIX and s.type == socket.SOCK_STREAM:
                o.append(s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            return (s.getsockname(), ns(s), tuple(o))

        def series(name, family, type, count, keep):
            # count sockets in a row, the flags alternating: each like the first (made at once), unbound, in the stack.
            wrong, first = [], None
            for i in range(count):
                asked = (bool(i % 2), i % 3 == 0)
                s, flags = make(family, type | (socket.SOCK_NONBLOCK if asked[0] else 0) | (socket.SOCK_CLOEXEC if asked[1] else 0))
                st = state(s)
                first = first or st
                if flags != asked or st != first:
                    wrong.append(f"#{i}: flags {flags} for {asked}, {st} vs {first}")
                keep.append(s)
            print(f"{name}: {count} sockets, {len(wrong)} unlike the first; unbound at {first[0]!r}; host's namespace: {first[1] == host_ns}")
            for w in wrong[:3]:
                print("  ", w)

        def errors():
            out = []
            for args in [(socket.AF_INET6, socket.SOCK_STREAM, 17), (socket.AF_INET6, socket.SOCK_DGRAM, 6), (socket.AF_UNIX, socket.SOCK_STREAM, 5),
                         (socket.AF_UNIX, socket.SOCK_DGRAM, 1), (socket.AF_INET6, 9, 0), (socket.AF_INET6, socket.SOCK_STREAM | 0x40000000, 0),
                         (socket.AF_INET6, socket.SOCK_STREAM, 6), (socket.AF_INET6, socket.SOCK_DGRAM, 17)]:
                try:
                    make(*args)[0].close()
                    out.append("ok")
                except OSError as e:
                    out.append(errno.errorcode[e.errno])
            return " ".join(out)

        if mode == "errors":
            print(errors())
            sys.exit()
        print("errors before:", errors())
        keep = []
        series("inet6 stream", socket.AF_INET6, socket.SOCK_STREAM, 40, keep)
        series("inet6 dgram", socket.AF_INET6, socket.SOCK_DGRAM, 20, keep)
        series("unix stream", socket.AF_UNIX, socket.SOCK_STREAM, 20, keep)
        series("unix dgram", socket.AF_UNIX, socket.SOCK_DGRAM, 20, keep)
        print("errors after:", errors())
        # A listener of the host's on ::1 is out of reach; one in the stack is reached by every socket.
        s, _ = make(socket.AF_INET6, socket.SOCK_STREAM)
        print("host's [::1] listener:", errno.errorcode.get(s.connect_ex(("::1", host_port)), "reached"))
        listener, _ = make(socket.AF_INET6, socket.SOCK_STREAM)
        listener.bind(("::1", 0))
        listener.listen(64)
        reached = 0
        for i in range(16):
            c, _ = make(socket.AF_INET6, socket.SOCK_STREAM)
            reached += c.connect_ex(listener.getsockname()[:2]) == 0
            listener.accept()[0].close()
            c.close()
        print(f"stack's [::1] listener: reached by {reached} of 16")
        for s in keep:
            s.close()
        if len(sys.argv) > 4:
            # A process living in the stack changes a default there: sockets taken after a pause have it.
            os.system(sys.argv[4] + " sh -c 'echo 1 > /proc/sys/net/ipv6/bindv6only'")
            time.sleep(1.2)
            print("after bindv6only=1, IPV6_V6ONLY:", {make(socket.AF_INET6, socket.SOCK_STREAM)[0].getsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY) for _ in range(12)})
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void InjectedSocketsAreFreshSocketsOfTheStack(bool unprivileged)
    {
        using var hostListener = new TcpListener(IPAddress.IPv6Loopback, 0);
        hostListener.Start();
        var port = ((IPEndPoint)hostListener.LocalEndpoint).Port.ToString();
        var hostNs = Run.Native(["readlink", "/proc/self/ns/net"]).Stdout.Trim();
        var native = Run.Native(["python3", "-c", Program, "errors", port, hostNs]).Stdout;
        Assert.Equal("EPROTONOSUPPORT EPROTONOSUPPORT EPROTONOSUPPORT ok ESOCKTNOSUPPORT EINVAL ok ok\n", native);

        // The sysctl step needs root in the stack (a process living there writes /proc/sys/net).
        List<string> command = [Repo.VuosBinary, "run", "-vv", "--no-netfs", "--default", "inet6,unix:lo", "--",
            "python3", "-c", Program, "all", port, hostNs, .. unprivileged ? Array.Empty<string>() : [$"{Path.Combine(Repo.BinDirectory, "vustack")} lo"]];
        var r = Run.Native(unprivileged ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", .. command] : command);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal($"""
            errors before: {native}inet6 stream: 40 sockets, 0 unlike the first; unbound at ('::', 0, 0, 0); host's namespace: False
            inet6 dgram: 20 sockets, 0 unlike the first; unbound at ('::', 0, 0, 0); host's namespace: False
            unix stream: 20 sockets, 0 unlike the first; unbound at ''; host's namespace: False
            unix dgram: 20 sockets, 0 unlike the first; unbound at ''; host's namespace: False
            errors after: {native}host's [::1] listener: ECONNREFUSED
            stack's [::1] listener: reached by 16 of 16

            """.Replace("\r", "") + (unprivileged ? "" : "after bindv6only=1, IPV6_V6ONLY: {1}\n"), r.Stdout);
        // The run did go through the pool (its count at the stack's end, in the debug log).
        var pooled = Regex.Match(r.Stderr, @"stack /dev/net/lo: (\d+) sockets from the pool");
        Assert.True(pooled.Success && int.Parse(pooled.Groups[1].Value) > 0, r.Stderr);
    }
}
