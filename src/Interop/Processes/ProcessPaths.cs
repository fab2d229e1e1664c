namespace Vuos.Net.Interop.Processes;

/// <summary>
/// Paths as a process (a tracee) names them, made absolute: relative to its working directory or to one of
/// its directory descriptors (read from /proc), then normalised lexically ("." and ".." removed, symbolic
/// links not followed, as the supervisor's virtual files are not on any file system to follow them through).
/// </summary>
public static class ProcessPaths
{
    public const int AtFdCwd = AtFlags.AT_FDCWD;

    /// <summary>The absolute path, or null when the base directory cannot be read (the thread is gone).</summary>
    public static string? Resolve(int tid, int dirfd, string path)
    {
        if (path.StartsWith('/'))
        {
            return Normalize(path);
        }
        var baseDir = dirfd == AtFdCwd ? Libc.ReadLink($"/proc/{tid}/cwd") : Libc.ReadLink($"/proc/{tid}/fd/{dirfd}");
        return baseDir is null || !baseDir.StartsWith('/') ? null : Normalize(baseDir + "/" + path);
    }

    public static string Normalize(string absolute)
    {
        var parts = new List<string>();
        foreach (var part in absolute.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                continue;
            }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }
}
