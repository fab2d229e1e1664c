using System.CommandLine;

namespace Vuos.Net.Cli;

/// <summary>
/// `vuos run curl -s URL` must not read `-s` as vuos's own option: like strace, option parsing stops at the
/// first word that is not an option of ours. This inserts the `--` that tells System.CommandLine so.
/// </summary>
static class CommandLineSplitter
{
    /// <summary>
    /// `--trace=WORD` names its value explicitly, so an unknown WORD is an error; `--trace WORD` with an
    /// unknown WORD leaves WORD to the command. Returns the message for the first bad attached value.
    /// </summary>
    public static string? CheckAttachedTrace(string[] args)
    {
        foreach (var a in args.TakeWhile(a => a != "--"))
        {
            if (a.StartsWith("--trace=", StringComparison.Ordinal) &&
                Vuos.Net.Tracer.Logging.TraceSelection.Parse(a[8..], out var unknown) is null)
            {
                return $"--trace: '{unknown ?? a[8..]}' is neither a class ({Vuos.Net.Tracer.Logging.TraceSelection.KnownClasses}) nor a syscall name";
            }
        }
        return null;
    }

    public static string[] Split(string[] args, string subcommand, IEnumerable<Option> optionsWithValues)
    {
        var start = Array.IndexOf(args, subcommand);
        if (start < 0)
        {
            return args;
        }
        var takesValue = optionsWithValues.SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet();
        for (var i = start + 1; i < args.Length; i++)
        {
            var a = args[i];
            if (a == "--")
            {
                return args;
            }
            if (a.StartsWith('-') && a.Length > 1)
            {
                if (!a.Contains('=') && takesValue.Contains(a))
                {
                    i++;
                }
                continue;
            }
            return [.. args[..i], "--", .. args[i..]];
        }
        return args;
    }
}
