using Vuos.Net.Interop;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Cli;

/// <summary>
/// A command killed by a signal kills vuos with the same signal once the session has ended, as strace and
/// timeout do. The difference from exiting with 128+N is what vuos's parent sees: bash stops a loop on Ctrl-C
/// only when its child really died of SIGINT, and prints "Terminated", "Quit" or "Killed" only for a death by
/// that signal. Core dumps are turned off first, so vuos's own death leaves no core in place of the command's.
/// </summary>
static class SignalDeath
{
    static int deathSignal;

    /// <summary>Notes how the command ended (its first process, as a shell would see it).</summary>
    public static void Remember(WaitStatus? status) => deathSignal = status is { Signaled: true } s ? s.TermSignal : 0;

    /// <summary>
    /// Dies of the remembered signal; returns only when there is none or it does not kill (a signal a process
    /// cannot die of), and then the caller exits with 128+N.
    /// </summary>
    public static unsafe void PassOn()
    {
        if (deathSignal == 0)
        {
            return;
        }
        var noCore = new RLimit();
        Libc.setrlimit(ResourceLimit.RLIMIT_CORE, &noCore);
        // The runtime has handlers of its own for SIGINT, SIGQUIT, SIGTERM, SIGPIPE (ignored) and the fault
        // signals: the default action goes back in place, and the signal is unblocked, before it is raised.
        Libc.signal(deathSignal, Signal.SIG_DFL);
        var mask = 1UL << (deathSignal - 1);
        Libc.sigprocmask(Signal.SIG_UNBLOCK, &mask, null);
        Libc.raise(deathSignal);
    }
}
