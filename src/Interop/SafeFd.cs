using System.Runtime.InteropServices;

namespace Vuos.Net.Interop;

/// <summary>An owned file descriptor of the supervisor, closed exactly once.</summary>
public sealed class SafeFd : SafeHandle
{
    public SafeFd(int fd, bool ownsHandle = true) : base(-1, ownsHandle) => SetHandle(fd);

    public override bool IsInvalid => handle == -1;

    public int Fd => (int)handle;

    /// <summary>Gives up ownership: the caller now owns the descriptor.</summary>
    internal int Release()
    {
        var fd = Fd;
        SetHandleAsInvalid();
        return fd;
    }

    /// <summary>
    /// Holds the descriptor for the length of one native call (DangerousAddRef): a Dispose on another thread
    /// closes it only after the call returns, so the call never reaches the number reused by something else.
    /// A SafeFd already closed holds -1, on which the call fails with EBADF as on a closed descriptor.
    /// </summary>
    internal Held Hold()
    {
        var added = false;
        try
        {
            DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
        }
        return added ? new Held(this, Fd) : new Held(null, -1);
    }

    /// <summary>
    /// A descriptor held by <see cref="Hold"/>; disposing it lets the descriptor be closed, keeping the call's
    /// errno (a Dispose that came during the call closes the descriptor here).
    /// </summary>
    internal readonly ref struct Held(SafeFd? owner, int fd)
    {
        public int Fd => fd;

        public void Dispose()
        {
            if (owner is not null)
            {
                var errno = Marshal.GetLastPInvokeError();
                owner.DangerousRelease();
                Marshal.SetLastPInvokeError(errno);
            }
        }
    }

    protected override bool ReleaseHandle() => Libc.close((int)handle) == 0;

    public override string ToString() => IsInvalid ? "fd(-1)" : $"fd({Fd})";
}
