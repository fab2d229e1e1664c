using System.Runtime.InteropServices;

namespace Vuos.Net.Interop;

/// <summary>
/// libslirp (Debian libslirp0 4.7), the user-mode TCP/IP stack behind the `slirp` stacks. Every call on one
/// instance must come from one thread: the library has no locking. <c>struct in_addr</c> arguments are passed
/// as a <see cref="uint"/> holding the address in network byte order, which the x86-64 calling convention
/// passes exactly like the one-member struct.
/// </summary>
public static unsafe partial class LibSlirp
{
    const string Lib = "libslirp.so.0";

    public const int SLIRP_POLL_IN = 1 << 0;
    public const int SLIRP_POLL_OUT = 1 << 1;
    public const int SLIRP_POLL_PRI = 1 << 2;
    public const int SLIRP_POLL_ERR = 1 << 3;
    public const int SLIRP_POLL_HUP = 1 << 4;

    /// <summary>The only SlirpTimerId of 4.7: the IPv6 router-advertisement timer.</summary>
    public const int SLIRP_TIMER_RA = 0;

    /// <summary>The highest SlirpConfig version 4.7 accepts; it adds timer_new_opaque and init_completed.</summary>
    public const uint SLIRP_CONFIG_VERSION = 4;

    /// <summary>Returns the instance (a Slirp*), or null when the configuration is rejected.</summary>
    [LibraryImport(Lib)]
    public static partial nint slirp_new(SlirpConfig* cfg, SlirpCb* callbacks, void* opaque);

    [LibraryImport(Lib)]
    public static partial void slirp_cleanup(nint slirp);

    /// <summary>Hands the stack one Ethernet frame coming from the guest side.</summary>
    [LibraryImport(Lib)]
    public static partial void slirp_input(nint slirp, byte* pkt, int pktLen);

    /// <summary>Calls <paramref name="addPoll"/> for each host socket to watch and lowers *timeout (ms) to the next TCP timer.</summary>
    [LibraryImport(Lib)]
    public static partial void slirp_pollfds_fill(nint slirp, uint* timeout,
        delegate* unmanaged<int, int, void*, int> addPoll, void* opaque);

    /// <summary>Calls <paramref name="getRevents"/> with each index add_poll returned; selectError is 1 when poll() failed.</summary>
    [LibraryImport(Lib)]
    public static partial void slirp_pollfds_poll(nint slirp, int selectError,
        delegate* unmanaged<int, void*, int> getRevents, void* opaque);

    /// <summary>Runs a timer created through timer_new_opaque once it has expired.</summary>
    [LibraryImport(Lib)]
    public static partial void slirp_handle_timer(nint slirp, int timerId, void* cbOpaque);

    /// <summary>0 on success; -1 with errno from the host socket's socket/bind/listen otherwise.</summary>
    [LibraryImport(Lib, SetLastError = true)]
    public static partial int slirp_add_hostfwd(nint slirp, int isUdp, uint hostAddr, int hostPort, uint guestAddr, int guestPort);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int slirp_remove_hostfwd(nint slirp, int isUdp, uint hostAddr, int hostPort);

    /// <summary>A static string owned by the library: never freed.</summary>
    [LibraryImport(Lib)]
    internal static partial byte* slirp_version_string();

    public static string VersionString => Marshal.PtrToStringUTF8((nint)slirp_version_string()) ?? "";
}

/// <summary>
/// struct SlirpConfig of libslirp 4.7 with every field up to version 4; offsets checked against the C header
/// (offsetof on x86-64), since C's padding after the bools and in6_addrs is easy to get wrong by hand.
/// Addresses are in network byte order. slirp_new copies what it needs, so the struct may die right after.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 184)]
public unsafe struct SlirpConfig
{
    [FieldOffset(0)] public uint Version;
    [FieldOffset(4)] public int Restricted;
    [FieldOffset(8)] public bool InEnabled;
    [FieldOffset(12)] public uint VNetwork;
    [FieldOffset(16)] public uint VNetmask;
    [FieldOffset(20)] public uint VHost;
    [FieldOffset(24)] public bool In6Enabled;
    [FieldOffset(28)] public fixed byte VPrefixAddr6[16];
    [FieldOffset(44)] public byte VPrefixLength;
    [FieldOffset(48)] public fixed byte VHost6[16];
    [FieldOffset(64)] public byte* VHostName;
    [FieldOffset(72)] public byte* TftpServerName;
    [FieldOffset(80)] public byte* TftpPath;
    [FieldOffset(88)] public byte* BootFile;
    [FieldOffset(96)] public uint VDhcpStart;
    [FieldOffset(100)] public uint VNameserver;
    [FieldOffset(104)] public fixed byte VNameserver6[16];
    [FieldOffset(120)] public byte** VDnsSearch;
    [FieldOffset(128)] public byte* VDomainName;
    [FieldOffset(136)] public nuint IfMtu;
    [FieldOffset(144)] public nuint IfMru;
    [FieldOffset(152)] public bool DisableHostLoopback;
    [FieldOffset(153)] public bool EnableEmu;
    [FieldOffset(160)] public void* OutboundAddr;
    [FieldOffset(168)] public void* OutboundAddr6;
    [FieldOffset(176)] public bool DisableDns;
    [FieldOffset(177)] public bool DisableDhcp;
}

/// <summary>
/// struct SlirpCb of libslirp 4.7. slirp_new keeps the pointer, so the table must live in memory that does not
/// move until slirp_cleanup. Every callback runs on the thread that called into libslirp, with the opaque
/// pointer given to slirp_new as its last argument.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct SlirpCb
{
    /// <summary>ssize_t (const void* buf, size_t len, void* opaque): a frame for the guest; may drop it.</summary>
    public delegate* unmanaged<void*, nuint, void*, nint> SendPacket;
    public delegate* unmanaged<byte*, void*, void> GuestError;
    public delegate* unmanaged<void*, long> ClockGetNs;
    /// <summary>void* (SlirpTimerCb cb, void* cbOpaque, void* opaque); unused when TimerNewOpaque is set.</summary>
    public delegate* unmanaged<void*, void*, void*, void*> TimerNew;
    public delegate* unmanaged<void*, void*, void> TimerFree;
    /// <summary>void (void* timer, int64_t expireMs, void* opaque): expiry in ms on the ClockGetNs clock.</summary>
    public delegate* unmanaged<void*, long, void*, void> TimerMod;
    public delegate* unmanaged<int, void*, void> RegisterPollFd;
    public delegate* unmanaged<int, void*, void> UnregisterPollFd;
    public delegate* unmanaged<void*, void> Notify;
    /// <summary>void (Slirp* slirp, void* opaque), version 4: called inside slirp_new, once the instance exists.</summary>
    public delegate* unmanaged<nint, void*, void> InitCompleted;
    /// <summary>void* (SlirpTimerId id, void* cbOpaque, void* opaque), version 4: expiry goes to slirp_handle_timer.</summary>
    public delegate* unmanaged<int, void*, void*, void*> TimerNewOpaque;
}
