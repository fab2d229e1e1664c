namespace Vuos.Net.Tracer.Engine;

/// <summary>Counts of what stopped tracees, so tests can check that undeclared calls never stop.</summary>
public sealed class TracerStats
{
    long seccompStops, exitStops, signalStops, groupStops, eventStops, notifications, injectedFds, returnStops;

    public long SeccompStops => Interlocked.Read(ref seccompStops);
    public long ExitStops => Interlocked.Read(ref exitStops);
    public long SignalStops => Interlocked.Read(ref signalStops);
    public long GroupStops => Interlocked.Read(ref groupStops);
    public long EventStops => Interlocked.Read(ref eventStops);
    public long Notifications => Interlocked.Read(ref notifications);
    public long InjectedFds => Interlocked.Read(ref injectedFds);
    public long ReturnStops => Interlocked.Read(ref returnStops);

    internal void SeccompStop() => Interlocked.Increment(ref seccompStops);
    internal void ExitStop() => Interlocked.Increment(ref exitStops);
    internal void SignalStop() => Interlocked.Increment(ref signalStops);
    internal void GroupStop() => Interlocked.Increment(ref groupStops);
    internal void EventStop() => Interlocked.Increment(ref eventStops);
    internal void Notification() => Interlocked.Increment(ref notifications);
    internal void InjectedFd() => Interlocked.Increment(ref injectedFds);
    internal void ReturnStop() => Interlocked.Increment(ref returnStops);

    public override string ToString() =>
        $"seccomp-stops={SeccompStops} exit-stops={ExitStops} signal-stops={SignalStops} group-stops={GroupStops} " +
        $"event-stops={EventStops} notifications={Notifications} injected-fds={InjectedFds} return-stops={ReturnStops}";
}
