using Serilog.Events;
using Serilog.Formatting;

namespace Vuos.Net.Tracer.Logging;

/// <summary>The supervisor's own messages on stderr: "vuos: message", like other command-line tools.</summary>
public sealed class DiagnosticFormatter : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output)
    {
        output.Write("vuos: ");
        if (logEvent.Level >= LogEventLevel.Warning)
        {
            output.Write(logEvent.Level == LogEventLevel.Warning ? "warning: " : "error: ");
        }
        logEvent.RenderMessage(output);
        if (logEvent.Exception is { } ex && logEvent.Level <= LogEventLevel.Debug)
        {
            output.Write(": ");
            output.Write(ex.ToString());
        }
        output.Write('\n');
    }
}
