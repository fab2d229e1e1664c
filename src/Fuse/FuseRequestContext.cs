namespace Vuos.Net.Fuse;

/// <summary>
/// Who made a request: the kernel's fuse_in_header (<paramref name="Pid"/> is the calling thread's id), and a
/// token cancelled when the kernel sends FUSE_INTERRUPT for this request (the caller got a signal) or the server
/// stops: long operations must honour it, since a caller killed by a signal waits for the reply.
/// </summary>
public sealed record FuseRequestContext(uint Uid, uint Gid, int Pid, CancellationToken Interrupted)
{
    /// <summary>For reads and writes: the open file's flags now (O_NONBLOCK as fcntl last set it).</summary>
    public int FileFlags { get; init; }
}
