namespace Vuos.Net.Tracer.Engine;

public sealed class TracerOptions
{
    /// <summary>The native launcher that installs the filter and execs the command (vuos-launch).</summary>
    public required string LauncherPath { get; init; }

    /// <summary>Signals the supervisor's parent left ignored: the command inherits that, as it would natively.</summary>
    public IReadOnlySet<int> InheritedIgnoredSignals { get; init; } = new HashSet<int>();

    /// <summary>strace's -s: how many bytes of strings and buffers the log prints.</summary>
    public int StringLimit { get; init; } = 32;
}
