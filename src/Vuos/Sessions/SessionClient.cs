using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Vuos.Net.Cli.Sessions;

/// <summary>Asks a running session's control socket one question.</summary>
static class SessionClient
{
    /// <summary>The reply's "return" object; null when nothing listens there any more (a session that was killed).</summary>
    /// <exception cref="InvalidOperationException">The session answered with an error, or not at all.</exception>
    public static JsonElement? Execute(int pid, string command, Action<Utf8JsonWriter>? arguments = null)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.ReceiveTimeout = 5000;
        socket.SendTimeout = 5000;
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(SessionDirectory.SocketOf(pid)));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable)
        {
            return null;
        }
        try
        {
            socket.Send(Request(command, arguments));
            var reply = new MemoryStream();
            var buffer = new byte[8192];
            int n;
            while ((n = socket.Receive(buffer)) > 0)
            {
                reply.Write(buffer, 0, n);
            }
            using var json = JsonDocument.Parse(reply.ToArray());
            if (json.RootElement.TryGetProperty("return", out var result))
            {
                return result.Clone();
            }
            var error = json.RootElement.TryGetProperty("error", out var e) && e.TryGetProperty("desc", out var d) ? d.GetString() : null;
            throw new InvalidOperationException($"session {pid}: {error ?? "an answer with neither return nor error"}");
        }
        catch (Exception e) when (e is SocketException or JsonException)
        {
            throw new InvalidOperationException($"session {pid}: {e.Message}");
        }
    }

    static byte[] Request(string command, Action<Utf8JsonWriter>? arguments)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("execute", command);
            if (arguments is not null)
            {
                w.WriteStartObject("arguments");
                arguments(w);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return [.. buffer.WrittenSpan, (byte)'\n'];
    }
}
