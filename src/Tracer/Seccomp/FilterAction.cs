namespace Vuos.Net.Tracer.Seccomp;

/// <summary>What the filter does with one syscall number.</summary>
public enum FilterAction : byte
{
    /// <summary>The kernel runs it: no stop.</summary>
    Allow,
    /// <summary>SECCOMP_RET_USER_NOTIF: the notification thread answers, no ptrace stop.</summary>
    Notify,
    /// <summary>SECCOMP_RET_TRACE: a ptrace stop on the tracer thread.</summary>
    Trace,
}
