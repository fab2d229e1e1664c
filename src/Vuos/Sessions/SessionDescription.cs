using System.Text.Json;
using Vuos.Net.Interop;
using Vuos.Net.Modules.Msocket;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Cli.Sessions;

/// <summary>What <c>vuos sessions</c> shows of a running session: who runs what since when, and its stacks.</summary>
sealed class SessionDescription(IReadOnlyList<string> command, MsocketSession session, Func<TracerEngine?> engine, string? netfs)
{
    readonly DateTimeOffset started = DateTimeOffset.Now;

    public void Write(Utf8JsonWriter w)
    {
        w.WriteNumber("pid", Environment.ProcessId);
        w.WriteNumber("uid", Libc.geteuid());
        w.WriteString("started", started.ToString("O"));
        w.WriteStartArray("command");
        foreach (var word in command)
        {
            w.WriteStringValue(word);
        }
        w.WriteEndArray();
        if (engine() is { } running)
        {
            w.WriteNumber("processes", running.Processes.ProcessCount);
        }
        if (netfs is not null)
        {
            w.WriteString("netfs", netfs);
        }
        var defaults = session.InitialDefaults.GroupBy(d => d.Value).ToDictionary(g => g.Key, g => g.Select(d => AddressFamilies.NameOf(d.Key)).ToList());
        w.WriteStartArray("stacks");
        foreach (var mount in session.Mounts.Mounts.OrderBy(m => m.Path, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("path", mount.Path);
            w.WriteString("kind", mount.Spec.Kind.ToString().ToLowerInvariant());
            w.WriteString("spec", mount.Spec.Text);
            w.WriteString("state", mount.Failure is not null ? "failed" : mount.IsBuilt ? "up" : "not started");
            if (mount.Failure is { } failure)
            {
                w.WriteString("failure", failure);
            }
            if (mount.IsBuilt && mount.Failure is null && mount.Stack.Forwards is { Count: > 0 } forwards)
            {
                w.WriteStartArray("forwards");
                foreach (var forward in forwards)
                {
                    w.WriteStringValue(forward);
                }
                w.WriteEndArray();
            }
            if (mount.Spec.CapturePath is { } capture)
            {
                w.WriteString("capture", capture);
            }
            if (mount.Spec.Impairment is { } impairment)
            {
                w.WriteString("impairment", impairment.ToString());
            }
            if (defaults.TryGetValue(mount, out var families))
            {
                w.WriteStartArray("default_for");
                families.ForEach(w.WriteStringValue);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
