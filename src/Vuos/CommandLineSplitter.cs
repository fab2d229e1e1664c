using System.CommandLine;

namespace Vuos.Net.Cli;

/// <summary>
/// `vuos run curl -s URL` must not read `-s` as vuos's own option: like strace, option parsing stops at the
/// first word that is not an option of ours. This inserts the `--` that tells System.CommandLine so.
/// </summary>
static class CommandLineSplitter
{
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
