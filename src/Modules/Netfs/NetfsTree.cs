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
public sealed class NetfsTree(NetfsSockets sockets, NetfsCallers callers, MsocketSession session, SyscallLog log) : IFuseFileSystem
{
    const uint IfDir = 0x4000, IfReg = 0x8000;
    const int EINVAL = Errno.EINVAL, ENOENT = Errno.ENOENT;
    static readonly int[] UnsupportedTypeErrors = [Errno.EINVAL, Errno.EPROTONOSUPPORT, 94 /* ESOCKTNOSUPPORT */, 91 /* EPROTOTYPE */, Errno.EOPNOTSUPP];

    readonly DateTimeOffset created = DateTimeOffset.UtcNow;
    readonly uint owner = Libc.geteuid(), group = Libc.getgid();
    readonly ConcurrentDictionary<ulong, Handle> handles = new();
    long nextHandle;

    abstract record Handle(NetfsSocket? Socket);
    sealed record ReadOnce(byte[] Content, NetfsSocket? Socket) : Handle(Socket);
    sealed record CtlHandle(NetfsSocket Target, bool NonBlocking) : Handle(Target);

    /// <summary>addrs: its text is made again by every read at offset 0, so lseek(0) and a read show new listeners.</summary>
    sealed record AddrsHandle(NetfsFamily Family) : Handle((NetfsSocket?)null)
    {
        public byte[] Content { get; set; } = [];
    }

    /// <summary>An open data file, or a connection opened through accept: reads and writes go to <see cref="Fd"/>.</summary>
    abstract record StreamHandle(NetfsSocket? Socket, bool NonBlockingName) : Handle(Socket)
    {
        public abstract int Fd { get; }

        public abstract bool IsListener { get; }

        public abstract bool WritesWhole { get; }

        /// <summary>The largest message a write may carry, or null for the kernel's own limit.</summary>
        public virtual int? PacketLimit => Socket?.PacketLimit;

        public bool NonBlocking(FuseRequestContext ctx) => NonBlockingName || (ctx.FileFlags & OpenFlags.NonBlock) != 0;
    }

    sealed record DataHandle(NetfsSocket Target, bool NonBlockingName) : StreamHandle(Target, NonBlockingName)
    {
        public override int Fd => Target.Socket.Fd;

        public override bool IsListener => Target.IsListening;

        public override bool WritesWhole => Target.TypeName == "stream";
    }

    sealed record ConnectionHandle(SafeFd Connection, NetfsSocket Listener, bool NonBlockingName) : StreamHandle(null, NonBlockingName)
    {
        public override int Fd => Connection.Fd;

        public override bool IsListener => false;

        public override bool WritesWhole => Listener.TypeName == "stream";

        public override int? PacketLimit => Listener.PacketLimit;
    }

    public int Lookup(FuseRequestContext ctx, ulong parent, string name, out FuseAttributes attributes)
    {
        attributes = default;
        if (NetfsNode.FromInode(parent) is not { } node)
        {
            return ENOENT;
        }
        if (node.Kind == NetfsNodeKind.SocketDirectory && NetfsPathFlags.Split(name).Error is var error and not 0)
        {
            return error; // an unknown path flag: EINVAL, as PatchworkOS has it
        }
        if (Child(ctx, node, name) is not { } child)
        {
            return ENOENT;
        }
        attributes = Attributes(child);
        return 0;
    }

    public int GetAttributes(FuseRequestContext ctx, ulong inode, out FuseAttributes attributes)
    {
        attributes = default;
        if (NetfsNode.FromInode(inode) is not { } node || !Exists(ctx, node))
        {
            return ENOENT;
        }
        attributes = Attributes(node);
        return 0;
    }

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
        return Libc.getpeername(socket.Socket.Fd, address, &length) == 0;
    }

    public int ReadDirectory(FuseRequestContext ctx, ulong inode, out IReadOnlyList<FuseDirectoryEntry> entries)
    {
        entries = [];
        if (NetfsNode.FromInode(inode) is not { } node || !Exists(ctx, node))
        {
            return ENOENT;
        }
        var list = new List<FuseDirectoryEntry>();
        switch (node.Kind)
        {
            case NetfsNodeKind.Root:
                list.AddRange(NetfsFamily.All.Select(f => Entry(NetfsNode.ForFamily(f), f.Name)));
                break;
            case NetfsNodeKind.Family:
                list.AddRange(NetfsFamily.Factories.Select((f, i) => Entry(NetfsNode.ForFactory(node.Family!, i), f.Name)));
                list.Add(Entry(NetfsNode.ForAddrs(node.Family!), "addrs"));
                if (callers.Find(ctx.Pid) is not null)
                {
                    list.AddRange(sockets.InFamily(node.Family!).Select(s => Entry(NetfsNode.ForSocket(NetfsNodeKind.SocketDirectory, s.Id), s.Id.ToString())));
                }
                break;
            case NetfsNodeKind.SocketDirectory:
                list.Add(Entry(NetfsNode.ForSocket(NetfsNodeKind.Data, node.SocketId), "data"));
                list.Add(Entry(NetfsNode.ForSocket(NetfsNodeKind.Accept, node.SocketId), "accept"));
                list.Add(Entry(NetfsNode.ForSocket(NetfsNodeKind.Ctl, node.SocketId), "ctl"));
                break;
            default:
                return Errno.ENOTDIR;
        }
        entries = list;
        return 0;
    }

    public int Access(FuseRequestContext ctx, ulong inode, int mask) =>
        NetfsNode.FromInode(inode) is { } node && Exists(ctx, node) ? 0 : ENOENT;

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

    NetfsNode? Child(FuseRequestContext ctx, NetfsNode parent, string name)
    {
        switch (parent.Kind)
        {
            case NetfsNodeKind.Root:
                return NetfsFamily.Find(name) is { } f ? NetfsNode.ForFamily(f) : null;
            case NetfsNodeKind.Family:
                {
                    var index = NetfsFamily.Factories.ToList().FindIndex(x => x.Name == name);
                    if (index >= 0)
                    {
                        return NetfsNode.ForFactory(parent.Family!, index);
                    }
                    if (name == "addrs")
                    {
                        return NetfsNode.ForAddrs(parent.Family!);
                    }
                    var node = int.TryParse(name, out var id) && id.ToString() == name ? NetfsNode.ForSocket(NetfsNodeKind.SocketDirectory, id) : (NetfsNode?)null;
                    return node is { } n && Exists(ctx, n) && sockets.Find(id)!.Family == parent.Family ? n : null;
                }
            case NetfsNodeKind.SocketDirectory:
                {
                    // "data:nonblock" and "accept:n" are names of their own, as PatchworkOS's path flags are.
                    var (plain, nonBlocking, error) = NetfsPathFlags.Split(name);
                    var kind = plain switch { "ctl" => NetfsNodeKind.Ctl, "data" => NetfsNodeKind.Data, "accept" => NetfsNodeKind.Accept, _ => (NetfsNodeKind?)null };
                    return kind is { } k && error == 0 ? NetfsNode.ForSocket(k, parent.SocketId, nonBlocking) : null;
                }
            default:
                return null;
        }
    }

    /// <summary>Socket nodes exist for callers of this session while their socket does; the rest always.</summary>
    bool Exists(FuseRequestContext ctx, NetfsNode node) =>
        node.SocketId < 0 || (sockets.Find(node.SocketId) is not null && callers.Find(ctx.Pid) is not null);

    FuseAttributes Attributes(NetfsNode node)
    {
        var (type, permissions, links) = node.Kind switch
        {
            NetfsNodeKind.Root or NetfsNodeKind.Family or NetfsNodeKind.SocketDirectory => (IfDir, 0x16du /* 0555 */, 2u),
            NetfsNodeKind.Ctl => (IfReg, 0x92u /* 0222 */, 1u),
            NetfsNodeKind.Data => (IfReg, 0x1b6u /* 0666 */, 1u),
            _ => (IfReg, 0x124u /* 0444 */, 1u),
        };
        return new FuseAttributes(node.Inode, type | permissions, 0, links, owner, group, created);
    }

    static FuseDirectoryEntry Entry(NetfsNode node, string name) =>
        new(node.Inode, name, node.Kind is NetfsNodeKind.Family or NetfsNodeKind.SocketDirectory or NetfsNodeKind.Root ? IfDir : IfReg);

    static string Quote(string text) => StringQuoter.Quote(Encoding.UTF8.GetBytes(text.Length > 64 ? text[..64] : text), text.Length > 64);
}
