namespace Vuos.Net.Tracer.Engine;

/// <summary>A traced thread group (what users call a process): its id, its threads and the modules' state.</summary>
public sealed class TraceeProcess
{
    readonly object gate = new();
    ProcessState?[] states;

    internal TraceeProcess(int tgid, int parentTgid, ProcessState?[] states)
    {
        Tgid = tgid;
        ParentTgid = parentTgid;
        this.states = states;
        Memory = new TraceeMemory(tgid);
    }

    public int Tgid { get; }

    public int ParentTgid { get; }

    public TraceeMemory Memory { get; }

    /// <summary>Set once the process has exec'd the user's command (the launcher's own calls are not the user's).</summary>
    public bool HasExeced { get; internal set; }

    /// <summary>
    /// Set once the process has stacked the filter that gives up the plan's narrowings (see
    /// <see cref="SyscallContext.RevokeNarrowing"/>); filters are inherited, so children start with it.
    /// </summary>
    public bool NarrowingRevoked { get; internal set; }

    internal HashSet<int> Threads { get; } = [];

    /// <summary>How many of its threads the tracer knows (a process changing its namespaces must have one).</summary>
    public int ThreadCount
    {
        get
        {
            lock (Threads)
            {
                return Threads.Count;
            }
        }
    }

    /// <summary>This process's state of type T, created by <paramref name="create"/> on first use.</summary>
    public T GetState<T>(Func<T> create) where T : ProcessState
    {
        var index = ProcessStateSlot<T>.Index;
        lock (gate)
        {
            if (index >= states.Length)
            {
                Array.Resize(ref states, ProcessStateSlot.Count);
            }
            return (T)(states[index] ??= create());
        }
    }

    internal ProcessState?[] ForkStates()
    {
        lock (gate)
        {
            return [.. states.Select(s => s?.Fork())];
        }
    }

    internal void ForEachState(Action<ProcessState> action)
    {
        ProcessState?[] snapshot;
        lock (gate)
        {
            snapshot = [.. states];
        }
        foreach (var s in snapshot)
        {
            if (s is not null)
            {
                action(s);
            }
        }
    }

    public override string ToString() => $"process {Tgid}";
}
