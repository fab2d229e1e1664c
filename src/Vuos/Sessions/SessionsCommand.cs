using System.CommandLine;
using System.Text;
using System.Text.Json;

namespace Vuos.Net.Cli.Sessions;

/// <summary>
/// <c>vuos sessions [PID] [--json]</c>: the user's running sessions (root sees root's), each with its command
/// and stacks, read from their control sockets. Sockets left by sessions that were killed are removed.
/// </summary>
sealed class SessionsCommand : Command
{
    readonly Argument<int?> pid = new("pid") { Arity = ArgumentArity.ZeroOrOne, Description = "show this session only, in full" };
    readonly Option<bool> json = new("--json") { Description = "one JSON object per session, as its control socket says it" };
    readonly Option<string?> addForward = new("--add-forward") { Description = "add a host forward to a running slirp stack of session PID", HelpName = "STACK=PROTO:HOSTPORT:GUESTPORT" };
    readonly Option<string?> removeForward = new("--remove-forward") { Description = "remove host forward ID from a slirp stack of session PID", HelpName = "STACK=ID" };
    readonly Option<string?> capture = new("--capture") { Description = "start capturing a stack of session PID to FILE (pcap, as pcap= does)", HelpName = "STACK=FILE" };
    readonly Option<string?> stopCapture = new("--stop-capture") { Description = "stop the capture of a stack of session PID", HelpName = "STACK" };

    public SessionsCommand()
        : base("sessions", "list the running sessions of this user, their commands and stacks")
    {
        Arguments.Add(pid);
        Options.Add(json);
        Options.Add(addForward);
        Options.Add(removeForward);
        Options.Add(capture);
        Options.Add(stopCapture);
        SetAction(Run);
    }

    int Run(ParseResult parse)
    {
        var only = parse.GetValue(pid);
        if (only is <= 0)
        {
            Console.Error.WriteLine($"vuos: sessions: {only} is not a pid");
            return 2;
        }
        if (parse.GetValue(addForward) is { } add)
        {
            return Change(only, add, "add_forward", (stack, value, w) =>
            {
                w.WriteString("stack", stack);
                w.WriteString("forward", value);
            });
        }
        if (parse.GetValue(removeForward) is { } remove)
        {
            return Change(only, remove, "remove_forward", (stack, value, w) =>
            {
                w.WriteString("stack", stack);
                w.WriteNumber("id", int.TryParse(value, out var id) ? id : 0);
            });
        }
        if (parse.GetValue(capture) is { } start)
        {
            return Change(only, start, "start_capture", (stack, value, w) =>
            {
                w.WriteString("stack", stack);
                w.WriteString("file", Path.GetFullPath(value));
            });
        }
        if (parse.GetValue(stopCapture) is { } stop)
        {
            return Change(only, stop + "=-", "stop_capture", (stack, _, w) => w.WriteString("stack", stack));
        }
        var pids = only is { } one ? [one] : SessionDirectory.Listed().ToList();
        var described = new List<JsonElement>();
        var failed = false;
        foreach (var p in pids)
        {
            try
            {
                if (SessionClient.Execute(p, "describe") is { } description)
                {
                    described.Add(description);
                }
                else if (only is not null)
                {
                    Console.Error.WriteLine($"vuos: sessions: no session {p} of this user is running");
                    return 1;
                }
                else
                {
                    RemoveStale(p);
                }
            }
            catch (InvalidOperationException e) when (only is not null)
            {
                Console.Error.WriteLine($"vuos: sessions: {e.Message}");
                failed = true;
            }
            catch (InvalidOperationException)
            {
                // Listing all: a session that ends while it is asked is simply no longer running.
            }
        }
        if (parse.GetValue(json))
        {
            described.ForEach(d => Console.WriteLine(d.GetRawText()));
        }
        else if (only is not null)
        {
            described.ForEach(PrintFull);
        }
        else
        {
            PrintTable(described);
        }
        return failed ? 1 : 0;
    }

    /// <summary>--add-forward, --remove-forward, --capture and --stop-capture: STACK=VALUE sent to session PID; prints the new id, if any.</summary>
    static int Change(int? pid, string text, string command, Action<string, string, System.Text.Json.Utf8JsonWriter> arguments)
    {
        var eq = text.IndexOf('=');
        if (pid is null || eq <= 0 || eq == text.Length - 1)
        {
            Console.Error.WriteLine($"vuos: sessions: {command.Replace('_', '-')} needs a session and {(command == "stop_capture" ? "STACK" : "STACK=VALUE")}, e.g. vuos sessions 4242 {Example(command)}");
            return 2;
        }
        try
        {
            var result = SessionClient.Execute(pid.Value, command, w => arguments(text[..eq], text[(eq + 1)..], w));
            if (result is not { } done)
            {
                Console.Error.WriteLine($"vuos: sessions: no session {pid} of this user is running");
                return 1;
            }
            if (done.TryGetProperty("id", out var id))
            {
                Console.WriteLine(id.GetInt32());
            }
            return 0;
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"vuos: sessions: {e.Message}");
            return 1;
        }
    }

    static string Example(string command) => command switch
    {
        "start_capture" => "--capture nat=nat.pcap",
        "stop_capture" => "--stop-capture nat",
        "remove_forward" => "--remove-forward nat=1",
        _ => "--add-forward nat=tcp:8080:80",
    };

    static void RemoveStale(int pid)
    {
        try
        {
            File.Delete(SessionDirectory.SocketOf(pid));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    static void PrintTable(List<JsonElement> sessions)
    {
        if (sessions.Count == 0)
        {
            Console.WriteLine("no running sessions");
            return;
        }
        var rows = sessions.Select(s => new[]
        {
            s.GetProperty("pid").GetInt32().ToString(),
            Started(s),
            s.TryGetProperty("processes", out var n) ? n.GetInt32().ToString() : "-",
            Shorten(CommandLine(s), 40),
            string.Join(", ", s.GetProperty("stacks").EnumerateArray().Select(Stack)),
        }).ToList();
        string[] header = ["PID", "STARTED", "PROCS", "COMMAND", "STACKS"];
        var widths = Enumerable.Range(0, header.Length - 1).Select(i => rows.Select(r => r[i].Length).Append(header[i].Length).Max()).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            var line = new StringBuilder();
            for (var i = 0; i < row.Length - 1; i++)
            {
                line.Append(row[i].PadRight(widths[i] + 2));
            }
            Console.WriteLine(line.Append(row[^1]).ToString());
        }
    }

    static void PrintFull(JsonElement s)
    {
        Console.WriteLine($"session {s.GetProperty("pid").GetInt32()}, started {Started(s)}, uid {s.GetProperty("uid").GetUInt32()}");
        Console.WriteLine($"  command: {CommandLine(s)}");
        if (s.TryGetProperty("processes", out var n))
        {
            Console.WriteLine($"  processes: {n.GetInt32()}");
        }
        if (s.TryGetProperty("netfs", out var netfs))
        {
            Console.WriteLine($"  netfs: {netfs.GetString()}");
        }
        foreach (var stack in s.GetProperty("stacks").EnumerateArray())
        {
            var line = $"  stack {stack.GetProperty("path").GetString()}: {stack.GetProperty("spec").GetString()}, {stack.GetProperty("state").GetString()}";
            if (stack.TryGetProperty("default_for", out var families))
            {
                line += $", default for {string.Join(" ", families.EnumerateArray().Select(f => f.GetString()))}";
            }
            if (stack.TryGetProperty("failure", out var failure))
            {
                line += $" ({failure.GetString()})";
            }
            Console.WriteLine(line);
            if (stack.TryGetProperty("forwards", out var forwards))
            {
                foreach (var forward in forwards.EnumerateArray())
                {
                    Console.WriteLine($"    forward {forward.GetString()}");
                }
            }
            if (stack.TryGetProperty("capture", out var capture))
            {
                Console.WriteLine($"    capturing to {capture.GetString()}");
            }
            if (stack.TryGetProperty("impairment", out var impairment))
            {
                Console.WriteLine($"    impaired: {impairment.GetString()}");
            }
        }
    }

    static string Stack(JsonElement stack) =>
        $"{stack.GetProperty("path").GetString()} ({stack.GetProperty("kind").GetString()}{(stack.TryGetProperty("default_for", out _) ? ", default" : "")})";

    static string Started(JsonElement s) =>
        DateTimeOffset.TryParse(s.GetProperty("started").GetString(), out var t) ? t.ToLocalTime().ToString("HH:mm:ss") : "?";

    static string CommandLine(JsonElement s) => string.Join(' ', s.GetProperty("command").EnumerateArray().Select(w => w.GetString()));

    static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
