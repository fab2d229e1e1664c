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
/// The host's file is never touched.
/// </summary>
public sealed unsafe class ResolvConfView(MsocketSession session) : ISyscallModule, IDisposable
{
    const string ResolvConf = "/etc/resolv.conf";
    const uint MfdCloexec = 1;
    const int OTrunc = 0x200, OCreat = 0x40, OExcl = 0x80;

    readonly ConcurrentDictionary<INetworkStack, Lazy<SafeFd>> files = new();

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
        if ((flags & (OCreat | OExcl)) == (OCreat | OExcl))
        {
            call.Fail(Errno.EEXIST);
            return;
        }
        var file = files.GetOrAdd(mount.Stack, stack => new Lazy<SafeFd>(() => Create(mount.Path, stack))).Value;
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
        var bytes = Encoding.UTF8.GetBytes(text);
        fixed (byte* p = bytes)
        {
            Libc.write(fd.Fd, p, (nuint)bytes.Length);
        }
        return fd;
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
