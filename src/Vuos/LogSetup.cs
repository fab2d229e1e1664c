using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Vuos.Net.Tracer.Logging;

namespace Vuos.Net.Cli;

/// <summary>Builds the two Serilog loggers: the syscall log (stderr or -o FILE) and the supervisor's diagnostics (stderr).</summary>
static class LogSetup
{
    public static Logger Diagnostics(int verbosity, bool json) =>
        new LoggerConfiguration()
            .MinimumLevel.Is(verbosity switch { 0 => LogEventLevel.Warning, 1 => LogEventLevel.Information, _ => LogEventLevel.Debug })
            .WriteTo.Console(json ? new JsonLinesFormatter() : new DiagnosticFormatter(), standardErrorFromLevel: LogEventLevel.Verbose)
            .CreateLogger();

    /// <summary>Closes a logger at the end of the session without letting a failing flush (a full disk) end the supervisor.</summary>
    public sealed class SafeClose(Logger logger) : IDisposable
    {
        public Logger Logger { get; } = logger;

        public void Dispose()
        {
            try
            {
                Logger.Dispose();
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"vuos: warning: the syscall log could not be completed: {e.Message}");
            }
        }
    }

    public static Logger Trace(string? outputPath, bool json)
    {
        // Serilog keeps a failing sink from failing the program; the user still needs to know the log is incomplete.
        var warned = 0;
        Serilog.Debugging.SelfLog.Enable(message =>
        {
            if (Interlocked.Exchange(ref warned, 1) == 0)
            {
                var reason = message.Contains("Exception: ", StringComparison.Ordinal)
                    ? message[(message.IndexOf("Exception: ", StringComparison.Ordinal) + 11)..].Split('\n')[0].Trim()
                    : message.Trim();
                Console.Error.WriteLine($"vuos: warning: writing the syscall log{(outputPath is null ? "" : $" to {outputPath}")} failed: {reason}; lines from then on are lost");
            }
        });
        ITextFormatter formatter = json ? new JsonLinesFormatter() : new StraceTextFormatter();
        if (outputPath is not null)
        {
            Truncate(outputPath);
        }
        var config = new LoggerConfiguration().MinimumLevel.Verbose();
        config = outputPath is null
            ? config.WriteTo.Console(formatter, standardErrorFromLevel: LogEventLevel.Verbose)
            : config.WriteTo.File(formatter, outputPath, buffered: true, flushToDiskInterval: TimeSpan.FromSeconds(1));
        return config.CreateLogger();
    }

    /// <summary>-o FILE starts the file afresh, as strace does (the file sink itself appends).</summary>
    static void Truncate(string path)
    {
        try
        {
            using var _ = new FileStream(path, FileMode.Create, FileAccess.Write);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The sink reports the failure when it writes.
        }
    }
}
