using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Vuos.Net.Tracer.Logging;

/// <summary>
/// strace's -c table: per syscall the share of time, the seconds, microseconds per call, calls and errors,
/// sorted by time, with a total line. Time is the wall-clock time between a call's entry and exit stops
/// (strace's -w; strace's default is system CPU time, which ptrace does not report per call).
/// </summary>
public sealed class CallSummary
{
    sealed class Counts
    {
        public long Ticks;
        public long Calls;
        public long Errors;
        public int Order;
    }

    readonly Dictionary<string, Counts> bySyscall = [];

    public void Count(string name, long ticks, bool failed)
    {
        lock (bySyscall)
        {
            if (!bySyscall.TryGetValue(name, out var c))
            {
                c = new Counts { Order = bySyscall.Count };
                bySyscall[name] = c;
            }
            c.Calls++;
            c.Ticks += Math.Max(0, ticks);
            if (failed)
            {
                c.Errors++;
            }
        }
    }

    public string Render()
    {
        List<(string Name, Counts C)> rows;
        lock (bySyscall)
        {
            rows = [.. bySyscall.Select(kv => (kv.Key, kv.Value)).OrderByDescending(r => r.Value.Ticks).ThenBy(r => r.Value.Order)];
        }
        static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;
        var totalTicks = rows.Sum(r => r.C.Ticks);
        var totalCalls = rows.Sum(r => r.C.Calls);
        var totalErrors = rows.Sum(r => r.C.Errors);
        var total = Seconds(totalTicks);
        var maxAvg = rows.Count == 0 ? 0 : rows.Max(r => (long)(Seconds(r.C.Ticks) / r.C.Calls * 1e6));
        var w = new[]
        {
            6,
            Math.Max(11, F(total, 6).Length),
            Math.Max(11, maxAvg.ToString(CultureInfo.InvariantCulture).Length),
            Math.Max(9, totalCalls.ToString(CultureInfo.InvariantCulture).Length),
            Math.Max(9, totalErrors.ToString(CultureInfo.InvariantCulture).Length),
            Math.Max(16, (rows.Count == 0 ? 0 : rows.Max(r => r.Name.Length)) + 1),
        };
        var sb = new StringBuilder();
        sb.Append("% time".PadLeft(w[0])).Append(' ').Append("seconds".PadLeft(w[1])).Append(' ')
            .Append("usecs/call".PadLeft(w[2])).Append(' ').Append("calls".PadLeft(w[3])).Append(' ')
            .Append("errors".PadLeft(w[4])).Append(' ').Append("syscall").Append('\n');
        Divider(sb, w);
        foreach (var (name, c) in rows)
        {
            var seconds = Seconds(c.Ticks);
            var percent = seconds == 0 ? 0 : 100.0 * seconds / total;
            Row(sb, w, percent, seconds, (long)(seconds / c.Calls * 1e6), c.Calls, c.Errors, name);
        }
        Divider(sb, w);
        Row(sb, w, 100.0, total, totalCalls == 0 ? 0 : (long)(total / totalCalls * 1e6), totalCalls, totalErrors, "total");
        return sb.ToString();
    }

    static void Row(StringBuilder sb, int[] w, double percent, double seconds, long usecs, long calls, long errors, string name) =>
        sb.Append(F(percent, 2).PadLeft(w[0])).Append(' ')
            .Append(F(seconds, 6).PadLeft(w[1])).Append(' ')
            .Append(usecs.ToString(CultureInfo.InvariantCulture).PadLeft(w[2])).Append(' ')
            .Append(calls.ToString(CultureInfo.InvariantCulture).PadLeft(w[3])).Append(' ')
            // strace prints errors with "%.0u": nothing for zero.
            .Append((errors == 0 ? "" : errors.ToString(CultureInfo.InvariantCulture)).PadLeft(w[4])).Append(' ')
            .Append(name).Append('\n');

    static void Divider(StringBuilder sb, int[] w)
    {
        for (var i = 0; i < w.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }
            sb.Append('-', w[i]);
        }
        sb.Append('\n');
    }

    static string F(double v, int decimals) => v.ToString("F" + decimals, CultureInfo.InvariantCulture);
}
