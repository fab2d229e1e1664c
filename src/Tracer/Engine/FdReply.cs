using System.Runtime.InteropServices;
using Vuos.Net.Interop;

namespace Vuos.Net.Tracer.Engine;

/// <summary>
/// Descriptors to install in a tracee as the answer to its call. One descriptor with no completion is
/// installed and returned atomically (ADDFD_FLAG_SEND). Several (socketpair) are installed one by one, then
/// <see cref="Complete"/> gets their numbers in the tracee (to write them into its memory) and gives the
/// call's result.
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

    public int FdFlags { get; }

    public Func<int[], long>? Complete { get; }

    public static FdReply Single(SafeFd fd, bool closeOnExec) => new([fd], closeOnExec ? OpenFlags.CloExec : 0, null);

    public static FdReply Many(SafeFd[] fds, bool closeOnExec, Func<int[], long> complete) =>
        new(fds, closeOnExec ? OpenFlags.CloExec : 0, complete);

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
            var r = AddFd(listener, id, Fds[i], 0);
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

    unsafe long AddFd(SafeFd listener, ulong id, SafeFd fd, uint flags)
    {
        var addfd = new SeccompNotifAddfd { Id = id, Flags = flags, SrcFd = (uint)fd.Fd, NewFdFlags = (uint)FdFlags };
        var r = Libc.ioctl(listener.Fd, SeccompAbi.IoctlNotifAddfd, &addfd);
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
