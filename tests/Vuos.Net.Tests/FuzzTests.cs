using System.Text.RegularExpressions;
using Vuos.Net.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Vuos.Net.Tests;

/// <summary>
/// Hostile arguments (wild and unmapped pointers, unterminated strings, huge lengths, random bytes, memory
/// rewritten during the call) to msocket, the xv6 calls and netfs: every call returns, the supervisor never
/// crashes, and its memory stays flat.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void EveryHostileCallGetsAnAnswerAndTheSupervisorStaysUp(int seed)
    {
        const int Calls = 20000;
        var r = Run.Vuos([Fixtures.Path("fuzz"), seed.ToString(), Calls.ToString(), "60"], ["--default", "lo"], timeout: TimeSpan.FromSeconds(120));
        output.WriteLine(r.Stdout);
        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("error", r.Stderr);
        var calls = Regex.Match(r.Stdout, @"calls (\d+) supervisor rss (\d+) kB -> (\d+) kB");
        Assert.True(calls.Success, r.ToString());
        Assert.Equal(Calls, int.Parse(calls.Groups[1].Value));
        // Every call came back with a value or -1 and errno; none with anything else.
        Assert.All(Regex.Matches(r.Stdout, @"(\d+) other").Select(m => m.Groups[1].Value), other => Assert.Equal("0", other));
        var growthKb = long.Parse(calls.Groups[3].Value) - long.Parse(calls.Groups[2].Value);
        Assert.InRange(growthKb, -1024 * 1024, 64 * 1024);
    }
}
