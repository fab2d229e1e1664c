using System.Runtime.InteropServices;

namespace Vuos.Net.Interop;

// The FUSE kernel protocol (linux/fuse.h), the subset a read-mostly file tree needs. Every structure is padded
// to 8 bytes by the kernel, so Sequential layout reproduces it field for field.

/// <summary>fuse_opcode.</summary>
public static class FuseOpcode
{
    public const uint Lookup = 1;
    public const uint Forget = 2;
    public const uint GetAttr = 3;
    public const uint SetAttr = 4;
    public const uint ReadLink = 5;
    public const uint Symlink = 6;
    public const uint Mknod = 8;
    public const uint Mkdir = 9;
    public const uint Unlink = 10;
    public const uint Rmdir = 11;
    public const uint Rename = 12;
    public const uint Link = 13;
    public const uint Open = 14;
    public const uint Read = 15;
    public const uint Write = 16;
    public const uint StatFs = 17;
    public const uint Release = 18;
    public const uint Fsync = 20;
    public const uint SetXattr = 21;
    public const uint GetXattr = 22;
    public const uint ListXattr = 23;
    public const uint RemoveXattr = 24;
    public const uint Flush = 25;
    public const uint Init = 26;
    public const uint OpenDir = 27;
    public const uint ReadDir = 28;
    public const uint ReleaseDir = 29;
    public const uint Access = 34;
    public const uint Create = 35;
    public const uint Interrupt = 36;
    public const uint Destroy = 38;
    public const uint Poll = 40;
    public const uint BatchForget = 42;
    public const uint Rename2 = 45;
}

public static class FuseConst
{
    public const uint KernelVersion = 7;
    public const ulong RootId = 1;

    /// <summary>FUSE_INIT flags.</summary>
    public const uint InitAtomicOTrunc = 1 << 3;
    public const uint InitBigWrites = 1 << 5;
    public const uint InitParallelDirOps = 1 << 18;
    public const uint InitMaxPages = 1 << 22;

    /// <summary>fuse_open_out.open_flags: bypass the page cache.</summary>
    public const uint OpenDirectIo = 1 << 0;

    /// <summary>fuse_open_out.open_flags: no file position (reads and writes ignore it, lseek fails).</summary>
    public const uint OpenNonSeekable = 1 << 2;

    /// <summary>fuse_open_out.open_flags: a stream (a pipe or socket): no f_pos lock, so a read blocked on the
    /// file does not hold up a write to it from another thread.</summary>
    public const uint OpenStream = 1 << 4;

    /// <summary>fuse_poll_in.flags: the kernel wants a FUSE_NOTIFY_POLL when the file becomes ready.</summary>
    public const uint PollScheduleNotify = 1 << 0;

    /// <summary>enum fuse_notify_code: a poll wakeup, sent as the error of an unsolicited message.</summary>
    public const int NotifyPoll = 1;

    /// <summary>The size of struct fuse_dirent before its name.</summary>
    public const int DirentNameOffset = 24;

    /// <summary>The kernel refuses to read requests into buffers smaller than this.</summary>
    public const int MinReadBuffer = 8192;
}

[StructLayout(LayoutKind.Sequential)]
public struct FuseInHeader
{
    public uint Length;
    public uint Opcode;
    public ulong Unique;
    public ulong NodeId;
    public uint Uid;
    public uint Gid;
    public uint Pid;
    public ushort TotalExtensionLength;
    public ushort Padding;
}

[StructLayout(LayoutKind.Sequential)]
public struct FuseOutHeader
{
    public uint Length;
    public int Error;
    public ulong Unique;
}

[StructLayout(LayoutKind.Sequential)]
public struct FuseAttr
{
    public ulong Ino;
    public ulong Size;
    public ulong Blocks;
    public ulong Atime;
    public ulong Mtime;
    public ulong Ctime;
    public uint AtimeNsec;
    public uint MtimeNsec;
    public uint CtimeNsec;
    public uint Mode;
    public uint Nlink;
    public uint Uid;
    public uint Gid;
    public uint Rdev;
    public uint BlockSize;
    public uint Flags;
}

[StructLayout(LayoutKind.Sequential)]
public struct FuseEntryOut
{
    public ulong NodeId;
    public ulong Generation;
    public ulong EntryValid;
    public ulong AttrValid;
    public uint EntryValidNsec;
    public uint AttrValidNsec;
    public FuseAttr Attr;
}

[StructLayout(LayoutKind.Sequential)]
public struct FuseAttrOut
{
    public ulong AttrValid;
    public uint AttrValidNsec;
    public uint Dummy;
    public FuseAttr Attr;
}

[StructLayout(LayoutKind.Sequential)]
public struct FuseInitIn
{
    public uint Major;
    public uint Minor;
    public uint MaxReadahead;
    public uint Flags;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct FuseInitOut
{
    public uint Major;
    public uint Minor;
    public uint MaxReadahead;
    public uint Flags;
    public ushort MaxBackground;
    public ushort CongestionThreshold;
    public uint MaxWrite;
    public uint TimeGranularity;
    public ushort MaxPages;
    public ushort MapAlignment;
    public uint Flags2;
    public fixed uint Unused[7];
}

[StructLayout(LayoutKind.Sequential)]
public struct FuseOpenIn
{
    public uint Flags;
    public uint OpenFlags;
}

[StructLayout(LayoutKind.Sequential)]
public struct FuseOpenOut
{
    public ulong FileHandle;
    public uint OpenFlags;
    public uint Padding;
}

/// <summary>fuse_read_in; fuse_write_in has the same layout (its data follows it).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseReadIn
{
    public ulong FileHandle;
    public ulong Offset;
    public uint Size;
    public uint ReadFlags;
    public ulong LockOwner;
    public uint Flags;
    public uint Padding;
}

[StructLayout(LayoutKind.Sequential)]
public struct FuseWriteOut
{
    public uint Size;
    public uint Padding;
}

[StructLayout(LayoutKind.Sequential)]
public struct FuseReleaseIn
{
    public ulong FileHandle;
    public uint Flags;
    public uint ReleaseFlags;
    public ulong LockOwner;
}

[StructLayout(LayoutKind.Sequential)]
public struct FuseInterruptIn
{
    public ulong Unique;
}

/// <summary>fuse_setattr_in: what chmod, chown, utimes and truncate change (<see cref="Valid"/> says which, FATTR_*).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseSetAttrIn
{
    public const uint FATTR_MODE = 1, FATTR_UID = 2, FATTR_GID = 4, FATTR_SIZE = 8, FATTR_ATIME = 16, FATTR_MTIME = 32,
        FATTR_ATIME_NOW = 128, FATTR_MTIME_NOW = 256, FATTR_CTIME = 1024;

    public uint Valid;
    public uint Padding;
    public ulong FileHandle;
    public ulong Size;
    public ulong LockOwner;
    public ulong Atime;
    public ulong Mtime;
    public ulong Ctime;
    public uint AtimeNsec;
    public uint MtimeNsec;
    public uint CtimeNsec;
    public uint Mode;
    public uint Unused4;
    public uint Uid;
    public uint Gid;
    public uint Unused5;
}

[StructLayout(LayoutKind.Sequential)]
public struct FuseAccessIn
{
    public uint Mask;
    public uint Padding;
}

/// <summary>fuse_statfs_out (a struct fuse_kstatfs).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct FuseStatFsOut
{
    public ulong Blocks;
    public ulong BlocksFree;
    public ulong BlocksAvailable;
    public ulong Files;
    public ulong FilesFree;
    public uint BlockSize;
    public uint NameLength;
    public uint FragmentSize;
    public uint Padding;
    public fixed uint Spare[6];
}

/// <summary>struct fuse_dirent without its name, which follows it padded to 8 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseDirent
{
    public ulong Ino;
    public ulong Offset;
    public uint NameLength;
    public uint Type;
}

/// <summary>struct fuse_poll_in.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FusePollIn
{
    public ulong FileHandle;
    public ulong Kh;
    public uint Flags;
    public uint Events;
}

/// <summary>struct fuse_poll_out.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FusePollOut
{
    public uint Revents;
    public uint Padding;
}

/// <summary>struct fuse_notify_poll_wakeup_out, after a fuse_out_header whose unique is 0.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseNotifyPollWakeupOut
{
    public ulong Kh;
}
