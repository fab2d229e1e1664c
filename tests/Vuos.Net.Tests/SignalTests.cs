using System.Diagnostics;
using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>Ctrl-C, Ctrl-Z/fg, SIGTERM and SIGKILL reach the program as they would natively; no tracee outlives a killed supervisor.</summary>
public class SignalTests
{
    [Fact]
    public void CtrlCToTheForegroundGroupEndsTheCommandWith130()
    {
        // setsid gives the session its own process group, as a shell gives a foreground job.
        using var p = Run.StartBackground(["setsid", Repo.VuosBinary, "run", "--", "bash", "-c", "echo ready; exec sleep 60"]);
        Assert.Equal("ready", p.StandardOutput.ReadLine());
        WaitForChildCommand(p.Id, "sleep");
        Assert.Equal(0, Run.Native(["kill", "-INT", "--", $"-{p.Id}"]).ExitCode);
        Assert.True(p.WaitForExit(10_000), "vuos did not exit after SIGINT");
        Assert.Equal(130, p.ExitCode);
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
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Run.Native(["pgrep", "-f", $"sleep {marker}"]).ExitCode == 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }
        Assert.NotEqual(0, Run.Native(["pgrep", "-f", $"sleep {marker}"]).ExitCode);
    }

    [Fact]
    public void CtrlZStopsTheJobAndFgResumesIt()
    {
        using var tmux = new TmuxSession();
        tmux.Type($"{Repo.VuosBinary} run bash -c 'for i in 1 2 3 4; do echo tick $i; sleep 0.5; done; echo job-done'");
        tmux.WaitFor("tick 2");
        tmux.Keys("C-z");
        tmux.WaitFor("Stopped");
        var ticksWhileStopped = tmux.Capture().Split("tick").Length;
        Thread.Sleep(1500);
        Assert.Equal(ticksWhileStopped, tmux.Capture().Split("tick").Length);
        tmux.Type("fg");
        tmux.WaitFor("job-done");
        tmux.Type("echo status=$?");
        tmux.WaitFor("status=0");
    }

    static void WaitForChildCommand(int pid, string name)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (Run.Native(["pgrep", "-s", pid.ToString(), "-x", name]).ExitCode == 0)
            {
                return;
            }
            Thread.Sleep(50);
        }
        throw new TimeoutException($"{name} never started in session {pid}");
    }
}
