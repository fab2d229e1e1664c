using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Serilog.Events;
using Serilog.Formatting;

namespace Vuos.Net.Tracer.Logging;

/// <summary>
/// Writes each event as one JSON object per line. Syscall log events arrive already rendered (their "json"
/// property); the supervisor's own diagnostics are written from their fields.
/// </summary>
public sealed class JsonLinesFormatter : ITextFormatter
{
    static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public void Format(LogEvent logEvent, TextWriter output)
    {
        if (logEvent.Properties.TryGetValue("json", out var json) && json is ScalarValue { Value: string rendered })
        {
            output.Write(rendered);
            output.Write('\n');
            return;
        }
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("time", logEvent.Timestamp.ToString("O"));
            if (!logEvent.Properties.ContainsKey("text"))
            {
                w.WriteString("level", logEvent.Level.ToString());
                w.WriteString("message", logEvent.RenderMessage());
            }
            foreach (var (name, value) in logEvent.Properties)
            {
                w.WritePropertyName(name);
                WriteValue(w, value);
            }
            if (logEvent.Exception is { } ex)
            {
                w.WriteString("exception", ex.ToString());
            }
            w.WriteEndObject();
        }
        output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.Write('\n');
    }

    static void WriteValue(Utf8JsonWriter w, LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue { Value: null }:
                w.WriteNullValue();
                break;
            case ScalarValue { Value: string s }:
                w.WriteStringValue(s);
                break;
            case ScalarValue { Value: bool b }:
                w.WriteBooleanValue(b);
                break;
            case ScalarValue { Value: int i }:
                w.WriteNumberValue(i);
                break;
            case ScalarValue { Value: long l }:
                w.WriteNumberValue(l);
                break;
            case ScalarValue { Value: double d }:
                w.WriteNumberValue(d);
                break;
            case ScalarValue s:
                w.WriteStringValue(s.Value?.ToString());
                break;
            case SequenceValue seq:
                w.WriteStartArray();
                foreach (var e in seq.Elements)
                {
                    WriteValue(w, e);
                }
                w.WriteEndArray();
                break;
            default:
                w.WriteStringValue(value.ToString());
                break;
        }
    }
}
