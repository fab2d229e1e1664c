using System.Runtime.InteropServices;
using Vuos.Net.Interop;
using Vuos.Net.Interop.Processes;
using Vuos.Net.Stacks.Namespaces;
using Vuos.Net.Tracer.Engine;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Modules.Msocket;

/// <summary>
/// Stack files as VUOS shows them. Each stack path is a real file in the session's mount namespace, a
/// socket-type node, so listing, access and open (ENXIO) are the kernel's. Only stat needs an answer of ours: no kernel file type says S_IFSTACK (0160000). Where the session serves its stack files
/// (<see cref="StackFiles.Served"/>: each is a FUSE mount of its own), a stat of one reaches the supervisor as
/// a FUSE request naming the calling thread, which is stopped as the call returns (<see cref="ReturnStops"/>)
/// and finds S_IFSTACK in what the call wrote: stat, lstat, fstatat from any directory, statx and fstat of an
/// O_PATH descriptor alike, while no other stat ever stops. Where /dev/fuse cannot be opened (an unprivileged
/// user without access to it), stat, lstat and newfstatat/statx relative to the working directory are
/// notified instead, and one of a stack path answered here. With `--stack-files=kernel` nothing is hooked and
/// stat shows the node (a socket). Only the x86-64 ABI is amended (i386 stat structures differ).
/// </summary>
public sealed unsafe class StackPathFiles(StackMountTable mounts, SessionNamespaces namespaces, StackFiles files) : ISyscallModule
{
    readonly StackPathMatcher matcher = new(mounts);

    public string Name => "stack-files";

    public void Register(HookRegistry hooks)
    {
        if (files.Served)
        {
            hooks.ReturnStops.On(Amend);
            files.StatSeen = tid => hooks.ReturnStops.Request(tid);
            return;
        }
        hooks.OnRole(SyscallRole.StatsPath, HookMode.Notify, StatHandler);
        foreach (var row in SyscallTable.All.Where(r => r.Roles.HasFlag(SyscallRole.StatsPath)))
        {
            if (row.PathArgument() is { DirFd: >= 0 } at)
            {
                hooks.OnlyWhen(row.Name, at.DirFd, unchecked((uint)ProcessPaths.AtFdCwd));
            }
        }
    }

    /// <summary>
    /// A call that returned after a served stack file was asked for its attributes (only such calls make a
    /// return stop): S_IFSTACK where it wrote a stat of it. A stat call describes one file, so the socket node
    /// with the FUSE root's inode number that it wrote is the stack file's (open, access and chmod ask too, but
    /// write no stat).
    /// </summary>
    void Amend(ReturnedCall call)
    {
        if (call.Result != 0 || call.Arch != AuditArch.X86_64 || call.Syscall is not { } row)
        {
            return;
        }
        var buffer = Array.FindIndex(row.Args, a => a.Kind is ArgKind.StatOut or ArgKind.StatxOut);
        if (buffer < 0)
        {
            return;
        }
        var address = call.Arg(buffer);
        if (row.Args[buffer].Kind == ArgKind.StatxOut)
        {
            var stx = call.Memory.Read<Statx>(address);
            if ((stx.Mode & StatMode.IfMt) == StatMode.IfSock && stx.Ino == FuseConst.RootId)
            {
                call.Memory.Write(address, stx with { Mode = (ushort)((stx.Mode & ~StatMode.IfMt) | StatMode.IfStack) });
            }
            return;
        }
        var st = call.Memory.Read<Stat>(address);
        if ((st.Mode & StatMode.IfMt) == StatMode.IfSock && st.Ino == FuseConst.RootId)
        {
            call.Memory.Write(address, st with { Mode = (st.Mode & ~StatMode.IfMt) | StatMode.IfStack });
        }
    }

    /// <summary>The handler of one stat call, from where its row puts the path, the buffer and the flags.</summary>
    SyscallHandler StatHandler(SyscallDescriptor row)
    {
        if (row.Name == "statx")
        {
            return Statx;
        }
        var (path, dirfd) = row.PathArgument() ?? throw new NotSupportedException($"{row.Name} names no path");
        var buffer = Array.FindIndex(row.Args, a => a.Kind == ArgKind.StatOut);
        var flags = Array.FindIndex(row.Args, a => a.Set == FlagSets.AtFlags);
        if (buffer < 0)
        {
            throw new NotSupportedException($"stack files cannot answer {row.Name}: no struct stat of x86-64");
        }
        return c => Stat(c, dirfd < 0 ? ProcessPaths.AtFdCwd : c.ArgInt(dirfd), path, buffer, flags < 0 ? 0 : c.ArgInt(flags));
    }

    /// <summary>The stack a call names, and its node's directory descriptor and name in the session's mount namespace.</summary>
    (StackMount Mount, SafeFd Directory, string Name)? Target(SyscallContext call, int dirfd, int pathArg, int flags)
    {
        // The promise made to the filter holds for calls the log shows too: only those relative to the working directory.
        if (call.Arch != AuditArch.X86_64 || dirfd != ProcessPaths.AtFdCwd || (flags & AtFlags.AT_EMPTY_PATH) != 0 || call.PathArg(pathArg) is not { } path ||
            matcher.Match(call.Thread.Tid, ProcessPaths.AtFdCwd, path) is not { } mount)
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
        if (Libc.fstatat(directory, name, out Stat st, AtFlags.AT_SYMLINK_NOFOLLOW) != 0)
        {
            call.Fail(Marshal.GetLastPInvokeError());
            return;
        }
        st.Mode = (st.Mode & ~StatMode.IfMt) | StatMode.IfStack;
        call.Memory.Write(call.Arg(bufArg), st);
        call.Note = $"stack {mount.Path}";
        call.Return(0);
    }

    void Statx(SyscallContext call)
    {
        if (Target(call, call.ArgInt(0), 1, call.ArgInt(2)) is not var (mount, directory, name))
        {
            return;
        }
        if (Libc.statx(directory, name, AtFlags.AT_SYMLINK_NOFOLLOW, (uint)call.ArgInt(3), out Statx stx) != 0)
        {
            call.Fail(Marshal.GetLastPInvokeError());
            return;
        }
        stx.Mode = (ushort)((stx.Mode & ~StatMode.IfMt) | StatMode.IfStack);
        call.Memory.Write(call.Arg(4), stx);
        call.Note = $"stack {mount.Path}";
        call.Return(0);
    }
}
