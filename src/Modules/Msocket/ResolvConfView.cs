using System.Text;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Msocket;

/// <summary>
/// A stack with a nameserver of its own (slirp's 10.0.2.3, a tap's dns=) shows it in /etc/resolv.conf to the
/// processes using it, so name lookups go through the stack. The file they read is a sealed memfd with the
/// host's search and options lines and the stack's nameserver; other processes see the host's file.
/// </summary>
public sealed unsafe class ResolvConfView(MsocketSession session) : ISyscallModule
{
    const string ResolvConf = "/etc/resolv.conf";
    const uint MfdCloexec = 1, MfdAllowSealing = 2;
    const int FAddSeals = 1033, SealShrink = 2, SealGrow = 4, SealWrite = 8;

    public string Name => "resolv.conf";

    public void Register(HookRegistry hooks)
    {
        hooks.On("open", HookMode.Notify, c => Open(c, TraceePaths.AtFdCwd, 0, c.ArgInt(1)));
        hooks.On("openat", HookMode.Notify, c => Open(c, c.ArgInt(0), 1, c.ArgInt(2)));
    }

    void Open(SyscallContext call, int dirfd, int pathArg, int flags)
    {
        if ((flags & 3) != OpenFlags.ReadOnly || call.Arg(pathArg) == 0)
        {
            return;
        }
        string path;
        try
        {
            path = call.Memory.ReadPath(call.Arg(pathArg));
        }
        catch (ErrnoException)
        {
            return;
        }
        if (!path.EndsWith("resolv.conf", StringComparison.Ordinal) ||
            (path != ResolvConf && TraceePaths.Resolve(call.Thread.Tid, dirfd, path) != ResolvConf))
        {
            return;
        }
        var defaults = session.DefaultsOf(call.Process);
        var mount = defaults.For(AddressFamily.Inet) ?? defaults.For(AddressFamily.Inet6);
        if (mount is null || mount.IsHost || mount.Stack.Nameserver is not { } nameserver)
        {
            return;
        }
        call.Note = $"stack {mount.Path}";
        call.ReturnFd(Render(mount.Path, nameserver), (flags & OpenFlags.CloExec) != 0);
    }

    static SafeFd Render(string stackPath, string nameserver)
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
        text.Append($"nameserver {nameserver}\n");
        var fd = new SafeFd(ErrnoException.Check(Libc.memfd_create("resolv.conf", MfdCloexec | MfdAllowSealing), "memfd_create"));
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        fixed (byte* p = bytes)
        {
            Libc.write(fd.Fd, p, (nuint)bytes.Length);
        }
        Libc.lseek(fd.Fd, 0, 0);
        Libc.fcntl(fd.Fd, FAddSeals, SealShrink | SealGrow | SealWrite);
        return fd;
    }
}
