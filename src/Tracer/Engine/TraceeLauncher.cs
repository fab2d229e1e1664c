using System.Runtime.InteropServices;
using System.Text;
using Vuos.Net.Interop;

namespace Vuos.Net.Tracer.Engine;

/// <summary>
/// Starts the first tracee: posix_spawn of vuos-launch (the one safe way to start a child from the
/// multithreaded .NET runtime; System.Diagnostics.Process is avoided because its SIGCHLD reaping would
/// race the tracer's waitpid), then the filter handshake over a SOCK_SEQPACKET pair.
/// </summary>
static unsafe class TraceeLauncher
{
    const uint LaunchMagic = 0x534f5556; // "VUOS"
    const short PosixSpawnSetSigDef = 0x04;
    const short PosixSpawnSetSigMask = 0x08;
    const int SigsetBytes = 128;

    static readonly nint EnvironAddress = NativeLibrary.GetExport(NativeLibrary.Load("libc.so.6"), "environ");

    /// <summary>Spawns the launcher, which waits for its filter. Returns its pid and the supervisor's end of the control pair.</summary>
    public static (int Pid, SafeFd Control) Spawn(string launcherPath, IReadOnlyList<string> command, IReadOnlySet<int> ignoredSignals)
    {
        int* pair = stackalloc int[2];
        ErrnoException.Check(Libc.socketpair(SocketConst.AF_UNIX, SocketConst.SOCK_SEQPACKET | SocketConst.SOCK_CLOEXEC, 0, pair), "socketpair");
        using var control = new SafeFd(pair[0]);
        using var childEnd = new SafeFd(pair[1]);

        var argv = new List<string> { launcherPath, childEnd.Fd.ToString(), ExecutableSearch.Resolve(command[0]) };
        argv.AddRange(command);
        using var strings = new NativeStrings(argv);

        var attr = NativeMemory.AllocZeroed(512);
        var actions = NativeMemory.AllocZeroed(512);
        try
        {
            Libc.posix_spawnattr_init(attr);
            Libc.posix_spawn_file_actions_init(actions);
            // The launcher's end of the pair must survive exec of the launcher: dup2 onto itself clears FD_CLOEXEC.
            Libc.posix_spawn_file_actions_adddup2(actions, childEnd.Fd, childEnd.Fd);

            // The .NET runtime ignores SIGPIPE and its threads block signals of their own: the command starts
            // with no signal blocked and every disposition at default, except those our own parent ignored.
            var mask = stackalloc ulong[SigsetBytes / 8];
            var defaults = stackalloc ulong[SigsetBytes / 8];
            for (var sig = 1; sig <= 64; sig++)
            {
                if (sig is Signal.SIGKILL or Signal.SIGSTOP || ignoredSignals.Contains(sig))
                {
                    continue;
                }
                defaults[(sig - 1) / 64] |= 1UL << ((sig - 1) % 64);
            }
            Libc.posix_spawnattr_setsigmask(attr, mask);
            Libc.posix_spawnattr_setsigdefault(attr, defaults);
            Libc.posix_spawnattr_setflags(attr, PosixSpawnSetSigDef | PosixSpawnSetSigMask);

            var environ = *(byte***)EnvironAddress;
            var rc = Libc.posix_spawn(out var pid, strings.Pointers[0], actions, attr, strings.Pointers, environ);
            if (rc != 0)
            {
                throw new ErrnoException($"starting {launcherPath}", rc);
            }
            return (pid, new SafeFd(control.Release()));
        }
        finally
        {
            Libc.posix_spawn_file_actions_destroy(actions);
            Libc.posix_spawnattr_destroy(attr);
            NativeMemory.Free(actions);
            NativeMemory.Free(attr);
        }
    }

    public static void SendFilter(SafeFd control, SockFilter[] filter, uint seccompFlags)
    {
        var size = 16 + filter.Length * sizeof(SockFilter);
        var buffer = new byte[size];
        fixed (byte* p = buffer)
        {
            var header = (uint*)p;
            header[0] = LaunchMagic;
            header[1] = seccompFlags;
            header[2] = (uint)filter.Length;
            header[3] = 0;
            var code = (SockFilter*)(p + 16);
            for (var i = 0; i < filter.Length; i++)
            {
                code[i] = filter[i];
            }
            var n = Libc.write(control.Fd, p, (nuint)size);
            if (n != size)
            {
                throw ErrnoException.FromLastError("sending the filter to vuos-launch");
            }
        }
    }

    /// <summary>
    /// Reads the launcher's answer without blocking: null while none has come; otherwise the errno with which
    /// installing the filter failed (0 on success) and the notification listener.
    /// </summary>
    public static (int Error, SafeFd? Listener)? TryReceiveListener(SafeFd control)
    {
        byte code = 0;
        var iov = new IoVec { Base = (nint)(&code), Length = 1 };
        var cbuf = stackalloc byte[64];
        var msg = new MsgHdr { Iov = &iov, IovLength = 1, Control = cbuf, ControlLength = 64 };
        var n = Libc.recvmsg(control.Fd, &msg, 0x40 /* MSG_DONTWAIT */ | SocketConst.MSG_CMSG_CLOEXEC);
        if (n < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == Errno.EAGAIN ? null : throw new ErrnoException("reading from vuos-launch", errno);
        }
        if (n == 0)
        {
            return (Errno.EPROTO, null);
        }
        SafeFd? listener = null;
        if (msg.ControlLength >= (nuint)sizeof(CmsgHdr) + sizeof(int))
        {
            var c = (CmsgHdr*)cbuf;
            if (c->Level == SocketConst.SOL_SOCKET && c->Type == SocketConst.SCM_RIGHTS)
            {
                listener = new SafeFd(*(int*)(cbuf + sizeof(CmsgHdr)));
            }
        }
        return (code, listener);
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
