using System.Text;
using System.Text.RegularExpressions;

namespace Vuos.Net.Tests.Infrastructure;

/// <summary>
/// Compares two `-o FILE` logs of the same program, strace's and vuos's, line by line. What differs between
/// any two runs is normalised away: an entry split by another task's line ("&lt;unfinished ...&gt;" then
/// "&lt;... resumed&gt;") is joined back, pids become their place in the process tree (T, T.1, T.1.2), and
/// addresses, ephemeral ports, random bytes, clocks and padding are masked. Each task's lines are then matched
/// in order (longest common subsequence); the score is the share of strace's lines vuos printed identically.
/// </summary>
static partial class StraceLogComparison
{
    public sealed record Result(int StraceLines, int Identical, int ExtraVuosLines, IReadOnlyList<string> Differences)
    {
        public double Percent => StraceLines == 0 ? 0 : 100.0 * Identical / StraceLines;

        public override string ToString()
        {
            var sb = new StringBuilder($"{Identical} of {StraceLines} strace lines identical ({Percent:F1}%), {ExtraVuosLines} extra vuos lines");
            foreach (var d in Differences.Take(80))
            {
                sb.Append('\n').Append(d);
            }
            if (Differences.Count > 80)
            {
                sb.Append($"\n... {Differences.Count - 80} more");
            }
            return sb.ToString();
        }
    }

    public static Result Compare(string straceLog, string vuosLog)
    {
        var expected = Streams(straceLog);
        var actual = Streams(vuosLog);
        int total = 0, identical = 0, extra = 0;
        var differences = new List<string>();
        foreach (var task in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
        {
            var a = expected.GetValueOrDefault(task, []);
            var b = actual.GetValueOrDefault(task, []);
            var (common, diff) = Diff(a, b);
            total += a.Count;
            identical += common;
            extra += b.Count - common;
            differences.AddRange(diff.Select(d => $"{task} {d}"));
        }
        return new Result(total, identical, extra, differences);
    }

    /// <summary>The normalised lines of each task, by its place in the process tree.</summary>
    static Dictionary<string, List<string>> Streams(string log)
    {
        var lines = Join(log);
        var labels = Labels(lines);
        var streams = new Dictionary<string, List<string>>();
        foreach (var (pid, text) in lines)
        {
            var task = labels.GetValueOrDefault(pid, "?" + pid);
            if (!streams.TryGetValue(task, out var list))
            {
                streams[task] = list = [];
            }
            list.Add(Normalise(text, labels, task));
        }
        return streams;
    }

    /// <summary>The lines as (task id, text), each "&lt;unfinished ...&gt;" joined with its "&lt;... resumed&gt;".</summary>
    static List<(int Pid, string Text)> Join(string log)
    {
        var lines = new List<(int Pid, string Text)?>();
        var pending = new Dictionary<int, (int Index, string Entry)>();
        foreach (var raw in log.Split('\n'))
        {
            var m = LeaderPattern().Match(raw);
            if (!m.Success)
            {
                continue;
            }
            var pid = int.Parse(m.Groups[1].Value);
            var text = m.Groups[2].Value;
            if (text.EndsWith(" <unfinished ...>", StringComparison.Ordinal))
            {
                pending[pid] = (lines.Count, text[..^" <unfinished ...>".Length]);
                lines.Add(null);
                continue;
            }
            var resumed = ResumedPattern().Match(text);
            if (resumed.Success && pending.Remove(pid, out var open))
            {
                lines[open.Index] = (pid, open.Entry + resumed.Groups[1].Value);
                continue;
            }
            lines.Add((pid, text));
        }
        foreach (var (pid, (index, entry)) in pending)
        {
            lines[index] = (pid, entry + " <unfinished ...>");
        }
        return [.. lines.Where(l => l is not null).Select(l => l!.Value)];
    }

    /// <summary>Each task named by its place in the tree: the first is T, the children its clone results name T.1, T.2...</summary>
    static Dictionary<int, string> Labels(List<(int Pid, string Text)> lines)
    {
        var labels = new Dictionary<int, string>();
        if (lines.Count == 0)
        {
            return labels;
        }
        labels[lines[0].Pid] = "T";
        var children = new Dictionary<int, int>();
        foreach (var (pid, text) in lines)
        {
            var m = ClonePattern().Match(text);
            if (m.Success && labels.TryGetValue(pid, out var parent))
            {
                var n = children[pid] = children.GetValueOrDefault(pid) + 1;
                labels[int.Parse(m.Groups[1].Value)] = $"{parent}.{n}";
            }
        }
        return labels;
    }

    static string Normalise(string text, Dictionary<int, string> labels, string task)
    {
        var t = PaddingPattern().Replace(text, ") = ");
        t = AddressPattern().Replace(t, "0xADDR");
        t = PortPattern().Replace(t, m => int.Parse(m.Groups[1].Value) >= 32768 ? "htons(EPHEMERAL)" : m.Value);
        t = RandomPattern().Replace(t, "getrandom(\"RANDOM\"");
        t = SysinfoPattern().Replace(t, "sysinfo({...})");
        t = NanosecondsPattern().Replace(t, "${1}=N");
        t = ClockTicksPattern().Replace(t, "${1}=N");
        t = RusagePattern().Replace(t, "ru_${1}time={...}");
        if (task == "T")
        {
            // The first process's parent is strace in one run and vuos in the other.
            t = ParentPattern().Replace(t, "getppid() = PARENT");
        }
        return NumberPattern().Replace(t, m => int.TryParse(m.Value, out var pid) && labels.TryGetValue(pid, out var label) ? label : m.Value);
    }

    /// <summary>The lines of <paramref name="a"/> and <paramref name="b"/> in common, in order, and the rest as "- strace" / "+ vuos".</summary>
    static (int Common, List<string> Differences) Diff(List<string> a, List<string> b)
    {
        var lcs = new int[a.Count + 1, b.Count + 1];
        for (var i = a.Count - 1; i >= 0; i--)
        {
            for (var j = b.Count - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }
        var differences = new List<string>();
        int x = 0, y = 0;
        while (x < a.Count || y < b.Count)
        {
            if (x < a.Count && y < b.Count && a[x] == b[y])
            {
                x++;
                y++;
            }
            else if (y < b.Count && (x == a.Count || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                differences.Add("+ " + b[y++]);
            }
            else
            {
                differences.Add("- " + a[x++]);
            }
        }
        return (lcs[0, 0], differences);
    }

    [GeneratedRegex(@"^(\d+) +(.*)$")]
    private static partial Regex LeaderPattern();

    [GeneratedRegex(@"^<\.\.\. \w+ resumed>(.*)$")]
    private static partial Regex ResumedPattern();

    [GeneratedRegex(@"^(?:clone|clone3|fork|vfork)\(.*\) += (\d+)$")]
    private static partial Regex ClonePattern();

    [GeneratedRegex(@"\) +=( |$)")]
    private static partial Regex PaddingPattern();

    [GeneratedRegex(@"0x[0-9a-f]{7,}")]
    private static partial Regex AddressPattern();

    [GeneratedRegex(@"htons\((\d+)\)")]
    private static partial Regex PortPattern();

    [GeneratedRegex(@"getrandom\(""[^""]*""")]
    private static partial Regex RandomPattern();

    [GeneratedRegex(@"sysinfo\(\{.*\}\)")]
    private static partial Regex SysinfoPattern();

    [GeneratedRegex(@"\b(tv_nsec|tv_usec)=\d+")]
    private static partial Regex NanosecondsPattern();

    [GeneratedRegex(@"\b(si_utime|si_stime)=\d+(?: /\* [^*]* \*/)?")]
    private static partial Regex ClockTicksPattern();

    [GeneratedRegex(@"ru_(u|s)time=\{[^}]*\}")]
    private static partial Regex RusagePattern();

    [GeneratedRegex(@"^getppid\(\) = \d+")]
    private static partial Regex ParentPattern();

    [GeneratedRegex(@"(?<![\w.])\d{2,}(?![\w.])")]
    private static partial Regex NumberPattern();
}
