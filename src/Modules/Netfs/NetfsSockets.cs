using System.Collections.Concurrent;

namespace Vuos.Net.Modules.Netfs;

/// <summary>
/// The sockets of one session, by id. Ids come from one counter starting at 0. As PatchworkOS has it, a socket
/// persists until the process that created it and its children have exited and nothing refers to it: then the
/// supervisor lets go of it (a client that exits hangs up, a server that exits frees its name). Whatever is
/// left goes when the session ends.
/// </summary>
public sealed class NetfsSockets(Func<IEnumerable<int>> sessionPids) : IDisposable
{
    readonly ConcurrentDictionary<int, NetfsSocket> byId = new();
    int next = -1;

    /// <summary>
    /// Lets go of the sockets no lineage holds and nothing refers to: no file of the tree open on them, no
    /// descriptor of them in a process of the session. Called when a process exits and when a file closes.
    /// </summary>
    public void Collect()
    {
        var orphans = byId.Values.Where(s => s.Holders <= 0 && s.OpenFiles <= 0).ToList();
        if (orphans.Count == 0)
        {
            return;
        }
        var referenced = new HashSet<string>();
        foreach (var pid in sessionPids())
        {
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
                {
                    if (Vuos.Net.Interop.Libc.ReadLink(fd) is { } link)
                    {
                        referenced.Add(link);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process exited meanwhile.
            }
        }
        foreach (var socket in orphans.Where(s => !referenced.Contains(s.ProcLink)))
        {
            if (byId.TryRemove(new KeyValuePair<int, NetfsSocket>(socket.Id, socket)))
            {
                socket.Dispose();
            }
        }
    }

    /// <summary>An id from the counter sockets take theirs from, for an accepted connection (which gets no directory).</summary>
    public int TakeId() => Interlocked.Increment(ref next);

    public NetfsSocket Add(Func<int, NetfsSocket> create)
    {
        var socket = create(TakeId());
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
