using System.Globalization;

namespace Vuos.Net.Cli;

/// <summary>
/// The signals our parent left ignored (a background job ignores SIGINT, nohup ignores SIGHUP). Read before
/// the runtime changes anything but SIGPIPE, which the .NET runtime always ignores for itself and which the
/// command therefore gets back at its default.
/// </summary>
static class InheritedSignals
{
    public static IReadOnlySet<int> ReadIgnored()
    {
        var result = new HashSet<int>();
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
            if (line is not null && ulong.TryParse(line.AsSpan(7).Trim(), NumberStyles.HexNumber, null, out var mask))
            {
                for (var sig = 1; sig <= 64; sig++)
                {
                    if ((mask & (1UL << (sig - 1))) != 0 && sig != 13 /* SIGPIPE */)
                    {
                        result.Add(sig);
                    }
                }
            }
        }
        catch (IOException)
        {
        }
        return result;
    }
}
