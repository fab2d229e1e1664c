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

/// <summary>
/// The strace-style record of what tracees do. The engine tells it where calls start (<see cref="Enter"/>),
/// end (<see cref="Exit"/>), never return, and where tasks attach, get signals and exit; it prints strace's
/// lines: a call's entry is held until its end, and when another task's line comes first the entry is
/// printed with "&lt;unfinished ...&gt;" and completed later by "&lt;... NAME resumed&gt;", exactly where strace
/// would. Nothing is decoded for calls the log does not show.
/// </summary>
public sealed partial class SyscallLog
{
    const int ResultColumn = 40;
    static readonly MessageTemplate Template = new MessageTemplateParser().Parse("{text}");
    static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    readonly ILogger sink;
    readonly TraceSelection selection;
    readonly Action<string>? notes;
    readonly object gate = new();
    readonly CallSummary? summary;
    CallRecord? open;
    int tasks;
    long lastLeader;

    /// <summary>A log that shows nothing: no syscall stops because of it.</summary>
    public static SyscallLog Off { get; } = new(Serilog.Core.Logger.None, TraceSelection.None, new LogSettings());

    /// <param name="notes">Where strace's notes to the user go ("Process 42 attached"): stderr, never the log file.</param>
    public SyscallLog(ILogger sink, TraceSelection selection, LogSettings settings, Action<string>? notes = null)
    {
        this.sink = sink;
        this.selection = selection;
        this.notes = notes;
        Settings = settings;
        summary = settings.Summary == SummaryMode.None ? null : new CallSummary();
        Labels = settings.DecodeFds > 0 ? new DescriptorLabels(settings.DecodeFds) : null;
    }

    public SyscallLog(ILogger sink, TraceSelection selection, bool showDurations)
        : this(sink, selection, new LogSettings { ShowDurations = showDurations })
    {
    }

    public LogSettings Settings { get; }

    /// <summary>-y's descriptor names; null without -y.</summary>
    public DescriptorLabels? Labels { get; }

    public bool Enabled => !selection.IsEmpty;

    public bool TraceAll => selection.IsEverything;

    public bool Shows(SyscallDescriptor? syscall) => syscall is not null && selection.Includes(syscall);

    /// <summary>The table rows the log shows (every row when it shows everything).</summary>
    public IEnumerable<SyscallDescriptor> ShownSyscalls => SyscallTable.AllAbis.Where(selection.Includes);

    /// <summary>A shown call starts: its entry arguments are decoded now, while memory still holds them.</summary>
    public CallRecord Enter(int tid, int tgid, SyscallDescriptor syscall, uint arch, ulong[] args, TraceeMemory memory, ulong stackPointer)
    {
        var start = Stopwatch.GetTimestamp();
        var r = new CallRecord(syscall, syscall.Name, tid, tgid, args, arch, CallDecoders.For(syscall))
        {
            EntryTimestamp = start,
            EntryWallClock = DateTime.UtcNow,
            RetKind = syscall.Ret,
        };
        if (!Settings.PrintsLines)
        {
            return r;
        }
        var c = new DecodeContext(memory, arch, args, Settings, Labels) { StackPointer = stackPointer };
        try
        {
            r.Decoder.Entry(r, c);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Raw(r, c);
        }
        if (HoldsEntries)
        {
            lock (gate)
            {
                FlushOpen();
                open = r;
            }
        }
        return r;
    }

    /// <summary>The call returned <paramref name="ret"/> (a value or -errno): its line is printed.</summary>
    public void Exit(CallRecord r, long ret, TraceeMemory memory, string? note)
    {
        var end = Stopwatch.GetTimestamp();
        r.Result = ret;
        r.Note = note;
        r.Ended = true;
        var failed = ret < 0 && ret >= -4095;
        summary?.Count(r.Name, end - r.EntryTimestamp, failed);
        if (!Settings.PrintsLines)
        {
            return;
        }
        var c = new DecodeContext(memory, r.Arch, r.Args, Settings, Labels) { Ret = ret };
        if (!r.DecodedRaw)
        {
            try
            {
                r.Decoder.Exit(r, c);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Raw(r, c);
            }
        }
        if (r.RetKind == RetKind.Fd && !failed && Labels is not null)
        {
            r.ResultLabel = Labels.Describe(r.Tid, (int)ret);
        }
        var duration = Stopwatch.GetElapsedTime(r.EntryTimestamp, end);
        var publish = (Settings.Status & (failed ? CallStatus.Failed : CallStatus.Successful)) != 0;
        lock (gate)
        {
            if (!publish)
            {
                if (open == r)
                {
                    open = null;
                }
                return;
            }
            if (Settings.Json)
            {
                EmitJson(JsonCall(r, duration));
                return;
            }
            var sb = new StringBuilder(128);
            if (open == r || !r.Interrupted)
            {
                open = null;
                AppendLeader(sb, r.Tid, r.EntryWallClock, r.EntryTimestamp);
                r.AppendEntryText(sb);
            }
            else
            {
                FlushOpen();
                AppendLeader(sb, r.Tid, DateTime.UtcNow, Stopwatch.GetTimestamp());
                sb.Append("<... ").Append(r.Name).Append(" resumed>");
            }
            r.AppendExitText(sb);
            AppendResult(sb, r, duration);
            Emit(sb.ToString());
        }
    }

    /// <summary>A call that does not return (exit, exit_group): "= ?" now.</summary>
    public void NoReturn(CallRecord r, string? note)
    {
        r.Note = note;
        r.Ended = true;
        summary?.Count(r.Name, 0, false);
        Unfinished(r, whileRunning: false);
    }

    /// <summary>The task ended inside the call (another thread's exit_group, a fatal signal): "= ?".</summary>
    public void Vanished(CallRecord r)
    {
        if (r.Ended)
        {
            return;
        }
        r.Ended = true;
        Unfinished(r, whileRunning: true);
    }

    void Unfinished(CallRecord r, bool whileRunning)
    {
        if (!Settings.PrintsLines || (Settings.Status & CallStatus.Unfinished) == 0)
        {
            lock (gate)
            {
                if (open == r)
                {
                    open = null;
                }
            }
            return;
        }
        lock (gate)
        {
            if (Settings.Json)
            {
                EmitJson(JsonCall(r, null));
                if (open == r)
                {
                    open = null;
                }
                return;
            }
            var sb = new StringBuilder(96);
            if (open == r || !r.Interrupted)
            {
                open = null;
                AppendLeader(sb, r.Tid, r.EntryWallClock, r.EntryTimestamp);
                r.AppendEntryText(sb);
            }
            else
            {
                FlushOpen();
                AppendLeader(sb, r.Tid, DateTime.UtcNow, Stopwatch.GetTimestamp());
                sb.Append("<... ").Append(r.Name).Append(" resumed>");
            }
            if (whileRunning && r.MoreAtExit)
            {
                sb.Append(" <unfinished ...>");
            }
            sb.Append(") ");
            PadToResult(sb);
            sb.Append("= ?");
            AppendNote(sb, r.Note);
            Emit(sb.ToString());
        }
    }

    /// <summary>At the end of the session: -c's table.</summary>
    public void Finish()
    {
        if (summary is null)
        {
            return;
        }
        var table = summary.Render();
        if (Settings.Json)
        {
            EmitJson(w =>
            {
                w.WriteString("kind", "summary");
                w.WriteString("table", table);
            });
            return;
        }
        Emit(table.TrimEnd('\n'));
    }

    /// <summary>Entries wait for their exit unless -e status= or JSON print only whole calls.</summary>
    bool HoldsEntries => !Settings.Json && Settings.Status == CallStatus.All;

    /// <summary>Another line is about to be printed: a held entry goes out first, with "&lt;unfinished ...&gt;".</summary>
    void FlushOpen()
    {
        if (open is not { } r)
        {
            return;
        }
        open = null;
        r.Interrupted = true;
        var sb = new StringBuilder(96);
        AppendLeader(sb, r.Tid, r.EntryWallClock, r.EntryTimestamp);
        r.AppendEntryText(sb);
        sb.Append(" <unfinished ...>");
        Emit(sb.ToString());
    }

    /// <summary>When a decoder fails on unexpected memory, the call is still logged, with its registers in hex.</summary>
    static void Raw(CallRecord r, DecodeContext c)
    {
        r.Values.Clear();
        for (var i = 0; i < r.Syscall.Args.Length; i++)
        {
            r.Values.Add(LogValue.Hex(c.Word(i)));
        }
        r.EntryCount = r.Values.Count;
        r.MoreAtExit = false;
        r.ContinuesLastValue = false;
        r.SeparatorAtExit = false;
        r.Detail = null;
        r.DecodedRaw = true;
    }

    void Emit(string text) => Write(new LogEventProperty("text", new ScalarValue(text)));

    void Write(LogEventProperty property) =>
        sink.Write(new LogEvent(DateTimeOffset.UtcNow, LogEventLevel.Information, null, Template, [property]));
}
