using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using Vuos.Net.Interop;
using Vuos.Net.Modules.Msocket.Stacks;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Msocket;

/// <summary>
/// /etc/resolv.conf as each stack has it, configured like a machine's. A process whose default stack is a
/// namespace stack reads the stack's file: what a program of the stack last wrote to it, else the stack's own
/// nameserver (slirp's 10.0.2.3, a tap's dns=) with the host's search and options lines, else the host's file.
/// Writing the file (`echo nameserver 9.9.9.9 > /etc/resolv.conf`) replaces the stack's copy, `>>` appends to
/// it; the host's file is never touched. Readers get a sealed memfd; writers a pipe the supervisor drains.
/// </summary>
public sealed unsafe class ResolvConfView(MsocketSession session) : ISyscallModule
{
    const string ResolvConf = "/etc/resolv.conf";
    const uint MfdCloexec = 1, MfdAllowSealing = 2;
    const int FAddSeals = 1033, SealShrink = 2, SealGrow = 4, SealWrite = 8;
    const int OAppend = 0x400;

    readonly ConcurrentDictionary<INetworkStack, Task> writes = new();

    public string Name => "resolv.conf";

    public void Register(HookRegistry hooks)
    {
        hooks.On("open", HookMode.Notify, c => Open(c, TraceePaths.AtFdCwd, 0, c.ArgInt(1)));
        hooks.On("openat", HookMode.Notify, c => Open(c, c.ArgInt(0), 1, c.ArgInt(2)));
    }

    void Open(SyscallContext call, int dirfd, int pathArg, int flags)
    {
        if (call.Arg(pathArg) == 0)
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
        if (mount is null || mount.IsHost)
        {
            return;
        }
        var stack = mount.Stack;
        var closeOnExec = (flags & OpenFlags.CloExec) != 0;
        call.Note = $"stack {mount.Path}";
        if ((flags & 3) != OpenFlags.ReadOnly)
        {
            call.ReturnFd(Writer(stack, (flags & OAppend) != 0), closeOnExec);
            return;
        }
        // A reader right after a writer closed must see what was written.
        if (writes.TryGetValue(stack, out var pending))
        {
            pending.Wait(TimeSpan.FromSeconds(1));
        }
        var text = stack.ResolvConf ?? (stack.Nameserver is { } ns ? Render(mount.Path, ns) : null);
        if (text is not null)
        {
            call.ReturnFd(Sealed(text), closeOnExec);
        }
    }

    /// <summary>The write end of a pipe; what arrives until the last writer closes becomes the stack's file.</summary>
    SafeFd Writer(INetworkStack stack, bool append)
    {
        int* fds = stackalloc int[2];
        ErrnoException.Check(Libc.pipe2(fds, OpenFlags.CloExec), "pipe2");
        var reader = new SafeFd(fds[0]);
        var start = append ? stack.ResolvConf ?? (stack.Nameserver is { } ns ? Render("", ns) : File.ReadAllText(ResolvConf)) : "";
        writes[stack] = Task.Run(() =>
        {
            using (reader)
            {
                var received = new MemoryStream();
                var buffer = new byte[4096];
                while (true)
                {
                    nint n;
                    fixed (byte* p = buffer)
                    {
                        n = Libc.read(reader.Fd, p, (nuint)buffer.Length);
                    }
                    if (n < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR)
                    {
                        continue;
                    }
                    if (n <= 0)
                    {
                        break;
                    }
                    received.Write(buffer, 0, (int)n);
                }
                stack.ResolvConf = start + Encoding.UTF8.GetString(received.ToArray());
            }
        });
        return new SafeFd(fds[1]);
    }

    static string Render(string stackPath, string nameserver)
    {
        var text = new StringBuilder(stackPath.Length > 0 ? $"# /etc/resolv.conf of vuos stack {stackPath}\n" : "");
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

    static SafeFd Sealed(string text)
    {
        var fd = new SafeFd(ErrnoException.Check(Libc.memfd_create("resolv.conf", MfdCloexec | MfdAllowSealing), "memfd_create"));
        var bytes = Encoding.UTF8.GetBytes(text);
        fixed (byte* p = bytes)
        {
            Libc.write(fd.Fd, p, (nuint)bytes.Length);
        }
        Libc.lseek(fd.Fd, 0, 0);
        Libc.fcntl(fd.Fd, FAddSeals, SealShrink | SealGrow | SealWrite);
        return fd;
    }
}
