namespace Vuos.Net.Modules.Netfs;

public enum NetfsNodeKind
{
    Root,
    Family,
    Factory,
    Addrs,
    SocketDirectory,
    Ctl,
    Data,
    Accept,
}

/// <summary>
/// A node of the tree, encoded in its inode number so nothing needs a table: 1 the root, 2.. the family
/// directories, 0x100 + family * 16 + k a family's files (k: the factories, then addrs), and from 2^32 a
/// socket's directory and its files at (id + 1) * 8 + 0..3, their ":nonblock" names at + 4..7.
/// </summary>
public readonly record struct NetfsNode(NetfsNodeKind Kind, NetfsFamily? Family, int FactoryIndex, int SocketId, bool NonBlocking = false)
{
    const ulong SocketBase = 1UL << 32;
    const int AddrsIndex = 5;

    public static readonly NetfsNode Root = new(NetfsNodeKind.Root, null, -1, -1);

    public static NetfsNode ForFamily(NetfsFamily family) => new(NetfsNodeKind.Family, family, -1, -1);

    public static NetfsNode ForFactory(NetfsFamily family, int index) => new(NetfsNodeKind.Factory, family, index, -1);

    public static NetfsNode ForAddrs(NetfsFamily family) => new(NetfsNodeKind.Addrs, family, AddrsIndex, -1);

    public static NetfsNode ForSocket(NetfsNodeKind kind, int id, bool nonBlocking = false) => new(kind, null, -1, id, nonBlocking);

    public ulong Inode => Kind switch
    {
        NetfsNodeKind.Root => 1,
        NetfsNodeKind.Family => 2 + (ulong)Family!.Index,
        NetfsNodeKind.Factory or NetfsNodeKind.Addrs => 0x100 + (ulong)Family!.Index * 16 + (ulong)FactoryIndex,
        _ => SocketBase + ((ulong)SocketId + 1) * 8 + (ulong)(Kind - NetfsNodeKind.SocketDirectory) + (NonBlocking ? 4UL : 0),
    };

    public static NetfsNode? FromInode(ulong inode)
    {
        if (inode == 1)
        {
            return Root;
        }
        if (inode >= 2 && inode < 2 + (ulong)NetfsFamily.All.Count)
        {
            return ForFamily(NetfsFamily.All[(int)inode - 2]);
        }
        if (inode >= 0x100 && inode < SocketBase)
        {
            var family = (int)((inode - 0x100) / 16);
            var index = (int)((inode - 0x100) % 16);
            if (family >= NetfsFamily.All.Count || index > AddrsIndex)
            {
                return null;
            }
            return index == AddrsIndex ? ForAddrs(NetfsFamily.All[family]) : ForFactory(NetfsFamily.All[family], index);
        }
        if (inode >= SocketBase + 8)
        {
            var n = inode - SocketBase;
            return ForSocket(NetfsNodeKind.SocketDirectory + (int)(n % 4), (int)(n / 8) - 1, n % 8 >= 4);
        }
        return null;
    }
}
