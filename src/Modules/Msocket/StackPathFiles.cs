using System.Runtime.InteropServices;
using Vuos.Net.Interop;
using Vuos.Net.Modules.Msocket.Namespaces;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Msocket;

/// <summary>
/// Stack files as VUOS shows them. Each stack path is a real file in the session's mount namespace (a
/// socket-type node made by vuos-nshelper), so listing, access, open (ENXIO), chmod and chown are the
/// kernel's. Only stat needs an answer of ours: no kernel file type says S_IFSTACK (0160000). stat, lstat,
/// and newfstatat/statx relative to the working directory (the filter lets every call relative to a directory
/// descriptor run, so `find` and `fstat` never stop) of a stack path describe the node with its type replaced
/// by S_IFSTACK. With `--stack-files=kernel` nothing is hooked and stat shows the node (a socket).
/// Only the x86-64 ABI is served (i386 stat structures differ); other paths are left to the kernel.
/// </summary>
public sealed unsafe class StackPathFiles(StackMountTable mounts, SessionNamespaces namespaces) : ISyscallModule
{
    const int AtSymlinkNofollow = 0x100, AtEmptyPath = 0x1000;
    const int StatModeOffset = 24, StatxModeOffset = 28, StatSize = 144, StatxSize = 256;

    readonly StackPathMatcher matcher = new(mounts);

    public string Name => "stack-files";

    public void Register(HookRegistry hooks)
    {
        hooks.On("stat", HookMode.Notify, c => Stat(c, TraceePaths.AtFdCwd, 0, 1, 0));
        hooks.On("lstat", HookMode.Notify, c => Stat(c, TraceePaths.AtFdCwd, 0, 1, 0));
        hooks.On("newfstatat", HookMode.Notify, c => Stat(c, c.ArgInt(0), 1, 2, c.ArgInt(3)));
        hooks.On("statx", HookMode.Notify, Statx);
        hooks.OnlyWhen("newfstatat", 0, unchecked((uint)TraceePaths.AtFdCwd));
        hooks.OnlyWhen("statx", 0, unchecked((uint)TraceePaths.AtFdCwd));
    }

    /// <summary>The stack a call names, and its node's directory descriptor and name in the session's mount namespace.</summary>
    (StackMount Mount, SafeFd Directory, string Name)? Target(SyscallContext call, int dirfd, int pathArg, int flags)
    {
        // The promise made to the filter holds for calls the log shows too: only those relative to the working directory.
        if (call.Arch != AuditArch.X86_64 || dirfd != TraceePaths.AtFdCwd || (flags & AtEmptyPath) != 0 || call.PathArg(pathArg) is not { } path ||
            matcher.Match(call.Thread.Tid, TraceePaths.AtFdCwd, path) is not { } mount)
        {
            return null;
        }
        var slash = mount.Path.LastIndexOf('/');
        var directory = mount.Path[..Math.Max(1, slash)];
        return namespaces.Directories.TryGetValue(directory, out var fd) ? (mount, fd, mount.Path[(slash + 1)..]) : null;
    }

    void Stat(SyscallContext call, int dirfd, int pathArg, int bufArg, int flags)
    {
        if (Target(call, dirfd, pathArg, flags) is not var (mount, directory, name))
        {
            return;
        }
        var st = stackalloc byte[StatSize];
        if (Libc.fstatat(directory.Fd, name, st, AtSymlinkNofollow) != 0)
        {
            call.Fail(Marshal.GetLastPInvokeError());
            return;
        }
        var mode = (uint*)(st + StatModeOffset);
        *mode = (*mode & ~StatMode.IfMt) | StatMode.IfStack;
        call.Memory.Write(call.Arg(bufArg), new ReadOnlySpan<byte>(st, StatSize));
        call.Note = $"stack {mount.Path}";
        call.Return(0);
    }

    void Statx(SyscallContext call)
    {
        if (Target(call, call.ArgInt(0), 1, call.ArgInt(2)) is not var (mount, directory, name))
        {
            return;
        }
        var stx = stackalloc byte[StatxSize];
        if (Libc.statx(directory.Fd, name, AtSymlinkNofollow, (uint)call.ArgInt(3), stx) != 0)
        {
            call.Fail(Marshal.GetLastPInvokeError());
            return;
        }
        var mode = (ushort*)(stx + StatxModeOffset);
        *mode = (ushort)((*mode & ~StatMode.IfMt) | StatMode.IfStack);
        call.Memory.Write(call.Arg(4), new ReadOnlySpan<byte>(stx, StatxSize));
        call.Note = $"stack {mount.Path}";
        call.Return(0);
    }
}
