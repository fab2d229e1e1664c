using System.Collections.Concurrent;
using System.Text;
using Vuos.Net.Fuse;
using Vuos.Net.Interop;
using Vuos.Net.Modules.Msocket;
using Vuos.Net.Tracer.Logging;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Modules.Netfs;

/// <summary>
/// PatchworkOS's networking filesystem as a FUSE tree: family directories with factory files and addrs, and
/// a directory per socket with ctl, data and accept. Opening a factory creates a socket in the caller's
/// default stack for the family and reads back its id; writes to ctl run commands; addrs lists the addresses
/// of listening sockets. data reads and writes the socket, and opening accept waits for a connection and
/// gives a file that reads and writes it (<see cref="SocketFileIo"/>); both are streams that poll(2) and epoll
/// see the socket's readiness through. Every open of the tree is the kernel's: nothing outside /net stops.
/// </summary>
public sealed partial class NetfsTree(NetfsSockets sockets, NetfsCallers callers, MsocketSession session, SyscallLog log) : IFuseFileSystem
{
    const int EINVAL = Errno.EINVAL, ENOENT = Errno.ENOENT;
    static readonly int[] UnsupportedTypeErrors = [Errno.EINVAL, Errno.EPROTONOSUPPORT, 94 /* ESOCKTNOSUPPORT */, 91 /* EPROTOTYPE */, Errno.EOPNOTSUPP];

    readonly ConcurrentDictionary<ulong, Handle> handles = new();
    long nextHandle;

    public int Open(FuseRequestContext ctx, ulong inode, int flags, out ulong fileHandle)
    {
        fileHandle = 0;
        if (NetfsNode.FromInode(inode) is not { } node || !Exists(ctx, node))
        {
            return ENOENT;
        }
        Handle handle;
        switch (node.Kind)
        {
            case NetfsNodeKind.Factory:
                {
                    var result = CreateSocket(ctx, node, flags, out var socket);
                    if (result != 0)
                    {
                        return result;
                    }
                    handle = new ReadOnce(Encoding.ASCII.GetBytes(socket!.Id.ToString()), socket);
                    break;
                }
            case NetfsNodeKind.Ctl:
                handle = new CtlHandle(sockets.Find(node.SocketId)!, (flags & OpenFlags.NonBlock) != 0);
                break;
            case NetfsNodeKind.Addrs:
                handle = new AddrsHandle(node.Family!);
                break;
            case NetfsNodeKind.Data:
                {
                    var socket = sockets.Find(node.SocketId)!;
                    if (socket.IsConnectionOriented && !socket.IsListening && !IsConnected(socket))
                    {
                        // PatchworkOS: data of a socket neither connected nor listening is ENOTCONN (Linux says EINVAL for unix streams).
                        return Errno.ENOTCONN;
                    }
                    log.Operation(ctx.Pid, "netfs", $"data of {socket.Family.Name}/{socket.Id} ({socket.TypeName}, stack {socket.Stack})");
                    handle = new DataHandle(socket, node.NonBlocking);
                    break;
                }
            case NetfsNodeKind.Accept:
                {
                    var socket = sockets.Find(node.SocketId)!;
                    var result = Accept(ctx, socket, node.NonBlocking || (flags & OpenFlags.NonBlock) != 0, out var connection);
                    if (result != 0)
                    {
                        return result;
                    }
                    // PatchworkOS's accept makes a socket with the next id that joins no family list, so its
                    // directory is never shown: the accept file is its only way in and closing it hangs up.
                    var id = sockets.TakeId();
                    log.Operation(ctx.Pid, "netfs", $"accept on {socket.Family.Name}/{socket.Id}{(socket.BoundAs is { } a ? $" ({a})" : "")} = connection {id}");
                    handle = new ConnectionHandle(connection!, socket, node.NonBlocking);
                    break;
                }
            default:
                return Errno.EISDIR;
        }
        fileHandle = (ulong)Interlocked.Increment(ref nextHandle);
        handle.Socket?.FileOpened();
        handles[fileHandle] = handle;
        return 0;
    }

    public int Read(FuseRequestContext ctx, ulong inode, ulong fileHandle, long offset, Span<byte> buffer, out int count)
    {
        count = 0;
        switch (handles.GetValueOrDefault(fileHandle))
        {
            case ReadOnce once:
                if (offset < once.Content.Length)
                {
                    count = Math.Min(buffer.Length, once.Content.Length - (int)offset);
                    once.Content.AsSpan((int)offset, count).CopyTo(buffer);
                }
                return 0;
            case AddrsHandle addrs:
                if (offset == 0)
                {
                    addrs.Content = Encoding.UTF8.GetBytes(string.Concat(
                        sockets.InFamily(addrs.Family).Where(s => s.IsListening && s.BoundAs is not null).Select(s => s.BoundAs + "\n")));
                }
                if (offset < addrs.Content.Length)
                {
                    count = Math.Min(buffer.Length, addrs.Content.Length - (int)offset);
                    addrs.Content.AsSpan((int)offset, count).CopyTo(buffer);
                }
                return 0;
            case CtlHandle:
                return EINVAL; // ctl is write-only
            case StreamHandle { IsListener: true }:
                return Errno.ENOTCONN;
            case StreamHandle stream:
                return SocketFileIo.Read(stream.Fd, buffer, stream.NonBlocking(ctx), ctx.Interrupted, out count);
            default:
                return Errno.EBADF;
        }
    }

    public int Write(FuseRequestContext ctx, ulong inode, ulong fileHandle, long offset, ReadOnlySpan<byte> data, out int written)
    {
        written = 0;
        CtlHandle ctl;
        switch (handles.GetValueOrDefault(fileHandle))
        {
            case StreamHandle { IsListener: true }:
                return Errno.ENOTCONN;
            case StreamHandle stream when stream.PacketLimit is { } limit && data.Length > limit:
                return Errno.EMSGSIZE; // PatchworkOS's local packets: a 16 KiB ring less the 8-byte packet header
            case StreamHandle stream:
                return SocketFileIo.Write(stream.Fd, data, stream.NonBlocking(ctx), stream.WritesWhole, ctx.Interrupted, out written);
            case CtlHandle c:
                ctl = c;
                break;
            default:
                return EINVAL;
        }
        var socket = ctl.Target;
        var text = Encoding.UTF8.GetString(data);
        var caller = callers.Find(ctx.Pid);
        try
        {
            var commands = data.Length > CtlCommand.MaxWrite ? throw new ErrnoException("ctl", Errno.E2BIG) : CtlCommand.Parse(text);
            CtlExecutor.Run(socket, commands, caller is null ? null : Libc.ReadLink($"/proc/{ctx.Pid}/cwd"), ctl.NonBlocking, ctx.Interrupted);
            log.Operation(ctx.Pid, "netfs", $"ctl {socket.Family.Name}/{socket.Id} {Quote(text)} = {data.Length}");
            written = data.Length;
            return 0;
        }
        catch (ErrnoException e)
        {
            log.Operation(ctx.Pid, "netfs", $"ctl {socket.Family.Name}/{socket.Id} {Quote(text)} = -1 {LinuxNames.ErrnoName(e.Errno)}");
            return e.Errno;
        }
    }

    public void Release(ulong inode, ulong fileHandle)
    {
        if (!handles.TryRemove(fileHandle, out var handle))
        {
            return;
        }
        if (handle is ConnectionHandle connection)
        {
            connection.Connection.Dispose();
        }
        if (handle.Socket is { } socket && socket.FileClosed() <= 0)
        {
            sockets.Collect();
        }
    }

    public uint OpenOptions(ulong inode, ulong fileHandle) =>
        handles.GetValueOrDefault(fileHandle) is StreamHandle ? FuseConst.OpenStream | FuseConst.OpenNonSeekable : 0;

    public int Poll(FuseRequestContext ctx, ulong inode, ulong fileHandle, short events, out short ready, out int watch)
    {
        if (handles.GetValueOrDefault(fileHandle) is StreamHandle stream)
        {
            // A listener's data is readable while a connection waits to be accepted: PatchworkOS's dwm polls it so.
            ready = SocketFileIo.Ready(stream.Fd, events);
            watch = stream.Fd;
            return 0;
        }
        ready = (short)(events & (PollEvents.POLLIN | PollEvents.POLLOUT));
        watch = -1;
        return 0;
    }

    /// <summary>Opening accept: a connection now, or (blocking) once one arrives; EAGAIN when non-blocking and none waits.</summary>
    static int Accept(FuseRequestContext ctx, NetfsSocket listener, bool nonBlocking, out SafeFd? connection)
    {
        connection = null;
        if (!listener.IsListening)
        {
            return EINVAL;
        }
        while (true)
        {
            try
            {
                connection = AcceptWait.TryAccept(listener);
            }
            catch (ErrnoException e)
            {
                return e.Errno;
            }
            if (connection is not null)
            {
                return 0;
            }
            if (nonBlocking)
            {
                return Errno.EAGAIN;
            }
            if (SocketFileIo.WaitFor(listener.Socket.Fd, PollEvents.POLLIN, ctx.Interrupted) is var error and not 0)
            {
                return error;
            }
        }
    }

    static unsafe bool IsConnected(NetfsSocket socket)
    {
        var address = stackalloc byte[128];
        uint length = 128;
        return Libc.getpeername(socket.Socket, address, &length) == 0;
    }

    int CreateSocket(FuseRequestContext ctx, NetfsNode node, int flags, out NetfsSocket? created)
    {
        created = null;
        if (callers.Find(ctx.Pid) is not { } caller)
        {
            return Errno.EACCES;
        }
        var family = node.Family!;
        var (typeName, type) = NetfsFamily.Factories[node.FactoryIndex];
        var mount = session.DefaultsOf(caller.Process).For(family.Domain);
        var nonblock = (flags & OpenFlags.NonBlock) != 0 ? SocketConst.SOCK_NONBLOCK : 0;
        try
        {
            SafeFd fd;
            string stack;
            if (mount is null || mount.IsHost)
            {
                fd = new SafeFd(ErrnoException.Check(Libc.socket(family.Domain, type | nonblock | SocketConst.SOCK_CLOEXEC, family.ProtocolFor(type)), "socket"));
                stack = mount?.Path ?? "host";
            }
            else
            {
                fd = mount.Stack.CreateSocket(family.Domain, type | nonblock, family.ProtocolFor(type));
                stack = mount.Path;
            }
            created = sockets.Add(id => new NetfsSocket(id, family, typeName, fd, stack));
            caller.Process.GetState(() => new NetfsLineage(sockets)).Hold(created);
            log.Operation(ctx.Pid, "netfs", $"{family.Name}/{typeName} = socket {created.Id} [stack {stack}]");
            return 0;
        }
        catch (ErrnoException e)
        {
            return UnsupportedTypeErrors.Contains(e.Errno) ? EINVAL : e.Errno;
        }
    }

    static string Quote(string text) => StringQuoter.Quote(Encoding.UTF8.GetBytes(text.Length > 64 ? text[..64] : text), text.Length > 64);
}
