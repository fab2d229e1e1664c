using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging;

/// <summary>Which syscalls the log shows: strace's -e trace= (classes such as network, and syscall names).</summary>
public sealed record TraceSelection(SyscallClass Classes, IReadOnlySet<string> Names)
{
    public static TraceSelection None { get; } = new(SyscallClass.None, new HashSet<string>());

    public static TraceSelection Everything { get; } = new(SyscallClass.All, new HashSet<string>());

    public bool IsEverything => Classes == SyscallClass.All;

    public bool IsEmpty => Classes == SyscallClass.None && Names.Count == 0;

    public bool Includes(SyscallDescriptor syscall) =>
        IsEverything || (syscall.Class & Classes) != 0 || Names.Contains(syscall.Name);

    static readonly Dictionary<string, SyscallClass> ClassNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["all"] = SyscallClass.All,
        ["network"] = SyscallClass.Network,
        ["net"] = SyscallClass.Network,
        ["file"] = SyscallClass.File,
        ["process"] = SyscallClass.Process,
        ["signal"] = SyscallClass.Signal,
        ["ipc"] = SyscallClass.Ipc,
        ["desc"] = SyscallClass.Desc,
        ["memory"] = SyscallClass.Memory,
        ["creds"] = SyscallClass.Creds,
        ["clock"] = SyscallClass.Clock,
        ["stat"] = SyscallClass.Stat,
        ["msocket"] = SyscallClass.Msocket,
    };

    public static string KnownClasses => string.Join(", ", ClassNames.Keys);

    /// <summary>Parses "network,file,clock_nanosleep" (strace's %class spelling too); null when a word is neither.</summary>
    public static TraceSelection? Parse(string text, out string? unknown)
    {
        unknown = null;
        var classes = SyscallClass.None;
        var names = new HashSet<string>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (ClassNames.TryGetValue(part.TrimStart('%'), out var c))
            {
                classes |= c;
            }
            else if (SyscallTable.Find(part) is not null)
            {
                names.Add(part);
            }
            else
            {
                unknown = part;
                return null;
            }
        }
        var selection = new TraceSelection(classes, names);
        return selection.IsEmpty ? null : selection;
    }
}
