namespace Vuos.Net.Tracer.Syscalls;

/// <summary>
/// The symbolic names of flag and enumeration arguments, with the x86-64 Linux values (uapi and glibc headers;
/// the C headers spell many of them in octal). Names are strace's. A combined name that shares bits with a
/// shorter one (O_SYNC and O_DSYNC, O_TMPFILE and O_DIRECTORY) comes first so that it wins.
/// This class depends on nothing but <see cref="FlagSet"/>: SyscallTable's rows read these fields.
/// </summary>
public static partial class FlagSets
{
    public static readonly FlagSet AddressFamily = FlagSet.Enum("AF",
        (0, "AF_UNSPEC"), (1, "AF_UNIX"), (2, "AF_INET"), (3, "AF_AX25"), (4, "AF_IPX"), (5, "AF_APPLETALK"),
        (6, "AF_NETROM"), (7, "AF_BRIDGE"), (8, "AF_ATMPVC"), (9, "AF_X25"), (10, "AF_INET6"), (11, "AF_ROSE"),
        (12, "AF_DECnet"), (13, "AF_NETBEUI"), (14, "AF_SECURITY"), (15, "AF_KEY"), (16, "AF_NETLINK"),
        (17, "AF_PACKET"), (18, "AF_ASH"), (19, "AF_ECONET"), (20, "AF_ATMSVC"), (21, "AF_RDS"), (22, "AF_SNA"),
        (23, "AF_IRDA"), (24, "AF_PPPOX"), (25, "AF_WANPIPE"), (26, "AF_LLC"), (27, "AF_IB"), (28, "AF_MPLS"),
        (29, "AF_CAN"), (30, "AF_TIPC"), (31, "AF_BLUETOOTH"), (32, "AF_IUCV"), (33, "AF_RXRPC"), (34, "AF_ISDN"),
        (35, "AF_PHONET"), (36, "AF_IEEE802154"), (37, "AF_CAIF"), (38, "AF_ALG"), (39, "AF_NFC"), (40, "AF_VSOCK"),
        (41, "AF_KCM"), (42, "AF_QIPCRTR"), (43, "AF_SMC"), (44, "AF_XDP"), (45, "AF_MCTP"));

    public static readonly FlagSet SocketType = FlagSet.Mixed("SOCK", 0xf,
        [(1, "SOCK_STREAM"), (2, "SOCK_DGRAM"), (3, "SOCK_RAW"), (4, "SOCK_RDM"), (5, "SOCK_SEQPACKET"), (6, "SOCK_DCCP"), (10, "SOCK_PACKET")],
        [(0x80000, "SOCK_CLOEXEC"), (0x800, "SOCK_NONBLOCK")]);

    public static readonly FlagSet IpProtocol = FlagSet.Enum("IPPROTO",
        (0, "IPPROTO_IP"), (1, "IPPROTO_ICMP"), (2, "IPPROTO_IGMP"), (4, "IPPROTO_IPIP"), (6, "IPPROTO_TCP"),
        (8, "IPPROTO_EGP"), (12, "IPPROTO_PUP"), (17, "IPPROTO_UDP"), (22, "IPPROTO_IDP"), (29, "IPPROTO_TP"),
        (33, "IPPROTO_DCCP"), (41, "IPPROTO_IPV6"), (46, "IPPROTO_RSVP"), (47, "IPPROTO_GRE"), (50, "IPPROTO_ESP"),
        (51, "IPPROTO_AH"), (58, "IPPROTO_ICMPV6"), (92, "IPPROTO_MTP"), (94, "IPPROTO_BEETPH"), (98, "IPPROTO_ENCAP"),
        (103, "IPPROTO_PIM"), (108, "IPPROTO_COMP"), (115, "IPPROTO_L2TP"), (132, "IPPROTO_SCTP"),
        (136, "IPPROTO_UDPLITE"), (137, "IPPROTO_MPLS"), (143, "IPPROTO_ETHERNET"), (255, "IPPROTO_RAW"),
        (256, "IPPROTO_SMC"), (262, "IPPROTO_MPTCP"));

    public static readonly FlagSet OpenFlags = FlagSet.Mixed("O", 3,
        [(0, "O_RDONLY"), (1, "O_WRONLY"), (2, "O_RDWR"), (3, "O_ACCMODE")],
        [
            (0x40, "O_CREAT"), (0x80, "O_EXCL"), (0x100, "O_NOCTTY"), (0x200, "O_TRUNC"), (0x400, "O_APPEND"),
            (0x800, "O_NONBLOCK"), (0x101000, "O_SYNC"), (0x1000, "O_DSYNC"), (0x4000, "O_DIRECT"), (0x8000, "O_LARGEFILE"),
            (0x20000, "O_NOFOLLOW"), (0x40000, "O_NOATIME"), (0x80000, "O_CLOEXEC"), (0x200000, "O_PATH"),
            (0x410000, "O_TMPFILE"), (0x10000, "O_DIRECTORY"), (0x2000, "FASYNC"),
        ]);

    /// <summary>AT_* flags of the *at calls. AT_EACCESS (0x200, faccessat only) is left out: it shares AT_REMOVEDIR's bit.</summary>
    public static readonly FlagSet AtFlags = FlagSet.Bits("AT",
        (0x100, "AT_SYMLINK_NOFOLLOW"), (0x200, "AT_REMOVEDIR"), (0x400, "AT_SYMLINK_FOLLOW"), (0x800, "AT_NO_AUTOMOUNT"),
        (0x1000, "AT_EMPTY_PATH"), (0x2000, "AT_STATX_FORCE_SYNC"), (0x4000, "AT_STATX_DONT_SYNC"), (0x8000, "AT_RECURSIVE"));

    /// <summary>faccessat2's flags, where 0x200 is AT_EACCESS.</summary>
    public static readonly FlagSet FaccessatFlags = FlagSet.Bits("AT",
        (0x100, "AT_SYMLINK_NOFOLLOW"), (0x200, "AT_EACCESS"), (0x1000, "AT_EMPTY_PATH"));

    public static readonly FlagSet MsgFlags = FlagSet.Bits("MSG",
        (0x1, "MSG_OOB"), (0x2, "MSG_PEEK"), (0x4, "MSG_DONTROUTE"), (0x8, "MSG_CTRUNC"), (0x10, "MSG_PROXY"),
        (0x20, "MSG_TRUNC"), (0x40, "MSG_DONTWAIT"), (0x80, "MSG_EOR"), (0x100, "MSG_WAITALL"), (0x200, "MSG_FIN"),
        (0x400, "MSG_SYN"), (0x800, "MSG_CONFIRM"), (0x1000, "MSG_RST"), (0x2000, "MSG_ERRQUEUE"),
        (0x4000, "MSG_NOSIGNAL"), (0x8000, "MSG_MORE"), (0x10000, "MSG_WAITFORONE"), (0x40000, "MSG_BATCH"),
        (0x2000000, "MSG_SOCK_DEVMEM"), (0x4000000, "MSG_ZEROCOPY"), (0x20000000, "MSG_FASTOPEN"),
        (0x40000000, "MSG_CMSG_CLOEXEC"));

    /// <summary>PROT_*: the read/write/exec field is enumerated so that 0 prints as PROT_NONE, as strace does.</summary>
    public static readonly FlagSet MmapProt = FlagSet.Mixed("PROT", 7,
        [
            (0, "PROT_NONE"), (1, "PROT_READ"), (2, "PROT_WRITE"), (3, "PROT_READ|PROT_WRITE"), (4, "PROT_EXEC"),
            (5, "PROT_READ|PROT_EXEC"), (6, "PROT_WRITE|PROT_EXEC"), (7, "PROT_READ|PROT_WRITE|PROT_EXEC"),
        ],
        [(0x8, "PROT_SEM"), (0x01000000, "PROT_GROWSDOWN"), (0x02000000, "PROT_GROWSUP")]);

    /// <summary>MAP_*: the mapping type (MAP_TYPE, 0xf) then the flag bits. The MAP_HUGE_* size field (bits 26..31) prints in hex.</summary>
    public static readonly FlagSet MmapFlags = FlagSet.Mixed("MAP", 0xf,
        [(1, "MAP_SHARED"), (2, "MAP_PRIVATE"), (3, "MAP_SHARED_VALIDATE"), (8, "MAP_DROPPABLE")],
        [
            (0x10, "MAP_FIXED"), (0x20, "MAP_ANONYMOUS"), (0x40, "MAP_32BIT"), (0x4000, "MAP_NORESERVE"),
            (0x8000, "MAP_POPULATE"), (0x10000, "MAP_NONBLOCK"), (0x100, "MAP_GROWSDOWN"), (0x800, "MAP_DENYWRITE"),
            (0x1000, "MAP_EXECUTABLE"), (0x2000, "MAP_LOCKED"), (0x20000, "MAP_STACK"), (0x40000, "MAP_HUGETLB"),
            (0x80000, "MAP_SYNC"), (0x4000000, "MAP_UNINITIALIZED"), (0x100000, "MAP_FIXED_NOREPLACE"),
        ]);

    public static readonly FlagSet MremapFlags = FlagSet.Bits("MREMAP",
        (1, "MREMAP_MAYMOVE"), (2, "MREMAP_FIXED"), (4, "MREMAP_DONTUNMAP"));

    public static readonly FlagSet MsyncFlags = FlagSet.Bits("MS",
        (4, "MS_SYNC"), (1, "MS_ASYNC"), (2, "MS_INVALIDATE"));

    public static readonly FlagSet MadviseAdvice = FlagSet.Enum("MADV",
        (0, "MADV_NORMAL"), (1, "MADV_RANDOM"), (2, "MADV_SEQUENTIAL"), (3, "MADV_WILLNEED"), (4, "MADV_DONTNEED"),
        (8, "MADV_FREE"), (9, "MADV_REMOVE"), (10, "MADV_DONTFORK"), (11, "MADV_DOFORK"), (12, "MADV_MERGEABLE"),
        (13, "MADV_UNMERGEABLE"), (14, "MADV_HUGEPAGE"), (15, "MADV_NOHUGEPAGE"), (16, "MADV_DONTDUMP"),
        (17, "MADV_DODUMP"), (18, "MADV_WIPEONFORK"), (19, "MADV_KEEPONFORK"), (20, "MADV_COLD"), (21, "MADV_PAGEOUT"),
        (22, "MADV_POPULATE_READ"), (23, "MADV_POPULATE_WRITE"), (24, "MADV_DONTNEED_LOCKED"), (25, "MADV_COLLAPSE"),
        (100, "MADV_HWPOISON"), (101, "MADV_SOFT_OFFLINE"), (102, "MADV_GUARD_INSTALL"), (103, "MADV_GUARD_REMOVE"));

    public static readonly FlagSet MlockallFlags = FlagSet.Bits("MCL",
        (1, "MCL_CURRENT"), (2, "MCL_FUTURE"), (4, "MCL_ONFAULT"));

    public static readonly FlagSet Mlock2Flags = FlagSet.Bits("MLOCK", (1, "MLOCK_ONFAULT"));

    public static readonly FlagSet ShmatFlags = FlagSet.Bits("SHM",
        (0x1000, "SHM_RDONLY"), (0x2000, "SHM_RND"), (0x4000, "SHM_REMAP"), (0x8000, "SHM_EXEC"));

    public static readonly FlagSet PkeyAccessRights = FlagSet.Bits("PKEY",
        (1, "PKEY_DISABLE_ACCESS"), (2, "PKEY_DISABLE_WRITE"));

    /// <summary>
    /// clone's flags: the low byte is the exit signal (CSIGNAL), printed by name, then the CLONE_* bits. An exit
    /// signal of 0 (threads) has an empty name, so that nothing is printed for it.
    /// </summary>
    public static readonly FlagSet CloneFlags = FlagSet.Mixed("CLONE", 0xff,
        [
            (0, ""), (1, "SIGHUP"), (2, "SIGINT"), (3, "SIGQUIT"), (4, "SIGILL"), (5, "SIGTRAP"), (6, "SIGABRT"),
            (7, "SIGBUS"), (8, "SIGFPE"), (9, "SIGKILL"), (10, "SIGUSR1"), (11, "SIGSEGV"), (12, "SIGUSR2"),
            (13, "SIGPIPE"), (14, "SIGALRM"), (15, "SIGTERM"), (16, "SIGSTKFLT"), (17, "SIGCHLD"), (18, "SIGCONT"),
            (19, "SIGSTOP"), (20, "SIGTSTP"), (21, "SIGTTIN"), (22, "SIGTTOU"), (23, "SIGURG"), (24, "SIGXCPU"),
            (25, "SIGXFSZ"), (26, "SIGVTALRM"), (27, "SIGPROF"), (28, "SIGWINCH"), (29, "SIGIO"), (30, "SIGPWR"),
            (31, "SIGSYS"),
        ],
        [
            (0x100, "CLONE_VM"), (0x200, "CLONE_FS"), (0x400, "CLONE_FILES"), (0x800, "CLONE_SIGHAND"),
            (0x1000, "CLONE_PIDFD"), (0x2000, "CLONE_PTRACE"), (0x4000, "CLONE_VFORK"), (0x8000, "CLONE_PARENT"),
            (0x10000, "CLONE_THREAD"), (0x20000, "CLONE_NEWNS"), (0x40000, "CLONE_SYSVSEM"), (0x80000, "CLONE_SETTLS"),
            (0x100000, "CLONE_PARENT_SETTID"), (0x200000, "CLONE_CHILD_CLEARTID"), (0x400000, "CLONE_DETACHED"),
            (0x800000, "CLONE_UNTRACED"), (0x1000000, "CLONE_CHILD_SETTID"), (0x2000000, "CLONE_NEWCGROUP"),
            (0x4000000, "CLONE_NEWUTS"), (0x8000000, "CLONE_NEWIPC"), (0x10000000, "CLONE_NEWUSER"),
            (0x20000000, "CLONE_NEWPID"), (0x40000000, "CLONE_NEWNET"), (0x80000000, "CLONE_IO"),
        ]);

    /// <summary>unshare's flags and setns's nstype: the namespace bits plus what unshare can also unshare.</summary>
    public static readonly FlagSet UnshareFlags = FlagSet.Bits("CLONE",
        (0x80, "CLONE_NEWTIME"), (0x100, "CLONE_VM"), (0x200, "CLONE_FS"), (0x400, "CLONE_FILES"),
        (0x800, "CLONE_SIGHAND"), (0x10000, "CLONE_THREAD"), (0x20000, "CLONE_NEWNS"), (0x40000, "CLONE_SYSVSEM"),
        (0x2000000, "CLONE_NEWCGROUP"), (0x4000000, "CLONE_NEWUTS"), (0x8000000, "CLONE_NEWIPC"),
        (0x10000000, "CLONE_NEWUSER"), (0x20000000, "CLONE_NEWPID"), (0x40000000, "CLONE_NEWNET"));

    public static readonly FlagSet ShutdownHow = FlagSet.Enum("SHUT",
        (0, "SHUT_RD"), (1, "SHUT_WR"), (2, "SHUT_RDWR"));

    public static readonly FlagSet SockOptLevel = FlagSet.Enum("SOL",
        (0, "SOL_IP"), (1, "SOL_SOCKET"), (6, "SOL_TCP"), (17, "SOL_UDP"), (41, "SOL_IPV6"), (58, "SOL_ICMPV6"),
        (132, "SOL_SCTP"), (136, "SOL_UDPLITE"), (255, "SOL_RAW"), (256, "SOL_IPX"), (257, "SOL_AX25"),
        (258, "SOL_ATALK"), (259, "SOL_NETROM"), (260, "SOL_ROSE"), (261, "SOL_DECNET"), (262, "SOL_X25"),
        (263, "SOL_PACKET"), (264, "SOL_ATM"), (265, "SOL_AAL"), (266, "SOL_IRDA"), (267, "SOL_NETBEUI"),
        (268, "SOL_LLC"), (269, "SOL_DCCP"), (270, "SOL_NETLINK"), (271, "SOL_TIPC"), (272, "SOL_RXRPC"),
        (273, "SOL_PPPOL2TP"), (274, "SOL_BLUETOOTH"), (275, "SOL_PNPIPE"), (276, "SOL_RDS"), (277, "SOL_IUCV"),
        (278, "SOL_CAIF"), (279, "SOL_ALG"), (280, "SOL_NFC"), (281, "SOL_KCM"), (282, "SOL_TLS"), (283, "SOL_XDP"),
        (284, "SOL_MPTCP"), (285, "SOL_MCTP"), (286, "SOL_SMC"), (287, "SOL_VSOCK"));

    /// <summary>SOL_SOCKET option names (asm-generic/socket.h). Options of other levels print under these numbers too.</summary>
    public static readonly FlagSet SocketOption = FlagSet.Enum("SO",
        (1, "SO_DEBUG"), (2, "SO_REUSEADDR"), (3, "SO_TYPE"), (4, "SO_ERROR"), (5, "SO_DONTROUTE"), (6, "SO_BROADCAST"),
        (7, "SO_SNDBUF"), (8, "SO_RCVBUF"), (9, "SO_KEEPALIVE"), (10, "SO_OOBINLINE"), (11, "SO_NO_CHECK"),
        (12, "SO_PRIORITY"), (13, "SO_LINGER"), (14, "SO_BSDCOMPAT"), (15, "SO_REUSEPORT"), (16, "SO_PASSCRED"),
        (17, "SO_PEERCRED"), (18, "SO_RCVLOWAT"), (19, "SO_SNDLOWAT"), (20, "SO_RCVTIMEO_OLD"), (21, "SO_SNDTIMEO_OLD"),
        (22, "SO_SECURITY_AUTHENTICATION"), (23, "SO_SECURITY_ENCRYPTION_TRANSPORT"),
        (24, "SO_SECURITY_ENCRYPTION_NETWORK"), (25, "SO_BINDTODEVICE"), (26, "SO_ATTACH_FILTER"),
        (27, "SO_DETACH_FILTER"), (28, "SO_PEERNAME"), (29, "SO_TIMESTAMP_OLD"), (30, "SO_ACCEPTCONN"),
        (31, "SO_PEERSEC"), (32, "SO_SNDBUFFORCE"), (33, "SO_RCVBUFFORCE"), (34, "SO_PASSSEC"),
        (35, "SO_TIMESTAMPNS_OLD"), (36, "SO_MARK"), (37, "SO_TIMESTAMPING_OLD"), (38, "SO_PROTOCOL"),
        (39, "SO_DOMAIN"), (40, "SO_RXQ_OVFL"), (41, "SO_WIFI_STATUS"), (42, "SO_PEEK_OFF"), (43, "SO_NOFCS"),
        (44, "SO_LOCK_FILTER"), (45, "SO_SELECT_ERR_QUEUE"), (46, "SO_BUSY_POLL"), (47, "SO_MAX_PACING_RATE"),
        (48, "SO_BPF_EXTENSIONS"), (49, "SO_INCOMING_CPU"), (50, "SO_ATTACH_BPF"), (51, "SO_ATTACH_REUSEPORT_CBPF"),
        (52, "SO_ATTACH_REUSEPORT_EBPF"), (53, "SO_CNX_ADVICE"), (55, "SO_MEMINFO"), (56, "SO_INCOMING_NAPI_ID"),
        (57, "SO_COOKIE"), (59, "SO_PEERGROUPS"), (60, "SO_ZEROCOPY"), (61, "SO_TXTIME"), (62, "SO_BINDTOIFINDEX"),
        (63, "SO_TIMESTAMP_NEW"), (64, "SO_TIMESTAMPNS_NEW"), (65, "SO_TIMESTAMPING_NEW"), (66, "SO_RCVTIMEO_NEW"),
        (67, "SO_SNDTIMEO_NEW"), (68, "SO_DETACH_REUSEPORT_BPF"), (69, "SO_PREFER_BUSY_POLL"),
        (70, "SO_BUSY_POLL_BUDGET"), (71, "SO_NETNS_COOKIE"), (72, "SO_BUF_LOCK"), (73, "SO_RESERVE_MEM"),
        (74, "SO_TXREHASH"), (75, "SO_RCVMARK"), (76, "SO_PASSPIDFD"), (77, "SO_PEERPIDFD"), (78, "SO_DEVMEM_LINEAR"),
        (79, "SO_DEVMEM_DMABUF"), (80, "SO_DEVMEM_DONTNEED"), (82, "SO_RCVPRIORITY"), (83, "SO_PASSRIGHTS"), (84, "SO_INQ"));

    public static readonly FlagSet Accept4Flags = FlagSet.Bits("SOCK",
        (0x80000, "SOCK_CLOEXEC"), (0x800, "SOCK_NONBLOCK"));

    public static readonly FlagSet FcntlCmd = FlagSet.Enum("F",
        (0, "F_DUPFD"), (1, "F_GETFD"), (2, "F_SETFD"), (3, "F_GETFL"), (4, "F_SETFL"), (5, "F_GETLK"), (6, "F_SETLK"),
        (7, "F_SETLKW"), (8, "F_SETOWN"), (9, "F_GETOWN"), (10, "F_SETSIG"), (11, "F_GETSIG"), (15, "F_SETOWN_EX"),
        (16, "F_GETOWN_EX"), (17, "F_GETOWNER_UIDS"), (36, "F_OFD_GETLK"), (37, "F_OFD_SETLK"), (38, "F_OFD_SETLKW"),
        (1024, "F_SETLEASE"), (1025, "F_GETLEASE"), (1026, "F_NOTIFY"), (1027, "F_DUPFD_QUERY"),
        (1028, "F_CREATED_QUERY"), (1029, "F_CANCELLK"), (1030, "F_DUPFD_CLOEXEC"), (1031, "F_SETPIPE_SZ"),
        (1032, "F_GETPIPE_SZ"), (1033, "F_ADD_SEALS"), (1034, "F_GET_SEALS"), (1035, "F_GET_RW_HINT"),
        (1036, "F_SET_RW_HINT"), (1037, "F_GET_FILE_RW_HINT"), (1038, "F_SET_FILE_RW_HINT"));

    public static readonly FlagSet FlockOperation = FlagSet.Bits("LOCK",
        (1, "LOCK_SH"), (2, "LOCK_EX"), (4, "LOCK_NB"), (8, "LOCK_UN"));

    public static readonly FlagSet SeekWhence = FlagSet.Enum("SEEK",
        (0, "SEEK_SET"), (1, "SEEK_CUR"), (2, "SEEK_END"), (3, "SEEK_DATA"), (4, "SEEK_HOLE"));

    /// <summary>access modes: enumerated over all three bits so that 0 prints as F_OK, as strace does.</summary>
    public static readonly FlagSet AccessMode = FlagSet.Mixed("ACCESS", 7,
        [
            (0, "F_OK"), (1, "X_OK"), (2, "W_OK"), (3, "W_OK|X_OK"), (4, "R_OK"), (5, "R_OK|X_OK"), (6, "R_OK|W_OK"),
            (7, "R_OK|W_OK|X_OK"),
        ],
        []);

    /// <summary>wait4/waitid options. WSTOPPED is WUNTRACED's bit, and strace prints it so.</summary>
    public static readonly FlagSet WaitOptions = FlagSet.Bits("W",
        (1, "WNOHANG"), (4, "WEXITED"), (2, "WSTOPPED"), (8, "WCONTINUED"), (0x1000000, "WNOWAIT"),
        (0x80000000, "__WCLONE"), (0x40000000, "__WALL"), (0x20000000, "__WNOTHREAD"));

    public static readonly FlagSet IdType = FlagSet.Enum("P",
        (0, "P_ALL"), (1, "P_PID"), (2, "P_PGID"), (3, "P_PIDFD"));

    public static readonly FlagSet SigprocmaskHow = FlagSet.Enum("SIG",
        (0, "SIG_BLOCK"), (1, "SIG_UNBLOCK"), (2, "SIG_SETMASK"));

    public static readonly FlagSet PtraceRequest = FlagSet.Enum("PTRACE",
        (0, "PTRACE_TRACEME"), (1, "PTRACE_PEEKTEXT"), (2, "PTRACE_PEEKDATA"), (3, "PTRACE_PEEKUSER"),
        (4, "PTRACE_POKETEXT"), (5, "PTRACE_POKEDATA"), (6, "PTRACE_POKEUSER"), (7, "PTRACE_CONT"), (8, "PTRACE_KILL"),
        (9, "PTRACE_SINGLESTEP"), (12, "PTRACE_GETREGS"), (13, "PTRACE_SETREGS"), (14, "PTRACE_GETFPREGS"),
        (15, "PTRACE_SETFPREGS"), (16, "PTRACE_ATTACH"), (17, "PTRACE_DETACH"), (18, "PTRACE_GETFPXREGS"),
        (19, "PTRACE_SETFPXREGS"), (21, "PTRACE_OLDSETOPTIONS"), (24, "PTRACE_SYSCALL"),
        (25, "PTRACE_GET_THREAD_AREA"), (26, "PTRACE_SET_THREAD_AREA"), (30, "PTRACE_ARCH_PRCTL"),
        (31, "PTRACE_SYSEMU"), (32, "PTRACE_SYSEMU_SINGLESTEP"), (33, "PTRACE_SINGLEBLOCK"),
        (0x4200, "PTRACE_SETOPTIONS"), (0x4201, "PTRACE_GETEVENTMSG"), (0x4202, "PTRACE_GETSIGINFO"),
        (0x4203, "PTRACE_SETSIGINFO"), (0x4204, "PTRACE_GETREGSET"), (0x4205, "PTRACE_SETREGSET"),
        (0x4206, "PTRACE_SEIZE"), (0x4207, "PTRACE_INTERRUPT"), (0x4208, "PTRACE_LISTEN"),
        (0x4209, "PTRACE_PEEKSIGINFO"), (0x420a, "PTRACE_GETSIGMASK"), (0x420b, "PTRACE_SETSIGMASK"),
        (0x420c, "PTRACE_SECCOMP_GET_FILTER"), (0x420d, "PTRACE_SECCOMP_GET_METADATA"),
        (0x420e, "PTRACE_GET_SYSCALL_INFO"), (0x420f, "PTRACE_GET_RSEQ_CONFIGURATION"),
        (0x4210, "PTRACE_SET_SYSCALL_USER_DISPATCH_CONFIG"), (0x4211, "PTRACE_GET_SYSCALL_USER_DISPATCH_CONFIG"),
        (0x4212, "PTRACE_SET_SYSCALL_INFO"));

    public static readonly FlagSet PrctlOption = FlagSet.Enum("PR",
        (1, "PR_SET_PDEATHSIG"), (2, "PR_GET_PDEATHSIG"), (3, "PR_GET_DUMPABLE"), (4, "PR_SET_DUMPABLE"),
        (5, "PR_GET_UNALIGN"), (6, "PR_SET_UNALIGN"), (7, "PR_GET_KEEPCAPS"), (8, "PR_SET_KEEPCAPS"),
        (9, "PR_GET_FPEMU"), (10, "PR_SET_FPEMU"), (11, "PR_GET_FPEXC"), (12, "PR_SET_FPEXC"), (13, "PR_GET_TIMING"),
        (14, "PR_SET_TIMING"), (15, "PR_SET_NAME"), (16, "PR_GET_NAME"), (19, "PR_GET_ENDIAN"), (20, "PR_SET_ENDIAN"),
        (21, "PR_GET_SECCOMP"), (22, "PR_SET_SECCOMP"), (23, "PR_CAPBSET_READ"), (24, "PR_CAPBSET_DROP"),
        (25, "PR_GET_TSC"), (26, "PR_SET_TSC"), (27, "PR_GET_SECUREBITS"), (28, "PR_SET_SECUREBITS"),
        (29, "PR_SET_TIMERSLACK"), (30, "PR_GET_TIMERSLACK"), (31, "PR_TASK_PERF_EVENTS_DISABLE"),
        (32, "PR_TASK_PERF_EVENTS_ENABLE"), (33, "PR_MCE_KILL"), (34, "PR_MCE_KILL_GET"), (35, "PR_SET_MM"),
        (36, "PR_SET_CHILD_SUBREAPER"), (37, "PR_GET_CHILD_SUBREAPER"), (38, "PR_SET_NO_NEW_PRIVS"),
        (39, "PR_GET_NO_NEW_PRIVS"), (40, "PR_GET_TID_ADDRESS"), (41, "PR_SET_THP_DISABLE"),
        (42, "PR_GET_THP_DISABLE"), (43, "PR_MPX_ENABLE_MANAGEMENT"), (44, "PR_MPX_DISABLE_MANAGEMENT"),
        (45, "PR_SET_FP_MODE"), (46, "PR_GET_FP_MODE"), (47, "PR_CAP_AMBIENT"), (50, "PR_SVE_SET_VL"),
        (51, "PR_SVE_GET_VL"), (52, "PR_GET_SPECULATION_CTRL"), (53, "PR_SET_SPECULATION_CTRL"),
        (54, "PR_PAC_RESET_KEYS"), (55, "PR_SET_TAGGED_ADDR_CTRL"), (56, "PR_GET_TAGGED_ADDR_CTRL"),
        (57, "PR_SET_IO_FLUSHER"), (58, "PR_GET_IO_FLUSHER"), (59, "PR_SET_SYSCALL_USER_DISPATCH"),
        (60, "PR_PAC_SET_ENABLED_KEYS"), (61, "PR_PAC_GET_ENABLED_KEYS"), (62, "PR_SCHED_CORE"), (63, "PR_SME_SET_VL"),
        (64, "PR_SME_GET_VL"), (65, "PR_SET_MDWE"), (66, "PR_GET_MDWE"), (67, "PR_SET_MEMORY_MERGE"),
        (68, "PR_GET_MEMORY_MERGE"), (69, "PR_RISCV_V_SET_CONTROL"), (70, "PR_RISCV_V_GET_CONTROL"),
        (71, "PR_RISCV_SET_ICACHE_FLUSH_CTX"), (72, "PR_PPC_GET_DEXCR"), (73, "PR_PPC_SET_DEXCR"),
        (74, "PR_GET_SHADOW_STACK_STATUS"), (75, "PR_SET_SHADOW_STACK_STATUS"), (76, "PR_LOCK_SHADOW_STACK_STATUS"),
        (77, "PR_TIMER_CREATE_RESTORE_IDS"), (78, "PR_FUTEX_HASH"), (0x41555856, "PR_GET_AUXV"),
        (0x53564d41, "PR_SET_VMA"), (0x59616d61, "PR_SET_PTRACER"));

    public static readonly FlagSet ArchPrctlCode = FlagSet.Enum("ARCH",
        (0x1001, "ARCH_SET_GS"), (0x1002, "ARCH_SET_FS"), (0x1003, "ARCH_GET_FS"), (0x1004, "ARCH_GET_GS"),
        (0x1011, "ARCH_GET_CPUID"), (0x1012, "ARCH_SET_CPUID"), (0x1021, "ARCH_GET_XCOMP_SUPP"),
        (0x1022, "ARCH_GET_XCOMP_PERM"), (0x1023, "ARCH_REQ_XCOMP_PERM"), (0x1024, "ARCH_GET_XCOMP_GUEST_PERM"),
        (0x1025, "ARCH_REQ_XCOMP_GUEST_PERM"), (0x2001, "ARCH_MAP_VDSO_X32"), (0x2002, "ARCH_MAP_VDSO_32"),
        (0x2003, "ARCH_MAP_VDSO_64"), (0x4001, "ARCH_GET_UNTAG_MASK"), (0x4002, "ARCH_ENABLE_TAGGED_ADDR"),
        (0x4003, "ARCH_GET_MAX_TAG_BITS"), (0x4004, "ARCH_FORCE_TAGGED_SVA"), (0x5001, "ARCH_SHSTK_ENABLE"),
        (0x5002, "ARCH_SHSTK_DISABLE"), (0x5003, "ARCH_SHSTK_LOCK"), (0x5004, "ARCH_SHSTK_UNLOCK"),
        (0x5005, "ARCH_SHSTK_STATUS"));

    public static readonly FlagSet EpollCtlOp = FlagSet.Enum("EPOLL_CTL",
        (1, "EPOLL_CTL_ADD"), (2, "EPOLL_CTL_DEL"), (3, "EPOLL_CTL_MOD"));

    public static readonly FlagSet EpollCreateFlags = FlagSet.Bits("EPOLL", (0x80000, "EPOLL_CLOEXEC"));

    /// <summary>futex operations: the command with its private flag as one name (FUTEX_WAKE_PRIVATE), then FUTEX_CLOCK_REALTIME.</summary>
    public static readonly FlagSet FutexOp = FlagSet.Mixed("FUTEX", 0xff,
        [
            (0x0, "FUTEX_WAIT"), (0x1, "FUTEX_WAKE"), (0x2, "FUTEX_FD"), (0x3, "FUTEX_REQUEUE"),
            (0x4, "FUTEX_CMP_REQUEUE"), (0x5, "FUTEX_WAKE_OP"), (0x6, "FUTEX_LOCK_PI"), (0x7, "FUTEX_UNLOCK_PI"),
            (0x8, "FUTEX_TRYLOCK_PI"), (0x9, "FUTEX_WAIT_BITSET"), (0xa, "FUTEX_WAKE_BITSET"),
            (0xb, "FUTEX_WAIT_REQUEUE_PI"), (0xc, "FUTEX_CMP_REQUEUE_PI"), (0xd, "FUTEX_LOCK_PI2"),
            (0x80, "FUTEX_WAIT_PRIVATE"), (0x81, "FUTEX_WAKE_PRIVATE"), (0x82, "FUTEX_FD|FUTEX_PRIVATE_FLAG"),
            (0x83, "FUTEX_REQUEUE_PRIVATE"), (0x84, "FUTEX_CMP_REQUEUE_PRIVATE"), (0x85, "FUTEX_WAKE_OP_PRIVATE"),
            (0x86, "FUTEX_LOCK_PI_PRIVATE"), (0x87, "FUTEX_UNLOCK_PI_PRIVATE"), (0x88, "FUTEX_TRYLOCK_PI_PRIVATE"),
            (0x89, "FUTEX_WAIT_BITSET_PRIVATE"), (0x8a, "FUTEX_WAKE_BITSET_PRIVATE"),
            (0x8b, "FUTEX_WAIT_REQUEUE_PI_PRIVATE"), (0x8c, "FUTEX_CMP_REQUEUE_PI_PRIVATE"),
            (0x8d, "FUTEX_LOCK_PI2_PRIVATE"),
        ],
        [(0x100, "FUTEX_CLOCK_REALTIME")]);

    public static readonly FlagSet ClockId = FlagSet.Enum("CLOCK",
        (0, "CLOCK_REALTIME"), (1, "CLOCK_MONOTONIC"), (2, "CLOCK_PROCESS_CPUTIME_ID"), (3, "CLOCK_THREAD_CPUTIME_ID"),
        (4, "CLOCK_MONOTONIC_RAW"), (5, "CLOCK_REALTIME_COARSE"), (6, "CLOCK_MONOTONIC_COARSE"), (7, "CLOCK_BOOTTIME"),
        (8, "CLOCK_REALTIME_ALARM"), (9, "CLOCK_BOOTTIME_ALARM"), (10, "CLOCK_SGI_CYCLE"), (11, "CLOCK_TAI"));

    public static readonly FlagSet TimerFlags = FlagSet.Bits("TIMER", (1, "TIMER_ABSTIME"));

    public static readonly FlagSet ItimerWhich = FlagSet.Enum("ITIMER",
        (0, "ITIMER_REAL"), (1, "ITIMER_VIRTUAL"), (2, "ITIMER_PROF"));

    public static readonly FlagSet TimerfdFlags = FlagSet.Bits("TFD",
        (0x80000, "TFD_CLOEXEC"), (0x800, "TFD_NONBLOCK"));

    public static readonly FlagSet TimerfdSettimeFlags = FlagSet.Bits("TFD_TIMER",
        (1, "TFD_TIMER_ABSTIME"), (2, "TFD_TIMER_CANCEL_ON_SET"));

    public static readonly FlagSet RlimitResource = FlagSet.Enum("RLIMIT",
        (0, "RLIMIT_CPU"), (1, "RLIMIT_FSIZE"), (2, "RLIMIT_DATA"), (3, "RLIMIT_STACK"), (4, "RLIMIT_CORE"),
        (5, "RLIMIT_RSS"), (6, "RLIMIT_NPROC"), (7, "RLIMIT_NOFILE"), (8, "RLIMIT_MEMLOCK"), (9, "RLIMIT_AS"),
        (10, "RLIMIT_LOCKS"), (11, "RLIMIT_SIGPENDING"), (12, "RLIMIT_MSGQUEUE"), (13, "RLIMIT_NICE"),
        (14, "RLIMIT_RTPRIO"), (15, "RLIMIT_RTTIME"));

    public static readonly FlagSet SeccompOp = FlagSet.Enum("SECCOMP",
        (0, "SECCOMP_SET_MODE_STRICT"), (1, "SECCOMP_SET_MODE_FILTER"), (2, "SECCOMP_GET_ACTION_AVAIL"),
        (3, "SECCOMP_GET_NOTIF_SIZES"));

    public static readonly FlagSet SeccompFilterFlags = FlagSet.Bits("SECCOMP_FILTER_FLAG",
        (1, "SECCOMP_FILTER_FLAG_TSYNC"), (2, "SECCOMP_FILTER_FLAG_LOG"), (4, "SECCOMP_FILTER_FLAG_SPEC_ALLOW"),
        (8, "SECCOMP_FILTER_FLAG_NEW_LISTENER"), (16, "SECCOMP_FILTER_FLAG_TSYNC_ESRCH"),
        (32, "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"));

    public static readonly FlagSet RenameFlags = FlagSet.Bits("RENAME",
        (1, "RENAME_NOREPLACE"), (2, "RENAME_EXCHANGE"), (4, "RENAME_WHITEOUT"));

    public static readonly FlagSet EventfdFlags = FlagSet.Bits("EFD",
        (1, "EFD_SEMAPHORE"), (0x80000, "EFD_CLOEXEC"), (0x800, "EFD_NONBLOCK"));

    public static readonly FlagSet SignalfdFlags = FlagSet.Bits("SFD",
        (0x80000, "SFD_CLOEXEC"), (0x800, "SFD_NONBLOCK"));

    public static readonly FlagSet InotifyInitFlags = FlagSet.Bits("IN",
        (0x800, "IN_NONBLOCK"), (0x80000, "IN_CLOEXEC"));

    public static readonly FlagSet PipeFlags = FlagSet.Bits("O",
        (0x800, "O_NONBLOCK"), (0x4000, "O_DIRECT"), (0x80000, "O_CLOEXEC"));

    public static readonly FlagSet Dup3Flags = FlagSet.Bits("O", (0x80000, "O_CLOEXEC"));

    public static readonly FlagSet UserfaultfdFlags = FlagSet.Bits("UFFD",
        (1, "UFFD_USER_MODE_ONLY"), (0x800, "O_NONBLOCK"), (0x80000, "O_CLOEXEC"));

    public static readonly FlagSet MemfdFlags = FlagSet.Bits("MFD",
        (1, "MFD_CLOEXEC"), (2, "MFD_ALLOW_SEALING"), (4, "MFD_HUGETLB"), (8, "MFD_NOEXEC_SEAL"), (0x10, "MFD_EXEC"));

    public static readonly FlagSet CloseRangeFlags = FlagSet.Bits("CLOSE_RANGE",
        (2, "CLOSE_RANGE_UNSHARE"), (4, "CLOSE_RANGE_CLOEXEC"));

    public static readonly FlagSet GetrandomFlags = FlagSet.Bits("GRND",
        (1, "GRND_NONBLOCK"), (2, "GRND_RANDOM"), (4, "GRND_INSECURE"));

    public static readonly FlagSet UmountFlags = FlagSet.Bits("MNT",
        (1, "MNT_FORCE"), (2, "MNT_DETACH"), (4, "MNT_EXPIRE"), (8, "UMOUNT_NOFOLLOW"));

    public static readonly FlagSet XattrFlags = FlagSet.Bits("XATTR",
        (1, "XATTR_CREATE"), (2, "XATTR_REPLACE"));

    public static readonly FlagSet FadviseAdvice = FlagSet.Enum("POSIX_FADV",
        (0, "POSIX_FADV_NORMAL"), (1, "POSIX_FADV_RANDOM"), (2, "POSIX_FADV_SEQUENTIAL"), (3, "POSIX_FADV_WILLNEED"),
        (4, "POSIX_FADV_DONTNEED"), (5, "POSIX_FADV_NOREUSE"));

    public static readonly FlagSet SpliceFlags = FlagSet.Bits("SPLICE_F",
        (1, "SPLICE_F_MOVE"), (2, "SPLICE_F_NONBLOCK"), (4, "SPLICE_F_MORE"), (8, "SPLICE_F_GIFT"));

    public static readonly FlagSet SyncFileRangeFlags = FlagSet.Bits("SYNC_FILE_RANGE",
        (1, "SYNC_FILE_RANGE_WAIT_BEFORE"), (2, "SYNC_FILE_RANGE_WRITE"), (4, "SYNC_FILE_RANGE_WAIT_AFTER"));

    public static readonly FlagSet FallocateMode = FlagSet.Bits("FALLOC_FL",
        (0x1, "FALLOC_FL_KEEP_SIZE"), (0x2, "FALLOC_FL_PUNCH_HOLE"), (0x4, "FALLOC_FL_NO_HIDE_STALE"),
        (0x8, "FALLOC_FL_COLLAPSE_RANGE"), (0x10, "FALLOC_FL_ZERO_RANGE"), (0x20, "FALLOC_FL_INSERT_RANGE"),
        (0x40, "FALLOC_FL_UNSHARE_RANGE"), (0x80, "FALLOC_FL_WRITE_ZEROES"));

    public static readonly FlagSet RwfFlags = FlagSet.Bits("RWF",
        (0x1, "RWF_HIPRI"), (0x2, "RWF_DSYNC"), (0x4, "RWF_SYNC"), (0x8, "RWF_NOWAIT"), (0x10, "RWF_APPEND"),
        (0x20, "RWF_NOAPPEND"), (0x40, "RWF_ATOMIC"), (0x80, "RWF_DONTCACHE"));

    public static readonly FlagSet PerfEventOpenFlags = FlagSet.Bits("PERF_FLAG",
        (1, "PERF_FLAG_FD_NO_GROUP"), (2, "PERF_FLAG_FD_OUTPUT"), (4, "PERF_FLAG_PID_CGROUP"),
        (8, "PERF_FLAG_FD_CLOEXEC"));

    public static readonly FlagSet KcmpType = FlagSet.Enum("KCMP",
        (0, "KCMP_FILE"), (1, "KCMP_VM"), (2, "KCMP_FILES"), (3, "KCMP_FS"), (4, "KCMP_SIGHAND"), (5, "KCMP_IO"),
        (6, "KCMP_SYSVSEM"), (7, "KCMP_EPOLL_TFD"));

    /// <summary>open_tree and open_tree_attr flags: OPEN_TREE_* plus the AT_* bits they accept.</summary>
    public static readonly FlagSet OpenTreeFlags = FlagSet.Bits("OPEN_TREE",
        (0x1, "OPEN_TREE_CLONE"), (0x80000, "OPEN_TREE_CLOEXEC"), (0x100, "AT_SYMLINK_NOFOLLOW"), (0x800, "AT_NO_AUTOMOUNT"),
        (0x1000, "AT_EMPTY_PATH"), (0x8000, "AT_RECURSIVE"));
}
