namespace Vuos.Net.Tracer.Engine;

/// <summary>A traced task (thread). Only the tracer thread mutates the fields below.</summary>
public sealed class TraceeThread
{
    internal TraceeThread(int tid, TraceeProcess process)
    {
        Tid = tid;
        Process = process;
    }

    public int Tid { get; }

    public TraceeProcess Process { get; internal set; }

    /// <summary>False until the attach stop of an auto-attached child has been consumed.</summary>
    internal bool Started { get; set; }

    /// <summary>The call between its seccomp stop and its exit stop, when an exit stop was asked for.</summary>
    internal PendingSyscall? Pending { get; set; }

    public override string ToString() => $"thread {Tid} of {Process}";
}
