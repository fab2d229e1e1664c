using System.Runtime.InteropServices;
using Vuos.Net.Interop;

namespace Vuos.Net.Stacks.Links;

/// <summary>A tap device descriptor (IFF_TAP|IFF_NO_PI): each read or write is one Ethernet frame.</summary>
public sealed unsafe class TapEndpoint : IFrameEndpoint
{
    readonly SafeFd tap;

    public TapEndpoint(SafeFd tap)
    {
        this.tap = tap;
        Libc.SetNonBlocking(tap, true);
    }

    public int PollFd => tap.Fd;

    public int Receive(Span<byte> frame)
    {
        fixed (byte* p = frame)
        {
            var n = Libc.read(tap, p, (nuint)frame.Length);
            if (n >= 0)
            {
                return (int)n;
            }
            var errno = Marshal.GetLastPInvokeError();
            return errno is Errno.EAGAIN or Errno.EINTR ? 0 : throw new ErrnoException("reading a tap", errno);
        }
    }

    public void Send(ReadOnlySpan<byte> frame)
    {
        fixed (byte* p = frame)
        {
            Libc.write(tap, p, (nuint)frame.Length);
        }
    }

    public void Dispose() => tap.Dispose();
}
