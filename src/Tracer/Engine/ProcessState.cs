namespace Vuos.Net.Tracer.Engine;

/// <summary>
/// A module's state for one traced process. The engine copies it into a forked child with
/// <see cref="Fork"/>, keeps it across exec (after <see cref="OnExec"/>), and forgets it at exit
/// (after <see cref="OnExit"/>). Threads of a process share it, and the notification thread reads it
/// concurrently with the tracer thread, so implementations synchronise their own mutable fields.
/// </summary>
public abstract class ProcessState
{
    /// <summary>The state for a child created by fork/vfork/clone without CLONE_THREAD; null when the child starts without one.</summary>
    public abstract ProcessState? Fork();

    public virtual void OnExec()
    {
    }

    public virtual void OnExit()
    {
    }
}

/// <summary>Gives each ProcessState type a small index into a process's state array.</summary>
static class ProcessStateSlot
{
    static int count;

    public static int Count => Volatile.Read(ref count);

    public static int Next() => Interlocked.Increment(ref count) - 1;
}

static class ProcessStateSlot<T> where T : ProcessState
{
    public static readonly int Index = ProcessStateSlot.Next();
}
