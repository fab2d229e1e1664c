using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Vuos.Net.Interop;

namespace Vuos.Net.Modules.Netfs.Fuse;

/// <summary>
/// A short-lived helper program (fusermount3) started with posix_spawn and an explicit environment, its output
/// kept for error messages, and reaped here with waitpid on its pid. System.Diagnostics.Process is avoided: its
/// SIGCHLD handling races the supervisor's waitpid.
/// </summary>
sealed unsafe class HelperProcess : IDisposable
{
    const short PosixSpawnSetSigDef = 0x04;
    const short PosixSpawnSetSigMask = 0x08;
    const int SigsetBytes = 128;

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
        using var argv = new NativeStrings([path, .. arguments]);
        using var envp = new NativeStrings(environment);
        var attr = NativeMemory.AllocZeroed(512);
        var actions = NativeMemory.AllocZeroed(512);
        try
        {
            Libc.posix_spawnattr_init(attr);
            Libc.posix_spawn_file_actions_init(actions);
            Libc.posix_spawn_file_actions_adddup2(actions, writeEnd.Fd, 1);
            Libc.posix_spawn_file_actions_adddup2(actions, writeEnd.Fd, 2);
            if (inheritFd >= 0)
            {
                // dup2 onto itself clears FD_CLOEXEC in the child only.
                Libc.posix_spawn_file_actions_adddup2(actions, inheritFd, inheritFd);
            }
            // The runtime blocks and ignores signals of its own; the helper starts with none blocked, all at default.
            var mask = stackalloc ulong[SigsetBytes / 8];
            var defaults = stackalloc ulong[SigsetBytes / 8];
            for (var sig = 1; sig <= 64; sig++)
            {
                if (sig is not (Signal.SIGKILL or Signal.SIGSTOP))
                {
                    defaults[(sig - 1) / 64] |= 1UL << ((sig - 1) % 64);
                }
            }
            Libc.posix_spawnattr_setsigmask(attr, mask);
            Libc.posix_spawnattr_setsigdefault(attr, defaults);
            Libc.posix_spawnattr_setflags(attr, PosixSpawnSetSigDef | PosixSpawnSetSigMask);
            var rc = Libc.posix_spawn(out var pid, argv.Pointers[0], actions, attr, argv.Pointers, envp.Pointers);
            if (rc != 0)
            {
                readEnd.Dispose();
                throw new ErrnoException($"starting {path}", rc);
            }
            return new HelperProcess(pid, readEnd);
        }
        finally
        {
            Libc.posix_spawn_file_actions_destroy(actions);
            Libc.posix_spawnattr_destroy(attr);
            NativeMemory.Free(actions);
            NativeMemory.Free(attr);
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
            var n = ready < 0 ? -1 : Libc.read(output.Fd, buffer, 4096);
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

    /// <summary>NUL-terminated UTF-8 copies of strings and a NULL-terminated array of pointers to them.</summary>
    sealed class NativeStrings : IDisposable
    {
        readonly List<nint> allocations = [];

        public NativeStrings(IReadOnlyList<string> strings)
        {
            Pointers = (byte**)NativeMemory.AllocZeroed((nuint)(strings.Count + 1), (nuint)sizeof(nint));
            for (var i = 0; i < strings.Count; i++)
            {
                var bytes = Encoding.UTF8.GetBytes(strings[i]);
                var p = (byte*)NativeMemory.AllocZeroed((nuint)bytes.Length + 1);
                bytes.CopyTo(new Span<byte>(p, bytes.Length));
                Pointers[i] = p;
                allocations.Add((nint)p);
            }
        }

        public byte** Pointers { get; }

        public void Dispose()
        {
            foreach (var p in allocations)
            {
                NativeMemory.Free((void*)p);
            }
            NativeMemory.Free(Pointers);
        }
    }
}
