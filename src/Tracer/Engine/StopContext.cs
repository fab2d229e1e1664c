using System.Runtime.InteropServices;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Engine;

/// <summary>A call seen at a ptrace seccomp stop: handlers may rewrite it and watch its exit.</summary>
sealed class StopContext(TraceeThread thread, SyscallDescriptor syscall, uint arch, ulong[] args, ulong stackPointer,
    SockFilter[] revocationLayer)
    : SyscallContext(thread, syscall, arch, args)
{
    readonly ScratchArea scratch = new(stackPointer);

    public override bool IsStop => true;

    public override ulong PutScratch(ReadOnlySpan<byte> data) => scratch.Put(Memory, data);

    public override void RevokeNarrowing()
    {
        var code = PutScratch(MemoryMarshal.AsBytes(revocationLayer.AsSpan()));
        // struct sock_fprog: a 16-bit length, then the pointer at its natural alignment (4 on i386, 8 on x86-64).
        var fprog = new byte[16];
        BitConverter.TryWriteBytes(fprog, (ushort)revocationLayer.Length);
        if (Arch == AuditArch.I386)
        {
            BitConverter.TryWriteBytes(fprog.AsSpan(4), (uint)code);
        }
        else
        {
            BitConverter.TryWriteBytes(fprog.AsSpan(8), code);
        }
        var program = PutScratch(fprog);
        Rewrite(SyscallTable.Get("seccomp"), [SeccompAbi.SetModeFilter, SeccompAbi.FilterFlagTsync, program, 0, 0, 0]);
        OnExit(exit =>
        {
            if (exit.Result == 0)
            {
                exit.Process.NarrowingRevoked = true;
            }
        });
    }

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
