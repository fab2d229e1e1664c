using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Engine;

/// <summary>
/// How one interception path carries out the decision its hooks made: the notification path answers with
/// seccomp ioctls, the stop path with registers. <see cref="SyscallContext.AnswerWith{T}"/> is the one place
/// that maps an outcome to these.
/// </summary>
internal interface ISyscallAnswer<out T>
{
    /// <summary>The call is skipped and returns <paramref name="value"/> (a negative errno for a failure).</summary>
    T Return(long value);

    /// <summary>The call is skipped and returns descriptors installed in the tracee.</summary>
    T ReturnFds(FdReply reply);

    /// <summary>The call blocks in the tracee until <paramref name="wait"/> answers it.</summary>
    T Wait(IBlockingWait wait);

    /// <summary>The call runs: as the tracee made it, or as <paramref name="rewritten"/> (the stop path only).</summary>
    T Continue((SyscallDescriptor Target, ulong[] Args)? rewritten);
}
