using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Engine;

/// <summary>A call seen at a ptrace seccomp stop: handlers may rewrite it and watch its exit.</summary>
sealed class StopContext(TraceeThread thread, SyscallDescriptor syscall, uint arch, ulong[] args)
    : SyscallContext(thread, syscall, arch, args)
{
    public override bool IsStop => true;

    public (SyscallDescriptor Target, ulong[] Args)? Rewritten { get; private set; }

    public List<SyscallExitHandler>? ExitHandlers { get; private set; }

    public override void Rewrite(SyscallDescriptor target, ReadOnlySpan<ulong> newArgs)
    {
        Continue();
        Rewritten = (target, newArgs.ToArray());
    }

    public override void OnExit(SyscallExitHandler handler) => (ExitHandlers ??= []).Add(handler);
}

/// <summary>A call seen as a seccomp user notification: answered without stopping the tracee under ptrace.</summary>
sealed class NotifyContext(TraceeThread thread, SyscallDescriptor syscall, uint arch, ulong[] args)
    : SyscallContext(thread, syscall, arch, args)
{
    public override bool IsStop => false;
}
