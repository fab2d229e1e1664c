using System.Collections.Concurrent;
using System.Net;
using System.Runtime.InteropServices;
using Vuos.Net.Interop;

namespace Vuos.Net.Stacks.Slirp;

/// <summary>
/// Forwards changed while the stack runs (slirp4netns's API): libslirp is not thread-safe, so each change runs
/// on the relay's thread, which a queued command wakes; the caller waits for its answer.
/// </summary>
public sealed unsafe partial class SlirpRelay
{
    readonly ConcurrentQueue<Action> commands = new();
    readonly object forwardsGate = new();
    readonly List<(int Id, HostForward Forward)> forwards = [];
    int nextForwardId = 1;
    SlirpApi? api;

    /// <summary>The forwards in place, with the ids the API knows them by (those of hostfwd= first).</summary>
    public IReadOnlyList<(int Id, HostForward Forward)> Forwards
    {
        get
        {
            lock (forwardsGate)
            {
                return [.. forwards];
            }
        }
    }

    /// <summary>Adds a forward; its id, or an error saying why not.</summary>
    public (int Id, string? Error) AddForward(HostForward forward) => OnRelayThread(() =>
    {
        var result = LibSlirp.slirp_add_hostfwd(slirp, forward.Udp ? 1 : 0, SlirpNativeConfig.InAddr(forward.HostAddress),
            forward.HostPort, SlirpNativeConfig.InAddr(forward.GuestAddress), forward.GuestPort);
        if (result < 0)
        {
            return (0, Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
        }
        if (!forward.Udp)
        {
            HostForwardBacklog.Raise(forward.HostPort);
        }
        return (Remember(forward), (string?)null);
    });

    /// <summary>Adds a forward written as hostfwd= takes it (tcp:8080:80, udp:127.0.0.1:5353:53).</summary>
    public (int Id, string? Error) AddForward(string spec)
    {
        HostForward forward;
        try
        {
            forward = HostForward.Parse(spec, options.Guest);
        }
        catch (FormatException e)
        {
            return (0, e.Message);
        }
        return AddForward(forward);
    }

    /// <summary>Removes the forward with that id; false when there is none (or libslirp refuses).</summary>
    public bool RemoveForward(int id) => OnRelayThread(() =>
    {
        HostForward? forward;
        lock (forwardsGate)
        {
            forward = forwards.FirstOrDefault(f => f.Id == id).Forward;
        }
        if (forward is null || LibSlirp.slirp_remove_hostfwd(slirp, forward.Udp ? 1 : 0, SlirpNativeConfig.InAddr(forward.HostAddress), forward.HostPort) < 0)
        {
            return false;
        }
        lock (forwardsGate)
        {
            forwards.RemoveAll(f => f.Id == id);
        }
        return true;
    });

    int Remember(HostForward forward)
    {
        lock (forwardsGate)
        {
            var id = nextForwardId++;
            forwards.Add((id, forward));
            return id;
        }
    }

    T OnRelayThread<T>(Func<T> work)
    {
        if (thread is null || stopping)
        {
            throw new InvalidOperationException("the slirp relay is not running");
        }
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        commands.Enqueue(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        Wake();
        return done.Task.Wait(TimeSpan.FromSeconds(10)) ? done.Task.Result : throw new InvalidOperationException("the slirp relay did not answer");
    }

    void RunCommands()
    {
        while (commands.TryDequeue(out var command))
        {
            command();
        }
    }

    void StartApi()
    {
        if (options.ApiSocket is { } path)
        {
            api = new SlirpApi(this, options, path, log);
        }
    }

}
