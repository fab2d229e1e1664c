using Serilog;
using Serilog.Events;
using Serilog.Parsing;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Logging;

/// <summary>
/// The strace-style record of what tracees do: one Serilog event per syscall, signal and exit. Each event
/// carries the fields (pid, syscall, args, result, errno, duration, note) and the finished strace line, so
/// <see cref="StraceTextFormatter"/> and <see cref="JsonLinesFormatter"/> print the same facts.
/// </summary>
public sealed class SyscallLog(ILogger sink, TraceSelection selection, bool showDurations)
{
    static readonly MessageTemplate Template = new MessageTemplateParser().Parse("{text}");

    /// <summary>A log that shows nothing: no syscall stops because of it.</summary>
    public static SyscallLog Off { get; } = new(Serilog.Core.Logger.None, TraceSelection.None, false);

    public bool Enabled => !selection.IsEmpty;

    public bool TraceAll => selection.IsEverything;

    public bool Shows(SyscallDescriptor? syscall) => syscall is not null && selection.Includes(syscall);

    /// <summary>The table rows the log shows (every row when it shows everything).</summary>
    public IEnumerable<SyscallDescriptor> ShownSyscalls => SyscallTable.All.Where(selection.Includes);

    public void Call(int pid, string name, IReadOnlyList<string> args, RetKind retKind, long ret, TimeSpan? duration, string? note)
    {
        var result = SyscallDecoder.FormatResult(retKind, ret);
        var text = $"[pid {pid}] {name}({string.Join(", ", args)}) = {result}";
        if (note is not null)
        {
            text += $" [{note}]";
        }
        if (showDurations && duration is { } d)
        {
            text += $" <{d.TotalSeconds:0.000000}>";
        }
        var props = new List<LogEventProperty>
        {
            new("kind", new ScalarValue("syscall")),
            new("pid", new ScalarValue(pid)),
            new("syscall", new ScalarValue(name)),
            new("args", new SequenceValue(args.Select(a => new ScalarValue(a)))),
        };
        if (retKind != RetKind.NoReturn)
        {
            var failed = ret < 0 && ret >= -4095;
            props.Add(new("ret", new ScalarValue(failed ? -1 : ret)));
            if (failed)
            {
                props.Add(new("errno", new ScalarValue(LinuxNames.ErrnoName((int)-ret) ?? ((int)-ret).ToString())));
            }
        }
        if (duration is { } dur)
        {
            props.Add(new("duration", new ScalarValue(Math.Round(dur.TotalSeconds, 6))));
        }
        if (note is not null)
        {
            props.Add(new("note", new ScalarValue(note)));
        }
        Emit(text, props);
    }

    /// <summary>A call that will not return (exit_group) or whose return the log cannot wait for.</summary>
    public void Unfinished(int pid, string name, IReadOnlyList<string> args) =>
        Call(pid, name, args, RetKind.NoReturn, 0, null, null);

    /// <summary>An operation a module performed for a tracee, in words: `[pid N] netfs: ...`.</summary>
    public void Operation(int pid, string module, string text)
    {
        if (!Enabled)
        {
            return;
        }
        Emit($"[pid {pid}] {module}: {text}", [
            new("kind", new ScalarValue(module)),
            new("pid", new ScalarValue(pid)),
            new("operation", new ScalarValue(text)),
        ]);
    }

    public void SignalDelivered(int pid, in SigInfo info)
    {
        var name = LinuxNames.SignalName(info.Signo) ?? info.Signo.ToString();
        var text = $"[pid {pid}] --- {name} {{si_signo={name}, si_code={info.Code}, si_pid={info.Pid}, si_uid={info.Uid}}} ---";
        Emit(text, [
            new("kind", new ScalarValue("signal")),
            new("pid", new ScalarValue(pid)),
            new("signal", new ScalarValue(name)),
        ]);
    }

    public void Exited(int pid, int code) => Emit($"[pid {pid}] +++ exited with {code} +++", [
        new("kind", new ScalarValue("exit")),
        new("pid", new ScalarValue(pid)),
        new("status", new ScalarValue(code)),
    ]);

    public void Killed(int pid, int signal, bool coreDumped)
    {
        var name = LinuxNames.SignalName(signal) ?? signal.ToString();
        Emit($"[pid {pid}] +++ killed by {name}{(coreDumped ? " (core dumped)" : "")} +++", [
            new("kind", new ScalarValue("killed")),
            new("pid", new ScalarValue(pid)),
            new("signal", new ScalarValue(name)),
        ]);
    }

    void Emit(string text, List<LogEventProperty> props)
    {
        props.Add(new("text", new ScalarValue(text)));
        sink.Write(new LogEvent(DateTimeOffset.Now, LogEventLevel.Information, null, Template, props));
    }
}
