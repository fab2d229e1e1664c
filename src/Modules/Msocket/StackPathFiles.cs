using System.Runtime.InteropServices;
using Vuos.Net.Interop;
using Vuos.Net.Interop.Processes;
using Vuos.Net.Stacks.Namespaces;
using Vuos.Net.Tracer.Engine;
using Vuos.Net.Tracer.Syscalls;

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
    readonly StackPathMatcher matcher = new(mounts);

    public string Name => "stack-files";

    public void Register(HookRegistry hooks)
    {
        hooks.OnRole(SyscallRole.StatsPath, HookMode.Notify, StatHandler);
        foreach (var row in SyscallTable.All.Where(r => r.Roles.HasFlag(SyscallRole.StatsPath)))
        {
            if (row.PathArgument() is { DirFd: >= 0 } at)
            {
                hooks.OnlyWhen(row.Name, at.DirFd, unchecked((uint)ProcessPaths.AtFdCwd));
            }
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
