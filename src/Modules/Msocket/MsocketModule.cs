using Vuos.Net.Interop;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Msocket;

/// <summary>
/// Routes socket creation to stacks (seed 004, VUOS's msocket): socket() and socketpair() to the caller's
/// default stack for the family, msocket(path, domain, type, protocol) (syscall -5) to any mounted stack, and
/// msocket(path, domain, SOCK_DEFAULT, 0) sets defaults. Sockets of namespace stacks are created by the
/// supervisor inside the namespace and injected; host sockets are left to the kernel. All three are answered
/// from seccomp notifications: no ptrace stop.
/// </summary>
public sealed class MsocketModule(MsocketSession session) : ISyscallModule
{
    const int TypeFlags = SocketConst.SOCK_NONBLOCK | SocketConst.SOCK_CLOEXEC;

    public string Name => "msocket";

    public void Register(HookRegistry hooks)
    {
        hooks.On("socket", HookMode.Notify, OnSocket);
        hooks.On("socketpair", HookMode.Notify, OnSocketPair);
        hooks.On("msocket", HookMode.Notify, OnMsocket);
    }

    void OnSocket(SyscallContext call)
    {
        var (domain, type, protocol) = (call.ArgInt(0), call.ArgInt(1), call.ArgInt(2));
        var mount = session.DefaultsOf(call.Process).For(domain);
        if (mount is null || mount.IsHost || !AddressFamilies.Routed.Contains(domain))
        {
            call.Note = mount is null ? null : $"stack {mount.Path}";
            call.Continue();
            return;
        }
        Create(call, mount, domain, type, protocol);
    }

    void OnSocketPair(SyscallContext call)
    {
        var (domain, type, protocol, sv) = (call.ArgInt(0), call.ArgInt(1), call.ArgInt(2), call.Arg(3));
        var mount = session.DefaultsOf(call.Process).For(domain);
        if (mount is null || mount.IsHost || !AddressFamilies.Routed.Contains(domain))
        {
            call.Continue();
            return;
        }
        // Natively a bad sv pointer fails before any descriptor exists: check it is writable first.
        var current = call.Memory.Read<long>(sv);
        call.Memory.Write(sv, current);
        var (a, b) = mount.Stack.CreateSocketPair(domain, type & ~SocketConst.SOCK_CLOEXEC, protocol);
        call.Note = $"stack {mount.Path}";
        var memory = call.Memory;
        call.ReturnFds([a, b], (type & SocketConst.SOCK_CLOEXEC) != 0, fds =>
        {
            memory.Write(sv, ((long)fds[1] << 32) | (uint)fds[0]);
            return 0;
        });
    }

    void OnMsocket(SyscallContext call)
    {
        var (pathAddress, domain, type, protocol) = (call.Arg(0), call.ArgInt(1), call.ArgInt(2), call.ArgInt(3));
        var defaults = session.DefaultsOf(call.Process);
        var mount = pathAddress == 0 ? null : Resolve(call, pathAddress);
        if ((type & ~TypeFlags) == MsocketAbi.SockDefault)
        {
            SetDefault(call, defaults, mount, domain);
            return;
        }
        mount ??= defaults.For(domain);
        if (mount is null)
        {
            // No default for this family: the host's stack, created here since msocket is no kernel call.
            mount = session.Mounts.Mounts.FirstOrDefault(m => m.IsHost);
            if (mount is null)
            {
                call.Fail(Errno.EAFNOSUPPORT);
                return;
            }
        }
        if (!mount.Supports(domain))
        {
            call.Fail(Errno.EAFNOSUPPORT);
            return;
        }
        Create(call, mount, domain, type, protocol);
    }

    static void SetDefault(SyscallContext call, DefaultStacks defaults, StackMount? mount, int domain)
    {
        if (mount is null)
        {
            // msocket(NULL, domain, SOCK_DEFAULT, 0): the default stays the default.
            call.Return(0);
            return;
        }
        if (domain == AddressFamily.Unspec)
        {
            foreach (var family in AddressFamilies.Routed.Where(mount.Supports))
            {
                defaults.Set(family, mount);
            }
        }
        else if (mount.Supports(domain))
        {
            defaults.Set(domain, mount);
        }
        else
        {
            call.Fail(Errno.EAFNOSUPPORT);
            return;
        }
        call.Note = $"default {mount.Path}";
        call.Return(0);
    }

    static void Create(SyscallContext call, StackMount mount, int domain, int type, int protocol)
    {
        var fd = mount.Stack.CreateSocket(domain, type & ~SocketConst.SOCK_CLOEXEC, protocol);
        call.Note = $"stack {mount.Path}";
        call.ReturnFd(fd, (type & SocketConst.SOCK_CLOEXEC) != 0);
    }

    /// <summary>The mount a tracee's path names: ENOENT when nothing is there, ENOTSUP when it is not a stack.</summary>
    StackMount Resolve(SyscallContext call, ulong pathAddress)
    {
        var path = call.Memory.ReadPath(pathAddress);
        if (path.Length == 0)
        {
            throw new ErrnoException("msocket", Errno.ENOENT);
        }
        var absolute = TraceePaths.Resolve(call.Thread.Tid, TraceePaths.AtFdCwd, path) ?? throw new ErrnoException("msocket", Errno.ENOENT);
        if (session.Mounts.Find(absolute) is { } mount)
        {
            return mount;
        }
        throw new ErrnoException("msocket", Path.Exists(absolute) ? Errno.ENOTSUP : Errno.ENOENT);
    }
}

/// <summary>The msocket ABI, binary compatible with VUOS.</summary>
public static class MsocketAbi
{
    public const int SyscallNumber = -5;

    /// <summary>type SOCK_DEFAULT: set the default stack instead of creating a socket.</summary>
    public const int SockDefault = 0;
}
