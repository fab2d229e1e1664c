using System.Collections.Concurrent;

namespace Vuos.Net.Tracer.Engine;

/// <summary>
/// The tracer thread's waitpid(-1) reaps every child of the supervisor, not only tracees. Other children
/// (stack helpers) are reported here, and whoever started them waits here instead of calling waitpid.
/// </summary>
public sealed class ChildReaper
{
    readonly ConcurrentDictionary<int, TaskCompletionSource<int>> exits = new();

    /// <summary>The wait status of child <paramref name="pid"/> once it has exited.</summary>
    public Task<int> WaitAsync(int pid) => Slot(pid).Task;

    internal void Report(int pid, int status) => Slot(pid).TrySetResult(status);

    internal void Forget(int pid) => exits.TryRemove(pid, out _);

    TaskCompletionSource<int> Slot(int pid) =>
        exits.GetOrAdd(pid, _ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously));
}
