using Serilog;
using Vuos.Net.Interop;
using Vuos.Net.Modules.Msocket.Stacks;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Msocket;

/// <summary>
/// Routes socket creation to stacks (seed 004, VUOS's msocket): socket() and socketpair() to the caller's
/// default stack for the family, msocket(path, domain, type, protocol) (syscall -5) to any mounted stack, and
/// msocket(path, domain, SOCK_DEFAULT, 0) sets defaults.
///
/// The session's processes live in the namespace of their default stack where the supervisor can start them
/// there (<see cref="MsocketSession.Residence"/>), so socket() for it runs in the kernel at native speed: the
/// filter does not even stop it (a narrowing). Sockets of any other stack are created by the supervisor inside
/// that stack's namespace and injected, from seccomp notifications. A process that moves a default away from
/// where it lives revokes the narrowing first, so that every socket() it makes reaches this module again.
/// </summary>
public sealed class MsocketModule(MsocketSession session, ILogger diag) : ISyscallModule
{
    const int TypeFlags = SocketConst.SOCK_NONBLOCK | SocketConst.SOCK_CLOEXEC;
    const int CapNetRaw = 13;

    /// <summary>The families whose socket() the filter stops: those whose initial default is not where processes live.</summary>
    IReadOnlyList<int> stopped = [];

    public string Name => "msocket";

    public void Register(HookRegistry hooks)
    {
        hooks.LaunchNetworkNamespace = session.SettleResidence(diag);
        stopped = [.. AddressFamilies.Routed.Where(f => !session.LivesIn(session.InitialDefaults.GetValueOrDefault(f)))];
        hooks.On("socket", HookMode.Notify, OnSocket);
        hooks.On("socketpair", HookMode.Notify, OnSocketPair);
        hooks.On("msocket", HookMode.Notify, OnMsocket);
        hooks.Narrow("socket", 0, [.. stopped.Select(f => (uint)f)]);
        hooks.Narrow("socketpair", 0, [.. stopped.Select(f => (uint)f)]);
        // Setting a default may need to revoke the narrowing, which rewrites the call: it needs a ptrace stop.
        hooks.StopWhen("msocket", 2, ~(uint)TypeFlags, MsocketAbi.SockDefault);
    }

    void OnSocket(SyscallContext call)
    {
        var (domain, type, protocol) = (call.ArgInt(0), call.ArgInt(1), call.ArgInt(2));
        var mount = session.DefaultsOf(call.Process).For(domain);
        if (!AddressFamilies.Routed.Contains(domain) || session.LivesIn(mount))
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
        if (!AddressFamilies.Routed.Contains(domain) || session.LivesIn(mount))
        {
            call.Continue();
            return;
        }
        // Natively a bad sv pointer fails before any descriptor exists: check it is writable first.
        var current = call.Memory.Read<long>(sv);
        call.Memory.Write(sv, current);
        var stack = StackFor(call, mount, domain, type);
        var (a, b) = stack.CreateSocketPair(domain, type & ~SocketConst.SOCK_CLOEXEC, protocol);
        call.Note = $"stack {mount?.Path ?? stack.Path}";
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
        // No default for this family: the host's stack, created here since msocket is no kernel call.
        mount ??= defaults.For(domain) ?? session.Mounts.Mounts.FirstOrDefault(m => m.IsHost);
        if (mount is null || !mount.Supports(domain))
        {
            call.Fail(Errno.EAFNOSUPPORT);
            return;
        }
        Create(call, mount, domain, type, protocol);
    }

    void SetDefault(SyscallContext call, DefaultStacks defaults, StackMount? mount, int domain)
    {
        if (mount is null)
        {
            // msocket(NULL, domain, SOCK_DEFAULT, 0): the default stays the default.
            call.Return(0);
            return;
        }
        List<int> families;
        if (domain == AddressFamily.Unspec)
        {
            families = [.. AddressFamilies.Routed.Where(mount.Supports)];
        }
        else if (mount.Supports(domain))
        {
            families = [domain];
        }
        else
        {
            call.Fail(Errno.EAFNOSUPPORT);
            return;
        }
        call.Note = $"default {mount.Path}";
        // A family the filter lets through must keep its default where the process lives.
        if (call.Process.NarrowingRevoked || session.LivesIn(mount) || families.All(stopped.Contains))
        {
            Apply(defaults, families, mount);
            call.Return(0);
            return;
        }
        if (!call.IsStop)
        {
            // Only a process cloned untraced gets here (there is no tracer to stop it): keep its defaults.
            call.Fail(Errno.EPERM);
            return;
        }
        call.RevokeNarrowing();
        call.OnExit(exit =>
        {
            if (exit.Result == 0)
            {
                Apply(defaults, families, mount);
            }
            else
            {
                diag.Warning("pid {Pid}: cannot take over socket() to change its default stack: seccomp: {Result}",
                    exit.Thread.Tid, exit.Result);
                exit.SetResult(exit.Result > 0 ? -Errno.EBUSY : exit.Result);
            }
        });
    }

    static void Apply(DefaultStacks defaults, List<int> families, StackMount mount)
    {
        foreach (var family in families)
        {
            defaults.Set(family, mount);
        }
    }

    void Create(SyscallContext call, StackMount? mount, int domain, int type, int protocol)
    {
        var stack = StackFor(call, mount, domain, type);
        var fd = stack.CreateSocket(domain, type & ~SocketConst.SOCK_CLOEXEC, protocol);
        call.Note = $"stack {mount?.Path ?? stack.Path}";
        call.ReturnFd(fd, (type & SocketConst.SOCK_CLOEXEC) != 0);
    }

    /// <summary>
    /// The stack to make a socket in. The supervisor's privileges must not leak onto the host: a raw or packet
    /// socket of the host's stack is made only for a process that could make it itself.
    /// </summary>
    INetworkStack StackFor(SyscallContext call, StackMount? mount, int domain, int type)
    {
        var stack = mount?.Stack ?? session.Host;
        var raw = (type & 0xf) == SocketConst.SOCK_RAW || domain == AddressFamily.Packet;
        if (stack.IsHost && raw && !TraceeCredentials.HasEffectiveCapability(call.Thread.Tid, CapNetRaw))
        {
            throw new ErrnoException("socket", Errno.EPERM);
        }
        return stack;
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
