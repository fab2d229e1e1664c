using Serilog;
using Vuos.Net.Interop;

namespace Vuos.Net.Cli;

/// <summary>Whether the session can mount netfs: FUSE needs read-write access to /dev/fuse.</summary>
static class NetfsAvailability
{

    /// <summary>
    /// True when netfs can be mounted. Otherwise netfs is off with a warning, or, when the user asked for it
    /// by name (<paramref name="required"/>), InvalidOperationException says why.
    /// </summary>
    public static bool Check(ILogger diag, bool required)
    {
        if (Libc.faccessat(AtFlags.AT_FDCWD, "/dev/fuse", AccessMode.R_OK | AccessMode.W_OK, 0) == 0)
        {
            return true;
        }
        var reason = "netfs needs read-write access to /dev/fuse (as root, or where /dev/fuse is mode 0666, as most distributions ship it)";
        if (required)
        {
            throw new InvalidOperationException($"--netfs: {reason}");
        }
        diag.Warning("netfs is off: {Reason:l} (--no-netfs silences this)", reason);
        return false;
    }
}
