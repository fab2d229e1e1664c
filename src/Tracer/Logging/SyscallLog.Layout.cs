using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Serilog;
using Serilog.Events;
using Serilog.Parsing;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Engine;
using Vuos.Net.Tracer.Logging.Decoders;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging;

/// <summary>strace's line layout: leaders, the result column, results and errors.</summary>
public sealed partial class SyscallLog
{
    /// <summary>strace's leader: "PID " with -o, "[pid N] " on stderr once there are several tasks, then timestamps.</summary>
    /// <param name="wall">UTC: converted to local time only when -t/-tt print it.</param>
    void AppendLeader(StringBuilder sb, int tid, DateTime wall, long ticks)
    {
        if (Settings.ToFile)
        {
            sb.Append(tid.ToString().PadRight(5)).Append(' ');
        }
        else if (tasks > 1)
        {
            sb.Append("[pid ").Append(tid.ToString().PadLeft(5)).Append("] ");
        }
        switch (Settings.Timestamps)
        {
            case TimestampStyle.Seconds:
                sb.Append(wall.ToLocalTime().ToString("HH:mm:ss")).Append(' ');
                break;
            case TimestampStyle.Microseconds:
                sb.Append(wall.ToLocalTime().ToString("HH:mm:ss.ffffff")).Append(' ');
                break;
            case TimestampStyle.Epoch:
                var sinceEpoch = wall - DateTime.UnixEpoch;
                sb.Append((long)sinceEpoch.TotalSeconds).Append('.').Append((sinceEpoch.Ticks % TimeSpan.TicksPerSecond / 10).ToString("D6")).Append(' ');
                break;
        }
        if (Settings.RelativeTimestamps)
        {
            var previous = lastLeader == 0 ? ticks : lastLeader;
            lastLeader = ticks;
            var delta = Stopwatch.GetElapsedTime(previous, ticks);
            if (delta < TimeSpan.Zero)
            {
                delta = TimeSpan.Zero;
            }
            var text = ((long)delta.TotalSeconds).ToString().PadLeft(6) + "." + (delta.Ticks % TimeSpan.TicksPerSecond / 10).ToString("D6");
            sb.Append(Settings.Timestamps == TimestampStyle.None ? text + " " : "(+" + text + ") ");
        }
    }

    /// <summary>
    /// With -o FILE, " = " is aligned at column 40 as strace aligns it. On stderr vuos keeps a single space (a
    /// documented difference: the supervisor's diagnostics share that stream).
    /// </summary>
    void PadToResult(StringBuilder sb)
    {
        if (!Settings.ToFile)
        {
            return;
        }
        // Each line has a builder of its own: its column is its length.
        if (sb.Length < ResultColumn)
        {
            sb.Append(' ', ResultColumn - sb.Length);
        }
    }

    void AppendResult(StringBuilder sb, CallRecord r, TimeSpan duration)
    {
        sb.Append(' ');
        PadToResult(sb);
        AppendResultValue(sb, r);
        AppendNote(sb, r.Note);
        if (Settings.ShowDurations)
        {
            sb.Append(" <").Append(duration.TotalSeconds.ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture)).Append('>');
        }
    }

    static void AppendNote(StringBuilder sb, string? note)
    {
        if (note is not null)
        {
            sb.Append(" [").Append(note).Append(']');
        }
    }

    static void AppendResultValue(StringBuilder sb, CallRecord r)
    {
        var ret = r.Result;
        if (r.RetKind == RetKind.NoReturn)
        {
            sb.Append("= ?");
            return;
        }
        if (ret < 0 && ret >= -4095)
        {
            sb.Append(FormatError((int)-ret));
            return;
        }
        sb.Append("= ");
        switch (r.RetKind)
        {
            case RetKind.Hex:
                sb.Append(ret == 0 ? "0" : "0x" + (r.Arch == AuditArch.I386 ? ((uint)ret).ToString("x") : ((ulong)ret).ToString("x")));
                break;
            case RetKind.Octal:
                sb.Append(Stats.Octal((ulong)ret));
                break;
            case RetKind.Fd:
                sb.Append(ret);
                if (r.ResultLabel is { } label)
                {
                    sb.Append('<').Append(label).Append('>');
                }
                break;
            default:
                sb.Append(ret);
                break;
        }
        if (r.Detail is { } detail)
        {
            sb.Append(" (");
            detail.WriteText(sb);
            sb.Append(')');
        }
    }

    /// <summary>strace's error result: "= -1 ENOENT (No such file or directory)", or "= ? ERESTARTSYS (...)".</summary>
    public static string FormatError(int errno)
    {
        var name = LinuxNames.ErrnoName(errno);
        if (LinuxNames.KernelErrnoText(errno) is { } restart)
        {
            return $"= ? {name} ({restart})";
        }
        var text = System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno);
        return name is null ? $"= -1 {errno} ({text})" : $"= -1 {name} ({text})";
    }
}
