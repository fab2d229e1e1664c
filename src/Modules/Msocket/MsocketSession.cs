using Vuos.Net.Interop;
using Vuos.Net.Interop.Processes;
using Vuos.Net.Stacks;
using Vuos.Net.Stacks.Namespaces;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Msocket;

/// <summary>
/// What the msocket modules of one session share: the mounted stacks, the defaults a new process starts with,
/// and the session's namespaces. The command starts living in its default inet stack (when that is a virtual
/// stack): in the stack's network namespace, the session's user namespace and the stack's view of the files,
/// so the kernel makes its sockets and enforces that it cannot reach anything of the host's network.
/// </summary>
public sealed class MsocketSession(StackMountTable mounts, IReadOnlyDictionary<int, StackMount> initialDefaults, SessionNamespaces namespaces,
    StackFiles files)
{
    HostStack? privateHost;

    public StackMountTable Mounts { get; } = mounts;

    public IReadOnlyDictionary<int, StackMount> InitialDefaults { get; } = initialDefaults;

    public SessionNamespaces Namespaces { get; } = namespaces;

    /// <summary>The stack files in the session's mount namespace, and their servers.</summary>
    public StackFiles Files { get; } = files;

    /// <summary>The stack the command starts living in, or null for the host's network namespace.</summary>
    public StackMount? InitialResidence =>
        InitialDefaults.GetValueOrDefault(AddressFamily.Inet) is { IsHost: false } inet ? inet : null;

    /// <summary>The host's stack, for host sockets the supervisor must make (a process living in another stack wants one).</summary>
    public INetworkStack Host =>
        Mounts.Mounts.FirstOrDefault(m => m.IsHost)?.Stack ?? (privateHost ??= new HostStack("host", StackSpec.Parse("host")));

    public DefaultStacks DefaultsOf(TraceeProcess process) => process.GetState(() => new DefaultStacks(InitialDefaults, InitialResidence));

    /// <summary>
    /// Starts every default stack now, so that one that cannot start stops the session before anything runs
    /// (the reason comes from the stack). Throws InvalidOperationException.
    /// </summary>
    public void StartDefaults()
    {
        foreach (var mount in InitialDefaults.Values.Distinct())
        {
            if (mount.Start() is { } failure)
            {
                throw new InvalidOperationException($"the default stack {mount.Path} ({mount.Spec.Text}) cannot start: {failure}");
            }
        }
    }

    /// <summary>Where the command starts: the namespaces of its residence, and for an unprivileged session the capabilities over them.</summary>
    public LaunchSettings LaunchSettings()
    {
        List<NamespaceToJoin> join = [];
        if (InitialResidence?.Stack.Namespace is { } ns)
        {
            join.AddRange(ns.Join);
        }
        else
        {
            if (Namespaces.UserNamespace is { } user)
            {
                join.Add(new NamespaceToJoin(user, NamespaceFlags.CloneNewUser));
            }
            join.Add(new NamespaceToJoin(Namespaces.MountNamespace, NamespaceFlags.CloneNewNs));
        }
        // An unprivileged session loses nothing to no_new_privs: setuid files owned by ids it does not map
        // grant nothing in its user namespace anyway.
        return new LaunchSettings(join, AmbientCapabilities, ConfineTracing: true, NoNewPrivileges: Namespaces.Mode == SessionUserNamespace.UserOnly);
    }

    /// <summary>
    /// What an unprivileged program keeps over its session's own network namespaces (ip addr, ip route, raw
    /// sockets), as root does in a root session: the user namespace scopes them to the session's stacks.
    /// </summary>
    public ulong AmbientCapabilities => Namespaces.Mode == SessionUserNamespace.UserOnly
        ? (1UL << Capability.NetAdmin) | (1UL << Capability.NetRaw)
        : 0;

    /// <summary>
    /// Mounts a stack while the session runs (mount(2) of a VUOS vunet type): the table gets it, its file
    /// appears in the session's mount namespace (<see cref="StackFiles"/>), and
    /// it is built now, so a stack that cannot start fails the mount. The path's directory must be one the
    /// session holds stack files in (/dev/net, and the directories of --stack paths). Throws ErrnoException:
    /// EPERM for another directory, EBUSY when something is there, the build's errno (or EINVAL) when the
    /// stack cannot start.
    /// </summary>
    public StackMount MountAtRunTime(string absolutePath, StackSpec spec)
    {
        var (directory, name) = NodeOf(absolutePath);
        if (directory is null)
        {
            throw new ErrnoException($"mount {absolutePath}: stacks are mounted in {string.Join(", ", Namespaces.Directories.Keys)}", Errno.EPERM);
        }
        var mount = Mounts.Mount(absolutePath, spec) ?? throw new ErrnoException($"mount {absolutePath}", Errno.EBUSY);
        try
        {
            Files.Add(absolutePath, directory, name);
        }
        catch (ErrnoException)
        {
            Mounts.Unmount(absolutePath);
            throw;
        }
        if (mount.Start() is { } failure)
        {
            Files.Remove(absolutePath, directory, name);
            Mounts.Unmount(absolutePath);
            throw new ErrnoException($"mount {absolutePath} ({spec.Text}): {failure}", mount.FailureErrno != 0 ? mount.FailureErrno : Errno.EINVAL);
        }
        return mount;
    }

    /// <summary>
    /// Unmounts a stack while the session runs: its file goes, and the table forgets it. The stack itself
    /// keeps running until the session ends, so sockets already open in it keep working (as in VUOS).
    /// Null when no stack is mounted at the path.
    /// </summary>
    public StackMount? UnmountAtRunTime(string absolutePath)
    {
        var mount = Mounts.Unmount(absolutePath);
        if (mount is not null && NodeOf(absolutePath) is ({ } directory, var name))
        {
            Files.Remove(absolutePath, directory, name);
        }
        return mount;
    }

    /// <summary>The descriptor of a stack file's directory in the session's mount namespace (null if it holds no stack files), and its name.</summary>
    (SafeFd? Directory, string Name) NodeOf(string absolutePath)
    {
        var slash = absolutePath.LastIndexOf('/');
        var directory = absolutePath[..Math.Max(1, slash)];
        return (Namespaces.Directories.GetValueOrDefault(directory), absolutePath[(slash + 1)..]);
    }
}
