namespace Vuos.Net.Tracer.Syscalls;

/// <summary>strace's trace classes (%file, %network, ...), plus msocket for the calls only the supervisor implements.</summary>
[Flags]
public enum SyscallClass
{
    None = 0,
    File = 1 << 0,
    Network = 1 << 1,
    Process = 1 << 2,
    Signal = 1 << 3,
    Ipc = 1 << 4,
    Desc = 1 << 5,
    Memory = 1 << 6,
    Creds = 1 << 7,
    Clock = 1 << 8,
    Stat = 1 << 9,
    Msocket = 1 << 10,
    All = ~0,
}
