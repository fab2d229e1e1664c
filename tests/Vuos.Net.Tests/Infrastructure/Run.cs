using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Vuos.Net.Tests.Infrastructure;

public sealed record RunResult(int ExitCode, byte[] StdoutBytes, string Stderr, TimeSpan Elapsed)
{
    public string Stdout => Encoding.UTF8.GetString(StdoutBytes);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs programs natively or under `vuos run`, with a timeout that kills a hung run instead of hanging the suite.</summary>
static class Run
{
    static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    public static RunResult Native(IReadOnlyList<string> command, string? stdin = null, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? env = null) =>
        Start(command, stdin, timeout ?? DefaultTimeout, env);

    /// <summary>`vuos run [vuosOptions] -- command`.</summary>
    public static RunResult Vuos(IReadOnlyList<string> command, IReadOnlyList<string>? vuosOptions = null, string? stdin = null,
        TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? env = null) =>
        Start([Repo.VuosBinary, "run", .. vuosOptions ?? [], "--", .. command], stdin, timeout ?? DefaultTimeout, env);

    /// <summary>The vuos binary with any arguments (for command-line tests).</summary>
    public static RunResult VuosRaw(IReadOnlyList<string> args, TimeSpan? timeout = null) =>
        Start([Repo.VuosBinary, .. args], null, timeout ?? DefaultTimeout, null);

    /// <summary>
    /// Starts a program the test talks to while it runs. Whatever is still running when the test process
    /// exits (a test that failed before it ended its program) is killed then, so that no run leaves a
    /// session behind holding names or ports the next run needs.
    /// </summary>
    public static Process StartBackground(IReadOnlyList<string> command, IReadOnlyDictionary<string, string>? env = null)
    {
        var psi = Info(command, env);
        psi.RedirectStandardInput = true;
        var p = Process.Start(psi)!;
        Background.Add((p.Id, p.StartTime));
        return p;
    }

    static readonly ConcurrentBag<(int Pid, DateTime Started)> Background = CreateBackground();

    static ConcurrentBag<(int Pid, DateTime Started)> CreateBackground()
    {
        var bag = new ConcurrentBag<(int, DateTime)>();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var (pid, started) in bag)
            {
                try
                {
                    // The same process, not a later one that reused its pid.
                    using var p = Process.GetProcessById(pid);
                    if (p.StartTime == started)
                    {
                        p.Kill(entireProcessTree: true);
                    }
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Already gone.
                }
            }
        };
        return bag;
    }

    static ProcessStartInfo Info(IReadOnlyList<string> command, IReadOnlyDictionary<string, string>? env)
    {
        var psi = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in command.Skip(1))
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }
        return psi;
    }

    static RunResult Start(IReadOnlyList<string> command, string? stdin, TimeSpan timeout, IReadOnlyDictionary<string, string>? env)
    {
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(Info(command, env))!;
        var stdout = new MemoryStream();
        var outTask = p.StandardOutput.BaseStream.CopyToAsync(stdout);
        var errTask = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
        }
        p.StandardInput.Close();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            throw new TimeoutException($"{string.Join(' ', command)} did not finish in {timeout.TotalSeconds} s;" +
                $" stderr so far:\n{(errTask.Wait(1000) ? errTask.Result : "")}");
        }
        Task.WaitAll([outTask, errTask], TimeSpan.FromSeconds(30));
        return new RunResult(p.ExitCode, stdout.ToArray(), errTask.Result, sw.Elapsed);
    }
}
