namespace Vuos.Net.Fuse;

/// <summary>What stat(2) shows for a node. <paramref name="Mode"/> holds the S_IF* type bits and the permissions.</summary>
public readonly record struct FuseAttributes(ulong Inode, uint Mode, ulong Size, uint Nlink, uint Uid, uint Gid, DateTimeOffset Time);
