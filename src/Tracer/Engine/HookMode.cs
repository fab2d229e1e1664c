namespace Vuos.Net.Tracer.Engine;

/// <summary>How a module wants to see a syscall.</summary>
public enum HookMode
{
    /// <summary>
    /// At entry only, to answer with a value, an error or a descriptor, or let the call run. Served by seccomp
    /// user notification (no ptrace stop); the handler must not block. When the log shows the call, the
    /// engine serves it from a ptrace stop instead, with the same outcome.
    /// </summary>
    Notify,

    /// <summary>A ptrace stop: the handler may also rewrite the call and ask for an exit callback.</summary>
    Stop,
}
