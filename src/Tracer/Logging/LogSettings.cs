namespace Vuos.Net.Tracer.Logging;

/// <summary>strace's timestamp options: -t, -tt, -ttt.</summary>
public enum TimestampStyle
{
    None,
    /// <summary>-t: HH:MM:SS.</summary>
    Seconds,
    /// <summary>-tt: HH:MM:SS.uuuuuu.</summary>
    Microseconds,
    /// <summary>-ttt: seconds since the epoch with microseconds.</summary>
    Epoch,
}

/// <summary>strace's -c and -C: a summary table instead of, or after, the lines.</summary>
public enum SummaryMode
{
    None,
    /// <summary>-c: only the table.</summary>
    Only,
    /// <summary>-C: the lines and the table.</summary>
    Also,
}

/// <summary>Which results -e status= lets through.</summary>
[Flags]
public enum CallStatus
{
    None = 0,
    Successful = 1,
    Failed = 2,
    Unfinished = 4,
    All = Successful | Failed | Unfinished,
}

/// <summary>How the log looks: strace's formatting options. Nothing here changes what stops.</summary>
public sealed record LogSettings
{
    /// <summary>-s: bytes of strings and buffers shown (paths are never cut).</summary>
    public int StringLimit { get; init; } = 32;

    /// <summary>-T: the time spent in each call, &lt;0.000123&gt;.</summary>
    public bool ShowDurations { get; init; }

    public TimestampStyle Timestamps { get; init; }

    /// <summary>-r: the time since the previous line, before each line.</summary>
    public bool RelativeTimestamps { get; init; }

    /// <summary>-y (1): descriptors with their paths; -yy (2): sockets with their endpoints and stack, devices with their numbers.</summary>
    public int DecodeFds { get; init; }

    /// <summary>-e status=: which calls are printed by result.</summary>
    public CallStatus Status { get; init; } = CallStatus.All;

    public SummaryMode Summary { get; init; }

    /// <summary>-o FILE: the log goes to a file, and every line starts with the task's id (strace's "PID " prefix).</summary>
    public bool ToFile { get; init; }

    /// <summary>--log-format json: one JSON object per line instead of strace's text.</summary>
    public bool Json { get; init; }

    /// <summary>-q: no "Process N attached" notes on stderr.</summary>
    public bool Quiet { get; init; }

    /// <summary>Whether calls print lines at all (-c prints only the table).</summary>
    public bool PrintsLines => Summary != SummaryMode.Only;
}
