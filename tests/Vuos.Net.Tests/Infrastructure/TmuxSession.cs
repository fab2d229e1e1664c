using System.Diagnostics;

namespace Vuos.Net.Tests.Infrastructure;

/// <summary>A shell in a real terminal (a detached tmux session), for what only a terminal does: Ctrl-Z, job control.</summary>
sealed class TmuxSession : IDisposable
{
    readonly string name = $"vuos-test-{Guid.NewGuid():N}"[..20];

    public string Name => name;

    public TmuxSession()
    {
        var r = Run.Native(["tmux", "new-session", "-d", "-s", name, "-x", "200", "-y", "50", "bash --norc --noprofile"]);
        Assert.True(r.ExitCode == 0, $"tmux: {r.Stderr}");
    }

    public void Type(string line)
    {
        Run.Native(["tmux", "send-keys", "-t", name, "-l", line]);
        Keys("Enter");
    }

    public void Keys(string keys) => Run.Native(["tmux", "send-keys", "-t", name, keys]);

    public string Capture() => Run.Native(["tmux", "capture-pane", "-p", "-t", name]).Stdout;

    public void WaitFor(string text, double seconds = 20)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            if (Capture().Contains(text))
            {
                return;
            }
            Thread.Sleep(50);
        }
        // What each process was doing tells whether the terminal, the supervisor or a tracee missed a signal.
        var processes = Run.Native(["ps", "-e", "-o", "pid,ppid,pgid,tpgid,stat,wchan:20,comm"]).Stdout;
        throw new TimeoutException($"terminal never showed \"{text}\":\n{Capture()}\nprocesses:\n{processes}");
    }

    public void Dispose() => Run.Native(["tmux", "kill-session", "-t", name]);
}
