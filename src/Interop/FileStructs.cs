using System.Runtime.InteropServices;

namespace Vuos.Net.Interop;

/// <summary>struct statx (linux/stat.h), as statx(2) fills it: the fields the supervisor reads, then the rest as it is.</summary>
[StructLayout(LayoutKind.Sequential, Size = 256)]
public struct Statx
{
    public uint Mask;
    public uint BlkSize;
    public ulong Attributes;
    public uint Nlink;
    public uint Uid;
    public uint Gid;
    public ushort Mode;
    public ushort Spare0;
    public ulong Ino;
    public ulong Size;
    public ulong Blocks;
    public ulong AttributesMask;
    public StatxTimestamp Atime, Btime, Ctime, Mtime;
    public uint RdevMajor, RdevMinor;
    public uint DevMajor, DevMinor;

    /// <summary>The device as glibc's makedev() packs it into st_dev.</summary>
    public readonly ulong Dev =>
        ((DevMajor & 0xfffff000UL) << 32) | ((DevMajor & 0xfffUL) << 8) | ((DevMinor & 0xffffff00UL) << 12) | (DevMinor & 0xffUL);
}

/// <summary>struct statx_timestamp.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct StatxTimestamp
{
    public long Sec;
    public uint Nsec;
    public int Reserved;
}

/// <summary>x86-64's struct stat, as fstat and fstatat fill it (the supervisor is always x86-64).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct Stat
{
    public ulong Dev;
    public ulong Ino;
    public ulong Nlink;
    public uint Mode;
    public uint Uid;
    public uint Gid;
    public int Pad0;
    public ulong Rdev;
    public long Size;
    public long BlkSize;
    public long Blocks;
    public long AtimeSec, AtimeNsec;
    public long MtimeSec, MtimeNsec;
    public long CtimeSec, CtimeNsec;
    public long Reserved0, Reserved1, Reserved2;

    /// <summary>glibc's major(): the device's major number from <see cref="Rdev"/>.</summary>
    public readonly ulong RdevMajor => ((Rdev >> 8) & 0xfff) | ((Rdev >> 32) & ~0xfffUL);

    /// <summary>glibc's minor().</summary>
    public readonly ulong RdevMinor => (Rdev & 0xff) | ((Rdev >> 12) & ~0xffUL);
}
