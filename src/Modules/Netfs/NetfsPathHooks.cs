using System.Runtime.InteropServices;
using System.Text;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Engine;
using Vuos.Net.Tracer.Logging;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Modules.Netfs;

/// <summary>
/// Hands out real sockets for netfs's data and accept files: the tree itself is a FUSE mount in the session's
/// mount namespace, where every other call on it is the kernel's. data, however named, is a duplicate of the
/// socket, so reads and writes never stop; opening accept waits for a connection as accept(2) does
/// (interruptible, :nonblock gives EAGAIN).
/// </summary>
public sealed unsafe class NetfsPathHooks(NetfsMount mount, NetfsSockets sockets, NetfsCallers callers, SyscallLog log)
    : ISyscallModule
{
    const int AtFdCwd = -100;
    const int SolSocket = 1, SoAcceptConn = 30;

    readonly string root = TraceePaths.Normalize(mount.MountPoint);

    public string Name => "netfs";

    public void Register(HookRegistry hooks)
    {
        hooks.On("open", HookMode.Notify, c => Open(c, AtFdCwd, 0, c.ArgInt(1)));
        hooks.On("openat", HookMode.Notify, c => Open(c, c.ArgInt(0), 1, c.ArgInt(2)));
    }

    /// <summary>The netfs data or accept file a call names, or null (most calls: one comparison of the last name).</summary>
    NetfsTarget? Classify(SyscallContext call, int dirfd, int pathArg)
    {
        if (call.Arch != AuditArch.X86_64 || call.PathArg(pathArg) is not { } path)
        {
            return null;
        }
        var (name, _, _) = NetfsTarget.SplitFlags(path[(path.LastIndexOf('/') + 1)..]);
        if (name is not ("data" or "accept"))
        {
            return null;
        }
        var absolute = TraceePaths.Resolve(call.Thread.Tid, dirfd, path);
        if (absolute is null || !absolute.StartsWith(root + "/", StringComparison.Ordinal))
        {
            return null;
        }
        var treePath = absolute[root.Length..];
        var slash = treePath.LastIndexOf('/');
        var (last, nonBlocking, error) = NetfsTarget.SplitFlags(treePath[(slash + 1)..]);
        return new NetfsTarget(treePath[..(slash + 1)] + last, nonBlocking, true, error);
    }

    void Open(SyscallContext call, int dirfd, int pathArg, int flags)
    {
        if (Classify(call, dirfd, pathArg) is not { } target)
        {
            return;
        }
        if (target.Error != 0)
        {
            call.Fail(target.Error);
            return;
        }
        var parts = target.Parts;
        if (parts.Length != 3)
        {
            return;
        }
        var closeOnExec = (flags & OpenFlags.CloExec) != 0;
        var nonBlocking = target.NonBlocking || (flags & OpenFlags.NonBlock) != 0;
        var socket = FindSocket(call, parts);
        if (parts[2] == "data")
        {
            OpenData(call, socket, closeOnExec, nonBlocking);
        }
        else
        {
            OpenAccept(call, socket, closeOnExec, nonBlocking);
        }
    }

    NetfsSocket FindSocket(SyscallContext call, string[] parts) =>
        NetfsFamily.Find(parts[0]) is { } family && int.TryParse(parts[1], out var id) && sockets.Find(id) is { } socket &&
        socket.Family == family && callers.Find(call.Thread.Tid) is not null
            ? socket
            : throw new ErrnoException("netfs", Errno.ENOENT);

    void OpenData(SyscallContext call, NetfsSocket socket, bool closeOnExec, bool nonBlocking)
    {
        if (socket.IsConnectionOriented && !IsConnected(socket))
        {
            // Linux answers EINVAL for reads on an unconnected unix stream socket; PatchworkOS's data file says ENOTCONN.
            call.Fail(Errno.ENOTCONN);
            return;
        }
        if (nonBlocking)
        {
            // O_NONBLOCK belongs to the open socket, so every descriptor of it shares the flag.
            var flags = Libc.fcntl(socket.Socket.Fd, FcntlCmd.GetFl, 0);
            Libc.fcntl(socket.Socket.Fd, FcntlCmd.SetFl, flags | OpenFlags.NonBlock);
        }
        var dup = new SafeFd(ErrnoException.Check(Libc.fcntl(socket.Socket.Fd, 1030 /* F_DUPFD_CLOEXEC */, 0), "dup"));
        call.Note = $"netfs {socket.Family.Name}/{socket.Id} data";
        log.Operation(call.Thread.Tid, "netfs", $"data of {socket.Family.Name}/{socket.Id} ({socket.TypeName}, stack {socket.Stack})");
        call.ReturnFd(dup, closeOnExec);
    }

    static bool IsConnected(NetfsSocket socket)
    {
        var address = stackalloc byte[128];
        uint length = 128;
        return Libc.getpeername(socket.Socket.Fd, address, &length) == 0;
    }

    void OpenAccept(SyscallContext call, NetfsSocket socket, bool closeOnExec, bool nonBlocking)
    {
        int listening = 0;
        uint length = sizeof(int);
        if (Libc.getsockopt(socket.Socket.Fd, SolSocket, SoAcceptConn, &listening, &length) < 0 || listening == 0)
        {
            call.Fail(Errno.EINVAL);
            return;
        }
        call.Note = $"netfs {socket.Family.Name}/{socket.Id} accept";
        log.Operation(call.Thread.Tid, "netfs", $"accept on {socket.Family.Name}/{socket.Id}{(socket.BoundAs is { } a ? $" ({a})" : "")}");
        var wait = new AcceptWait(socket, closeOnExec, nonBlocking);
        if (nonBlocking)
        {
            if (wait.TryAccept() is { } connection)
            {
                call.ReturnFd(connection, closeOnExec);
            }
            else
            {
                call.Fail(Errno.EAGAIN);
            }
            return;
        }
        call.Wait(wait);
    }
}
