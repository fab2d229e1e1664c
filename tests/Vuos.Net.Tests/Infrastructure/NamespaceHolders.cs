using Vuos.Net.Interop;

namespace Vuos.Net.Tests.Infrastructure;

/// <summary>Which processes still refer to a network namespace ("net:[INODE]"), through a descriptor or as their own.</summary>
static class NamespaceHolders
{
    /// <summary>
    /// Holders of a namespace ("net:[INODE]", "mnt:[INODE]") outside any live vuos session. The kernel reuses a freed namespace's inode number, so a
    /// session running concurrently in another test may legitimately hold a new namespace with the same name;
    /// anything leaked by a finished session has been reparented away from every supervisor.
    /// </summary>
    public static List<string> Of(string ns) => OutsideLiveSessions(pid =>
    {
        var proc = $"/proc/{pid}";
        var type = ns[..ns.IndexOf(':')];
        var found = new List<string>();
        if (Libc.ReadLink($"{proc}/ns/{type}") == ns)
        {
            found.Add($"{proc}/ns/{type}");
        }
        found.AddRange(Directory.EnumerateFileSystemEntries($"{proc}/fd").Where(fd => Libc.ReadLink(fd) == ns));
        return found.Select(f => $"{f} ({Comm($"{pid}")})");
    });

    /// <summary>Processes named <paramref name="comm"/> outside any live vuos session: left behind by one that ended.</summary>
    public static List<int> Orphans(string comm) => OutsideLiveSessions(pid => Comm($"{pid}") == comm ? [pid] : Array.Empty<int>());

    /// <summary>What <paramref name="find"/> reports of each process, for processes outside any live session.</summary>
    static List<T> OutsideLiveSessions<T>(Func<int, IEnumerable<T>> find)
    {
        var results = new List<T>();
        foreach (var proc in Directory.EnumerateDirectories("/proc").Where(d => char.IsDigit(Path.GetFileName(d)[0])))
        {
            try
            {
                var pid = int.Parse(Path.GetFileName(proc));
                var found = find(pid).ToList();
                if (found.Count > 0 && !InLiveSession(pid))
                {
                    results.AddRange(found);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process is gone.
            }
        }
        return results;
    }

    /// <summary>A supervisor, its helpers (children), or a process it traces (processes of a session may be reparented).</summary>
    static bool InLiveSession(int pid)
    {
        for (var p = pid; p > 1;)
        {
            if (Comm($"{p}") == "vuos" || TracerPid(p) is var tracer && tracer > 0 && Comm($"{tracer}") == "vuos")
            {
                return true;
            }
            // The parent pid follows the ")" that ends the command name in /proc/PID/stat.
            var stat = File.ReadAllText($"/proc/{p}/stat");
            p = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
        }
        return false;
    }

    static int TracerPid(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("TracerPid:", StringComparison.Ordinal))
            .Select(l => int.Parse(l[10..].Trim())).FirstOrDefault();

    static string Comm(string pid) => File.ReadAllText($"/proc/{pid}/comm").Trim();
}
