using System.Runtime.InteropServices;
using System.Text;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Engine;
using Vuos.Net.Tracer.Logging;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Modules.Netfs;

/// <summary>
/// Puts the netfs tree at its virtual root (/net) for supervised processes, and hands out real sockets.
///
/// The tree is a FUSE mount of the session's (<see cref="NetfsMount"/>); /net itself exists on no file system,
/// so calls naming /net/... are served by the supervisor on the mount, for the tracee: stat, access and
/// readlink are made there and their results copied; open returns the descriptor the supervisor opened;
/// chdir is rewritten (from a ptrace stop) to the mount's path, after which relative paths work natively and
/// getcwd is translated back. data and accept, however named, are the socket itself: data is a duplicate of
/// it, and opening accept waits for a connection as accept(2) does (interruptible, :nonblock gives EAGAIN).
/// </summary>
public sealed unsafe class NetfsPathHooks(string virtualRoot, NetfsMount mount, NetfsSockets sockets, NetfsCallers callers, SyscallLog log)
    : ISyscallModule
{
    const int AtFdCwd = -100, AtSymlinkNofollow = 0x100, AtEmptyPath = 0x1000, ERANGE = 34;
    const int SolSocket = 1, SoAcceptConn = 30;

    readonly string root = TraceePaths.Normalize(virtualRoot);

    public string Name => "netfs";

    public void Register(HookRegistry hooks)
    {
        hooks.On("open", HookMode.Notify, c => Open(c, AtFdCwd, 0, c.ArgInt(1), c.ArgInt(2)));
        hooks.On("openat", HookMode.Notify, c => Open(c, c.ArgInt(0), 1, c.ArgInt(2), c.ArgInt(3)));
        hooks.On("stat", HookMode.Notify, c => Stat(c, AtFdCwd, 0, 1, 0));
        hooks.On("lstat", HookMode.Notify, c => Stat(c, AtFdCwd, 0, 1, AtSymlinkNofollow));
        hooks.On("newfstatat", HookMode.Notify, c => Stat(c, c.ArgInt(0), 1, 2, c.ArgInt(3)));
        hooks.On("statx", HookMode.Notify, Statx);
        // A descriptor of the tree is the kernel's (FUSE's) to describe.
        hooks.IgnoreStatOfDescriptors();
        hooks.On("access", HookMode.Notify, c => Access(c, AtFdCwd, 0, c.ArgInt(1), 0));
        hooks.On("faccessat", HookMode.Notify, c => Access(c, c.ArgInt(0), 1, c.ArgInt(2), 0));
        hooks.On("faccessat2", HookMode.Notify, c => Access(c, c.ArgInt(0), 1, c.ArgInt(2), c.ArgInt(3)));
        hooks.On("readlink", HookMode.Notify, c => Readlink(c, AtFdCwd, 0));
        hooks.On("readlinkat", HookMode.Notify, c => Readlink(c, c.ArgInt(0), 1));
        hooks.On("getcwd", HookMode.Notify, Getcwd);
        foreach (var name in new[] { "getxattr", "lgetxattr", "listxattr", "llistxattr" })
        {
            hooks.On(name, HookMode.Notify, c => Xattr(c, name.Contains("list")));
        }
        // chdir needs its argument rewritten: a stop, but chdir is rare.
        hooks.On("chdir", HookMode.Stop, Chdir);
    }

    /// <summary>The netfs path a call names, or null (most calls: one prefix comparison, no lookup).</summary>
    NetfsTarget? Classify(SyscallContext call, int dirfd, int pathArg)
    {
        if (call.Arch != AuditArch.X86_64 || call.PathArg(pathArg) is not { } path)
        {
            return null;
        }
        if (path.StartsWith('/'))
        {
            if (!Under(path, root) && !Under(path, mount.MountPoint))
            {
                return null;
            }
        }
        else
        {
            // Relative paths inside the mount work natively, except the files that are sockets and flagged names.
            var (name, _, _) = NetfsTarget.SplitFlags(path[(path.LastIndexOf('/') + 1)..]);
            if (name is not ("data" or "accept") && !path.Contains(':'))
            {
                return null;
            }
        }
        var absolute = TraceePaths.Resolve(call.Thread.Tid, dirfd, path);
        if (absolute is null)
        {
            return null;
        }
        var viaRoot = Under(absolute, root);
        if (!viaRoot && !Under(absolute, mount.MountPoint))
        {
            // "/net/.." names something outside the tree; the kernel cannot walk through /net to find it.
            return path.StartsWith('/') && Under(path, root) ? new NetfsTarget(absolute, false, true, 0) { Outside = true } : null;
        }
        var treePath = absolute[(viaRoot ? root : mount.MountPoint).Length..];
        var slash = treePath.LastIndexOf('/');
        var (last, nonBlocking, error) = NetfsTarget.SplitFlags(treePath[(slash + 1)..]);
        return new NetfsTarget(treePath[..(slash + 1)] + last, nonBlocking, viaRoot, error);
    }

    static bool Under(string path, string prefix) =>
        path == prefix || (path.StartsWith(prefix, StringComparison.Ordinal) && path.Length > prefix.Length && path[prefix.Length] == '/');

    string Real(NetfsTarget target) => target.Outside ? target.TreePath : mount.MountPoint + target.TreePath;

    void Open(SyscallContext call, int dirfd, int pathArg, int flags, int mode)
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
        var closeOnExec = (flags & OpenFlags.CloExec) != 0;
        var nonBlocking = target.NonBlocking || (flags & OpenFlags.NonBlock) != 0;
        if (parts.Length == 3 && parts[2] is "data" or "accept")
        {
            var socket = FindSocket(call, parts);
            if (parts[2] == "data")
            {
                OpenData(call, socket, closeOnExec, nonBlocking);
            }
            else
            {
                OpenAccept(call, socket, closeOnExec, nonBlocking);
            }
            return;
        }
        if (!target.ViaVirtualRoot && !target.NonBlocking)
        {
            return; // a relative path inside the mount: the kernel opens it
        }
        var openFlags = (flags & ~OpenFlags.CloExec) | OpenFlags.CloExec | (nonBlocking ? OpenFlags.NonBlock : 0);
        int fd;
        using (callers.ActFor(call.Thread))
        {
            fd = Libc.openat(AtFdCwd, Real(target), openFlags, mode);
        }
        if (fd < 0)
        {
            call.Fail(Marshal.GetLastPInvokeError());
            return;
        }
        call.Note = "netfs";
        call.ReturnFd(new SafeFd(fd), closeOnExec);
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

    void Stat(SyscallContext call, int dirfd, int pathArg, int bufArg, int flags)
    {
        if ((flags & AtEmptyPath) != 0 || Classify(call, dirfd, pathArg) is not { ViaVirtualRoot: true } target)
        {
            return;
        }
        var st = stackalloc byte[144];
        int r;
        using (callers.ActFor(call.Thread))
        {
            r = Libc.fstatat(AtFdCwd, Real(target), st, flags & AtSymlinkNofollow);
        }
        Answer(call, r, bufArg, new ReadOnlySpan<byte>(st, 144));
    }

    void Statx(SyscallContext call)
    {
        if ((call.ArgInt(2) & AtEmptyPath) != 0 || Classify(call, call.ArgInt(0), 1) is not { ViaVirtualRoot: true } target)
        {
            return;
        }
        var stx = stackalloc byte[256];
        int r;
        using (callers.ActFor(call.Thread))
        {
            r = Libc.statx(AtFdCwd, Real(target), call.ArgInt(2) & AtSymlinkNofollow, (uint)call.ArgInt(3), stx);
        }
        Answer(call, r, 4, new ReadOnlySpan<byte>(stx, 256));
    }

    void Answer(SyscallContext call, int result, int bufArg, ReadOnlySpan<byte> data)
    {
        if (result < 0)
        {
            call.Fail(Marshal.GetLastPInvokeError());
            return;
        }
        call.Memory.Write(call.Arg(bufArg), data);
        call.Return(0);
    }

    void Access(SyscallContext call, int dirfd, int pathArg, int mode, int flags)
    {
        if (Classify(call, dirfd, pathArg) is not { ViaVirtualRoot: true } target)
        {
            return;
        }
        int r;
        using (callers.ActFor(call.Thread))
        {
            r = Libc.faccessat(AtFdCwd, Real(target), mode, flags & AtSymlinkNofollow);
        }
        call.Return(r < 0 ? -Marshal.GetLastPInvokeError() : 0);
    }

    void Readlink(SyscallContext call, int dirfd, int pathArg)
    {
        if (Classify(call, dirfd, pathArg) is not { ViaVirtualRoot: true } target)
        {
            return;
        }
        var st = stackalloc byte[144];
        int r;
        using (callers.ActFor(call.Thread))
        {
            r = Libc.fstatat(AtFdCwd, Real(target), st, AtSymlinkNofollow);
        }
        // netfs holds no symbolic links.
        call.Fail(r < 0 ? Marshal.GetLastPInvokeError() : Errno.EINVAL);
    }

    /// <summary>netfs has no extended attributes (ls -l asks for ACLs on every name).</summary>
    void Xattr(SyscallContext call, bool list)
    {
        if (Classify(call, AtFdCwd, 0) is not { ViaVirtualRoot: true } target)
        {
            return;
        }
        var st = stackalloc byte[144];
        int r;
        using (callers.ActFor(call.Thread))
        {
            r = Libc.fstatat(AtFdCwd, Real(target), st, 0);
        }
        call.Return(r < 0 ? -Marshal.GetLastPInvokeError() : list ? 0 : -61 /* ENODATA */);
    }

    void Getcwd(SyscallContext call)
    {
        var cwd = Libc.ReadLink($"/proc/{call.Thread.Tid}/cwd");
        if (cwd is null || !Under(cwd, mount.MountPoint))
        {
            return;
        }
        var shown = Encoding.UTF8.GetBytes(root + cwd[mount.MountPoint.Length..] + "\0");
        if ((ulong)shown.Length > call.Arg(1))
        {
            call.Fail(ERANGE);
            return;
        }
        call.Memory.Write(call.Arg(0), shown);
        call.Return(shown.Length);
    }

    void Chdir(SyscallContext call)
    {
        if (Classify(call, AtFdCwd, 0) is not { ViaVirtualRoot: true } target)
        {
            return;
        }
        var address = call.PutScratch(Encoding.UTF8.GetBytes(Real(target) + "\0"));
        call.Note = "netfs";
        call.Rewrite(SyscallTable.Get("chdir"), [address]);
    }
}
