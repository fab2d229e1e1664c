using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Msocket;

/// <summary>What the msocket modules of one session share: the mounted stacks and the defaults a new process starts with.</summary>
public sealed class MsocketSession(StackMountTable mounts, IReadOnlyDictionary<int, StackMount> initialDefaults)
{
    public StackMountTable Mounts { get; } = mounts;

    public IReadOnlyDictionary<int, StackMount> InitialDefaults { get; } = initialDefaults;

    public DefaultStacks DefaultsOf(TraceeProcess process) => process.GetState(() => new DefaultStacks(InitialDefaults));
}
