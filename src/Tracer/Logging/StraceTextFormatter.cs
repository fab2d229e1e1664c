using Serilog.Events;
using Serilog.Formatting;

namespace Vuos.Net.Tracer.Logging;

/// <summary>Writes each event as its strace line.</summary>
public sealed class StraceTextFormatter : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output)
    {
        if (logEvent.Properties.TryGetValue("text", out var text) && text is ScalarValue { Value: string s })
        {
            output.Write(s);
        }
        else
        {
            logEvent.RenderMessage(output);
        }
        output.Write('\n');
    }
}
