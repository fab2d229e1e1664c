using System.Runtime.InteropServices;

namespace Vuos.Net.Interop;

/// <summary>
/// Every native call the supervisor makes, each named after the C function it wraps. glibc is the only
/// library: the kernel interfaces (ptrace, seccomp notifications, process_vm_*, setns, pidfd_*) all have
/// glibc wrappers on Debian 12 (glibc 2.36). Variadic C functions (ptrace, ioctl, prctl, syscall) are
/// declared with their full fixed argument list, which the x86-64 calling convention passes identically.
/// </summary>
public static unsafe partial class Libc
{
    const string Lib = "libc";
}
