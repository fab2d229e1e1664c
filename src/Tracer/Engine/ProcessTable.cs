using System.Collections.Concurrent;

namespace Vuos.Net.Tracer.Engine;

/// <summary>
/// Every traced thread and process. The tracer thread adds and removes entries; the notification thread
/// looks them up. A thread is added before it can run its first instruction (it waits in its attach stop),
/// so a notification never names a thread the table does not know yet.
/// </summary>
public sealed class ProcessTable
{
    readonly ConcurrentDictionary<int, TraceeThread> threads = new();
    readonly ConcurrentDictionary<int, TraceeProcess> processes = new();

    public int ThreadCount => threads.Count;

    public int ProcessCount => processes.Count;

    public TraceeThread? FindThread(int tid) => threads.GetValueOrDefault(tid);

    public TraceeProcess? FindProcess(int tgid) => processes.GetValueOrDefault(tgid);

    public IEnumerable<TraceeProcess> Processes => processes.Values;

    internal TraceeProcess AddProcess(int tgid, int parentTgid, ProcessState?[] states)
    {
        var process = new TraceeProcess(tgid, parentTgid, states);
        processes[tgid] = process;
        return process;
    }

    internal TraceeThread AddThread(int tid, TraceeProcess process)
    {
        var thread = new TraceeThread(tid, process);
        lock (process.Threads)
        {
            process.Threads.Add(tid);
        }
        threads[tid] = thread;
        return thread;
    }

    /// <summary>Forgets a thread; returns its process when that was the process's last thread.</summary>
    internal TraceeProcess? RemoveThread(int tid)
    {
        if (!threads.TryRemove(tid, out var thread))
        {
            return null;
        }
        var process = thread.Process;
        lock (process.Threads)
        {
            process.Threads.Remove(tid);
            if (process.Threads.Count > 0)
            {
                return null;
            }
        }
        processes.TryRemove(process.Tgid, out _);
        return process;
    }

    /// <summary>
    /// After an exec by a non-leader thread the kernel gives that thread the leader's id and reaps the
    /// others: keep one thread, under the leader's id.
    /// </summary>
    internal TraceeThread CollapseAfterExec(TraceeProcess process, int formerTid)
    {
        int[] others;
        lock (process.Threads)
        {
            others = [.. process.Threads];
            process.Threads.Clear();
            process.Threads.Add(process.Tgid);
        }
        threads.TryGetValue(formerTid, out var execer);
        foreach (var tid in others)
        {
            threads.TryRemove(tid, out _);
        }
        var leader = new TraceeThread(process.Tgid, process) { Started = true, Pending = execer?.Pending };
        threads[process.Tgid] = leader;
        return leader;
    }
}
