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
    readonly ConcurrentDictionary<int, TraceeThread> adopted = new();

    public int ThreadCount => threads.Count;

    /// <summary>Threads the tracer follows: the session lasts while any is alive (adopted ones are not followed).</summary>
    public int TracedThreadCount => threads.Count - adopted.Count;

    public int ProcessCount => processes.Count;

    public TraceeThread? FindThread(int tid) => threads.GetValueOrDefault(tid);

    public TraceeProcess? FindProcess(int tgid) => processes.GetValueOrDefault(tgid);

    /// <summary>Whether the tracer follows thread <paramref name="tid"/> under ptrace (a known thread that was not cloned untraced).</summary>
    internal bool IsTraced(int tid) => threads.ContainsKey(tid) && !adopted.ContainsKey(tid);

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

    /// <summary>
    /// A thread that notifies but was never seen: a child made with CLONE_UNTRACED (sanitizers do that) keeps the
    /// session's filter without a ptrace event. Only the session's processes carry the filter, so it belongs to
    /// the session: it joins its thread group, or becomes a process with the state of its nearest known ancestor
    /// (the session's initial state when none is found). Adopted entries are dropped once their task is gone.
    /// </summary>
    internal TraceeThread Adopt(int tid, Func<ProcessState?[]> initialStates)
    {
        foreach (var (id, stale) in adopted)
        {
            if (!Directory.Exists($"/proc/{stale.Process.Tgid}/task/{id}") && adopted.TryRemove(id, out _))
            {
                RemoveThread(id);
            }
        }
        var (tgid, ppid) = ReadIds(tid);
        TraceeThread thread;
        if (FindProcess(tgid) is { } known)
        {
            thread = AddThread(tid, known);
        }
        else
        {
            TraceeProcess? ancestor = null;
            for (var (pid, depth) = (ppid, 0); pid > 1 && depth < 32 && ancestor is null; depth++)
            {
                ancestor = FindProcess(pid);
                pid = ReadIds(pid).Ppid;
            }
            var process = AddProcess(tgid, ancestor?.Tgid ?? ppid, ancestor?.ForkStates() ?? initialStates());
            process.HasExeced = true;
            process.NarrowingRevoked = ancestor?.NarrowingRevoked ?? false;
            thread = AddThread(tid, process);
        }
        thread.Started = true;
        adopted[tid] = thread;
        return thread;
    }

    static (int Tgid, int Ppid) ReadIds(int pid)
    {
        int tgid = pid, ppid = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("Tgid:", StringComparison.Ordinal))
                {
                    tgid = int.Parse(line.AsSpan(5).Trim());
                }
                else if (line.StartsWith("PPid:", StringComparison.Ordinal))
                {
                    ppid = int.Parse(line.AsSpan(5).Trim());
                    break;
                }
            }
        }
        catch (IOException)
        {
        }
        return (tgid, ppid);
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
