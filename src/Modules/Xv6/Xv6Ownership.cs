using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Xv6;

/// <summary>Closes a process's xv6 sockets when it exits (a forked child owns none of its parent's, as in the kernel).</summary>
sealed class Xv6Ownership(Xv6Table table, int tgid) : ProcessState
{
    public override ProcessState? Fork() => null;

    public override void OnExit() => table.CloseOwnedBy(tgid);
}
