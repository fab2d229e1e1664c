using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Serilog;
using Vuos.Net.Interop;

namespace Vuos.Net.Stacks.Slirp;

/// <summary>
/// slirp4netns's JSON API on a unix socket (`api=PATH`), so scripts and rootlesskit-style tools written for
/// slirp4netns drive a slirp stack unchanged: one request per connection, read in one read of at most 4096
/// bytes, answered and closed, with slirp4netns's replies and error texts (api.c): `add_hostfwd` →
/// `{"return":{"id":N}}`, `list_hostfwd` → `{"entries":[...]}`, `remove_hostfwd` → `{"return":{}}`. Deliberate
/// differences: a missing guest_addr is the stack's own address (10.0.2.15; slirp4netns's is 10.0.2.100, an
/// address it hands out by DHCP, which a vuos stack does not use), and the hostfwd= forwards of the stack's
/// spec are listed too, with the first ids.
/// </summary>
public sealed class SlirpApi : IDisposable
{
    const int BufferLength = 4096;

    readonly SlirpRelay relay;
    readonly SlirpOptions options;
    readonly ILogger log;
    readonly byte[] received = new byte[BufferLength]; // one for all requests: the server serves one at a time
    readonly UnixSocketServer server;

    public SlirpApi(SlirpRelay relay, SlirpOptions options, string path, ILogger log)
    {
        this.relay = relay;
        this.options = options;
        this.log = log;
        var listener = new Socket(System.Net.Sockets.AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            File.Delete(path); // as slirp4netns: a stale socket of an earlier run
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(8);
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException)
        {
            listener.Dispose();
            throw new InvalidOperationException($"slirp: api={path}: {e.Message}");
        }
        server = new UnixSocketServer(listener, path, "slirp api", Serve, e => log.Debug("slirp api: {Message:l}", e.Message));
    }

    /// <summary>One request: read in one read, answered, and the connection shut down.</summary>
    void Serve(Socket client)
    {
        try
        {
            var n = client.Receive(received);
            var reply = n == BufferLength
                ? Error("bad request: too large message")
                : Handle(received.AsSpan(0, n));
            client.Send(reply);
            client.Shutdown(SocketShutdown.Both);
        }
        catch (InvalidOperationException e)
        {
            log.Debug("slirp api: {Message:l}", e.Message);
        }
    }

    byte[] Handle(ReadOnlySpan<byte> request)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(request.ToArray());
        }
        catch (JsonException)
        {
            return Error("bad request: cannot parse JSON");
        }
        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Error("bad request: json_object() failed");
            }
            if (!root.TryGetProperty("execute", out var execute) || execute.ValueKind != JsonValueKind.String)
            {
                return Error("bad request: no execute found");
            }
            var arguments = root.TryGetProperty("arguments", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
            return execute.GetString() switch
            {
                "add_hostfwd" => Add(arguments),
                "list_hostfwd" => List(),
                "remove_hostfwd" => Remove(arguments),
                _ => Error("bad request: unknown execute"),
            };
        }
    }

    byte[] Add(JsonElement arguments)
    {
        var proto = String(arguments, "proto");
        if (proto is not ("tcp" or "udp"))
        {
            return Error("bad request: add_hostfwd: bad arguments.proto");
        }
        var hostText = String(arguments, "host_addr");
        if (!IPAddress.TryParse(string.IsNullOrEmpty(hostText) ? "0.0.0.0" : hostText, out var host) || host.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return Error("bad request: add_hostfwd: bad arguments.host_addr");
        }
        var hostPort = Number(arguments, "host_port");
        if (hostPort is <= 0 or > 65535)
        {
            return Error("bad request: add_hostfwd: bad arguments.host_port");
        }
        var guestText = String(arguments, "guest_addr");
        var guest = options.Guest;
        if (!string.IsNullOrEmpty(guestText))
        {
            if (!IPAddress.TryParse(guestText, out var parsed) || parsed.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            {
                return Error("bad request: add_hostfwd: bad arguments.guest_addr");
            }
            guest = parsed;
        }
        var guestPort = Number(arguments, "guest_port");
        if (guestPort is <= 0 or > 65535)
        {
            return Error("bad request: add_hostfwd: bad arguments.guest_port");
        }
        var forward = new HostForward(proto == "udp", host, hostPort, guest, guestPort);
        var (id, error) = relay.AddForward(forward);
        if (error is not null)
        {
            log.Information("slirp api: add_hostfwd {Forward:l} failed: {Error:l}", forward.ToString(), error);
            return Error("bad request: add_hostfwd: slirp_add_hostfwd failed");
        }
        log.Information("slirp api: forward {Id}: {Forward:l}", id, forward.ToString());
        return Json(w =>
        {
            w.WriteStartObject("return");
            w.WriteNumber("id", id);
            w.WriteEndObject();
        });
    }

    byte[] List() => Json(w =>
    {
        w.WriteStartArray("entries");
        foreach (var (id, f) in relay.Forwards)
        {
            w.WriteStartObject();
            w.WriteNumber("id", id);
            w.WriteString("proto", f.Protocol);
            w.WriteString("host_addr", f.HostAddress.ToString());
            w.WriteNumber("host_port", f.HostPort);
            w.WriteString("guest_addr", f.GuestAddress.ToString());
            w.WriteNumber("guest_port", f.GuestPort);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    byte[] Remove(JsonElement arguments)
    {
        var id = Number(arguments, "id");
        if (!relay.Forwards.Any(f => f.Id == id))
        {
            return Error("bad request: remove_hostfwd: bad arguments.id");
        }
        return relay.RemoveForward(id)
            ? Json(w =>
            {
                w.WriteStartObject("return");
                w.WriteEndObject();
            })
            : Error("bad request: remove_hostfwd: slirp_remove_hostfwd failed");
    }

    static string? String(JsonElement arguments, string name) =>
        arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>As parson's json_object_dotget_number: a missing or non-number value is 0; a fraction is cut.</summary>
    static int Number(JsonElement arguments, string name) =>
        arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number &&
        v.TryGetDouble(out var d) && d is > int.MinValue and < int.MaxValue ? (int)d : 0;

    static byte[] Error(string description) => Json(w =>
    {
        w.WriteStartObject("error");
        w.WriteString("desc", description);
        w.WriteEndObject();
    });

    static byte[] Json(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public void Dispose() => server.Dispose();
}
