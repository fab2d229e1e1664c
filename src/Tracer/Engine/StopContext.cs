using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Engine;

/// <summary>A call seen at a ptrace seccomp stop: handlers may rewrite it and watch its exit.</summary>
sealed class StopContext(TraceeThread thread, SyscallDescriptor syscall, uint arch, ulong[] args, ulong stackPointer)
    : SyscallContext(thread, syscall, arch, args)
{
    const ulong RedZone = 128;
    ulong scratchUsed;

    public override bool IsStop => true;

    public override ulong PutScratch(ReadOnlySpan<byte> data)
    {
        scratchUsed += ((ulong)data.Length + 15) & ~15UL;
        var address = (stackPointer - RedZone - scratchUsed) & ~15UL;
        Memory.Write(address, data);
        return address;
    }

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
