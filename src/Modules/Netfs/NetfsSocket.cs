using Vuos.Net.Interop;

namespace Vuos.Net.Modules.Netfs;

/// <summary>A socket made through a factory file: its id (its directory's name), the kernel socket, and what ctl did to it.</summary>
public sealed class NetfsSocket(int id, NetfsFamily family, string typeName, SafeFd socket, string stack) : IDisposable
{
    readonly object gate = new();

    public int Id { get; } = id;

    public NetfsFamily Family { get; } = family;

    public string TypeName { get; } = typeName;

    /// <summary>The supervisor's reference; tracees get duplicates through data and accept.</summary>
    public SafeFd Socket { get; } = socket;

    /// <summary>The stack the socket belongs to, for the log.</summary>
    public string Stack { get; } = stack;

    /// <summary>The address as given to bind (what addrs shows).</summary>
    public string? BoundAs { get; private set; }

    public bool IsListening { get; private set; }

    int holders, openFiles;

    /// <summary>Processes of the creator's lineage alive (the creator and what it forked after creating the socket).</summary>
    public int Holders => Volatile.Read(ref holders);

    /// <summary>Factory handles and ctl files of this socket open in the tree.</summary>
    public int OpenFiles => Volatile.Read(ref openFiles);

    internal void AddHolder() => Interlocked.Increment(ref holders);

    internal int RemoveHolder() => Interlocked.Decrement(ref holders);

    internal void FileOpened() => Interlocked.Increment(ref openFiles);

    internal int FileClosed() => Interlocked.Decrement(ref openFiles);

    /// <summary>The socket's inode, to find descriptors of it in /proc/PID/fd ("socket:[INODE]").</summary>
    public string ProcLink { get; } = ProcLinkOf(socket);

    static string ProcLinkOf(SafeFd fd) => Libc.fstat(fd, out Stat st) == 0 ? $"socket:[{st.Ino}]" : "";

    /// <summary>PatchworkOS's LOCAL_MAX_PACKET_SIZE: its local sockets' 16 KiB ring less the 8-byte packet header.</summary>
    public const int LocalMaxPacket = 16 * 1024 - 8;

    /// <summary>The largest write of a local seqpacket socket, as PatchworkOS's local family allows (EMSGSIZE above).</summary>
    public int? PacketLimit => Family.Domain == AddressFamily.Unix && TypeName == "seqpacket" ? LocalMaxPacket : null;

    /// <summary>stream and seqpacket: data needs a connection (datagram sockets send and receive unconnected).</summary>
    public bool IsConnectionOriented => TypeName is "stream" or "seqpacket";

    /// <summary>Serialises ctl commands on one socket.</summary>
    public object Gate => gate;

    internal void Bound(string address) => BoundAs = address;

    internal void Listening() => IsListening = true;

    /// <summary>A connect succeeded (or is under way): PatchworkOS refuses a second one.</summary>
    public bool ConnectAttempted { get; private set; }

    internal void Connected() => ConnectAttempted = true;

    public void Dispose() => Socket.Dispose();
}
