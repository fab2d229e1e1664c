using Vuos.Net.Interop;

namespace Vuos.Net.Stacks.Slirp;

/// <summary>
/// libslirp listens on a TCP forward's host port with a backlog of 1 (tcp_listen's listen(s, 1), from QEMU's
/// slirp): a burst of connections (wrk's 100) overflows it, the kernel drops the SYNs, and clients retry a
/// second later, which showed as timeouts and 1.7 s worst latency. The listener is the supervisor's own
/// socket, so it is found among the process's descriptors and listens again with the system's maximum.
/// </summary>
static unsafe class HostForwardBacklog
{
    /// <summary>Raises the backlog of the listening TCP sockets bound to <paramref name="port"/>; returns how many it found.</summary>
    public static int Raise(int port)
    {
        var raised = 0;
        foreach (var entry in Directory.EnumerateFiles("/proc/self/fd"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var fd) || !IsTcpListenerOn(fd, port))
            {
                continue;
            }
            if (Libc.listen(fd, SocketConst.SOMAXCONN) == 0)
            {
                raised++;
            }
        }
        return raised;
    }

    static bool IsTcpListenerOn(int fd, int port)
    {
        if (Libc.getsockopt(fd, SocketConst.SOL_SOCKET, SocketConst.SO_ACCEPTCONN, out int listening) != 0 || listening == 0 ||
            Libc.getsockopt(fd, SocketConst.SOL_SOCKET, SocketConst.SO_TYPE, out int type) != 0 || type != SocketConst.SOCK_STREAM)
        {
            return false;
        }
        var address = stackalloc byte[128];
        uint addressLength = 128;
        if (Libc.getsockname(fd, address, &addressLength) != 0 || *(ushort*)address != AddressFamily.Inet)
        {
            return false;
        }
        return (address[2] << 8 | address[3]) == port; // sin_port, network order
    }
}
