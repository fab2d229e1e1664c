using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// Ctrl-C, Ctrl-Z/fg, SIGTERM and SIGKILL reach the program as they would natively, a command's death by a signal
/// is vuos's own, and no tracee outlives a killed supervisor.
/// </summary>
public class SignalTests
{
    const long ClockNanosleep = 230;

    [Fact]
    public void CtrlCToTheForegroundGroupEndsTheCommandAndVuosBySigint()
    {
        // setsid gives the session its own process group, as a shell gives a foreground job; wait_status, in the
        // group too, reports how vuos ended and ignores the SIGINT itself, as a shell waiting for its job does.
        using var p = Run.StartBackground(["setsid", Fixtures.Path("wait_status"), Repo.VuosBinary, "run", "--", "sleep", "60"]);
        ProcessProbe.WaitUntilDescendantBlockedIn(p.Id, "sleep", ClockNanosleep);
        Assert.Equal(0, Run.Native(["kill", "-INT", "--", $"-{p.Id}"]).ExitCode);
        Assert.True(p.WaitForExit(10_000), "vuos did not exit after SIGINT");
        Assert.Equal("killed by signal 2\n", p.StandardOutput.ReadToEnd());
    }

    [Theory]
    [InlineData("kill -INT $$")]
    [InlineData("kill -QUIT $$")]
    [InlineData("kill -TERM $$")]
    [InlineData("kill -KILL $$")]
    [InlineData("kill -USR1 $$")]
    [InlineData("exit 130")]
    public void VuosEndsTheWayItsCommandEnded(string script)
    {
        // What a shell sees: a death by signal N (to stop a loop, print "Quit" or "Terminated") or an exit status,
        // which $? alone cannot tell apart. vuos never leaves a core of its own where the command may have left one.
        var native = Run.Native([Fixtures.Path("wait_status"), "sh", "-c", script]);
        var underVuos = Run.Native([Fixtures.Path("wait_status"), Repo.VuosBinary, "run", "--", "sh", "-c", script]);
        Assert.Equal(native.Stdout.Replace(" (core dumped)", ""), underVuos.Stdout);
    }

    [Fact]
    public void CtrlCStopsAShellLoopOfVuosRuns()
    {
        // bash stops a loop on Ctrl-C only when the command it waited for died of SIGINT; then it dies of it too.
        var loop = $"for i in 1 2 3; do {Repo.VuosBinary} run -- sleep 60; echo next; done; echo loop-done";
        using var p = Run.StartBackground(["setsid", Fixtures.Path("wait_status"), "bash", "-c", loop]);
        try
        {
            ProcessProbe.WaitUntilDescendantBlockedIn(p.Id, "sleep", ClockNanosleep);
            Assert.Equal(0, Run.Native(["kill", "-INT", "--", $"-{p.Id}"]).ExitCode);
            Assert.True(p.WaitForExit(10_000), "the loop went on after Ctrl-C");
            Assert.Equal("killed by signal 2\n", p.StandardOutput.ReadToEnd());
        }
        finally
        {
            Run.Native(["kill", "-KILL", "--", $"-{p.Id}"]);
        }
    }

    [Fact]
    public void SigtermToTheSupervisorIsHandledByTheCommand()
    {
        const string program = "import signal, sys, time\n" +
            "signal.signal(signal.SIGTERM, lambda *a: (print('got SIGTERM', flush=True), sys.exit(7)))\n" +
            "print('ready', flush=True)\ntime.sleep(60)";
        using var p = Run.StartBackground([Repo.VuosBinary, "run", "--", "python3", "-c", program]);
        Assert.Equal("ready", p.StandardOutput.ReadLine());
        Assert.Equal(0, Run.Native(["kill", "-TERM", p.Id.ToString()]).ExitCode);
        Assert.Equal("got SIGTERM", p.StandardOutput.ReadLine());
        Assert.True(p.WaitForExit(10_000));
        Assert.Equal(7, p.ExitCode);
    }

    [Fact]
    public void KillingTheSupervisorKillsEveryTracee()
    {
        var marker = $"{Random.Shared.Next(100000, 999999)}.5";
        using var p = Run.StartBackground([Repo.VuosBinary, "run", "--", "bash", "-c",
            $"sleep {marker} & sleep {marker} & echo ready; wait"]);
        Assert.Equal("ready", p.StandardOutput.ReadLine());
        p.Kill();
        p.WaitForExit();
        ProcessProbe.WaitUntil(() => Run.Native(["pgrep", "-f", $"sleep {marker}"]).ExitCode != 0, "every sleep killed with the supervisor");
    }

    [Fact]
    public void CtrlZStopsTheJobAndFgResumesIt()
    {
        using var tmux = new TmuxSession();
        // printf, so that "job-done" on the screen is the job's output, never the typed line.
        tmux.Type($"{Repo.VuosBinary} run bash -c 'for i in 1 2 3 4; do echo tick $i; sleep 0.5; done; printf \"job-%s\\n\" done'");
        tmux.WaitFor("tick 2");
        tmux.Keys("C-z");
        tmux.WaitFor("Stopped");
        // The shell reports on vuos; the loop itself must be stopped as well (T, or t for a tracee whose stop
        // its tracer holds), not only unable to print.
        ProcessProbe.WaitUntil(() =>
        {
            var job = ProcessProbe.Descendants(tmux.ShellPid);
            return job.Any(pid => ProcessProbe.Comm(pid) == "bash") && job.All(pid => ProcessProbe.State(pid) is 'T' or 't' or null);
        }, "every process of the job stopped");
        Assert.DoesNotContain("job-done", tmux.Capture());
        tmux.Type("fg");
        tmux.WaitFor("job-done");
        tmux.Type("echo status=$?");
        tmux.WaitFor("status=0");
    }
}
