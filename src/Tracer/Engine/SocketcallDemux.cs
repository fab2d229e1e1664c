using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tracer.Engine;

/// <summary>i386 socketcall(2): one syscall number for every socket call, its arguments in an array of u32.</summary>
static class SocketcallDemux
{
    public const int I386Nr = 102;

    // SYS_SOCKET = 1 ... SYS_SENDMMSG = 20 (linux/net.h); send and recv are sendto/recvfrom without an address.
    static readonly (string Name, int ArgCount)[] Calls =
    [
        ("", 0), ("socket", 3), ("bind", 3), ("connect", 3), ("listen", 2), ("accept", 3), ("getsockname", 3),
        ("getpeername", 3), ("socketpair", 4), ("sendto", 4), ("recvfrom", 4), ("sendto", 6), ("recvfrom", 6),
        ("shutdown", 2), ("setsockopt", 5), ("getsockopt", 5), ("sendmsg", 3), ("recvmsg", 3), ("accept4", 4),
        ("recvmmsg", 5), ("sendmmsg", 4),
    ];

    public static (SyscallDescriptor? Syscall, ulong[] Args) Unpack(ulong[] args, TraceeMemory memory)
    {
        var call = (int)args[0];
        if (call <= 0 || call >= Calls.Length)
        {
            return (null, args);
        }
        var (name, count) = Calls[call];
        Span<uint> packed = stackalloc uint[6];
        memory.Read(args[1], System.Runtime.InteropServices.MemoryMarshal.AsBytes(packed[..count]));
        var unpacked = new ulong[6];
        for (var i = 0; i < count; i++)
        {
            unpacked[i] = packed[i];
        }
        return (SyscallTable.Find(name), unpacked);
    }
}
