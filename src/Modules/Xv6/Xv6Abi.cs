using Vuos.Net.Tracer.Syscalls;
using static Vuos.Net.Tracer.Syscalls.Arg;

namespace Vuos.Net.Modules.Xv6;

/// <summary>
/// The xv6 socket API (seed 003; the kernel in Subangkar/xv6-Socket-API-Local-Loopback-Implementation) as
/// supervisor-only syscalls, numbered below VUOS's own (-1 to -5), with the kernel's limits and error codes.
/// A call returns -code (include/vuos/xv6sock.h turns errno back into E_*).
/// </summary>
public static class Xv6Abi
{
    public const int ListenNr = -16;
    public const int ConnectNr = -17;
    public const int SendNr = -18;
    public const int RecvNr = -19;
    public const int DisconnectNr = -20;

    /// <summary>
    /// The calls as rows of the syscall table, declared by the module (<see cref="SyscallTable.Declare"/>): the
    /// engine's own table holds Linux's calls and VUOS's, not those of the systems modules bring.
    /// </summary>
    public static readonly SyscallDescriptor[] Syscalls =
    [
        new(ListenNr, ListenNr, "xv6_listen", SyscallClass.Network | SyscallClass.Msocket, RetKind.Int, [Int("port")]),
        new(ConnectNr, ConnectNr, "xv6_connect", SyscallClass.Network | SyscallClass.Msocket, RetKind.Int, [Int("port"), Str("host")]),
        new(SendNr, SendNr, "xv6_send", SyscallClass.Network | SyscallClass.Msocket, RetKind.Int, [Int("port"), InBuf("buf", 2), Int("n")]),
        new(RecvNr, RecvNr, "xv6_recv", SyscallClass.Network | SyscallClass.Msocket, RetKind.Int, [Int("port"), Ptr("buf"), Int("n")]),
        new(DisconnectNr, DisconnectNr, "xv6_disconnect", SyscallClass.Network | SyscallClass.Msocket, RetKind.Int, [Int("port")]),
    ];

    /// <summary>E_MISSING_ARG (-1): the kernel's answer when it cannot read an argument, such as a bad pointer.</summary>
    public const int MissingArg = 1;
    public const int NotFound = 1025;
    public const int AccessDenied = 1026;
    public const int WrongState = 1027;
    public const int Fail = 1028;
    public const int InvalidArg = 1029;
    public const int ConnectionResetByRemote = 1030;

    /// <summary>NPORT: ports are 0..127; a client's own port is the highest free one, from 127 down to 1.</summary>
    public const int PortCount = 128;

    /// <summary>NSOCK: the kernel's socket table holds 32 sockets, listening and connected alike; then E_FAIL.</summary>
    public const int MaxSockets = 32;

    /// <summary>
    /// The largest message. The kernel's buffer is SBUFFSIZE (128) bytes and a longer message overruns it; we
    /// accept longer ones rather than fail programs that send a little more, up to a bound on supervisor memory.
    /// </summary>
    public const int MaxMessage = 1 << 20;
}
