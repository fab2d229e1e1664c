using System.Runtime.InteropServices;

namespace Vuos.Net.Interop;

[StructLayout(LayoutKind.Sequential)]
public struct IoVec
{
    public nint Base;
    public nuint Length;
}

[StructLayout(LayoutKind.Sequential)]
public struct PollFd
{
    public int Fd;
    public short Events;
    public short Revents;
}

/// <summary>struct rlimit.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct RLimit
{
    public ulong Current;
    public ulong Maximum;
}

[StructLayout(LayoutKind.Sequential)]
public unsafe struct MsgHdr
{
    public void* Name;
    public uint NameLength;
    public IoVec* Iov;
    public nuint IovLength;
    public void* Control;
    public nuint ControlLength;
    public int Flags;
}

/// <summary>struct cmsghdr; the data follows at offset 16.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct CmsgHdr
{
    public nuint Length;
    public int Level;
    public int Type;
}

/// <summary>struct sock_filter: one classic BPF instruction.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct SockFilter(ushort Code, byte JumpTrue, byte JumpFalse, uint K);

/// <summary>struct sock_fprog: a classic BPF program, as SO_ATTACH_FILTER takes it.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct SockFprog
{
    public ushort Length;
    public SockFilter* Filter;
}

/// <summary>struct user_regs_struct (x86-64), as PTRACE_GETREGS returns it.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct UserRegs
{
    public ulong R15, R14, R13, R12, Rbp, Rbx, R11, R10, R9, R8, Rax, Rcx, Rdx, Rsi, Rdi, OrigRax, Rip, Cs,
        Eflags, Rsp, Ss, FsBase, GsBase, Ds, Es, Fs, Gs;
}

/// <summary>struct ptrace_syscall_info (PTRACE_GET_SYSCALL_INFO, Linux 5.3): the same layout for every ABI.</summary>
[StructLayout(LayoutKind.Explicit, Size = 88)]
public unsafe struct PtraceSyscallInfo
{
    [FieldOffset(0)] public byte Op;
    [FieldOffset(4)] public uint Arch;
    [FieldOffset(8)] public ulong InstructionPointer;
    [FieldOffset(16)] public ulong StackPointer;
    [FieldOffset(24)] public ulong Nr;
    [FieldOffset(32)] public fixed ulong Args[6];
    [FieldOffset(24)] public long ExitValue;
    [FieldOffset(32)] public byte ExitIsError;
    [FieldOffset(80)] public uint SeccompRetData;
}

/// <summary>struct seccomp_data, embedded in a notification.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct SeccompData
{
    public int Nr;
    public uint Arch;
    public ulong InstructionPointer;
    public fixed ulong Args[6];
}

[StructLayout(LayoutKind.Sequential)]
public struct SeccompNotif
{
    public ulong Id;
    public uint Pid;
    public uint Flags;
    public SeccompData Data;
}

[StructLayout(LayoutKind.Sequential)]
public struct SeccompNotifResp
{
    public ulong Id;
    public long Val;
    public int Error;
    public uint Flags;
}

[StructLayout(LayoutKind.Sequential)]
public struct SeccompNotifAddfd
{
    public ulong Id;
    public uint Flags;
    public uint SrcFd;
    public uint NewFd;
    public uint NewFdFlags;
}

/// <summary>struct siginfo_t: only the fields the log prints; the kernel writes 128 bytes.</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
public struct SigInfo
{
    [FieldOffset(0)] public int Signo;
    [FieldOffset(4)] public int Errno;
    [FieldOffset(8)] public int Code;
    [FieldOffset(16)] public int Pid;
    [FieldOffset(20)] public uint Uid;
    [FieldOffset(24)] public int Status;

    /// <summary>si_value (sival_ptr) of a signal sent with sigqueue or rt_tgsigqueueinfo.</summary>
    [FieldOffset(24)] public ulong Value;
    [FieldOffset(16)] public ulong Addr;
}
