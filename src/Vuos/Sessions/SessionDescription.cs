using System.Text.Json;
using Vuos.Net.Interop;
using Vuos.Net.Modules.Msocket;
using Vuos.Net.Stacks;
using Vuos.Net.Tracer.Engine;

namespace Vuos.Net.Cli.Sessions;

/// <summary>What <c>vuos sessions</c> shows of a running session: who runs what since when, and its stacks.</summary>
sealed class SessionDescription(IReadOnlyList<string> command, MsocketSession session, Func<TracerEngine?> engine, string? netfs)
    : ISessionChanges
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
            if ((mount.IsBuilt && mount.Failure is null ? mount.Stack.CapturePath : mount.Spec.CapturePath) is { } capture)
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

    public (int Id, string? Error) Add(string stack, string forward) =>
        Running(stack, out var error) is { } mount ? mount.Stack.AddForward(forward) : (0, error);

    public (int Id, string? Error) Remove(string stack, int id) =>
        Running(stack, out var error) is { } mount ? (0, mount.Stack.RemoveForward(id)) : (0, error);

    public (int Id, string? Error) StartCapture(string stack, string file) =>
        !Path.IsPathFullyQualified(file) ? (0, $"the capture file must be an absolute path, not {file}")
        : Started(stack, out var error) is { } mount ? (0, mount.Stack.StartCapture(file)) : (0, error);

    public (int Id, string? Error) StopCapture(string stack) =>
        Running(stack, out var error) is { } mount ? (0, mount.Stack.StopCapture()) : (0, error);

    /// <summary>The stack named, started now if no program has used it yet (a capture then holds its whole life).</summary>
    Vuos.Net.Modules.Msocket.StackMount? Started(string stack, out string? error)
    {
        var mount = session.Mounts.FindByName(stack);
        error = mount is null ? $"no stack {stack} in this session" : null;
        try
        {
            _ = mount?.Stack;
        }
        catch (Exception)
        {
            error = $"the stack {mount!.Path} cannot start: {mount.Failure}";
        }
        return error is null ? mount : null;
    }

    /// <summary>The stack named, if it is mounted and running.</summary>
    Vuos.Net.Modules.Msocket.StackMount? Running(string stack, out string? error)
    {
        var mount = session.Mounts.FindByName(stack);
        error = mount is null ? $"no stack {stack} in this session"
            : !mount.IsBuilt || mount.Failure is not null ? $"the stack {mount.Path} is not running"
            : null;
        return error is null ? mount : null;
    }
}
