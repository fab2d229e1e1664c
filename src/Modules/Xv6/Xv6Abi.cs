namespace Vuos.Net.Modules.Xv6;

/// <summary>
/// The xv6 localhost socket API (seed 003) as supervisor-only syscalls, numbered below VUOS's own (-1 to -5),
/// and its error codes, returned as the call's value (include/vuos/xv6sock.h turns them back into E_*).
/// </summary>
public static class Xv6Abi
{
    public const int ListenNr = -16;
    public const int ConnectNr = -17;
    public const int SendNr = -18;
    public const int RecvNr = -19;
    public const int DisconnectNr = -20;

    public const int NotFound = 1025;
    public const int AccessDenied = 1026;
    public const int WrongState = 1027;
    public const int Fail = 1028;
    public const int InvalidArg = 1029;
    public const int ConnectionResetByRemote = 1030;

    /// <summary>E_FAIL past this many sockets in a session: the seed's table is bounded, and so is ours.</summary>
    public const int MaxSockets = 1024;
}
