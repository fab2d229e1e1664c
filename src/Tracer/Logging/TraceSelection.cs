using System.Text.RegularExpressions;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging;

/// <summary>
/// Which syscalls the log shows: strace's -e trace= set. Classes (%file, %net, ...), syscall names, /regex
/// patterns, and "!" in front of the whole set to show everything else.
/// </summary>
public sealed record TraceSelection(SyscallClass Classes, IReadOnlySet<string> Names)
{
    public static TraceSelection None { get; } = new(SyscallClass.None, new HashSet<string>());

    public static TraceSelection Everything { get; } = new(SyscallClass.All, new HashSet<string>());

    /// <summary>/regex/ elements, matched against the name.</summary>
    public IReadOnlyList<Regex> Patterns { get; init; } = [];

    /// <summary>"!": the set names what is not shown.</summary>
    public bool Negated { get; init; }

    public bool IsEverything => Negated ? Classes == SyscallClass.None && Names.Count == 0 && Patterns.Count == 0 : Classes == SyscallClass.All;

    public bool IsEmpty => Negated ? Classes == SyscallClass.All : Classes == SyscallClass.None && Names.Count == 0 && Patterns.Count == 0;

    public bool Includes(SyscallDescriptor syscall) => Negated != Matches(syscall);

    bool Matches(SyscallDescriptor syscall) =>
        Classes == SyscallClass.All || (syscall.Class & Classes) != 0 || Names.Contains(syscall.Name) ||
        (Patterns.Count > 0 && Patterns.Any(p => p.IsMatch(syscall.Name)));

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
        ["%stat"] = SyscallClass.Stat,
        ["msocket"] = SyscallClass.Msocket,
    };

    /// <summary>strace's narrower classes, as the names they stand for.</summary>
    static readonly Dictionary<string, string[]> NameClasses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["lstat"] = ["lstat", "lstat64", "oldlstat"],
        ["fstat"] = ["fstat", "fstat64", "oldfstat", "newfstatat", "fstatat64", "statx"],
        ["statfs"] = ["statfs", "statfs64"],
        ["fstatfs"] = ["fstatfs", "fstatfs64"],
        ["%statfs"] = ["statfs", "statfs64", "fstatfs", "fstatfs64", "ustat"],
        ["pure"] = ["getpid", "getppid", "gettid", "getpgrp", "getuid", "getgid", "geteuid", "getegid", "getuid32", "getgid32", "geteuid32", "getegid32"],
    };

    public static string KnownClasses => "network, file, process, signal, desc, memory, ipc, creds, clock, stat, msocket";

    /// <summary>
    /// Parses a trace set: "network,file,clock_nanosleep", strace's "%net,%file", "!%desc", "/^send", "all",
    /// "none". Null when a word is neither a class nor a syscall (its text in <paramref name="unknown"/>).
    /// </summary>
    public static TraceSelection? Parse(string text, out string? unknown)
    {
        unknown = null;
        var negated = text.StartsWith('!');
        if (negated)
        {
            text = text[1..];
        }
        var classes = SyscallClass.None;
        var names = new HashSet<string>();
        var patterns = new List<Regex>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var word = part;
            var optional = word.StartsWith('?');
            if (optional)
            {
                word = word[1..];
            }
            if (word == "none")
            {
                continue;
            }
            if (word.StartsWith('/'))
            {
                try
                {
                    patterns.Add(new Regex(word[1..], RegexOptions.CultureInvariant));
                    continue;
                }
                catch (ArgumentException)
                {
                    unknown = part;
                    return null;
                }
            }
            var className = word.StartsWith('%') ? word[1..] : word;
            if (ClassNames.TryGetValue(className, out var c))
            {
                classes |= c;
            }
            else if (word.StartsWith('%') && NameClasses.TryGetValue(className, out var members))
            {
                names.UnionWith(members);
            }
            else if (SyscallTable.AllAbis.Any(s => s.Name == word))
            {
                names.Add(word);
            }
            else if (!optional)
            {
                unknown = part;
                return null;
            }
        }
        var selection = new TraceSelection(classes, names) { Patterns = patterns, Negated = negated };
        return selection.IsEmpty && !text.Split(',').Contains("none") ? null : selection;
    }
}
