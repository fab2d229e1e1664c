namespace Vuos.Net.Tracer.Syscalls;

// Names of the fields inside the structures the log decodes (strace's xlat tables, x86-64 values, strace's order).
public static partial class FlagSets
{
    public static readonly FlagSet SigactionFlags = FlagSet.Bits("SA",
        (0x4000000, "SA_RESTORER"), (0x8000000, "SA_ONSTACK"), (0x10000000, "SA_RESTART"),
        (0x20000000, "SA_INTERRUPT"), (0x40000000, "SA_NODEFER"), (0x80000000, "SA_RESETHAND"), (0x4, "SA_SIGINFO"),
        (0x1, "SA_NOCLDSTOP"), (0x2, "SA_NOCLDWAIT"));

    public static readonly FlagSet PollEvents = FlagSet.Bits("POLL",
        (0x1, "POLLIN"), (0x2, "POLLPRI"), (0x4, "POLLOUT"), (0x8, "POLLERR"), (0x10, "POLLHUP"), (0x20, "POLLNVAL"),
        (0x40, "POLLRDNORM"), (0x80, "POLLRDBAND"), (0x100, "POLLWRNORM"), (0x200, "POLLWRBAND"), (0x400, "POLLMSG"),
        (0x1000, "POLLREMOVE"), (0x2000, "POLLRDHUP"), (0x8000, "POLL_BUSY_LOOP"));

    public static readonly FlagSet EpollEvents = FlagSet.Bits("EPOLL",
        (0x1, "EPOLLIN"), (0x2, "EPOLLPRI"), (0x4, "EPOLLOUT"), (0x8, "EPOLLERR"), (0x10, "EPOLLHUP"),
        (0x20, "EPOLLNVAL"), (0x40, "EPOLLRDNORM"), (0x80, "EPOLLRDBAND"), (0x100, "EPOLLWRNORM"),
        (0x200, "EPOLLWRBAND"), (0x400, "EPOLLMSG"), (0x2000, "EPOLLRDHUP"), (0x10000000, "EPOLLEXCLUSIVE"),
        (0x20000000, "EPOLLWAKEUP"), (0x40000000, "EPOLLONESHOT"), (0x80000000, "EPOLLET"));

    public static readonly FlagSet FdFlags = FlagSet.Bits("FD", (0x1, "FD_CLOEXEC"));

    public static readonly FlagSet LockType = FlagSet.Enum("F",
        (0x0, "F_RDLCK"), (0x1, "F_WRLCK"), (0x2, "F_UNLCK"), (0x4, "F_EXLCK"), (0x8, "F_SHLCK"));

    public static readonly FlagSet FileType = FlagSet.Enum("S_IF",
        (0x8000, "S_IFREG"), (0xc000, "S_IFSOCK"), (0x1000, "S_IFIFO"), (0xa000, "S_IFLNK"), (0x4000, "S_IFDIR"),
        (0x6000, "S_IFBLK"), (0x2000, "S_IFCHR"));

    public static readonly FlagSet StatxMask = FlagSet.Bits("STATX",
        (0xfff, "STATX_ALL"), (0x7ff, "STATX_BASIC_STATS"), (0x1, "STATX_TYPE"), (0x2, "STATX_MODE"),
        (0x4, "STATX_NLINK"), (0x8, "STATX_UID"), (0x10, "STATX_GID"), (0x20, "STATX_ATIME"), (0x40, "STATX_MTIME"),
        (0x80, "STATX_CTIME"), (0x100, "STATX_INO"), (0x200, "STATX_SIZE"), (0x400, "STATX_BLOCKS"),
        (0x800, "STATX_BTIME"), (0x1000, "STATX_MNT_ID"), (0x2000, "STATX_DIOALIGN"));

    public static readonly FlagSet StatxAttributes = FlagSet.Bits("STATX_ATTR",
        (0x4, "STATX_ATTR_COMPRESSED"), (0x10, "STATX_ATTR_IMMUTABLE"), (0x20, "STATX_ATTR_APPEND"),
        (0x40, "STATX_ATTR_NODUMP"), (0x800, "STATX_ATTR_ENCRYPTED"), (0x1000, "STATX_ATTR_AUTOMOUNT"),
        (0x2000, "STATX_ATTR_MOUNT_ROOT"), (0x100000, "STATX_ATTR_VERITY"), (0x200000, "STATX_ATTR_DAX"));

    /// <summary>statx's flags: the sync type (its 0 is AT_STATX_SYNC_AS_STAT) then the AT_* bits.</summary>
    public static readonly FlagSet StatxFlags = FlagSet.Mixed("AT", 0x6000,
        [(0x0, "AT_STATX_SYNC_AS_STAT"), (0x2000, "AT_STATX_FORCE_SYNC"), (0x4000, "AT_STATX_DONT_SYNC"), (0x6000, "AT_STATX_SYNC_TYPE")],
        [(0x100, "AT_SYMLINK_NOFOLLOW"), (0x200, "AT_REMOVEDIR"), (0x400, "AT_SYMLINK_FOLLOW"), (0x800, "AT_NO_AUTOMOUNT"),
            (0x1000, "AT_EMPTY_PATH"), (0x8000, "AT_RECURSIVE")]);

    public static readonly FlagSet NetlinkProtocol = FlagSet.Enum("NETLINK",
        (0x0, "NETLINK_ROUTE"), (0x1, "NETLINK_UNUSED"), (0x2, "NETLINK_USERSOCK"), (0x3, "NETLINK_FIREWALL"),
        (0x4, "NETLINK_SOCK_DIAG"), (0x5, "NETLINK_NFLOG"), (0x6, "NETLINK_XFRM"), (0x7, "NETLINK_SELINUX"),
        (0x8, "NETLINK_ISCSI"), (0x9, "NETLINK_AUDIT"), (0xa, "NETLINK_FIB_LOOKUP"), (0xb, "NETLINK_CONNECTOR"),
        (0xc, "NETLINK_NETFILTER"), (0xd, "NETLINK_IP6_FW"), (0xe, "NETLINK_DNRTMSG"),
        (0xf, "NETLINK_KOBJECT_UEVENT"), (0x10, "NETLINK_GENERIC"), (0x12, "NETLINK_SCSITRANSPORT"),
        (0x13, "NETLINK_ECRYPTFS"), (0x14, "NETLINK_RDMA"), (0x15, "NETLINK_CRYPTO"), (0x16, "NETLINK_SMC"));

    /// <summary>cmsg_type at SOL_SOCKET.</summary>
    public static readonly FlagSet ScmType = FlagSet.Enum("SCM",
        (0x1, "SCM_RIGHTS"), (0x2, "SCM_CREDENTIALS"), (0x3, "SCM_SECURITY"), (0x29, "SO_WIFI_STATUS"),
        (0x3d, "SO_TXTIME"), (0x1d, "SO_TIMESTAMP_OLD"), (0x23, "SO_TIMESTAMPNS_OLD"), (0x25, "SO_TIMESTAMPING_OLD"),
        (0x3f, "SO_TIMESTAMP_NEW"), (0x40, "SO_TIMESTAMPNS_NEW"), (0x41, "SO_TIMESTAMPING_NEW"),
        (0x36, "SCM_TIMESTAMPING_OPT_STATS"), (0x3a, "SCM_TIMESTAMPING_PKTINFO"));

    public static readonly FlagSet IpOption = FlagSet.Enum("IP",
        (0x1, "IP_TOS"), (0x2, "IP_TTL"), (0x3, "IP_HDRINCL"), (0x4, "IP_OPTIONS"), (0x5, "IP_ROUTER_ALERT"),
        (0x6, "IP_RECVOPTS"), (0x7, "IP_RETOPTS"), (0x8, "IP_PKTINFO"), (0x9, "IP_PKTOPTIONS"),
        (0xa, "IP_MTU_DISCOVER"), (0xb, "IP_RECVERR"), (0xc, "IP_RECVTTL"), (0xd, "IP_RECVTOS"), (0xe, "IP_MTU"),
        (0xf, "IP_FREEBIND"), (0x10, "IP_IPSEC_POLICY"), (0x11, "IP_XFRM_POLICY"), (0x12, "IP_PASSSEC"),
        (0x13, "IP_TRANSPARENT"), (0x14, "IP_ORIGDSTADDR"), (0x15, "IP_MINTTL"), (0x16, "IP_NODEFRAG"),
        (0x17, "IP_CHECKSUM"), (0x18, "IP_BIND_ADDRESS_NO_PORT"), (0x19, "IP_RECVFRAGSIZE"),
        (0x1a, "IP_RECVERR_RFC4884"), (0x20, "IP_MULTICAST_IF"), (0x21, "IP_MULTICAST_TTL"),
        (0x22, "IP_MULTICAST_LOOP"), (0x23, "IP_ADD_MEMBERSHIP"), (0x24, "IP_DROP_MEMBERSHIP"),
        (0x25, "IP_UNBLOCK_SOURCE"), (0x26, "IP_BLOCK_SOURCE"), (0x27, "IP_ADD_SOURCE_MEMBERSHIP"),
        (0x28, "IP_DROP_SOURCE_MEMBERSHIP"), (0x29, "IP_MSFILTER"), (0x2a, "MCAST_JOIN_GROUP"),
        (0x2b, "MCAST_BLOCK_SOURCE"), (0x2c, "MCAST_UNBLOCK_SOURCE"), (0x2d, "MCAST_LEAVE_GROUP"),
        (0x2e, "MCAST_JOIN_SOURCE_GROUP"), (0x2f, "MCAST_LEAVE_SOURCE_GROUP"), (0x30, "MCAST_MSFILTER"),
        (0x31, "IP_MULTICAST_ALL"), (0x32, "IP_UNICAST_IF"));

    public static readonly FlagSet Ipv6Option = FlagSet.Enum("IPV6",
        (0x1, "IPV6_ADDRFORM"), (0x2, "IPV6_2292PKTINFO"), (0x3, "IPV6_2292HOPOPTS"), (0x4, "IPV6_2292DSTOPTS"),
        (0x5, "IPV6_2292RTHDR"), (0x6, "IPV6_2292PKTOPTIONS"), (0x7, "IPV6_CHECKSUM"), (0x8, "IPV6_2292HOPLIMIT"),
        (0x9, "IPV6_NEXTHOP"), (0xa, "IPV6_AUTHHDR"), (0xb, "IPV6_FLOWINFO"), (0x10, "IPV6_UNICAST_HOPS"),
        (0x11, "IPV6_MULTICAST_IF"), (0x12, "IPV6_MULTICAST_HOPS"), (0x13, "IPV6_MULTICAST_LOOP"),
        (0x14, "IPV6_ADD_MEMBERSHIP"), (0x15, "IPV6_DROP_MEMBERSHIP"), (0x16, "IPV6_ROUTER_ALERT"),
        (0x17, "IPV6_MTU_DISCOVER"), (0x18, "IPV6_MTU"), (0x19, "IPV6_RECVERR"), (0x1a, "IPV6_V6ONLY"),
        (0x1b, "IPV6_JOIN_ANYCAST"), (0x1c, "IPV6_LEAVE_ANYCAST"), (0x1d, "IPV6_MULTICAST_ALL"),
        (0x1e, "IPV6_ROUTER_ALERT_ISOLATE"), (0x1f, "IPV6_RECVERR_RFC4884"), (0x20, "IPV6_FLOWLABEL_MGR"),
        (0x21, "IPV6_FLOWINFO_SEND"), (0x22, "IPV6_IPSEC_POLICY"), (0x23, "IPV6_XFRM_POLICY"),
        (0x24, "IPV6_HDRINCL"), (0x2a, "MCAST_JOIN_GROUP"), (0x2b, "MCAST_BLOCK_SOURCE"),
        (0x2c, "MCAST_UNBLOCK_SOURCE"), (0x2d, "MCAST_LEAVE_GROUP"), (0x2e, "MCAST_JOIN_SOURCE_GROUP"),
        (0x2f, "MCAST_LEAVE_SOURCE_GROUP"), (0x30, "MCAST_MSFILTER"), (0x31, "IPV6_RECVPKTINFO"),
        (0x32, "IPV6_PKTINFO"), (0x33, "IPV6_RECVHOPLIMIT"), (0x34, "IPV6_HOPLIMIT"), (0x35, "IPV6_RECVHOPOPTS"),
        (0x36, "IPV6_HOPOPTS"), (0x37, "IPV6_RTHDRDSTOPTS"), (0x38, "IPV6_RECVRTHDR"), (0x39, "IPV6_RTHDR"),
        (0x3a, "IPV6_RECVDSTOPTS"), (0x3b, "IPV6_DSTOPTS"), (0x3c, "IPV6_RECVPATHMTU"), (0x3d, "IPV6_PATHMTU"),
        (0x3e, "IPV6_DONTFRAG"), (0x3f, "IPV6_USE_MIN_MTU"), (0x42, "IPV6_RECVTCLASS"), (0x43, "IPV6_TCLASS"),
        (0x46, "IPV6_AUTOFLOWLABEL"), (0x48, "IPV6_ADDR_PREFERENCES"), (0x49, "IPV6_MINHOPCOUNT"),
        (0x4a, "IPV6_ORIGDSTADDR"), (0x4b, "IPV6_TRANSPARENT"), (0x4c, "IPV6_UNICAST_IF"),
        (0x4d, "IPV6_RECVFRAGSIZE"), (0x4e, "IPV6_FREEBIND"));

    public static readonly FlagSet TcpOption = FlagSet.Enum("TCP",
        (0x1, "TCP_NODELAY"), (0x2, "TCP_MAXSEG"), (0x3, "TCP_CORK"), (0x4, "TCP_KEEPIDLE"), (0x5, "TCP_KEEPINTVL"),
        (0x6, "TCP_KEEPCNT"), (0x7, "TCP_SYNCNT"), (0x8, "TCP_LINGER2"), (0x9, "TCP_DEFER_ACCEPT"),
        (0xa, "TCP_WINDOW_CLAMP"), (0xb, "TCP_INFO"), (0xc, "TCP_QUICKACK"), (0xd, "TCP_CONGESTION"),
        (0xe, "TCP_MD5SIG"), (0xf, "TCP_COOKIE_TRANSACTIONS"), (0x10, "TCP_THIN_LINEAR_TIMEOUTS"),
        (0x11, "TCP_THIN_DUPACK"), (0x12, "TCP_USER_TIMEOUT"), (0x13, "TCP_REPAIR"), (0x14, "TCP_REPAIR_QUEUE"),
        (0x15, "TCP_QUEUE_SEQ"), (0x16, "TCP_REPAIR_OPTIONS"), (0x17, "TCP_FASTOPEN"), (0x18, "TCP_TIMESTAMP"),
        (0x19, "TCP_NOTSENT_LOWAT"), (0x1a, "TCP_CC_INFO"), (0x1b, "TCP_SAVE_SYN"), (0x1c, "TCP_SAVED_SYN"),
        (0x1d, "TCP_REPAIR_WINDOW"), (0x1e, "TCP_FASTOPEN_CONNECT"), (0x1f, "TCP_ULP"), (0x20, "TCP_MD5SIG_EXT"),
        (0x21, "TCP_FASTOPEN_KEY"), (0x22, "TCP_FASTOPEN_NO_COOKIE"), (0x23, "TCP_ZEROCOPY_RECEIVE"),
        (0x24, "TCP_INQ"), (0x25, "TCP_TX_DELAY"));

    public static readonly FlagSet UdpOption = FlagSet.Enum("UDP",
        (0x1, "UDP_CORK"), (0x64, "UDP_ENCAP"), (0x65, "UDP_NO_CHECK6_TX"), (0x66, "UDP_NO_CHECK6_RX"),
        (0x67, "UDP_SEGMENT"), (0x68, "UDP_GRO"));

    public static readonly FlagSet NetlinkOption = FlagSet.Enum("NETLINK",
        (0x1, "NETLINK_ADD_MEMBERSHIP"), (0x2, "NETLINK_DROP_MEMBERSHIP"), (0x3, "NETLINK_PKTINFO"),
        (0x4, "NETLINK_BROADCAST_ERROR"), (0x5, "NETLINK_NO_ENOBUFS"), (0x6, "NETLINK_RX_RING"),
        (0x7, "NETLINK_TX_RING"), (0x8, "NETLINK_LISTEN_ALL_NSID"), (0x9, "NETLINK_LIST_MEMBERSHIPS"),
        (0xa, "NETLINK_CAP_ACK"), (0xb, "NETLINK_EXT_ACK"), (0xc, "NETLINK_GET_STRICT_CHK"));

    public static readonly FlagSet PacketOption = FlagSet.Enum("PACKET",
        (0x1, "PACKET_ADD_MEMBERSHIP"), (0x2, "PACKET_DROP_MEMBERSHIP"), (0x3, "PACKET_RECV_OUTPUT"),
        (0x5, "PACKET_RX_RING"), (0x6, "PACKET_STATISTICS"), (0x7, "PACKET_COPY_THRESH"), (0x8, "PACKET_AUXDATA"),
        (0x9, "PACKET_ORIGDEV"), (0xa, "PACKET_VERSION"), (0xb, "PACKET_HDRLEN"), (0xc, "PACKET_RESERVE"),
        (0xd, "PACKET_TX_RING"), (0xe, "PACKET_LOSS"), (0xf, "PACKET_VNET_HDR"), (0x10, "PACKET_TX_TIMESTAMP"),
        (0x11, "PACKET_TIMESTAMP"), (0x12, "PACKET_FANOUT"), (0x13, "PACKET_TX_HAS_OFF"),
        (0x14, "PACKET_QDISC_BYPASS"), (0x15, "PACKET_ROLLOVER_STATS"), (0x16, "PACKET_FANOUT_DATA"),
        (0x17, "PACKET_IGNORE_OUTGOING"));

    public static readonly FlagSet RawOption = FlagSet.Enum("RAW", (0x1, "ICMP_FILTER"));

    public static readonly FlagSet PtraceEvent = FlagSet.Enum("PTRACE_EVENT",
        (1, "PTRACE_EVENT_FORK"), (2, "PTRACE_EVENT_VFORK"), (3, "PTRACE_EVENT_CLONE"), (4, "PTRACE_EVENT_EXEC"),
        (5, "PTRACE_EVENT_VFORK_DONE"), (6, "PTRACE_EVENT_EXIT"), (7, "PTRACE_EVENT_SECCOMP"), (0x80, "PTRACE_EVENT_STOP"));

    /// <summary>clone's CLONE_* bits without the exit signal, which strace prints last.</summary>
    public static readonly FlagSet CloneBits = FlagSet.Bits("CLONE",
        (0x100, "CLONE_VM"), (0x200, "CLONE_FS"), (0x400, "CLONE_FILES"), (0x800, "CLONE_SIGHAND"),
        (0x1000, "CLONE_PIDFD"), (0x2000, "CLONE_PTRACE"), (0x4000, "CLONE_VFORK"), (0x8000, "CLONE_PARENT"),
        (0x10000, "CLONE_THREAD"), (0x20000, "CLONE_NEWNS"), (0x40000, "CLONE_SYSVSEM"), (0x80000, "CLONE_SETTLS"),
        (0x100000, "CLONE_PARENT_SETTID"), (0x200000, "CLONE_CHILD_CLEARTID"), (0x400000, "CLONE_DETACHED"),
        (0x800000, "CLONE_UNTRACED"), (0x1000000, "CLONE_CHILD_SETTID"), (0x2000000, "CLONE_NEWCGROUP"),
        (0x4000000, "CLONE_NEWUTS"), (0x8000000, "CLONE_NEWIPC"), (0x10000000, "CLONE_NEWUSER"),
        (0x20000000, "CLONE_NEWPID"), (0x40000000, "CLONE_NEWNET"), (0x80000000, "CLONE_IO"),
        (0x100000000, "CLONE_CLEAR_SIGHAND"), (0x200000000, "CLONE_INTO_CGROUP"), (0x80, "CLONE_NEWTIME"));

    public static readonly FlagSet Seals = FlagSet.Bits("F_SEAL",
        (0x1, "F_SEAL_SEAL"), (0x2, "F_SEAL_SHRINK"), (0x4, "F_SEAL_GROW"), (0x8, "F_SEAL_WRITE"), (0x10, "F_SEAL_FUTURE_WRITE"));

    public static readonly FlagSet RusageWho = FlagSet.Enum("RUSAGE",
        (0, "RUSAGE_SELF"), (unchecked((ulong)-1), "RUSAGE_CHILDREN"), (1, "RUSAGE_THREAD"));

    /// <summary>Capabilities by number (linux/capability.h).</summary>
    public static readonly FlagSet Capability = FlagSet.Enum("CAP",
        (0, "CAP_CHOWN"), (1, "CAP_DAC_OVERRIDE"), (2, "CAP_DAC_READ_SEARCH"), (3, "CAP_FOWNER"), (4, "CAP_FSETID"),
        (5, "CAP_KILL"), (6, "CAP_SETGID"), (7, "CAP_SETUID"), (8, "CAP_SETPCAP"), (9, "CAP_LINUX_IMMUTABLE"),
        (10, "CAP_NET_BIND_SERVICE"), (11, "CAP_NET_BROADCAST"), (12, "CAP_NET_ADMIN"), (13, "CAP_NET_RAW"),
        (14, "CAP_IPC_LOCK"), (15, "CAP_IPC_OWNER"), (16, "CAP_SYS_MODULE"), (17, "CAP_SYS_RAWIO"),
        (18, "CAP_SYS_CHROOT"), (19, "CAP_SYS_PTRACE"), (20, "CAP_SYS_PACCT"), (21, "CAP_SYS_ADMIN"),
        (22, "CAP_SYS_BOOT"), (23, "CAP_SYS_NICE"), (24, "CAP_SYS_RESOURCE"), (25, "CAP_SYS_TIME"),
        (26, "CAP_SYS_TTY_CONFIG"), (27, "CAP_MKNOD"), (28, "CAP_LEASE"), (29, "CAP_AUDIT_WRITE"),
        (30, "CAP_AUDIT_CONTROL"), (31, "CAP_SETFCAP"), (32, "CAP_MAC_OVERRIDE"), (33, "CAP_MAC_ADMIN"),
        (34, "CAP_SYSLOG"), (35, "CAP_WAKE_ALARM"), (36, "CAP_BLOCK_SUSPEND"), (37, "CAP_AUDIT_READ"),
        (38, "CAP_PERFMON"), (39, "CAP_BPF"), (40, "CAP_CHECKPOINT_RESTORE"));

    /// <summary>A capability set as capget/capset carry it: one bit per capability, named "1&lt;&lt;CAP_CHOWN".</summary>
    public static readonly FlagSet CapabilityBits = FlagSet.Bits("CAP", [.. Capability.Names.Select(c => (1UL << (int)c.Value, "1<<" + c.Name))]);

    public static readonly FlagSet CapabilityVersion = FlagSet.Enum("_LINUX_CAPABILITY_VERSION",
        (0x19980330, "_LINUX_CAPABILITY_VERSION_1"), (0x20071026, "_LINUX_CAPABILITY_VERSION_2"), (0x20080522, "_LINUX_CAPABILITY_VERSION_3"));

    /// <summary>ICMP types, by the bit an ICMP_FILTER sets for them.</summary>
    public static readonly FlagSet IcmpType = FlagSet.Enum("ICMP",
        (0, "ICMP_ECHOREPLY"), (3, "ICMP_DEST_UNREACH"), (4, "ICMP_SOURCE_QUENCH"), (5, "ICMP_REDIRECT"), (8, "ICMP_ECHO"),
        (11, "ICMP_TIME_EXCEEDED"), (12, "ICMP_PARAMETERPROB"), (13, "ICMP_TIMESTAMP"), (14, "ICMP_TIMESTAMPREPLY"),
        (15, "ICMP_INFO_REQUEST"), (16, "ICMP_INFO_REPLY"), (17, "ICMP_ADDRESS"), (18, "ICMP_ADDRESSREPLY"));

    public static readonly FlagSet Dumpable = FlagSet.Enum("SUID_DUMP",
        (0, "SUID_DUMP_DISABLE"), (1, "SUID_DUMP_USER"), (2, "SUID_DUMP_ROOT"));

    public static readonly FlagSet FutexBitset = FlagSet.Enum("FUTEX_BITSET", (0xffffffff, "FUTEX_BITSET_MATCH_ANY"));
}
