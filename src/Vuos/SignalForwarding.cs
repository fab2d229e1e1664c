using System.Runtime.InteropServices;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Cli;

/// <summary>
/// The terminal sends Ctrl-C (SIGINT) and Ctrl-\ (SIGQUIT) to the whole foreground process group, so the
/// command receives them itself: the supervisor only stays alive to report how the command ended. SIGTERM
/// and SIGHUP sent to the supervisor alone (by kill, timeout, a closing terminal) are passed on to the
/// command, which decides what they mean, as it would if it had been started directly.
/// </summary>
static class SignalForwarding
{
    public static IDisposable Install(TracerEngine engine)
    {
        var registrations = new List<PosixSignalRegistration>
        {
            PosixSignalRegistration.Create(PosixSignal.SIGINT, c => c.Cancel = true),
            PosixSignalRegistration.Create(PosixSignal.SIGQUIT, c => c.Cancel = true),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Forward(engine, c, 15)),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => Forward(engine, c, 1)),
        };
        return new Registrations(registrations);
    }

    static void Forward(TracerEngine engine, PosixSignalContext context, int signal)
    {
        context.Cancel = true;
        engine.ForwardSignal(signal);
    }

    sealed class Registrations(List<PosixSignalRegistration> list) : IDisposable
    {
        public void Dispose() => list.ForEach(r => r.Dispose());
    }
}
