using Vuos.Net.Interop;

namespace Vuos.Net.Tracer.Engine;

/// <summary>
/// A call that blocks until a descriptor of the supervisor's is ready (accept on a listening socket, say).
/// The tracee stays blocked in the kernel meanwhile; the engine polls <see cref="PollFd"/> and, when it is
/// ready, asks <see cref="TryComplete"/> for the answer. A signal for the tracee ends the wait with
/// -ERESTARTSYS, so the kernel restarts the call or fails it with EINTR exactly as it would natively.
/// </summary>
public interface IBlockingWait
{
    /// <summary>The descriptor to poll, or -1 for a condition no descriptor signals: then TryComplete runs every 50 ms.</summary>
    int PollFd { get; }

    short PollEvents { get; }

    /// <summary>Answers through <paramref name="reply"/> and returns true, or returns false to keep waiting (another waiter won).</summary>
    bool TryComplete(DeferredReply reply);

    /// <summary>The wait ended without an answer: the call was interrupted or the tracee died.</summary>
    void Cancel();
}

/// <summary>The answer to a call that waited.</summary>
public sealed class DeferredReply
{
    internal FdReply? Fds { get; private set; }

    internal long? Value { get; private set; }

    public bool IsAnswered => Fds is not null || Value is not null;

    public void ReturnFd(SafeFd fd, bool closeOnExec) => Fds = FdReply.Single(fd, closeOnExec);

    /// <summary>See <see cref="SyscallContext.ReplaceFd"/>.</summary>
    public void ReplaceFd(int target, SafeFd fd, bool closeOnExec, long result) => Fds = FdReply.Replace(fd, target, closeOnExec, result);

    public void Return(long value) => Value = value;

    public void Fail(int errno) => Value = -errno;
}
