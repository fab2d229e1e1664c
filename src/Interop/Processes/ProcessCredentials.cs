namespace Vuos.Net.Interop.Processes;

/// <summary>What a process (a tracee) may do itself, read from /proc, for modules that act on its behalf with the supervisor's privileges.</summary>
public static class ProcessCredentials
{
    static readonly string? SupervisorUserNamespace = Libc.ReadLink("/proc/self/ns/user");

    /// <summary>
    /// Whether the thread runs in the supervisor's user namespace: its capabilities then count over the host's
    /// namespaces, not only over a user namespace of the session's.
    /// </summary>
    public static bool InSupervisorUserNamespace(int tid) =>
        SupervisorUserNamespace is not null && Libc.ReadLink($"/proc/{tid}/ns/user") == SupervisorUserNamespace;

    /// <summary>Whether the thread's effective capability set holds capability number <paramref name="capability"/> (CAP_NET_RAW is 13), in its own user namespace.</summary>
    public static bool HasEffectiveCapability(int tid, int capability)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{tid}/status"))
            {
                if (line.StartsWith("CapEff:", StringComparison.Ordinal))
                {
                    return ((Convert.ToUInt64(line[7..].Trim(), 16) >> capability) & 1) != 0;
                }
            }
        }
        catch (IOException)
        {
            // The thread is gone: it needs nothing any more.
        }
        return false;
    }
}
