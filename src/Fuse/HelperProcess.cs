using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Vuos.Net.Interop;
using Vuos.Net.Interop.Processes;

namespace Vuos.Net.Fuse;

/// <summary>
/// A short-lived helper program (fusermount3) started by <see cref="ProcessSpawner"/> with an explicit
/// environment, its output kept for error messages, and reaped here with waitpid on its pid.
/// System.Diagnostics.Process is avoided: its SIGCHLD handling races the supervisor's waitpid.
/// </summary>
sealed unsafe class HelperProcess : IDisposable
{
    readonly SafeFd output;
    bool reaped;

    HelperProcess(int pid, SafeFd output)
    {
        Pid = pid;
        this.output = output;
    }

    public int Pid { get; }

    /// <summary>
    /// Starts <paramref name="path"/> with stdout and stderr on a pipe; <paramref name="inheritFd"/> (unless -1)
    /// stays open across exec under the same number.
    /// </summary>
    public static HelperProcess Start(string path, IReadOnlyList<string> arguments, IReadOnlyList<string> environment, int inheritFd = -1)
    {
        var pipe = stackalloc int[2];
        ErrnoException.Check(Libc.pipe2(pipe, OpenFlags.CloExec), "pipe2");
        var readEnd = new SafeFd(pipe[0]);
        using var writeEnd = new SafeFd(pipe[1]);
        List<(int, int)> descriptors = [(writeEnd.Fd, 1), (writeEnd.Fd, 2)];
        if (inheritFd >= 0)
        {
            descriptors.Add((inheritFd, inheritFd));
        }
        try
        {
            return new HelperProcess(ProcessSpawner.Spawn(path, [path, .. arguments], descriptors, environment), readEnd);
        }
        catch (ErrnoException)
        {
            readEnd.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Collects the output until the helper closes it, then reaps it. A helper still running after
    /// <paramref name="timeout"/> is killed. Returns the exit code (minus the signal number if killed).
    /// </summary>
    public (int ExitCode, string Output) Wait(TimeSpan timeout)
    {
        var text = new MemoryStream();
        var clock = Stopwatch.StartNew();
        var buffer = stackalloc byte[4096];
        while (true)
        {
            var left = (int)Math.Max(0, (timeout - clock.Elapsed).TotalMilliseconds);
            var fd = new PollFd { Fd = output.Fd, Events = PollEvents.POLLIN };
            var ready = Libc.poll(&fd, 1, left);
            if (ready < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR)
            {
                continue;
            }
            if (ready == 0)
            {
                Libc.kill(Pid, Signal.SIGKILL);
                break;
            }
            var n = ready < 0 ? -1 : Libc.read(output, buffer, 4096);
            if (n <= 0)
            {
                break;
            }
            text.Write(new ReadOnlySpan<byte>(buffer, (int)n));
        }
        var status = Reap();
        var exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : -(status & 0x7f);
        return (exitCode, Encoding.UTF8.GetString(text.ToArray()).Trim());
    }

    /// <summary>Kills and reaps the helper unless it was waited for.</summary>
    public void Dispose()
    {
        if (!reaped)
        {
            Libc.kill(Pid, Signal.SIGKILL);
            Reap();
        }
        output.Dispose();
    }

    int Reap()
    {
        int status;
        while (Libc.waitpid(Pid, out status, 0) < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR)
        {
        }
        reaped = true;
        return status;
    }
}
