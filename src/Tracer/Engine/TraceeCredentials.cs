namespace Vuos.Net.Tracer.Engine;

/// <summary>What a tracee may do itself, for modules that act on its behalf with the supervisor's privileges.</summary>
public static class TraceeCredentials
{
    /// <summary>Whether the thread's effective capability set holds capability number <paramref name="capability"/> (CAP_NET_RAW is 13).</summary>
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
