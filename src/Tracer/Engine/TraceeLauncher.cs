using System.Runtime.InteropServices;
using Vuos.Net.Interop;

namespace Vuos.Net.Tracer.Engine;

/// <summary>Starts the first tracee (vuos-launch, see native/vuos-launch.c) and runs the filter handshake with it.</summary>
static unsafe class TraceeLauncher
{
    const uint LaunchMagic = 0x534f5556; // "VUOS"
    const uint HeaderNetworkNamespace = 1;

    /// <summary>Spawns the launcher, which waits for its filter. Returns its pid and the supervisor's end of the control pair.</summary>
    public static (int Pid, SafeFd Control) Spawn(string launcherPath, IReadOnlyList<string> command, IReadOnlySet<int> ignoredSignals) =>
        ProcessSpawner.SpawnWithControl(launcherPath,
            fd => [launcherPath, fd.ToString(), ExecutableSearch.Resolve(command[0]), .. command], ignoredSignals);

    /// <summary>Sends the filter, and the network namespace to enter first when there is one (attached with SCM_RIGHTS).</summary>
    public static void SendFilter(SafeFd control, SockFilter[] filter, uint seccompFlags, SafeFd? networkNamespace)
    {
        var size = 16 + filter.Length * sizeof(SockFilter);
        var buffer = new byte[size];
        var cbuf = stackalloc byte[sizeof(CmsgHdr) + 8];
        fixed (byte* p = buffer)
        {
            var header = (uint*)p;
            header[0] = LaunchMagic;
            header[1] = seccompFlags;
            header[2] = (uint)filter.Length;
            header[3] = networkNamespace is null ? 0 : HeaderNetworkNamespace;
            var code = (SockFilter*)(p + 16);
            for (var i = 0; i < filter.Length; i++)
            {
                code[i] = filter[i];
            }
            var iov = new IoVec { Base = (nint)p, Length = (nuint)size };
            var msg = new MsgHdr { Iov = &iov, IovLength = 1 };
            if (networkNamespace is not null)
            {
                var c = (CmsgHdr*)cbuf;
                *c = new CmsgHdr { Length = (nuint)(sizeof(CmsgHdr) + sizeof(int)), Level = SocketConst.SOL_SOCKET, Type = SocketConst.SCM_RIGHTS };
                *(int*)(cbuf + sizeof(CmsgHdr)) = networkNamespace.Fd;
                msg.Control = cbuf;
                msg.ControlLength = (nuint)(sizeof(CmsgHdr) + 8);
            }
            if (Libc.sendmsg(control.Fd, &msg, SocketConst.MSG_NOSIGNAL) != size)
            {
                throw ErrnoException.FromLastError("sending the filter to vuos-launch");
            }
            GC.KeepAlive(networkNamespace);
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
}
