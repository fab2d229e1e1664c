using System.Runtime.InteropServices;
using Vuos.Net.Interop;

namespace Vuos.Net.Tracer.Engine;

/// <summary>
/// Descriptors to install in a tracee as the answer to its call. One descriptor with no completion is
/// installed and returned atomically (ADDFD_FLAG_SEND). Several (socketpair) are installed one by one, then
/// <see cref="Complete"/> gets their numbers in the tracee (to write them into its memory) and gives the
/// call's result. A replacement puts one descriptor at a number the tracee already uses (ADDFD_FLAG_SETFD, as
/// dup2 would), then the call returns its result.
/// </summary>
public sealed class FdReply : IDisposable
{
    FdReply(SafeFd[] fds, int fdFlags, Func<int[], long>? complete)
    {
        Fds = fds;
        FdFlags = fdFlags;
        Complete = complete;
    }

    public SafeFd[] Fds { get; }

    /// <summary>The number each descriptor replaces in the tracee, or null to install them at free numbers.</summary>
    public int[]? Targets { get; private init; }

    public int FdFlags { get; }

    public Func<int[], long>? Complete { get; }

    public static FdReply Single(SafeFd fd, bool closeOnExec) => new([fd], closeOnExec ? OpenFlags.CloExec : 0, null);

    public static FdReply Many(SafeFd[] fds, bool closeOnExec, Func<int[], long> complete) =>
        new(fds, closeOnExec ? OpenFlags.CloExec : 0, complete);

    /// <summary><paramref name="fd"/> replaces the tracee's descriptor <paramref name="target"/>; the call then returns <paramref name="result"/>.</summary>
    public static FdReply Replace(SafeFd fd, int target, bool closeOnExec, long result) =>
        new([fd], closeOnExec ? OpenFlags.CloExec : 0, _ => result) { Targets = [target] };

    /// <summary>Answers notification <paramref name="id"/> with these descriptors.</summary>
    internal unsafe void Send(SafeFd listener, ulong id)
    {
        if (Complete is null && Fds.Length == 1)
        {
            if (AddFd(listener, id, Fds[0], SeccompAbi.AddfdFlagSend) is var r && r < 0 && r != -Errno.ENOENT)
            {
                // The call is still waiting (EMFILE: the tracee's table is full): it fails with that error.
                FdInjector.Respond(listener, id, r);
            }
            return;
        }
        var numbers = new int[Fds.Length];
        for (var i = 0; i < Fds.Length; i++)
        {
            var r = Targets is null ? AddFd(listener, id, Fds[i], 0) : AddFd(listener, id, Fds[i], SeccompAbi.AddfdFlagSetFd, Targets[i]);
            if (r < 0)
            {
                // Descriptors installed before a failure stay in the tracee: the kernel offers no way to take them back.
                FdInjector.Respond(listener, id, r);
                return;
            }
            numbers[i] = (int)r;
        }
        long result;
        try
        {
            result = Complete?.Invoke(numbers) ?? numbers[0];
        }
        catch (ErrnoException e)
        {
            result = -e.Errno;
        }
        FdInjector.Respond(listener, id, result);
    }

    unsafe long AddFd(SafeFd listener, ulong id, SafeFd fd, uint flags, int target = 0)
    {
        var addfd = new SeccompNotifAddfd { Id = id, Flags = flags, SrcFd = (uint)fd.Fd, NewFd = (uint)target, NewFdFlags = (uint)FdFlags };
        var r = Libc.ioctl(listener, SeccompAbi.IoctlNotifAddfd, &addfd);
        return r >= 0 ? r : -Marshal.GetLastPInvokeError();
    }

    public void Dispose()
    {
        foreach (var fd in Fds)
        {
            fd.Dispose();
        }
    }
}
