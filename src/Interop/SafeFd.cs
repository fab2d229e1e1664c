using System.Runtime.InteropServices;

namespace Vuos.Net.Interop;

/// <summary>An owned file descriptor of the supervisor, closed exactly once.</summary>
public sealed class SafeFd : SafeHandle
{
    public SafeFd(int fd, bool ownsHandle = true) : base(-1, ownsHandle) => SetHandle(fd);

    public static SafeFd Invalid => new(-1, false);

    public override bool IsInvalid => handle == -1;

    public int Fd => (int)handle;

    /// <summary>Gives up ownership: the caller now owns the descriptor.</summary>
    internal int Release()
    {
        var fd = Fd;
        SetHandleAsInvalid();
        return fd;
    }

    protected override bool ReleaseHandle() => Libc.close((int)handle) == 0;

    public override string ToString() => IsInvalid ? "fd(-1)" : $"fd({Fd})";
}
