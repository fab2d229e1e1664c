using System.CommandLine;
using System.CommandLine.Parsing;
using Serilog;
using Vuos.Net.Tracer.Logging;

namespace Vuos.Net.Cli;

/// <summary>
/// The syscall log's options, spelled as strace's where they mean the same: --trace[=SET] (or -e trace=SET),
/// -e status=, -o, -s, -T, -t/-tt/-ttt, -r, -y/-yy, -c/-C, -q, -f; and --log-format.
/// </summary>
sealed class TraceOptions
{
    readonly Option<TraceSelection?> trace = new("--trace")
    {
        Description = $"Log syscalls strace-style: all, or a set of classes ({TraceSelection.KnownClasses}, also as %net, %file...), " +
            "syscall names and /regexes; !SET for everything else",
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = ParseTrace,
    };

    readonly Option<string[]> expressions = new("-e")
    {
        Description = "strace's qualifying expression: trace=SET (as --trace), status=successful,failed,unfinished",
        HelpName = "EXPR",
    };

    readonly Option<FileInfo?> output = new("--output", "-o")
    {
        Description = "Write the syscall log to FILE instead of stderr (each line then starts with the task's id, as strace's)",
        HelpName = "FILE",
    };

    readonly Option<string> logFormat = new("--log-format")
    {
        Description = "Format of the syscall log: strace's text, or JSON lines",
        DefaultValueFactory = _ => "text",
    };

    readonly Option<bool> durations = new("-T")
    {
        Description = "Show the time spent in each logged syscall",
    };

    readonly Option<int> stringLimit = new("--string-limit", "-s")
    {
        Description = "Print at most N bytes of strings and buffers in the log (paths are printed whole)",
        DefaultValueFactory = _ => 32,
        HelpName = "N",
    };

    readonly Option<bool> follow = new("-f")
    {
        Description = "Follow forks and threads (always on; accepted for strace's command lines)",
    };

    readonly Option<bool> summaryOnly = new("-c")
    {
        Description = "Count time, calls and errors per syscall and print a summary table at the end instead of the lines",
    };

    readonly Option<bool> summaryAlso = new("-C")
    {
        Description = "Like -c, and print the lines too",
    };

    readonly Option<bool> seconds = new("-t") { Description = "Prefix each line with the time of day" };

    readonly Option<bool> micros = new("-tt") { Description = "Prefix each line with the time of day, with microseconds" };

    readonly Option<bool> epoch = new("-ttt") { Description = "Prefix each line with the time since the epoch, with microseconds" };

    readonly Option<bool> relative = new("-r") { Description = "Prefix each line with the time since the previous one" };

    readonly Option<bool> paths = new("-y") { Description = "Print the paths of descriptors" };

    readonly Option<bool> endpoints = new("-yy") { Description = "Print descriptors' paths, sockets' endpoints and stack, devices' numbers" };

    readonly Option<bool> quiet = new("-q") { Description = "No 'Process N attached' notes" };

    public TraceOptions(Command command)
    {
        logFormat.AcceptOnlyFromAmong("text", "json");
        stringLimit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--string-limit must not be negative");
            }
        });
        expressions.Validators.Add(r =>
        {
            foreach (var e in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (ParseExpression(e, out _, out _) is { } error)
                {
                    r.AddError(error);
                }
            }
        });
        foreach (var option in new Option[] { trace, expressions, output, logFormat, durations, stringLimit, follow, summaryOnly, summaryAlso,
            seconds, micros, epoch, relative, paths, endpoints, quiet })
        {
            command.Options.Add(option);
        }
    }

    public bool Json(ParseResult parse) => parse.GetValue(logFormat) == "json";

    /// <summary>The log the command line asks for, and the logger it writes to (null when nothing is logged).</summary>
    public (SyscallLog Log, LogSetup.SafeClose? Sink) Build(ParseResult parse)
    {
        var selection = parse.GetResult(trace) is null ? TraceSelection.None : parse.GetValue(trace) ?? TraceSelection.Everything;
        var status = CallStatus.All;
        foreach (var e in parse.GetValue(expressions) ?? [])
        {
            ParseExpression(e, out var traced, out var statuses);
            if (traced is not null)
            {
                selection = traced;
            }
            if (statuses is { } s)
            {
                status = s;
                if (selection.IsEmpty)
                {
                    selection = TraceSelection.Everything;
                }
            }
        }
        var summary = parse.GetValue(summaryOnly) ? SummaryMode.Only : parse.GetValue(summaryAlso) ? SummaryMode.Also : SummaryMode.None;
        if (summary != SummaryMode.None && selection.IsEmpty)
        {
            selection = TraceSelection.Everything;
        }
        if (selection.IsEmpty)
        {
            return (SyscallLog.Off, null);
        }
        var file = parse.GetValue(output)?.FullName;
        var settings = new LogSettings
        {
            StringLimit = parse.GetValue(stringLimit),
            ShowDurations = parse.GetValue(durations),
            Timestamps = parse.GetValue(epoch) ? TimestampStyle.Epoch : parse.GetValue(micros) ? TimestampStyle.Microseconds
                : parse.GetValue(seconds) ? TimestampStyle.Seconds : TimestampStyle.None,
            RelativeTimestamps = parse.GetValue(relative),
            DecodeFds = parse.GetValue(endpoints) ? 2 : parse.GetValue(paths) ? 1 : 0,
            Status = status,
            Summary = summary,
            ToFile = file is not null,
            Json = Json(parse),
            Quiet = parse.GetValue(quiet),
        };
        var sink = new LogSetup.SafeClose(LogSetup.Trace(file, settings.Json));
        Action<string> notes = settings.Json ? note => Console.Error.WriteLine(JsonNote(note)) : note => Console.Error.WriteLine($"vuos: {note}");
        return (new SyscallLog(sink.Logger, selection, settings, notes), sink);
    }

    /// <summary>A note as a JSON line, so that a JSON log on stderr stays JSON.</summary>
    static string JsonNote(string note)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            w.WriteStartObject();
            w.WriteString("time", DateTime.Now.ToString("O"));
            w.WriteString("kind", "note");
            w.WriteString("note", note);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    static TraceSelection? ParseTrace(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return TraceSelection.Everything;
        }
        var token = result.Tokens[0].Value;
        if (TraceSelection.Parse(token, out var unknown) is { } selection)
        {
            return selection;
        }
        if (token.Contains(',') || token.StartsWith('%') || token.StartsWith('!'))
        {
            result.AddError($"--trace: '{unknown}' is neither a class ({TraceSelection.KnownClasses}) nor a syscall name");
            return null;
        }
        // Not a class or syscall: the token is the command's (`--trace curl ...`).
        result.OnlyTake(0);
        return TraceSelection.Everything;
    }

    /// <summary>One -e expression: [trace=]SET or status=LIST; returns an error message for anything else.</summary>
    static string? ParseExpression(string expression, out TraceSelection? selection, out CallStatus? status)
    {
        selection = null;
        status = null;
        var eq = expression.IndexOf('=');
        var qualifier = eq < 0 ? "trace" : expression[..eq];
        var value = eq < 0 ? expression : expression[(eq + 1)..];
        switch (qualifier)
        {
            case "trace" or "t":
                selection = TraceSelection.Parse(value, out var unknown);
                return selection is null ? $"-e trace: '{unknown}' is neither a class ({TraceSelection.KnownClasses}) nor a syscall name" : null;
            case "status":
                var negate = value.StartsWith('!');
                var set = CallStatus.None;
                foreach (var word in (negate ? value[1..] : value).Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    set |= word switch
                    {
                        "successful" => CallStatus.Successful,
                        "failed" => CallStatus.Failed,
                        "unfinished" => CallStatus.Unfinished,
                        "all" => CallStatus.All,
                        "none" => CallStatus.None,
                        _ => (CallStatus)(-1),
                    };
                    if (set < 0)
                    {
                        return $"-e status: '{word}' is not one of successful, failed, unfinished";
                    }
                }
                status = negate ? CallStatus.All & ~set : set;
                return null;
            default:
                return $"-e {qualifier}: vuos knows trace= and status=";
        }
    }
}
