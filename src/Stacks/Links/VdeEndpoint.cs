using System.Runtime.InteropServices;
using Vuos.Net.Interop;

namespace Vuos.Net.Stacks.Links;

/// <summary>A connection to a VDE network through libvdeplug: vde:///tmp/switch, vxvde://239.1.2.3, ...</summary>
public sealed unsafe class VdeEndpoint : IFrameEndpoint
{
    nint connection;

    public VdeEndpoint(string url, string description)
    {
        connection = LibVdePlug.vde_open_real(url, description, LibVdePlug.InterfaceVersion, null);
        if (connection == 0)
        {
            throw new InvalidOperationException($"cannot connect to VDE network {url}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
        var fd = LibVdePlug.vde_datafd(connection);
        Libc.SetNonBlocking(fd, true);
    }

    public int PollFd => LibVdePlug.vde_datafd(connection);

    /// <remarks>
    /// libvdeplug's vxvde and other multi-socket plugins hand out an epoll descriptor and wait in epoll_wait inside
    /// vde_recv whatever the flags say, so a read without a frame waiting would block the relay for good (and with
    /// it the session's end): ask poll first. A 1-byte result is libvdeplug's "frame not for us" (a multicast
    /// frame for another MAC, a stale hash entry): nothing to relay.
    /// </remarks>
    public int Receive(Span<byte> frame)
    {
        var ready = new PollFd { Fd = PollFd, Events = PollEvents.POLLIN };
        if (Libc.poll(&ready, 1, 0) <= 0 || (ready.Revents & PollEvents.POLLIN) == 0)
        {
            return 0;
        }
        fixed (byte* p = frame)
        {
            var n = LibVdePlug.vde_recv(connection, p, (nuint)frame.Length, SocketConst.MSG_DONTWAIT);
            if (n > 1)
            {
                return (int)n;
            }
            if (n >= 0)
            {
                return 0;
            }
            var errno = Marshal.GetLastPInvokeError();
            return errno is Errno.EAGAIN or Errno.EINTR ? 0 : throw new ErrnoException("reading from VDE", errno);
        }
    }

    public void Send(ReadOnlySpan<byte> frame)
    {
        fixed (byte* p = frame)
        {
            LibVdePlug.vde_send(connection, p, (nuint)frame.Length, SocketConst.MSG_NOSIGNAL);
        }
    }

    public void Dispose()
    {
        if (connection != 0)
        {
            LibVdePlug.vde_close(connection);
            connection = 0;
        }
    }
}
