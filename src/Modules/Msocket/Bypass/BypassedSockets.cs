using System.Collections.Concurrent;
using Vuos.Net.Interop;
using Vuos.Net.Modules.Msocket;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Modules.Msocket.Bypass;

/// <summary>A host socket given to a program in place of its stack socket, and the stack's view of it.</summary>
public sealed record BypassedSocket(ulong Cookie, InetEndpoint StackLocal, InetEndpoint StackPeer, StackMount Stack);

/// <summary>
/// The host sockets handed out, by inode (what /proc/PID/fd shows, so a call on a descriptor finds its entry with one
/// readlink). The supervisor keeps no descriptor of them (the program's close must close them), so an inode may be
/// reused by a later socket: the socket's cookie, never reused while the machine runs, confirms a match. Entries of
/// sockets no traced process holds any more are swept when the table grows.
/// </summary>
public sealed unsafe class BypassedSockets(ProcessTable processes)
{
    readonly ConcurrentDictionary<ulong, BypassedSocket> byInode = new();
    int sweepAt = 1024;

    public bool IsEmpty => byInode.IsEmpty;

    public void Add(SafeFd socket, BypassedSocket entry)
    {
        byInode[Inode(socket)] = entry;
        if (byInode.Count >= sweepAt)
        {
            Sweep();
        }
    }

    /// <summary>
    /// The entry of descriptor <paramref name="fd"/> of process <paramref name="tgid"/> and a duplicate of the socket
    /// (the caller's to close), or null when it is no bypassed socket.
    /// </summary>
    public (BypassedSocket Entry, SafeFd Socket)? Find(int tgid, int fd)
    {
        if (byInode.IsEmpty || InodeOf(tgid, fd) is not { } inode || !byInode.TryGetValue(inode, out var entry))
        {
            return null;
        }
        SafeFd socket;
        try
        {
            socket = TraceeDescriptors.Duplicate(tgid, fd);
        }
        catch (ErrnoException)
        {
            return null;
        }
        if (CookieOf(socket) == entry.Cookie)
        {
            return (entry, socket);
        }
        socket.Dispose();
        return null;
    }

    public static ulong CookieOf(SafeFd socket) =>
        Libc.getsockopt(socket, SocketConst.SOL_SOCKET, SocketOption.SO_COOKIE, out ulong cookie) == 0 ? cookie : 0;

    static ulong Inode(SafeFd socket) => Libc.fstat(socket, out Stat st) == 0 ? st.Ino : 0;

    /// <summary>The inode of a socket descriptor from its /proc link ("socket:[123]"), or null for anything else.</summary>
    static ulong? InodeOf(int tgid, int fd) =>
        Libc.ReadLink($"/proc/{tgid}/fd/{fd}") is { } link && link.StartsWith("socket:[", StringComparison.Ordinal) &&
        ulong.TryParse(link.AsSpan(8, link.Length - 9), out var inode)
            ? inode
            : null;

    void Sweep()
    {
        var live = new HashSet<ulong>();
        foreach (var process in processes.Processes.ToList())
        {
            try
            {
                foreach (var entry in Directory.EnumerateFileSystemEntries($"/proc/{process.Tgid}/fd"))
                {
                    if (int.TryParse(Path.GetFileName(entry), out var fd) && InodeOf(process.Tgid, fd) is { } inode)
                    {
                        live.Add(inode);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process is gone.
            }
        }
        foreach (var inode in byInode.Keys)
        {
            if (!live.Contains(inode))
            {
                byInode.TryRemove(inode, out _);
            }
        }
        sweepAt = Math.Max(1024, byInode.Count * 2);
    }
}
