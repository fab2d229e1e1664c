using Vuos.Net.Interop;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Engine;

/// <summary>A call seen at its seccomp stop whose exit stop the tracer waits for.</summary>
sealed class PendingSyscall
{
    public required SyscallDescriptor Syscall { get; init; }

    public required long Nr { get; init; }

    public required uint Arch { get; init; }

    public required ulong[] Args { get; init; }

    public long EntryTimestamp { get; init; }

    /// <summary>The log's record of the call when the log shows it.</summary>
    public Logging.CallRecord? Logged { get; init; }

    public string? Note { get; set; }

    /// <summary>The registers as the tracee made the call, when the call was rewritten.</summary>
    public UserRegs? OriginalRegs { get; set; }

    public List<SyscallExitHandler>? ExitHandlers { get; set; }

    /// <summary>True when the call became the descriptor-injection call.</summary>
    public bool Injecting { get; set; }

    /// <summary>
    /// When a handler chained a call (<see cref="SyscallExitContext.Then"/>): what sees its result. The thread
    /// re-executes its syscall instruction, so its next syscall stop is that call's entry, then its exit.
    /// </summary>
    public SyscallExitHandler? Chain { get; set; }

    /// <summary>The chained call (what its exit context names; the descriptor-injection call has none).</summary>
    public SyscallDescriptor? ChainedSyscall { get; set; }

    /// <summary>
    /// Chained calls run from a `syscall` instruction found in the vDSO rather than from the tracee's own (the
    /// call they follow was an execve: the new program's instruction pointer is its entry point, no syscall).
    /// </summary>
    public bool ChainFromVdso { get; set; }

    /// <summary>The result the tracee's own call returns when the chain ends.</summary>
    public long ChainResult { get; set; }
}
