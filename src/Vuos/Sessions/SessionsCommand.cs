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

    public SessionsCommand()
        : base("sessions", "list the running sessions of this user, their commands and stacks")
    {
        Arguments.Add(pid);
        Options.Add(json);
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
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"vuos: sessions: {e.Message}");
                failed = true;
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
