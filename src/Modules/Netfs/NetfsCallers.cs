using System.Collections.Concurrent;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Netfs;

/// <summary>
/// Who is asking, for a FUSE request: a tracee thread of this session (the kernel names the calling thread),
/// or a supervisor thread opening /net/... on a tracee's behalf. Anyone else is outside the session, and
/// sees no sockets: a socket directory is visible only in the session that created it.
/// </summary>
public sealed class NetfsCallers(ProcessTable processes)
{
    readonly ConcurrentDictionary<int, TraceeThread> onBehalf = new();

    public TraceeThread? Find(int tid) => onBehalf.GetValueOrDefault(tid) ?? processes.FindThread(tid);

    /// <summary>While the returned scope lives, requests from the calling supervisor thread count as <paramref name="tracee"/>'s.</summary>
    public Scope ActFor(TraceeThread tracee)
    {
        var tid = Vuos.Net.Interop.Libc.gettid();
        onBehalf[tid] = tracee;
        return new Scope(this, tid);
    }

    public readonly struct Scope(NetfsCallers owner, int tid) : IDisposable
    {
        public void Dispose() => owner.onBehalf.TryRemove(tid, out _);
    }
}
