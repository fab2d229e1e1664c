using Serilog;
using Vuos.Net.Interop;
using Vuos.Net.Interop.Processes;
using Vuos.Net.Stacks;
using Vuos.Net.Stacks.Namespaces;
using Vuos.Net.Tracer.Engine;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Modules.Msocket;

/// <summary>
/// Routes socket creation to stacks (seed 004, VUOS's msocket): socket() and socketpair() to the caller's
/// default stack for the family, msocket(path, domain, type, protocol) (syscall -5) to any mounted stack, and
/// msocket(path, domain, SOCK_DEFAULT, 0) sets defaults.
///
/// The session's processes live in the namespaces of their default stack (<see cref="DefaultStacks.Residence"/>),
/// so socket() for it runs in the kernel at native speed: the filter does not even stop it (a narrowing).
/// Sockets of any other stack are created by the supervisor inside that stack's namespace and injected, from
/// seccomp notifications. A single-threaded process that moves all its defaults to another stack (vustack)
/// moves into that stack's namespaces; one that cannot (threads, no privilege over its session's namespaces)
/// revokes the narrowing instead, so that every socket() it makes reaches this module.
/// </summary>
public sealed class MsocketModule(MsocketSession session, ILogger diag) : ISyscallModule
{
    readonly ILogger diag = diag;

    const int TypeFlags = SocketConst.SOCK_NONBLOCK | SocketConst.SOCK_CLOEXEC;

    /// <summary>The families whose socket() the filter stops: those whose initial default is not where processes live.</summary>
    IReadOnlyList<int> stopped = [];

    public string Name => "msocket";

    public void Register(HookRegistry hooks)
    {
        hooks.Launch = session.LaunchSettings();
        var initial = new DefaultStacks(session.InitialDefaults, session.InitialResidence);
        stopped = [.. AddressFamilies.Routed.Where(f => !initial.LivesIn(session.InitialDefaults.GetValueOrDefault(f)))];
        hooks.On("socket", HookMode.Notify, OnSocket);
        hooks.On("socketpair", HookMode.Notify, OnSocketPair);
        hooks.On("msocket", HookMode.Notify, OnMsocket);
        // AF_VSOCK reaches the hypervisor whatever the network namespace: the hook refuses it in a stack.
        hooks.Narrow("socket", 0, [.. stopped.Select(f => (uint)f), AddressFamily.Vsock]);
        hooks.Narrow("socketpair", 0, [.. stopped.Select(f => (uint)f)]);
        // Setting a default may move the process or revoke the narrowing, which rewrites the call: a ptrace stop.
        hooks.StopWhen("msocket", 2, uint.MaxValue, MsocketAbi.SockDefault);
        hooks.OnExecuted(p => session.DefaultsOf(p).PendingMove is not null, MoveAfterExec);
    }

    void OnSocket(SyscallContext call)
    {
        var (domain, type, protocol) = (call.ArgInt(0), call.ArgInt(1), call.ArgInt(2));
        var defaults = session.DefaultsOf(call.Process);
        if (domain == AddressFamily.Vsock)
        {
            if (defaults.Residence is { } residence)
            {
                call.Note = $"AF_VSOCK bypasses every stack; the process lives in {residence.Path}";
                call.Fail(Errno.EAFNOSUPPORT);
            }
            return;
        }
        var mount = defaults.For(domain);
        if (!AddressFamilies.Routed.Contains(domain) || defaults.LivesIn(mount))
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
        var defaults = session.DefaultsOf(call.Process);
        var mount = defaults.For(domain);
        if (!AddressFamilies.Routed.Contains(domain) || defaults.LivesIn(mount))
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
        // VUOS tests the type exactly: SOCK_DEFAULT|SOCK_CLOEXEC asks for a socket (of type 0, which the stack refuses).
        if (type == MsocketAbi.SockDefault)
        {
            SetDefault(call, defaults, mount, domain);
            return;
        }
        // msocket(NULL, ...) uses the default stack for the family; with none, VUOS answers ENOENT.
        mount ??= defaults.For(domain) ?? throw new ErrnoException("msocket", Errno.ENOENT);
        if (!mount.Supports(domain))
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
            // VUOS sets a default for a family the stack lacks without complaint (its sockets then fail there);
            // here such a family keeps going where it went: the stack could not make them anyway.
            call.Note = $"{mount.Path} lacks family {domain}: its default is unchanged";
            call.Return(0);
            return;
        }
        call.Note = $"default {mount.Path}";
        // A family the filter lets through must keep its default where the process lives.
        if (call.Process.NarrowingRevoked || defaults.LivesIn(mount) || families.All(stopped.Contains))
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
        if (domain == AddressFamily.Unspec && CanMove(call, mount))
        {
            Move(call, defaults, mount, families);
            return;
        }
        if (domain == AddressFamily.Unspec && HoldsHostCapabilities(call) && !mount.IsHost && call.Arch == AuditArch.X86_64 &&
            mount.Stack.Namespace is not null)
        {
            // Its sockets now come from the stack (below), but with capabilities over the host's network it
            // could still reach the host (a veth's far end put in the host's namespace): it joins the session's
            // user namespace and the stack when it next execs, when it has one thread again.
            defaults.PendingMove = (mount, families);
            call.Note = $"default {mount.Path}: moves into it at its next exec";
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

    /// <summary>
    /// Whether the process can move into <paramref name="mount"/>'s namespaces itself: a stack with a namespace,
    /// one thread (namespaces of a mount and a user are per process), the x86-64 ABI, and the privilege setns
    /// asks for (CAP_SYS_ADMIN over the session's user namespace: a root program; an unprivileged one holds
    /// only network capabilities there).
    /// </summary>
    /// <summary>Whether the process holds capabilities over the host's network namespace (root in the host's user namespace).</summary>
    bool HoldsHostCapabilities(SyscallContext call) =>
        session.Namespaces.Mode != SessionUserNamespace.Host && ProcessCredentials.InSupervisorUserNamespace(call.Thread.Tid) &&
        (ProcessCredentials.HasEffectiveCapability(call.Thread.Tid, Capability.NetAdmin) ||
         ProcessCredentials.HasEffectiveCapability(call.Thread.Tid, Capability.SysAdmin));

    static bool CanMove(SyscallContext call, StackMount mount) =>
        !mount.IsHost && call.Arch == AuditArch.X86_64 && call.Process.ThreadCount == 1 &&
        ProcessCredentials.HasEffectiveCapability(call.Thread.Tid, Capability.SysAdmin) && mount.Stack.Namespace is not null;

    /// <summary>
    /// Moves the calling process into the stack: the call becomes, in the tracee, descriptors of the stack's
    /// namespaces (injected), setns on each, their close, and a chdir back to the directory it was in (joining
    /// a mount namespace moves to its root). From then on its sockets of every family are the kernel's again.
    /// </summary>
    void Move(SyscallContext call, DefaultStacks defaults, StackMount mount, List<int> families)
    {
        var move = new StackMove(this, call.Thread.Tid, defaults, mount, families);
        var cwdAddress = call.PutScratch(move.WorkingDirectory);
        call.Note = $"default {mount.Path}: moves into it";
        call.ReturnFds(move.Descriptors(), closeOnExec: true, fds =>
        {
            move.Installed = fds;
            return 0;
        });
        call.OnExit(exit =>
        {
            if (exit.Result >= 0)
            {
                move.Join(exit, 0, cwdAddress);
            }
        });
    }

    /// <summary>The move a process with threads asked for, made now that it has exec'd (see <see cref="DefaultStacks.PendingMove"/>).</summary>
    void MoveAfterExec(SyscallExitContext exit)
    {
        var defaults = session.DefaultsOf(exit.Process);
        if (defaults.PendingMove is not var (mount, families))
        {
            return;
        }
        defaults.PendingMove = null;
        var move = new StackMove(this, exit.Thread.Tid, defaults, mount, families);
        var cwdAddress = exit.PutScratch(move.WorkingDirectory);
        exit.ThenInstall(move.Descriptors(), closeOnExec: true, fds => move.Installed = fds, installed =>
        {
            if (installed.Result >= 0)
            {
                move.Join(installed, 0, cwdAddress);
            }
            else
            {
                diag.Warning("pid {Pid}: cannot move into stack {Path:l}: {Errno}", installed.Thread.Tid, mount.Path, -installed.Result);
            }
            // The program's own registers come back whatever happened: its execve succeeded.
            installed.SetResult(0);
        });
    }

    /// <summary>One process moving into a stack's namespaces, step after step of chained calls.</summary>
    sealed class StackMove(MsocketModule module, int tid, DefaultStacks defaults, StackMount mount, List<int> families)
    {
        static readonly SyscallDescriptor Setns = SyscallTable.Get("setns"), Close = SyscallTable.Get("close"), Chdir = SyscallTable.Get("chdir");

        // Already in the session's user namespace: joining it again is EINVAL.
        readonly List<NamespaceToJoin> join = [.. mount.Stack.Namespace!.Join.Where(n =>
            !(n.Types == NamespaceFlags.CloneNewUser && !ProcessCredentials.InSupervisorUserNamespace(tid)))];

        public int[] Installed { get; set; } = [];

        public byte[] WorkingDirectory => System.Text.Encoding.UTF8.GetBytes((Libc.ReadLink($"/proc/{tid}/cwd") ?? "/") + "\0");

        public SafeFd[] Descriptors() =>
            [.. join.Select(n => new SafeFd(ErrnoException.Check(Libc.fcntl(n.Fd, FcntlCmd.DupFdCloExec, 0), "dup")))];

        /// <summary>setns on each descriptor in order, then close every one, then chdir back.</summary>
        public void Join(SyscallExitContext at, int index, ulong cwdAddress)
        {
            if (index < Installed.Length)
            {
                at.Then(Setns, [(ulong)Installed[index], (ulong)(uint)join[index].Types], next =>
                {
                    if (next.Result == 0)
                    {
                        Join(next, index + 1, cwdAddress);
                    }
                    else
                    {
                        CloseFrom(next, 0, next.Result, cwdAddress);
                    }
                });
                return;
            }
            CloseFrom(at, 0, 0, cwdAddress);
        }

        void CloseFrom(SyscallExitContext at, int index, long outcome, ulong cwdAddress)
        {
            if (index < Installed.Length)
            {
                at.Then(Close, [(ulong)Installed[index]], next => CloseFrom(next, index + 1, outcome, cwdAddress));
                return;
            }
            if (outcome < 0)
            {
                module.diag.Warning("pid {Pid}: cannot move into stack {Path:l}: setns: {Errno}", at.Thread.Tid, mount.Path, -outcome);
                at.SetResult(outcome);
                return;
            }
            defaults.Residence = mount;
            Apply(defaults, families, mount);
            at.SetResult(0);
            at.Then(Chdir, [cwdAddress], _ => { });
        }
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
    /// socket of the host's stack is made only for a process that could make it itself (CAP_NET_RAW in the
    /// host's user namespace: capabilities in the session's own count over the session's stacks only).
    /// </summary>
    INetworkStack StackFor(SyscallContext call, StackMount? mount, int domain, int type)
    {
        var stack = mount?.Stack ?? session.Host;
        // Netlink's SOCK_RAW is its ordinary type (no capability natively); IP's and packet sockets are raw.
        var raw = ((type & 0xf) == SocketConst.SOCK_RAW && domain is AddressFamily.Inet or AddressFamily.Inet6) || domain == AddressFamily.Packet;
        if (stack.IsHost && raw && !(ProcessCredentials.HasEffectiveCapability(call.Thread.Tid, Capability.NetRaw) &&
            ProcessCredentials.InSupervisorUserNamespace(call.Thread.Tid)))
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
        var absolute = ProcessPaths.Resolve(call.Thread.Tid, ProcessPaths.AtFdCwd, path) ?? throw new ErrnoException("msocket", Errno.ENOENT);
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
