using System.Text.RegularExpressions;

namespace Vuos.Net.Tests.Infrastructure;

/// <summary>The counters `vuos run --stats` prints on exit.</summary>
static partial class Stats
{
    public static long Get(RunResult r, string name)
    {
        var m = Regex.Match(r.Stderr, $@"vuos: stats:.*\b{Regex.Escape(name)}=(\d+)");
        Assert.True(m.Success, $"no {name} in stats:\n{r.Stderr}");
        return long.Parse(m.Groups[1].Value);
    }
}
