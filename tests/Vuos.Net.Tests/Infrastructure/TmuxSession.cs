namespace Vuos.Net.Tests.Infrastructure;

/// <summary>A shell in a real terminal (a detached tmux session), for what only a terminal does: Ctrl-Z, job control.</summary>
sealed class TmuxSession : IDisposable
{
    /// <summary>The shell's prompt, which it prints once it reads the terminal (capture-pane drops the space after it).</summary>
    public const string Prompt = "tmux-shell>";

    readonly string name = $"vuos-test-{Guid.NewGuid():N}"[..20];

    public string Name => name;

    /// <summary>The pid of the shell in the terminal: the jobs it starts are its descendants.</summary>
    public int ShellPid { get; }

    public TmuxSession()
    {
        var r = Run.Native(["tmux", "new-session", "-d", "-s", name, "-x", "200", "-y", "50",
            $"PS1='{Prompt} ' exec bash --norc --noprofile"]);
        Assert.True(r.ExitCode == 0, $"tmux: {r.Stderr}");
        ShellPid = int.Parse(Run.Native(["tmux", "display-message", "-p", "-t", name, "#{pane_pid}"]).Stdout.Trim());
        WaitFor(Prompt);
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
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (Capture().Contains(text))
            {
                return;
            }
            Thread.Sleep(50); // between two looks at the screen: each starts a tmux client
        }
        // What each process was doing tells whether the terminal, the supervisor or a tracee missed a signal.
        var processes = Run.Native(["ps", "-e", "-o", "pid,ppid,pgid,tpgid,stat,wchan:20,comm"]).Stdout;
        throw new TimeoutException($"terminal never showed \"{text}\":\n{Capture()}\nprocesses:\n{processes}");
    }

    public void Dispose() => Run.Native(["tmux", "kill-session", "-t", name]);
}
