namespace Vuos.Net.Tracer.Engine;

/// <summary>What a handler decided for a call.</summary>
public enum SyscallOutcome : byte
{
    /// <summary>No handler decided: the call runs as the tracee made it.</summary>
    Undecided,
    /// <summary>The call runs, possibly rewritten.</summary>
    Continue,
    /// <summary>The call is skipped and returns a value or an error.</summary>
    Return,
    /// <summary>The call is skipped and returns a descriptor injected into the tracee.</summary>
    ReturnFd,
    /// <summary>The call blocks in the tracee until a wait in the supervisor answers it.</summary>
    Wait,
}
