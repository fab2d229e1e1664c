namespace Vuos.Net.Interop.Processes;

/// <summary>
/// The supervisor holds descriptors for a whole session (a socket per netfs file, every stack's namespaces,
/// taps, ready sockets), so it raises its own RLIMIT_NOFILE soft limit to the hard one; the programs it starts
/// get the soft limit back (vuos-launch sets it before exec), so they see what they would natively. NativeAOT,
/// unlike the CoreCLR host, does not raise it by itself.
/// </summary>
public static unsafe class OpenFilesLimit
{
    /// <summary>The soft limit the supervisor was started with, once <see cref="Raise"/> changed it; null otherwise.</summary>
    public static uint? Original { get; private set; }

    /// <summary>Raises the soft limit to the hard one; a failure leaves it as it was (the session still runs).</summary>
    public static void Raise()
    {
        RLimit limit;
        if (Libc.getrlimit(ResourceLimit.RLIMIT_NOFILE, &limit) != 0 || limit.Current >= limit.Maximum || limit.Current > uint.MaxValue)
        {
            return;
        }
        var original = limit.Current;
        limit.Current = limit.Maximum;
        if (Libc.setrlimit(ResourceLimit.RLIMIT_NOFILE, &limit) == 0)
        {
            Original = (uint)original;
        }
    }
}
