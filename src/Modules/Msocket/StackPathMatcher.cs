using Vuos.Net.Interop.Processes;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Msocket;

/// <summary>
/// Decides quickly whether a path a tracee passes to a file call names a stack. Most paths do not, and the
/// answer for them costs one string comparison: only absolute paths under a mount directory, or relative
/// paths ending in a mount's name, are resolved against the tracee's working directory. The index follows
/// stacks mounted and unmounted while the session runs.
/// </summary>
public sealed class StackPathMatcher(StackMountTable mounts)
{
    sealed record Index(int Version, string[] DirectoryPrefixes, HashSet<string> Names, HashSet<string> Directories);

    volatile Index? index;

    Index Current
    {
        get
        {
            var version = mounts.Version;
            if (index is { } current && current.Version == version)
            {
                return current;
            }
            var directories = mounts.Directories.ToList();
            var built = new Index(version, [.. directories.Select(d => d == "/" ? "/" : d + "/")],
                [.. mounts.Mounts.Select(m => m.Path[(m.Path.LastIndexOf('/') + 1)..])], [.. directories]);
            index = built;
            return built;
        }
    }

    public StackMount? Match(int tid, int dirfd, string path)
    {
        if (path.Length == 0)
        {
            return null;
        }
        var current = Current;
        if (path[0] == '/')
        {
            if (!current.DirectoryPrefixes.Any(p => path.StartsWith(p, StringComparison.Ordinal)))
            {
                return null;
            }
        }
        else if (!current.Names.Contains(path.TrimEnd('/')[(path.TrimEnd('/').LastIndexOf('/') + 1)..]))
        {
            return null;
        }
        var absolute = ProcessPaths.Resolve(tid, dirfd, path);
        return absolute is null ? null : mounts.Find(absolute);
    }

    /// <summary>True when a directory path holds stack paths (its listing shows them).</summary>
    public bool IsMountDirectory(string absolutePath) => Current.Directories.Contains(absolutePath);

    public IEnumerable<StackMount> MountsIn(string directory) =>
        mounts.Mounts.Where(m => m.Path[..Math.Max(1, m.Path.LastIndexOf('/'))] == directory);
}
