using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

public class CommandLineTests
{
    [Fact]
    public void HelpDescribesRunAndItsOptions()
    {
        var r = Run.VuosRaw(["run", "--help"]);
        Assert.Equal(0, r.ExitCode);
        foreach (var option in new[] { "--trace", "--output", "--log-format", "-T", "--stats" })
        {
            Assert.Contains(option, r.Stdout);
        }
    }

    [Fact]
    public void RunWithoutACommandIsAClearError()
    {
        var r = Run.VuosRaw(["run"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("command", r.Stderr);
    }

    [Fact]
    public void UnknownLogFormatIsRejected()
    {
        var r = Run.VuosRaw(["run", "--log-format", "xml", "--", "true"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("xml", r.Stderr);
    }

    [Fact]
    public void OptionsAfterTheCommandBelongToTheCommand()
    {
        // `-s` is also vuos's own --string-limit: after the command word it is curl's (here: echo's) argument.
        var r = Run.VuosRaw(["run", "echo", "-s", "-T", "--trace"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("-s -T --trace\n", r.Stdout);
    }

    [Fact]
    public void TraceWithoutClassesBeforeTheCommandTracesEverything()
    {
        var r = Run.VuosRaw(["run", "--trace", "true"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("exit_group(0) = ?", r.Stderr);
    }

    [Fact]
    public void UnknownTraceClassIsRejected()
    {
        var r = Run.VuosRaw(["run", "--trace=bogus", "--", "true"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'bogus' is neither a class", r.Stderr);
    }

    [Fact]
    public void TraceTakesSyscallNamesLikeStrace()
    {
        var r = Run.VuosRaw(["run", "--trace=getppid,exit_group", "--", "true"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("exit_group(0) = ?", r.Stderr);
        Assert.DoesNotContain("mmap(", r.Stderr);
    }
}
