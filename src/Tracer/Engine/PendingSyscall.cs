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
}
