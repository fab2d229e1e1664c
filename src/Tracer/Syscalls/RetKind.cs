namespace Vuos.Net.Tracer.Syscalls;

/// <summary>How the log prints a syscall's result.</summary>
public enum RetKind : byte
{
    /// <summary>Decimal.</summary>
    Int,
    /// <summary>A new file descriptor.</summary>
    Fd,
    /// <summary>An address (mmap, brk): hexadecimal.</summary>
    Hex,
    /// <summary>The call does not return (exit, exit_group): "= ?".</summary>
    NoReturn,
    /// <summary>A file mode (umask): octal.</summary>
    Octal,
}
