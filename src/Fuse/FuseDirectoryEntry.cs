namespace Vuos.Net.Fuse;

/// <summary>One name in a listing; only the S_IF* type bits of <paramref name="Mode"/> are used (for d_type).</summary>
public readonly record struct FuseDirectoryEntry(ulong Inode, string Name, uint Mode);
