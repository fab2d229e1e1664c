using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using Vuos.Net.Interop;
using Vuos.Net.Modules.Msocket.Stacks;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Msocket;

/// <summary>
/// /etc/resolv.conf as each stack has it, configured like a machine's. A process whose default stack is a
/// namespace stack opens the stack's own file: a memfd that starts with the stack's nameserver (slirp's
/// 10.0.2.3, a tap's dns=) and the host's search and options lines, or a copy of the host's file for stacks
/// without one. Every open gets its own open file description of it (through /proc/self/fd), so reads,
/// writes, O_APPEND, O_TRUNC and seeks behave as on a file, and what one program writes the next one reads.
/// The host's file is never touched. stat of the path describes the stack's file too (its size, its inode), as
/// fstat of an open one does: glibc compares the two to see whether resolv.conf changed since it last read it.
/// </summary>
public sealed unsafe class ResolvConfView(MsocketSession session) : ISyscallModule, IDisposable
{
    const string ResolvConf = "/etc/resolv.conf";
    const uint MfdCloexec = 1;
    const int OTrunc = 0x200, OCreat = 0x40, OExcl = 0x80;
    const int AtSymlinkNofollow = 0x100, AtEmptyPath = 0x1000;

    readonly ConcurrentDictionary<INetworkStack, Lazy<SafeFd>> files = new();

    public string Name => "resolv.conf";

    public void Register(HookRegistry hooks)
    {
        hooks.On("open", HookMode.Notify, c => Open(c, TraceePaths.AtFdCwd, 0, c.ArgInt(1)));
        hooks.On("openat", HookMode.Notify, c => Open(c, c.ArgInt(0), 1, c.ArgInt(2)));
        hooks.On("stat", HookMode.Notify, c => Stat(c, TraceePaths.AtFdCwd, 0, 1, 0));
        hooks.On("lstat", HookMode.Notify, c => Stat(c, TraceePaths.AtFdCwd, 0, 1, AtSymlinkNofollow));
        hooks.On("newfstatat", HookMode.Notify, c => Stat(c, c.ArgInt(0), 1, 2, c.ArgInt(3)));
        hooks.On("statx", HookMode.Notify, Statx);
        // fstat of a descriptor: an open stack file describes itself.
        hooks.IgnoreStatOfDescriptors();
    }

    /// <summary>The mount whose resolv.conf the call names, or null when the call is the host's business.</summary>
    StackMount? Target(SyscallContext call, int dirfd, int pathArg)
    {
        if (call.PathArg(pathArg) is not { } path || !path.EndsWith("resolv.conf", StringComparison.Ordinal) ||
            (path != ResolvConf && TraceePaths.Resolve(call.Thread.Tid, dirfd, path) != ResolvConf))
        {
            return null;
        }
        var defaults = session.DefaultsOf(call.Process);
        var mount = defaults.For(AddressFamily.Inet) ?? defaults.For(AddressFamily.Inet6);
        return mount is null || mount.IsHost ? null : mount;
    }

    SafeFd FileOf(StackMount mount) =>
        files.GetOrAdd(mount.Stack, stack => new Lazy<SafeFd>(() => Create(mount.Path, stack))).Value;

    /// <summary>A stat that does not follow links describes the host's link itself, when the host's file is one.</summary>
    static bool DescribesHostLink(int flags) =>
        (flags & AtSymlinkNofollow) != 0 && new FileInfo(ResolvConf).LinkTarget is not null;

    void Stat(SyscallContext call, int dirfd, int pathArg, int bufArg, int flags)
    {
        // i386's struct stat differs from the supervisor's: those calls see the host's file.
        if (call.Arch != AuditArch.X86_64 || (flags & AtEmptyPath) != 0 || Target(call, dirfd, pathArg) is not { } mount ||
            DescribesHostLink(flags))
        {
            return;
        }
        var st = stackalloc byte[144];
        if (Libc.fstat(FileOf(mount).Fd, st) != 0)
        {
            call.Fail(Marshal.GetLastPInvokeError());
            return;
        }
        call.Memory.Write(call.Arg(bufArg), new ReadOnlySpan<byte>(st, 144));
        call.Note = $"stack {mount.Path}";
        call.Return(0);
    }

    void Statx(SyscallContext call)
    {
        var flags = call.ArgInt(2);
        if ((flags & AtEmptyPath) != 0 || Target(call, call.ArgInt(0), 1) is not { } mount || DescribesHostLink(flags))
        {
            return;
        }
        var stx = stackalloc byte[256];
        if (Libc.statx(FileOf(mount).Fd, "", AtEmptyPath, (uint)call.ArgInt(3), stx) != 0)
        {
            call.Fail(Marshal.GetLastPInvokeError());
            return;
        }
        call.Memory.Write(call.Arg(4), new ReadOnlySpan<byte>(stx, 256));
        call.Note = $"stack {mount.Path}";
        call.Return(0);
    }

    void Open(SyscallContext call, int dirfd, int pathArg, int flags)
    {
        if (Target(call, dirfd, pathArg) is not { } mount)
        {
            return;
        }
        if ((flags & (OCreat | OExcl)) == (OCreat | OExcl))
        {
            call.Fail(Errno.EEXIST);
            return;
        }
        var file = FileOf(mount);
        // A new open file description of the stack's file: its own offset and flags, the same content.
        var fd = Libc.open($"/proc/self/fd/{file.Fd}", (flags & ~(OCreat | OExcl | OpenFlags.CloExec)) | OpenFlags.CloExec, 0);
        if (fd < 0)
        {
            call.Fail(Marshal.GetLastPInvokeError());
            return;
        }
        call.Note = $"stack {mount.Path}";
        call.ReturnFd(new SafeFd(fd), (flags & OpenFlags.CloExec) != 0);
    }

    static SafeFd Create(string stackPath, INetworkStack stack)
    {
        string text;
        try
        {
            text = stack.Nameserver is { } nameserver ? Render(stackPath, nameserver) : File.ReadAllText(ResolvConf);
        }
        catch (IOException)
        {
            text = "";
        }
        var fd = new SafeFd(ErrnoException.Check(Libc.memfd_create("resolv.conf", MfdCloexec), "memfd_create"));
        // A memfd starts as 0777: give it the host file's permissions, as a copy of it would have.
        Libc.fchmod(fd.Fd, HostPermissions());
        var bytes = Encoding.UTF8.GetBytes(text);
        fixed (byte* p = bytes)
        {
            Libc.write(fd.Fd, p, (nuint)bytes.Length);
        }
        return fd;
    }

    static uint HostPermissions()
    {
        try
        {
            return (uint)File.GetUnixFileMode(ResolvConf);
        }
        catch (IOException)
        {
            return 0x1a4; // 0644
        }
    }

    static string Render(string stackPath, string nameserver)
    {
        var text = new StringBuilder($"# /etc/resolv.conf of vuos stack {stackPath}\n");
        try
        {
            foreach (var line in File.ReadLines(ResolvConf))
            {
                if (line.StartsWith("search", StringComparison.Ordinal) || line.StartsWith("domain", StringComparison.Ordinal) ||
                    line.StartsWith("options", StringComparison.Ordinal))
                {
                    text.Append(line).Append('\n');
                }
            }
        }
        catch (IOException)
        {
        }
        return text.Append($"nameserver {nameserver}\n").ToString();
    }

    public void Dispose()
    {
        foreach (var file in files.Values.Where(f => f.IsValueCreated))
        {
            file.Value.Dispose();
        }
    }
}
