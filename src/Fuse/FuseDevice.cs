using System.Runtime.InteropServices;
using Vuos.Net.Interop;

namespace Vuos.Net.Fuse;

/// <summary>
/// The /dev/fuse connection as the workers use it. Closing a descriptor does not wake a thread blocked in
/// read(2) on it, so reads wait in poll(2) together with an eventfd that <see cref="Stop"/> signals, and the
/// device is non-blocking (several workers wake for one request; the losers see EAGAIN). Every call holds a
/// reference on the descriptors, so a worker still busy after <see cref="Dispose"/> can never read or write a
/// reused descriptor number.
/// </summary>
sealed unsafe class FuseDevice : IDisposable
{
    const int EfdCloExec = 0x80000;
    const int ECONNABORTED = 103;

    readonly SafeFd device;
    readonly SafeFd stop;

    public FuseDevice(SafeFd device)
    {
        this.device = device;
        ErrnoException.Check(Libc.SetNonBlocking(device, true), "fcntl(/dev/fuse)");
        stop = new SafeFd(ErrnoException.Check(Libc.eventfd(0, EfdCloExec), "eventfd"));
    }

    /// <summary>
    /// Waits for the next request and returns its length, or 0 once the connection is gone (unmounted, aborted)
    /// or <see cref="Stop"/> was called.
    /// </summary>
    public int Read(Span<byte> buffer)
    {
        var deviceRef = false;
        var stopRef = false;
        try
        {
            device.DangerousAddRef(ref deviceRef);
            stop.DangerousAddRef(ref stopRef);
            var fds = stackalloc PollFd[2];
            fixed (byte* p = buffer)
            {
                while (true)
                {
                    fds[0] = new PollFd { Fd = device.Fd, Events = PollEvents.POLLIN };
                    fds[1] = new PollFd { Fd = stop.Fd, Events = PollEvents.POLLIN };
                    if (Libc.poll(fds, 2, -1) < 0)
                    {
                        if (Marshal.GetLastPInvokeError() == Errno.EINTR)
                        {
                            continue;
                        }
                        return 0;
                    }
                    if (fds[1].Revents != 0)
                    {
                        return 0;
                    }
                    var n = Libc.read(device, p, (nuint)buffer.Length);
                    if (n > 0)
                    {
                        return (int)n;
                    }
                    // ENOENT: the request was interrupted between poll and read; EAGAIN: another worker took it.
                    var errno = n < 0 ? Marshal.GetLastPInvokeError() : Errno.ENODEV;
                    if (errno is not (Errno.EAGAIN or Errno.EINTR or Errno.ENOENT))
                    {
                        return errno is Errno.ENODEV or ECONNABORTED ? 0 : throw new ErrnoException("read(/dev/fuse)", errno);
                    }
                }
            }
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
        finally
        {
            if (stopRef)
            {
                stop.DangerousRelease();
            }
            if (deviceRef)
            {
                device.DangerousRelease();
            }
        }
    }

    /// <summary>Sends a reply; returns 0 or the errno (ENOENT: the request was interrupted and is gone).</summary>
    public int Write(ReadOnlySpan<byte> reply)
    {
        var deviceRef = false;
        try
        {
            device.DangerousAddRef(ref deviceRef);
            fixed (byte* p = reply)
            {
                var n = Libc.write(device, p, (nuint)reply.Length);
                return n < 0 ? Marshal.GetLastPInvokeError() : 0;
            }
        }
        catch (ObjectDisposedException)
        {
            return Errno.EBADF;
        }
        finally
        {
            if (deviceRef)
            {
                device.DangerousRelease();
            }
        }
    }

    /// <summary>Wakes every worker waiting for a request; they return 0 from <see cref="Read"/> from now on.</summary>
    public void Stop()
    {
        var stopRef = false;
        try
        {
            stop.DangerousAddRef(ref stopRef);
            ulong one = 1;
            Libc.write(stop, &one, sizeof(ulong));
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            if (stopRef)
            {
                stop.DangerousRelease();
            }
        }
    }

    /// <summary>Closes /dev/fuse, which aborts the connection: callers still waiting for a reply get ENOTCONN.</summary>
    public void Dispose()
    {
        device.Dispose();
        stop.Dispose();
    }
}
