using System.Runtime.InteropServices;
using Vuos.Net.Interop;

namespace Vuos.Net.Tracer.Engine;

/// <summary>
/// Descriptors to install in a tracee as the answer to its call: installed one by one (ADDFD), then the call
/// is answered with a reply of its own (NOTIF_SEND), never with ADDFD_FLAG_SEND. The kernel wakes the tracee
/// for an ADDFD with a plain wake-up, which puts it back on the CPU it slept on, idle by then (a VM exit on a
/// guest that halts), and the supervisor's thread wakes on the other one: with FLAG_SEND every injected socket
/// crossed CPUs twice (about 40 µs on this project's VM). The reply's synchronous wake-up (the listener's
/// SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP) brings the tracee onto the supervisor's CPU instead, so the round trip
/// stays on one CPU (about 9 µs). The cost: a supervisor killed between the two, or the calling thread killed
/// there by a sibling's execve, leaves the descriptor in the tracee's table while the call fails. <see cref="Complete"/> gets the numbers in the tracee (socketpair writes
/// them into its memory) and gives the call's result. A replacement puts one descriptor at a number the tracee already uses (ADDFD_FLAG_SETFD, as
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

    /// <summary>
    /// Answers notification <paramref name="id"/> with these descriptors. The reply is used up: the supervisor's
    /// copies are closed before the answer goes, so the tracee's are the last and a socket it closes at once is
    /// torn down by its own close(), as natively.
    /// </summary>
    internal void Send(SafeFd listener, ulong id)
    {
        long result;
        using (this)
        {
            result = Install(listener, id);
        }
        FdInjector.Respond(listener, id, result);
    }

    /// <summary>Installs the descriptors; the call's result, or -errno of the first that could not be installed.</summary>
    long Install(SafeFd listener, ulong id)
    {
        var numbers = new int[Fds.Length];
        for (var i = 0; i < Fds.Length; i++)
        {
            var r = Targets is null ? AddFd(listener, id, Fds[i], 0) : AddFd(listener, id, Fds[i], SeccompAbi.AddfdFlagSetFd, Targets[i]);
            if (r < 0)
            {
                // Descriptors installed before a failure stay in the tracee: the kernel offers no way to take them back.
                return r;
            }
            numbers[i] = (int)r;
        }
        try
        {
            return Complete?.Invoke(numbers) ?? numbers[0];
        }
        catch (ErrnoException e)
        {
            return -e.Errno;
        }
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
