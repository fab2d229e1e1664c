using System.Buffers;
using System.Net.Sockets;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Serilog;
using Vuos.Net.Interop;

namespace Vuos.Net.Cli.Sessions;

/// <summary>
/// A running session's control socket (<see cref="SessionDirectory"/>): one JSON request per connection, one
/// JSON reply, in slirp4netns's API style (<c>{"execute": "describe"}</c> answers <c>{"return": {...}}</c>,
/// errors <c>{"error": {"desc": "..."}}</c>). Only the session's user and root may ask, and never a process of
/// the session itself (it lives in the session's mount namespace): a program under test cannot reconfigure
/// its own network.
/// </summary>
sealed class SessionControl : IDisposable
{
    const int MaxRequest = 64 * 1024;
    const int SO_PEERCRED = 17;

    readonly Action<Utf8JsonWriter> describe;
    readonly ISessionChanges changes;
    readonly ILogger diag;
    readonly string? ownMountNamespace = ReadLink("/proc/self/ns/mnt");
    readonly UnixSocketServer server;

    SessionControl(Socket listener, string path, Action<Utf8JsonWriter> describe, ISessionChanges changes, ILogger diag)
    {
        this.describe = describe;
        this.changes = changes;
        this.diag = diag;
        server = new UnixSocketServer(listener, path, "vuos-control", Serve, e => diag.Debug("control socket: {Message:l}", e.Message));
    }

    /// <summary>Publishes the session's socket; null (with a note in the diagnostics) when it cannot.</summary>
    public static SessionControl? Publish(Action<Utf8JsonWriter> describe, ISessionChanges changes, ILogger diag)
    {
        string path;
        try
        {
            SessionDirectory.Prepare();
            path = SessionDirectory.SocketOf(Environment.ProcessId);
            File.Delete(path); // a stale socket of an earlier process with this pid
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diag.Information("no control socket for this session: {Message:l}", e.Message);
            return null;
        }
        var listener = new Socket(System.Net.Sockets.AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        // Bound under another name and renamed once listening: a socket file that exists always answers, so a
        // listing never takes a starting session for a dead one (and sweeps its socket away).
        var unpublished = path + ".new";
        try
        {
            File.Delete(unpublished);
            listener.Bind(new UnixDomainSocketEndPoint(unpublished));
            listener.Listen(8);
            File.Move(unpublished, path, overwrite: true);
            return new SessionControl(listener, path, describe, changes, diag);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            File.Delete(unpublished);
            listener.Dispose();
            diag.Information("no control socket for this session: {Path:l}: {Message:l}", path, e.Message);
            return null;
        }
    }

    void Serve(Socket client)
    {
        byte[] reply;
        try
        {
            reply = Answer(client);
        }
        catch (Exception e) when (e is not SocketException)
        {
            // Whatever a request does wrong, the session goes on: the asker gets the reason.
            diag.Warning("control socket: {Message:l}", e.Message);
            reply = Reply(w => Error(w, $"internal error: {e.Message}"));
        }
        client.Send(reply);
    }

    byte[] Answer(Socket client)
    {
        // The request is read before any refusal: a reply to unread data would reach the asker as a reset.
        var request = ReadLine(client);
        if (Refusal(client) is { } refusal)
        {
            return Reply(w => Error(w, refusal));
        }
        if (request is null)
        {
            return Reply(w => Error(w, $"a request is one JSON object on one line, at most {MaxRequest} bytes"));
        }
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(request);
        }
        catch (JsonException e)
        {
            return Reply(w => Error(w, $"not JSON: {e.Message}"));
        }
        using var json = parsed;
        var root = json.RootElement;
        var command = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("execute", out var execute) &&
            execute.ValueKind == JsonValueKind.String ? execute.GetString() : null;
        var arguments = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("arguments", out var a) &&
            a.ValueKind == JsonValueKind.Object ? a : default;
        return command switch
        {
            "describe" => Reply(w =>
            {
                w.WritePropertyName("return");
                w.WriteStartObject();
                describe(w);
                w.WriteEndObject();
            }),
            "add_forward" => Changed(changes.Add(Text(arguments, "stack"), Text(arguments, "forward")), "id"),
            "remove_forward" => Changed(changes.Remove(Text(arguments, "stack"),
                arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty("id", out var id) && id.TryGetInt32(out var n) ? n : 0), null),
            "start_capture" => Changed(changes.StartCapture(Text(arguments, "stack"), Text(arguments, "file")), null),
            "stop_capture" => Changed(changes.StopCapture(Text(arguments, "stack")), null),
            null => Reply(w => Error(w, "no \"execute\" string in the request")),
            _ => Reply(w => Error(w, $"unknown command \"{command}\" (known: describe, add_forward, remove_forward, start_capture, stop_capture)")),
        };
    }

    static string Text(JsonElement arguments, string name) =>
        arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";

    static byte[] Changed((int Id, string? Error) result, string? idName) => result.Error is { } error
        ? Reply(w => Error(w, error))
        : Reply(w =>
        {
            w.WritePropertyName("return");
            w.WriteStartObject();
            if (idName is not null)
            {
                w.WriteNumber(idName, result.Id);
            }
            w.WriteEndObject();
        });

    /// <summary>Why this peer may not ask, or null.</summary>
    string? Refusal(Socket client)
    {
        Span<byte> credentials = stackalloc byte[12];
        if (client.GetRawSocketOption(SocketConst.SOL_SOCKET, SO_PEERCRED, credentials) != 12)
        {
            return "cannot tell who is asking";
        }
        var pid = BitConverter.ToInt32(credentials[..4]);
        var uid = BitConverter.ToUInt32(credentials[4..8]);
        if (uid != 0 && uid != Libc.geteuid())
        {
            return "only the session's user and root may ask";
        }
        var peerMounts = ReadLink($"/proc/{pid}/ns/mnt");
        return peerMounts is null || peerMounts != ownMountNamespace
            ? "processes in a vuos session cannot control sessions"
            : null;
    }

    static string? ReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The request line, or null when it is empty or too long. A too-long request is still read to its end, so
    /// that the error reply is not lost to a reset (a unix socket closed with unread data resets its peer).
    /// </summary>
    static byte[]? ReadLine(Socket client)
    {
        var buffer = new byte[MaxRequest];
        var length = 0;
        var discarded = 0L;
        while (discarded < 64 * MaxRequest)
        {
            var target = length < buffer.Length ? buffer.AsSpan(length) : buffer.AsSpan(0, 4096);
            int n;
            try
            {
                n = client.Receive(target);
            }
            catch (SocketException)
            {
                return null;
            }
            if (n == 0 || target[..n].Contains((byte)'\n'))
            {
                length += length < buffer.Length ? n : 0;
                break;
            }
            if (length < buffer.Length)
            {
                length += n;
            }
            else
            {
                discarded += n;
            }
        }
        var line = buffer.AsSpan(0, Math.Min(length, buffer.Length)).TrimEnd("\r\n"u8);
        return line.IsEmpty || discarded > 0 || length >= buffer.Length ? null : line.ToArray();
    }

    static void Error(Utf8JsonWriter w, string description)
    {
        w.WritePropertyName("error");
        w.WriteStartObject();
        w.WriteString("desc", description);
        w.WriteEndObject();
    }

    static byte[] Reply(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return [.. buffer.WrittenSpan, (byte)'\n'];
    }

    public void Dispose() => server.Dispose();
}
