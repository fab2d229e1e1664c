using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Cli;

/// <summary>The value of --trace: "all" or a comma list of strace classes (network, file, process, signal, ...).</summary>
static class TraceClasses
{
    static readonly Dictionary<string, SyscallClass> Names = new(StringComparer.OrdinalIgnoreCase)
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

    public static string Known => string.Join(", ", Names.Keys);

    public static bool TryParse(string text, out SyscallClass classes)
    {
        classes = SyscallClass.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // strace spells classes %network; accept that too.
            if (!Names.TryGetValue(part.TrimStart('%'), out var c))
            {
                return false;
            }
            classes |= c;
        }
        return classes != SyscallClass.None;
    }
}
