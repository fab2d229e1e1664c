using System.Runtime.InteropServices;
using Vuos.Net.Interop;

namespace Vuos.Net.Modules.Msocket.Links;

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
        Libc.fcntl(fd, FcntlCmd.SetFl, Libc.fcntl(fd, FcntlCmd.GetFl, 0) | OpenFlags.NonBlock);
    }

    public int PollFd => LibVdePlug.vde_datafd(connection);

    public int Receive(Span<byte> frame)
    {
        fixed (byte* p = frame)
        {
            var n = LibVdePlug.vde_recv(connection, p, (nuint)frame.Length, 0x40 /* MSG_DONTWAIT */);
            if (n >= 0)
            {
                return (int)n;
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
