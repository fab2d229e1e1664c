using System.Runtime.InteropServices;
using System.Text;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Msocket;

/// <summary>
/// Makes stack paths look as VUOS shows them: stat reports the file type S_IFSTACK (0160000), access finds
/// them, a listing of /dev/net includes them, and opening one fails with ENXIO (a stack is chosen with
/// msocket, not opened). The files exist only for the supervised processes.
/// Only the x86-64 ABI is served (i386 stat structures differ); other paths are left to the kernel.
/// </summary>
public sealed unsafe class StackPathFiles(StackMountTable mounts) : ISyscallModule
{
    const uint Permissions = 0x1b6; // 0666: anyone may use a stack
    const long ListingMarker = 1L << 40;
    const int AtEmptyPath = 0x1000;
    const int OCreat = 0x40, OExcl = 0x80;

    readonly StackPathMatcher matcher = new(mounts);
    readonly long createdAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public string Name => "stack-files";

    public void Register(HookRegistry hooks)
    {
        hooks.On("stat", HookMode.Notify, c => Stat(c, TraceePaths.AtFdCwd, 0, 1));
        hooks.On("lstat", HookMode.Notify, c => Stat(c, TraceePaths.AtFdCwd, 0, 1));
        hooks.On("newfstatat", HookMode.Notify, c => Stat(c, c.ArgInt(0), 1, 2, flags: c.ArgInt(3)));
        hooks.On("statx", HookMode.Notify, Statx);
        // A stack path is never stat-ed through a descriptor (fstat): let those calls run unseen.
        hooks.IgnoreStatOfDescriptors();
        hooks.On("access", HookMode.Notify, c => Access(c, TraceePaths.AtFdCwd, 0, c.ArgInt(1)));
        hooks.On("faccessat", HookMode.Notify, c => Access(c, c.ArgInt(0), 1, c.ArgInt(2)));
        hooks.On("faccessat2", HookMode.Notify, c => Access(c, c.ArgInt(0), 1, c.ArgInt(2)));
        hooks.On("open", HookMode.Notify, c => Open(c, TraceePaths.AtFdCwd, 0, c.ArgInt(1)));
        hooks.On("openat", HookMode.Notify, c => Open(c, c.ArgInt(0), 1, c.ArgInt(2)));
        hooks.On("getdents64", HookMode.Notify, Getdents);
    }

    StackMount? Target(SyscallContext call, int dirfd, int pathArg)
    {
        return call.Arch == AuditArch.X86_64 && call.PathArg(pathArg) is { } path ? matcher.Match(call.Thread.Tid, dirfd, path) : null;
    }

    void Stat(SyscallContext call, int dirfd, int pathArg, int bufArg, int flags = 0)
    {
        if ((flags & AtEmptyPath) != 0 || Target(call, dirfd, pathArg) is not { } mount)
        {
            return;
        }
        var st = new byte[144];
        var s = st.AsSpan();
        BitConverter.TryWriteBytes(s[8..], Inode(mount));
        BitConverter.TryWriteBytes(s[16..], 1L);
        BitConverter.TryWriteBytes(s[24..], StatMode.IfStack | Permissions);
        BitConverter.TryWriteBytes(s[56..], 4096L);
        foreach (var at in new[] { 72, 88, 104 })
        {
            BitConverter.TryWriteBytes(s[at..], createdAt);
        }
        call.Memory.Write(call.Arg(bufArg), st);
        call.Note = $"stack {mount.Path}";
        call.Return(0);
    }

    void Statx(SyscallContext call)
    {
        if ((call.ArgInt(2) & AtEmptyPath) != 0 || Target(call, call.ArgInt(0), 1) is not { } mount)
        {
            return;
        }
        var stx = new byte[256];
        var s = stx.AsSpan();
        BitConverter.TryWriteBytes(s[0..], 0x7ffu); // STATX_BASIC_STATS
        BitConverter.TryWriteBytes(s[4..], 4096u);
        BitConverter.TryWriteBytes(s[16..], 1u);
        BitConverter.TryWriteBytes(s[28..], (ushort)(StatMode.IfStack | Permissions));
        BitConverter.TryWriteBytes(s[32..], Inode(mount));
        foreach (var at in new[] { 64, 96, 112 })
        {
            BitConverter.TryWriteBytes(s[at..], createdAt);
        }
        call.Memory.Write(call.Arg(4), stx);
        call.Note = $"stack {mount.Path}";
        call.Return(0);
    }

    void Access(SyscallContext call, int dirfd, int pathArg, int mode)
    {
        if (Target(call, dirfd, pathArg) is null)
        {
            return;
        }
        // Readable and writable by all, never executable (X_OK = 1).
        call.Return((mode & 1) != 0 ? -Errno.EACCES : 0);
    }

    void Open(SyscallContext call, int dirfd, int pathArg, int flags)
    {
        if (Target(call, dirfd, pathArg) is not { } mount)
        {
            return;
        }
        call.Note = $"stack {mount.Path}";
        call.Fail((flags & (OCreat | OExcl)) == (OCreat | OExcl) ? Errno.EEXIST : Errno.ENXIO);
    }

    /// <summary>
    /// Lists a directory holding stacks: first the real entries, read through a duplicate of the tracee's
    /// descriptor (which shares its position), then the stacks. The position, moved to a marker far beyond
    /// any real directory offset, remembers how many stack entries were given, so rewinddir starts over.
    /// </summary>
    void Getdents(SyscallContext call)
    {
        var fd = call.ArgInt(0);
        var directory = TraceePaths.OfDescriptor(call.Thread.Tid, fd);
        if (call.Arch != AuditArch.X86_64 || directory is null || !matcher.IsMountDirectory(directory))
        {
            return;
        }
        var count = (int)Math.Min(call.Arg(2), 1 << 20);
        using var dup = TraceeDescriptors.Duplicate(call.Process.Tgid, fd);
        var position = Libc.lseek(dup.Fd, 0, 1 /* SEEK_CUR */);
        var buffer = new byte[count];
        if (position < ListingMarker)
        {
            nint n;
            fixed (byte* p = buffer)
            {
                n = Libc.getdents64(dup.Fd, p, (nuint)count);
            }
            if (n < 0)
            {
                call.Fail(Marshal.GetLastPInvokeError());
                return;
            }
            if (n > 0)
            {
                call.Memory.Write(call.Arg(1), buffer.AsSpan(0, (int)n));
                call.Return(n);
                return;
            }
            if (Libc.lseek(dup.Fd, ListingMarker, 0 /* SEEK_SET */) < 0)
            {
                call.Return(0);
                return;
            }
            position = ListingMarker;
        }
        var stacks = matcher.MountsIn(directory).ToList();
        var index = (int)(position - ListingMarker);
        var written = 0;
        while (index < stacks.Count)
        {
            var name = Encoding.UTF8.GetBytes(stacks[index].Path[(stacks[index].Path.LastIndexOf('/') + 1)..]);
            var length = (19 + name.Length + 1 + 7) & ~7;
            if (written + length > count)
            {
                break;
            }
            var e = buffer.AsSpan(written, length);
            e.Clear();
            BitConverter.TryWriteBytes(e, Inode(stacks[index]));
            BitConverter.TryWriteBytes(e[8..], ListingMarker + index + 1);
            BitConverter.TryWriteBytes(e[16..], (ushort)length);
            e[18] = 0; // DT_UNKNOWN: no d_type stands for a stack; readers then stat, and see S_IFSTACK
            name.CopyTo(e[19..]);
            written += length;
            index++;
        }
        if (written == 0 && index < stacks.Count)
        {
            call.Fail(Errno.EINVAL);
            return;
        }
        Libc.lseek(dup.Fd, ListingMarker + index, 0);
        call.Memory.Write(call.Arg(1), buffer.AsSpan(0, written));
        call.Return(written);
    }

    static long Inode(StackMount mount) => 0x5000_0000_0000 | (uint)StringComparer.Ordinal.GetHashCode(mount.Path);
}
