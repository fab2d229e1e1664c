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

    public static Logger Trace(string? outputPath, bool json)
    {
        ITextFormatter formatter = json ? new JsonLinesFormatter() : new StraceTextFormatter();
        var config = new LoggerConfiguration().MinimumLevel.Verbose();
        config = outputPath is null
            ? config.WriteTo.Console(formatter, standardErrorFromLevel: LogEventLevel.Verbose)
            : config.WriteTo.File(formatter, outputPath, buffered: true, flushToDiskInterval: TimeSpan.FromSeconds(1));
        return config.CreateLogger();
    }
}
