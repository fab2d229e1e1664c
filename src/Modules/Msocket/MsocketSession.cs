using Serilog;
using Vuos.Net.Interop;
using Vuos.Net.Modules.Msocket.Stacks;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Msocket;

/// <summary>What the msocket modules of one session share: the mounted stacks and the defaults a new process starts with.</summary>
public sealed class MsocketSession(StackMountTable mounts, IReadOnlyDictionary<int, StackMount> initialDefaults)
{
    HostStack? privateHost;

    public StackMountTable Mounts { get; } = mounts;

    public IReadOnlyDictionary<int, StackMount> InitialDefaults { get; } = initialDefaults;

    /// <summary>
    /// The stack whose network namespace the session's processes live in, or null for the host's. Sockets of
    /// that stack need no supervisor: the kernel makes them in the process's own namespace.
    /// </summary>
    public StackMount? Residence { get; private set; }

    /// <summary>The host's stack, for host sockets the supervisor must make (a process living in another stack wants one).</summary>
    public INetworkStack Host =>
        Mounts.Mounts.FirstOrDefault(m => m.IsHost)?.Stack ?? (privateHost ??= new HostStack("host", StackSpec.Parse("host")));

    public DefaultStacks DefaultsOf(TraceeProcess process) => process.GetState(() => new DefaultStacks(InitialDefaults));

    /// <summary>Whether a socket of <paramref name="mount"/> (null: no default, the host's) is one the kernel makes in the process's namespace.</summary>
    public bool LivesIn(StackMount? mount) => mount is null || mount.IsHost ? Residence is null : mount == Residence;

    /// <summary>
    /// Chooses where the session's processes live: in the namespace of their default inet stack when the
    /// supervisor can start them there (it made the namespace itself, as root), else where vuos runs. Builds
    /// that stack now. Returns the namespace to start the command in, or null.
    /// </summary>
    public SafeFd? SettleResidence(ILogger diag)
    {
        if (InitialDefaults.GetValueOrDefault(AddressFamily.Inet) is not { IsHost: false } inet)
        {
            return null;
        }
        try
        {
            if (inet.Stack.EnterableNamespace is { } ns)
            {
                Residence = inet;
                return ns;
            }
        }
        catch (ErrnoException e)
        {
            // The stack could not be built (its reason is logged); its sockets fail with ENETDOWN as they are asked for.
            diag.Debug("processes stay in the host's namespace: {Message:l}", e.Message);
        }
        return null;
    }
}
