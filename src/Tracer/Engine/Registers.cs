using Vuos.Net.Interop;

namespace Vuos.Net.Tracer.Engine;

/// <summary>Register access for a stopped thread, and where each ABI keeps the syscall number and arguments.</summary>
static unsafe class Registers
{
    public static UserRegs Get(int tid)
    {
        UserRegs regs;
        ErrnoException.Check(Libc.ptrace(PtraceRequest.GetRegs, tid, 0, (nint)(&regs)), "ptrace(PTRACE_GETREGS)");
        return regs;
    }

    public static void Set(int tid, in UserRegs regs)
    {
        fixed (UserRegs* p = &regs)
        {
            ErrnoException.Check(Libc.ptrace(PtraceRequest.SetRegs, tid, 0, (nint)p), "ptrace(PTRACE_SETREGS)");
        }
    }

    /// <summary>The ABI a stopped thread runs: i386 where its code segment is the 32-bit one.</summary>
    public static uint ArchOf(in UserRegs regs)
    {
        const ulong CompatCodeSegment = 0x23;
        return regs.Cs == CompatCodeSegment ? AuditArch.I386 : AuditArch.X86_64;
    }

    /// <summary>The six syscall arguments in the registers of <paramref name="arch"/>'s ABI (as <see cref="SetCall"/> writes them).</summary>
    public static ulong[] CallArgs(in UserRegs regs, uint arch) => arch == AuditArch.I386
        ? [regs.Rbx, regs.Rcx, regs.Rdx, regs.Rsi, regs.Rdi, regs.Rbp]
        : [regs.Rdi, regs.Rsi, regs.Rdx, regs.R10, regs.R8, regs.R9];

    /// <summary>Writes a syscall number and its arguments in the registers of <paramref name="arch"/>'s ABI.</summary>
    public static void SetCall(ref UserRegs regs, uint arch, long nr, ReadOnlySpan<ulong> args)
    {
        regs.OrigRax = (ulong)nr;
        Span<ulong> a = stackalloc ulong[6];
        args[..Math.Min(6, args.Length)].CopyTo(a);
        if (arch == AuditArch.I386)
        {
            (regs.Rbx, regs.Rcx, regs.Rdx, regs.Rsi, regs.Rdi, regs.Rbp) = (a[0], a[1], a[2], a[3], a[4], a[5]);
        }
        else
        {
            (regs.Rdi, regs.Rsi, regs.Rdx, regs.R10, regs.R8, regs.R9) = (a[0], a[1], a[2], a[3], a[4], a[5]);
        }
    }
}
