using System.CommandLine;
using Vuos.Net.Cli.Sessions;

namespace Vuos.Net.Cli;

static class Program
{
    /// <summary>Read first thing, before the runtime installs handlers of its own.</summary>
    public static IReadOnlySet<int> IgnoredAtStart { get; } = InheritedSignals.ReadIgnored();

    static int Main(string[] args)
    {
        Vuos.Net.Interop.Processes.OpenFilesLimit.Raise();
        // Before the command line is read, so that --trace knows the calls modules bring.
        Vuos.Net.Tracer.Syscalls.SyscallTable.Declare(Vuos.Net.Modules.Xv6.Xv6Abi.Syscalls);
        if (CommandLineSplitter.CheckAttachedTrace(args) is { } error)
        {
            Console.Error.WriteLine($"vuos: {error}");
            return 2;
        }
        var run = new RunCommand();
        var root = new RootCommand("vuos: run unmodified Linux programs with per-process, user-level network stacks")
        {
            run,
            new SessionsCommand(),
        };
        var code = root.Parse(CommandLineSplitter.Split(args, "run", run.OptionsWithValues)).Invoke();
        // After Invoke the session is over: stacks down, mounts gone, logs closed.
        SignalDeath.PassOn();
        return code;
    }
}
