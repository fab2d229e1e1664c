using System.Collections.Concurrent;

namespace Vuos.Net.Modules.Netfs;

/// <summary>
/// The sockets of one session, by id. Ids come from one counter starting at 0. A socket lives as long as the
/// session (PatchworkOS: until the namespace that created it goes and nothing refers to it), so the registry
/// frees them all when the session ends, and tracees keep their own descriptors until they close them.
/// </summary>
public sealed class NetfsSockets : IDisposable
{
    readonly ConcurrentDictionary<int, NetfsSocket> byId = new();
    int next = -1;

    public NetfsSocket Add(Func<int, NetfsSocket> create)
    {
        var socket = create(Interlocked.Increment(ref next));
        byId[socket.Id] = socket;
        return socket;
    }

    public NetfsSocket? Find(int id) => byId.GetValueOrDefault(id);

    public IEnumerable<NetfsSocket> InFamily(NetfsFamily family) => byId.Values.Where(s => s.Family == family).OrderBy(s => s.Id);

    public void Dispose()
    {
        foreach (var s in byId.Values)
        {
            s.Dispose();
        }
        byId.Clear();
    }
}
