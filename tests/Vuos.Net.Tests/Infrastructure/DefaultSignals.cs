using System.Globalization;
using System.Runtime.CompilerServices;
using Vuos.Net.Interop;

namespace Vuos.Net.Tests.Infrastructure;

/// <summary>
/// The tests send SIGINT and SIGQUIT to the programs they start and expect them at their default, as a
/// terminal gives them. A suite started in the background of a script (`scripts/test &`, nohup) inherits
/// them ignored, and so would every process it starts, vuos included, which rightly passes an ignored
/// signal on to its command as a shell's background job does: Ctrl-C tests would then wait forever. The
/// test process puts them back to their default before any test runs.
/// </summary>
static class DefaultSignals
{
#pragma warning disable CA2255 // A test assembly: it must run before the first test starts a process.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Restore()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        var ignored = ulong.Parse(line.AsSpan(7).Trim(), NumberStyles.HexNumber);
        foreach (var signal in new[] { Signal.SIGINT, Signal.SIGQUIT })
        {
            // Only an ignored signal: one the runtime handles has its handler, which children get reset anyway.
            if ((ignored & (1UL << (signal - 1))) != 0)
            {
                Libc.signal(signal, Signal.SIG_DFL);
            }
        }
    }
}
