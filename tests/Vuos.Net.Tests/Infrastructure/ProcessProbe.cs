using System.Diagnostics;

namespace Vuos.Net.Tests.Infrastructure;

/// <summary>
/// What a process is doing, read from /proc, so tests wait for the state they need (a process blocked in a
/// call, a child started) instead of sleeping for a time that a slow machine may not honour.
/// </summary>
static class ProcessProbe
{
    static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The syscall numbers the threads of <paramref name="pid"/> are blocked in (none for a running or vanished
    /// process): x86-64 numbers, and the supervisor's own calls with their negative numbers (xv6_listen is -16).
    /// </summary>
    public static IEnumerable<long> BlockedSyscalls(int pid)
    {
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }
        foreach (var task in tasks)
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(task, "syscall"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            // "running", "-1 sp pc" (blocked outside a call: stopped), or "NR ..." for a task inside call NR.
            var first = text.Split(' ', 2)[0];
            if (long.TryParse(first, out var nr) && nr != -1)
            {
                yield return nr;
            }
        }
    }

    /// <summary>The kernel function a thread of <paramref name="pid"/> sleeps in (wchan), for every thread.</summary>
    public static IEnumerable<string> WaitChannels(int pid)
    {
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }
        foreach (var task in tasks)
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(task, "wchan"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (text.Length > 0 && text != "0")
            {
                yield return text;
            }
        }
    }

    /// <summary>
    /// The state of <paramref name="pid"/> as ps shows it: R running, S or D sleeping, T stopped, t stopped by its
    /// tracer, Z a zombie; null once it is gone.
    /// </summary>
    public static char? State(int pid) => StatFields(pid) is { } fields ? fields[0][0] : null;

    /// <summary>The CPU time <paramref name="pid"/> has used, user and system (zero once it is gone).</summary>
    public static TimeSpan CpuTime(int pid)
    {
        // utime and stime, in clock ticks: USER_HZ, 100 on every Linux ABI /proc reports in.
        var fields = StatFields(pid);
        return fields is null ? TimeSpan.Zero : TimeSpan.FromMilliseconds((long.Parse(fields[11]) + long.Parse(fields[12])) * 10);
    }

    /// <summary>The fields of /proc/PID/stat after "pid (comm)", from the state on; null once the process is gone.</summary>
    static string[]? StatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // As in Descendants: comm may hold spaces and parentheses, so the fields start after the last ')'.
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Every process whose ancestry leads to <paramref name="pid"/> (not <paramref name="pid"/> itself).</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var p))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // pid (comm) state ppid ...: comm may hold spaces and parentheses, so parse after the last ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[p] = int.Parse(fields[1]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
            }
        }
        var result = new List<int>();
        foreach (var p in parents.Keys)
        {
            for (var q = parents[p]; q > 1 && parents.ContainsKey(q); q = parents[q])
            {
                if (q == pid)
                {
                    result.Add(p);
                    break;
                }
            }
            if (parents[p] == pid && !result.Contains(p))
            {
                result.Add(p);
            }
        }
        return result;
    }

    /// <summary>Waits until <paramref name="condition"/> holds; throws with <paramref name="what"/> when it does not in time.</summary>
    public static void WaitUntil(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        if (!SpinWait.SpinUntil(condition, limit))
        {
            var processes = new ProcessStartInfo("ps", "-e -o pid,ppid,stat,wchan:24,comm") { RedirectStandardOutput = true };
            using var ps = Process.Start(processes)!;
            throw new TimeoutException($"{what}: not within {limit.TotalSeconds} s\n{ps.StandardOutput.ReadToEnd()}");
        }
    }

    /// <summary>Waits until <paramref name="pid"/> (one of its threads) is blocked inside syscall <paramref name="nr"/>.</summary>
    public static void WaitUntilBlockedIn(int pid, long nr, TimeSpan? timeout = null) =>
        WaitUntil(() => BlockedSyscalls(pid).Contains(nr), $"pid {pid} blocked in syscall {nr}", timeout);

    /// <summary>Waits until a descendant of <paramref name="ancestor"/> named <paramref name="comm"/> is blocked in syscall <paramref name="nr"/>; returns its pid.</summary>
    public static int WaitUntilDescendantBlockedIn(int ancestor, string comm, long nr, TimeSpan? timeout = null)
    {
        var found = 0;
        WaitUntil(() =>
        {
            foreach (var pid in Descendants(ancestor))
            {
                if (Comm(pid) == comm && BlockedSyscalls(pid).Contains(nr))
                {
                    found = pid;
                    return true;
                }
            }
            return false;
        }, $"a {comm} under pid {ancestor} blocked in syscall {nr}", timeout);
        return found;
    }

    public static string? Comm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
