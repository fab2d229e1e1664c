using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Serilog;
using Serilog.Events;
using Serilog.Parsing;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Engine;
using Vuos.Net.Tracer.Logging.Decoders;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging;

/// <summary>The log as JSON lines (--log-format json): one object per call or event.</summary>
public sealed partial class SyscallLog
{
    Action<Utf8JsonWriter> JsonCall(CallRecord r, TimeSpan? duration) => new CallJson(this, r, duration).Write;

    /// <summary>A call's JSON object; it carries its own time, the call's entry.</summary>
    sealed class CallJson(SyscallLog log, CallRecord r, TimeSpan? duration)
    {
        public void Write(Utf8JsonWriter w) => log.WriteCall(w, r, duration);
    }

    void WriteCall(Utf8JsonWriter w, CallRecord r, TimeSpan? duration)
    {
        w.WriteString("time", r.EntryWallClock.ToLocalTime().ToString("O"));
        w.WriteString("kind", "syscall");
        w.WriteNumber("pid", r.Tgid);
        w.WriteNumber("tid", r.Tid);
        w.WriteString("syscall", r.Name);
        w.WritePropertyName("args");
        w.WriteStartArray();
        for (var i = 0; i < r.Values.Count; i++)
        {
            r.Values[i].WriteJson(w);
        }
        w.WriteEndArray();
        if (r.RetKind == RetKind.NoReturn || !r.Ended || duration is null)
        {
            w.WriteNull("ret");
        }
        else if (r.Result < 0 && r.Result >= -4095)
        {
            var errno = (int)-r.Result;
            w.WriteNumber("ret", LinuxNames.KernelErrnoText(errno) is null ? -1 : r.Result);
            w.WriteString("errno", LinuxNames.ErrnoName(errno) ?? errno.ToString());
            w.WriteString("error", LinuxNames.KernelErrnoText(errno) ?? System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno));
        }
        else
        {
            w.WriteNumber("ret", r.Result);
            if (r.ResultLabel is { } label)
            {
                w.WriteString("ret_path", label);
            }
        }
        if (r.Detail is { } detail)
        {
            w.WritePropertyName("detail");
            detail.WriteJson(w);
        }
        if (r.Note is { } note)
        {
            if (StackOf(note) is { } stack)
            {
                w.WriteString("stack", stack);
            }
            w.WriteString("note", note);
        }
        if (duration is { } d)
        {
            w.WriteNumber("duration", Math.Round((decimal)d.TotalSeconds, 6));
        }
    }

    /// <summary>The stack a module's note names ("stack /dev/net/lo", "port 80 in stack /dev/net/lo").</summary>
    static string? StackOf(string note)
    {
        var i = note.IndexOf("stack ", StringComparison.Ordinal);
        if (i < 0 || (i > 0 && note[i - 1] != ' '))
        {
            return null;
        }
        var rest = note[(i + 6)..];
        var end = rest.IndexOf(' ');
        return end < 0 ? rest : rest[..end];
    }

    void EmitJson(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, JsonOptions))
        {
            w.WriteStartObject();
            if (write.Target is not CallJson)
            {
                w.WriteString("time", DateTime.Now.ToString("O"));
            }
            write(w);
            w.WriteEndObject();
        }
        Write(new LogEventProperty("json", new ScalarValue(Encoding.UTF8.GetString(buffer.WrittenSpan))));
    }
}
