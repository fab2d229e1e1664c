using Vuos.Net.Fuse;
using Vuos.Net.Interop;

namespace Vuos.Net.Modules.Netfs;

/// <summary>
/// The tree's names: which nodes a directory holds for the caller, and their attributes. Socket
/// directories show only to callers of this session, and only while their socket lives.
/// </summary>
public sealed partial class NetfsTree
{
    const uint IfDir = 0x4000, IfReg = 0x8000;

    readonly DateTimeOffset created = DateTimeOffset.UtcNow;
    readonly uint owner = Libc.geteuid(), group = Libc.getgid();

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
}
