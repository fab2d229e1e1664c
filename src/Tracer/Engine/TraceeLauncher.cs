using System.Runtime.InteropServices;
using Vuos.Net.Interop;
using Vuos.Net.Interop.Processes;

namespace Vuos.Net.Tracer.Engine;

/// <summary>Starts the first tracee (vuos-launch, see native/vuos-launch.c) and runs the filter handshake with it.</summary>
static unsafe class TraceeLauncher
{
    const uint LaunchMagic = 0x534f5556; // "VUOS"

    /// <summary>Spawns the launcher, which waits for its filter. Returns its pid and the supervisor's end of the control pair.</summary>
    public static (int Pid, SafeFd Control) Spawn(string launcherPath, IReadOnlyList<string> command, IReadOnlySet<int> ignoredSignals) =>
        ProcessSpawner.SpawnWithControl(launcherPath,
            fd => [launcherPath, fd.ToString(), ExecutableSearch.Resolve(command[0]), .. command], ignoredSignals);

    /// <summary>Sends the filter (struct launch_header in native/vuos-protocol.h), with the namespaces to join attached (SCM_RIGHTS).</summary>
    public static void SendFilter(SafeFd control, SockFilter[] filter, uint seccompFlags, LaunchSettings launch)
    {
        var namespaces = launch.Namespaces;
        if (namespaces.Count > LaunchHeader.MaxNamespaces)
        {
            throw new ArgumentException($"at most {LaunchHeader.MaxNamespaces} namespaces to join", nameof(launch));
        }
        var size = sizeof(LaunchHeader) + filter.Length * sizeof(SockFilter);
        var buffer = new byte[size];
        var cbufLength = sizeof(CmsgHdr) + LaunchHeader.MaxNamespaces * sizeof(int);
        var cbuf = stackalloc byte[cbufLength];
        fixed (byte* p = buffer)
        {
            var header = (LaunchHeader*)p;
            header->Magic = LaunchMagic;
            header->SeccompFlags = seccompFlags;
            header->FilterLength = (uint)filter.Length;
            header->NamespaceCount = (uint)namespaces.Count;
            header->AmbientCapabilities = launch.AmbientCapabilities;
            header->OpenFilesLimit = OpenFilesLimit.Original ?? 0;
            header->Flags = (launch.ConfineTracing ? LaunchHeader.FlagLandlock : 0) | (launch.NoNewPrivileges ? LaunchHeader.FlagNoNewPrivs : 0);
            for (var i = 0; i < namespaces.Count; i++)
            {
                header->NamespaceTypes[i] = (uint)namespaces[i].Types;
            }
            var code = (SockFilter*)(p + sizeof(LaunchHeader));
            for (var i = 0; i < filter.Length; i++)
            {
                code[i] = filter[i];
            }
            var iov = new IoVec { Base = (nint)p, Length = (nuint)size };
            var msg = new MsgHdr { Iov = &iov, IovLength = 1 };
            if (namespaces.Count > 0)
            {
                var c = (CmsgHdr*)cbuf;
                *c = new CmsgHdr { Length = (nuint)(sizeof(CmsgHdr) + namespaces.Count * sizeof(int)), Level = SocketConst.SOL_SOCKET, Type = SocketConst.SCM_RIGHTS };
                for (var i = 0; i < namespaces.Count; i++)
                {
                    ((int*)(cbuf + sizeof(CmsgHdr)))[i] = namespaces[i].Fd.Fd;
                }
                msg.Control = cbuf;
                msg.ControlLength = (nuint)(sizeof(CmsgHdr) + ((namespaces.Count * sizeof(int) + 7) & ~7));
            }
            if (Libc.sendmsg(control, &msg, SocketConst.MSG_NOSIGNAL) != size)
            {
                throw ErrnoException.FromLastError("sending the filter to vuos-launch");
            }
            GC.KeepAlive(launch);
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
        var n = Libc.recvmsg(control, &msg, 0x40 /* MSG_DONTWAIT */ | SocketConst.MSG_CMSG_CLOEXEC);
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

/// <summary>struct launch_header (native/vuos-protocol.h).</summary>
[StructLayout(LayoutKind.Sequential)]
unsafe struct LaunchHeader
{
    public const int MaxNamespaces = 4;

    /// <summary>LAUNCH_LANDLOCK: the command starts in a Landlock domain of its own.</summary>
    public const uint FlagLandlock = 1;

    /// <summary>LAUNCH_NO_NEW_PRIVS: the command starts with no_new_privs set.</summary>
    public const uint FlagNoNewPrivs = 2;

    public uint Magic;
    public uint SeccompFlags;
    public uint FilterLength;
    public uint NamespaceCount;
    public fixed uint NamespaceTypes[MaxNamespaces];
    public uint Flags;
    public uint OpenFilesLimit;
    public ulong AmbientCapabilities;
}
