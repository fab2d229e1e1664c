using System.Text;
using Vuos.Net.Interop.Processes;

namespace Vuos.Net.Stacks.Namespaces;

/// <summary>
/// What the session's mount namespace adds to the host's file system view, checked before anything starts:
/// stack files (VUOS's /dev/net/NAME) and the netfs mount point. Nothing of it appears on the host: a directory
/// that holds stack files is covered by a tmpfs holding what it held plus the stack files (/dev/net keeps its
/// tun device), and a new top-level directory (/net) exists in a root made of the host's top-level entries.
/// To keep the host's view intact where it matters, stack files live in /dev/net, in an empty directory, or
/// in a new top-level directory, and the netfs tree in an empty directory or a new top-level one.
/// </summary>
public sealed class SessionLayout
{
    const string DevNet = "/dev/net";

    readonly List<string> rootAdditions = [];
    readonly List<string> shadows = [];
    readonly List<string> nodes = [];
    readonly List<string> directories = [];

    /// <summary>Where the netfs FUSE tree is mounted, or null for none.</summary>
    public string? FuseMountPoint { get; private set; }

    public IReadOnlyList<string> StackDirectories => directories;

    public IReadOnlyList<string> StackFiles => nodes;

    /// <summary>Adds a stack file; throws FormatException saying why <paramref name="path"/> cannot be one.</summary>
    public void AddStackFile(string path)
    {
        var normalized = ProcessPaths.Normalize(Path.GetFullPath(path));
        if (normalized == "/")
        {
            throw new FormatException("/ cannot be a stack");
        }
        if (nodes.Contains(normalized))
        {
            throw new FormatException($"{normalized} is mounted twice");
        }
        if (Exists(normalized))
        {
            throw new FormatException($"{normalized} exists: a stack is mounted at a path of its own");
        }
        var directory = Path.GetDirectoryName(normalized)!;
        if (directory == "/")
        {
            throw new FormatException($"{normalized}: a stack file cannot stand at / (use /dev/net/NAME)");
        }
        PrepareDirectory(directory, $"the stack {normalized}");
        nodes.Add(normalized);
    }

    /// <summary>
    /// Makes /dev/net hold stack files even when no --stack path is there, so stacks can be mounted in it while
    /// the session runs (VUOS's `vumount -t vunet... /dev/net/NAME`). Nothing happens on a machine without it.
    /// </summary>
    public void AddRunTimeStackDirectory()
    {
        if (Directory.Exists(DevNet))
        {
            PrepareDirectory(DevNet, DevNet);
        }
    }

    /// <summary>Sets the netfs mount point; throws FormatException saying why <paramref name="path"/> cannot be one.</summary>
    public void SetFuseMountPoint(string path)
    {
        if (!path.StartsWith('/'))
        {
            throw new FormatException($"--netfs {path}: the netfs root must be an absolute path");
        }
        var normalized = ProcessPaths.Normalize(Path.GetFullPath(path));
        if (Directory.Exists(normalized))
        {
            if (Directory.EnumerateFileSystemEntries(normalized).Any())
            {
                throw new FormatException($"--netfs {path}: {normalized} is not empty: netfs would hide what is there");
            }
            FuseMountPoint = normalized;
            return;
        }
        if (Exists(normalized))
        {
            throw new FormatException($"--netfs {path}: {normalized} exists and is not a directory");
        }
        if (Path.GetDirectoryName(normalized) != "/")
        {
            throw new FormatException($"--netfs {path}: {normalized} does not exist: netfs is mounted on an empty directory, or at a new top-level name like /net");
        }
        AddToRoot(normalized[1..]);
        FuseMountPoint = normalized;
    }

    void PrepareDirectory(string directory, string what)
    {
        if (directories.Contains(directory))
        {
            return;
        }
        if (directory == DevNet)
        {
            if (!Directory.Exists(DevNet))
            {
                throw new FormatException($"{what}: this machine has no {DevNet}");
            }
            shadows.Add(DevNet);
        }
        else if (Directory.Exists(directory))
        {
            if (Directory.EnumerateFileSystemEntries(directory).Any())
            {
                throw new FormatException($"{what}: {directory} is not empty (stacks live in /dev/net, an empty directory or a new top-level directory)");
            }
            shadows.Add(directory);
        }
        else if (Path.GetDirectoryName(directory) == "/" && !Exists(directory))
        {
            AddToRoot(directory[1..]);
        }
        else
        {
            throw new FormatException($"{what}: {directory} does not exist (stacks live in /dev/net, an empty directory or a new top-level directory)");
        }
        directories.Add(directory);
    }

    void AddToRoot(string name)
    {
        if (!rootAdditions.Contains(name))
        {
            rootAdditions.Add(name);
        }
    }

    static bool Exists(string path) => Path.Exists(path) || new FileInfo(path).LinkTarget is not null;

    /// <summary>The instructions vuos-nshelper carries out (native/vuos-nshelper/session.c, build_session).</summary>
    public string Instructions()
    {
        var text = new StringBuilder();
        foreach (var name in rootAdditions)
        {
            text.Append("root ").Append(name).Append('\n');
        }
        foreach (var directory in shadows)
        {
            text.Append("shadow ").Append(directory).Append('\n');
        }
        if (FuseMountPoint is { } fuse)
        {
            text.Append("fuse ").Append(fuse).Append('\n');
        }
        foreach (var node in nodes)
        {
            text.Append("node ").Append(node).Append('\n');
        }
        foreach (var directory in directories)
        {
            text.Append("dir ").Append(directory).Append('\n');
        }
        return text.ToString();
    }
}
