using System.Runtime.InteropServices;
using System.Text;

namespace Vuos.Net.Interop.Processes;

/// <summary>
/// Starts native child processes (the launcher, namespace helpers) with posix_spawn: the one safe way for
/// the multithreaded .NET runtime to start a child. System.Diagnostics.Process is avoided because its SIGCHLD
/// reaping would race the tracer's waitpid. The child belongs to the calling thread.
/// </summary>
public static unsafe class ProcessSpawner
{
    const int SigsetBytes = 128;

    static readonly nint EnvironAddress = NativeLibrary.GetExport(NativeLibrary.Load("libc.so.6"), "environ");

    /// <summary>
    /// Spawns <paramref name="path"/> with a SOCK_SEQPACKET control pair: the child's end stays open across
    /// exec, and <paramref name="argv"/> receives its descriptor number to name it on the command line.
    /// Returns the pid and the supervisor's end.
    /// </summary>
    public static (int Pid, SafeFd Control) SpawnWithControl(string path, Func<int, IReadOnlyList<string>> argv,
        IReadOnlySet<int>? ignoredSignals = null)
    {
        int* pair = stackalloc int[2];
        ErrnoException.Check(Libc.socketpair(SocketConst.AF_UNIX, SocketConst.SOCK_SEQPACKET | SocketConst.SOCK_CLOEXEC, 0, pair), "socketpair");
        using var control = new SafeFd(pair[0]);
        using var childEnd = new SafeFd(pair[1]);
        // dup2 onto itself clears FD_CLOEXEC, so this one descriptor survives exec.
        var pid = Spawn(path, argv(childEnd.Fd), [(childEnd.Fd, childEnd.Fd)], ignoredSignals: ignoredSignals);
        return (pid, new SafeFd(control.Release()));
    }

    /// <summary>
    /// Spawns <paramref name="path"/> with <paramref name="argv"/> (argv[0] included). Each (From, To) pair is
    /// dup2'ed in the child; From == To keeps a close-on-exec descriptor open across exec. The environment is
    /// the supervisor's unless <paramref name="environment"/> is given.
    /// </summary>
    public static int Spawn(string path, IReadOnlyList<string> argv, IReadOnlyList<(int From, int To)> descriptors,
        IReadOnlyList<string>? environment = null, IReadOnlySet<int>? ignoredSignals = null)
    {
        using var strings = new NativeStrings([path, .. argv]);
        using var envp = environment is null ? null : new NativeStrings(environment);
        var attr = NativeMemory.AllocZeroed(512);
        var actions = NativeMemory.AllocZeroed(512);
        try
        {
            Libc.posix_spawnattr_init(attr);
            Libc.posix_spawn_file_actions_init(actions);
            foreach (var (from, to) in descriptors)
            {
                Libc.posix_spawn_file_actions_adddup2(actions, from, to);
            }

            // The .NET runtime ignores SIGPIPE and its threads block signals of their own: the child starts
            // with no signal blocked and every disposition at default, except those our own parent ignored.
            var mask = stackalloc ulong[SigsetBytes / 8];
            var defaults = stackalloc ulong[SigsetBytes / 8];
            for (var sig = 1; sig <= 64; sig++)
            {
                if (sig is Signal.SIGKILL or Signal.SIGSTOP || ignoredSignals?.Contains(sig) == true)
                {
                    continue;
                }
                defaults[(sig - 1) / 64] |= 1UL << ((sig - 1) % 64);
            }
            Libc.posix_spawnattr_setsigmask(attr, mask);
            Libc.posix_spawnattr_setsigdefault(attr, defaults);
            Libc.posix_spawnattr_setflags(attr, PosixSpawnFlags.POSIX_SPAWN_SETSIGDEF | PosixSpawnFlags.POSIX_SPAWN_SETSIGMASK);

            var environ = envp is null ? *(byte***)EnvironAddress : envp.Pointers;
            var rc = Libc.posix_spawn(out var pid, strings.Pointers[0], actions, attr, strings.Pointers + 1, environ);
            return rc == 0 ? pid : throw new ErrnoException($"starting {path}", rc);
        }
        finally
        {
            Libc.posix_spawn_file_actions_destroy(actions);
            Libc.posix_spawnattr_destroy(attr);
            NativeMemory.Free(actions);
            NativeMemory.Free(attr);
        }
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
