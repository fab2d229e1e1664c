namespace Vuos.Net.Interop;

/// <summary>Kernel ABI numbers for x86-64 Linux, from the uapi headers they are named after.</summary>
public static class PtraceRequest
{
    public const long Cont = 7;
    public const long Kill = 8;
    public const long GetRegs = 12;
    public const long SetRegs = 13;
    public const long Detach = 17;
    public const long Syscall = 24;
    public const long SetOptions = 0x4200;
    public const long GetEventMsg = 0x4201;
    public const long GetSigInfo = 0x4202;
    public const long Seize = 0x4206;
    public const long Interrupt = 0x4207;
    public const long Listen = 0x4208;
    public const long GetSyscallInfo = 0x420e;
}

public static class PtraceOptions
{
    public const long TraceSysGood = 1;
    public const long TraceFork = 1 << 1;
    public const long TraceVfork = 1 << 2;
    public const long TraceClone = 1 << 3;
    public const long TraceExec = 1 << 4;
    public const long TraceSeccomp = 1 << 7;
    public const long ExitKill = 1 << 20;
}

public static class PtraceEvent
{
    public const int Fork = 1;
    public const int Vfork = 2;
    public const int Clone = 3;
    public const int Exec = 4;
    public const int VforkDone = 5;
    public const int Exit = 6;
    public const int Seccomp = 7;
    public const int Stop = 128;
}

public static class SyscallInfoOp
{
    public const byte None = 0;
    public const byte Entry = 1;
    public const byte Exit = 2;
    public const byte Seccomp = 3;
}

public static class WaitFlags
{
    public const int NoHang = 1;
    public const int All = 0x40000000; // __WALL: threads and non-SIGCHLD children too
    public const int NoThread = 0x20000000; // __WNOTHREAD: only the calling thread's children and tracees
}

public static class AuditArch
{
    public const uint X86_64 = 0xC000003E;
    public const uint I386 = 0x40000003;
    /// <summary>Set in the syscall number by the x32 ABI (which shares AUDIT_ARCH_X86_64).</summary>
    public const uint X32SyscallBit = 0x40000000;
}

public static class SeccompAbi
{
    public const uint RetKillProcess = 0x80000000;
    public const uint RetErrno = 0x00050000;
    public const uint RetUserNotif = 0x7fc00000;
    public const uint RetTrace = 0x7ff00000;
    public const uint RetAllow = 0x7fff0000;
    public const uint RetDataMask = 0x0000ffff;

    public const uint SetModeFilter = 1;
    public const uint FilterFlagTsync = 1;
    public const uint FilterFlagNewListener = 1 << 3;
    public const uint FilterFlagWaitKillableRecv = 1 << 5;

    public const ulong IoctlNotifRecv = 0xc0502100;
    public const ulong IoctlNotifSend = 0xc0182101;
    public const ulong IoctlNotifIdValid = 0x40082102;
    public const ulong IoctlNotifAddfd = 0x40182103;
    public const ulong IoctlNotifSetFlags = 0x40082104;

    /// <summary>Linux 6.6+: the notifying thread and its answerer hand the CPU to each other, like a synchronous call.</summary>
    public const ulong UserNotifFdSyncWakeUp = 1;

    public const uint UserNotifFlagContinue = 1;
    /// <summary>Install at the descriptor number given in newfd, replacing what is there (as dup2 does).</summary>
    public const uint AddfdFlagSetFd = 1 << 0;

    // Offsets into struct seccomp_data, as the filter loads them.
    public const uint DataNr = 0;
    public const uint DataArch = 4;
    public static uint DataArgLow(int i) => 16 + (uint)(8 * i);
}

public static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EBADF = 9;
    public const int ECHILD = 10;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int EFAULT = 14;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int EMFILE = 24;
    public const int ENAMETOOLONG = 36;
    public const int ENOSYS = 38;
    public const int E2BIG = 7;
    public const int EPROTO = 71;
    public const int ENXIO = 6;
    public const int ENODEV = 19;
    public const int ENETDOWN = 100;
    public const int ENOTSOCK = 88;
    public const int EPROTONOSUPPORT = 93;
    public const int EOPNOTSUPP = 95;
    public const int ENOTSUP = EOPNOTSUPP;
    public const int EMSGSIZE = 90;
    public const int EAFNOSUPPORT = 97;
    public const int ENOTCONN = 107;
    public const int ENETUNREACH = 101;
    public const int ECONNREFUSED = 111;
    public const int EINPROGRESS = 115;
    public const int ERESTARTSYS = 512;
    public const int ERESTARTNOINTR = 513;
    public const int ERESTARTNOHAND = 514;
    public const int ERESTART_RESTARTBLOCK = 516;

    /// <summary>Kernel-internal codes a tracer sees at a syscall-exit stop before a signal restarts the call.</summary>
    public static bool IsRestart(long ret) =>
        ret is -ERESTARTSYS or -ERESTARTNOINTR or -ERESTARTNOHAND or -ERESTART_RESTARTBLOCK;
}

public static class Signal
{
    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGTRAP = 5;
    public const int SIGKILL = 9;
    public const int SIGPIPE = 13;
    public const int SIGTERM = 15;
    public const int SIGCHLD = 17;
    public const int SIGCONT = 18;
    public const int SIGSTOP = 19;
    public const int SIGTSTP = 20;
    public const int SIGTTIN = 21;
    public const int SIGTTOU = 22;
    public const int SIGSYS = 31;

    /// <summary>si_code of a signal sent by sigqueue or rt_tgsigqueueinfo (with a value of the sender's).</summary>
    public const int SI_QUEUE = -1;

    public static bool IsStopSignal(int sig) => sig is SIGSTOP or SIGTSTP or SIGTTIN or SIGTTOU;

    /// <summary>sigprocmask's how.</summary>
    public const int SIG_UNBLOCK = 1;

    /// <summary>The handler that restores a signal's default action.</summary>
    public const nint SIG_DFL = 0;
}

public static class ResourceLimit
{
    public const int RLIMIT_CORE = 4;
    public const int RLIMIT_NOFILE = 7;
}

public static class OpenFlags
{
    public const int ReadOnly = 0;
    public const int WriteOnly = 1;
    public const int ReadWrite = 2;
    public const int Create = 0x40;
    public const int NonBlock = 0x800;
    /// <summary>The kernel's __O_TMPFILE bit: O_TMPFILE without the O_DIRECTORY that glibc folds into it.</summary>
    public const int TmpFileBit = 0x400000;
    public const int CloExec = 0x80000;
}

public static class FcntlCmd
{
    public const int GetFl = 3;
    public const int SetFl = 4;
    public const int DupFdCloExec = 1030;
}

public static class SocketConst
{
    public const int AF_UNIX = 1;
    public const int SOCK_STREAM = 1;
    public const int SOCK_DGRAM = 2;
    public const int SOCK_RAW = 3;
    public const int SOCK_SEQPACKET = 5;
    public const int SOCK_NONBLOCK = 0x800;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int SOL_SOCKET = 1;
    public const int SO_TYPE = 3;
    public const int SO_ACCEPTCONN = 30;
    /// <summary>listen(2)'s largest backlog (the kernel caps it at net.core.somaxconn).</summary>
    public const int SOMAXCONN = 4096;
    public const int SO_PROTOCOL = 38;
    public const int SO_DOMAIN = 39;
    public const int SCM_RIGHTS = 1;
    /// <summary>The network namespace of a socket's stack, as an fd (linux/sockios.h).</summary>
    public const ulong SIOCGSKNS = 0x894C;
    public const int MSG_DONTWAIT = 0x40;
    /// <summary>tcp_info's state of a TCP socket that is neither connected, connecting nor listening.</summary>
    public const int TCP_CLOSE = 7;
    public const int IPPROTO_IP = 0;
    public const int IPPROTO_TCP = 6;
    public const int IPPROTO_IPV6 = 41;
    /// <summary>recv flag: return the datagram's real length even when it did not fit.</summary>
    public const int MSG_TRUNC = 0x20;
    public const int MSG_NOSIGNAL = 0x4000;
    public const int MSG_CMSG_CLOEXEC = 0x40000000;
}

public static class AddressFamily
{
    public const int Unspec = 0;
    public const int Unix = 1;
    public const int Inet = 2;
    public const int Inet6 = 10;
    public const int Netlink = 16;
    public const int Packet = 17;
    public const int Vsock = 40;
}

/// <summary>Packet sockets (linux/if_ether.h, linux/if_packet.h): what a capture opens and reads.</summary>
public static class PacketConst
{
    /// <summary>Every protocol, in host order: a packet socket takes it in network order.</summary>
    public const ushort ETH_P_ALL = 0x0003;
    /// <summary>sockaddr_ll's pkttype of a packet the host sent.</summary>
    public const byte PACKET_OUTGOING = 4;
}

public static class NamespaceFlags
{
    public const int CloneNewNs = 0x00020000;
    public const int CloneNewNet = 0x40000000;
    public const int CloneNewUser = 0x10000000;
}

/// <summary>Capability numbers (linux/capability.h).</summary>
public static class Capability
{
    public const int NetAdmin = 12;
    public const int NetRaw = 13;
    public const int SysAdmin = 21;
}

public static class StatMode
{
    public const uint IfMt = 0xf000;
    public const uint IfChr = 0x2000;
    public const uint IfDir = 0x4000;
    public const uint IfBlk = 0x6000;
    public const uint IfSock = 0xc000;
    /// <summary>VUOS's file type for network stacks: 0160000, a value no Linux filesystem uses.</summary>
    public const uint IfStack = 0xe000;
}

/// <summary>Socket options (asm-generic/socket.h, netinet/in.h, netinet/tcp.h): what the supervisor reads or copies between sockets.</summary>
public static class SocketOption
{
    public const int SO_REUSEADDR = 2;
    public const int SO_ERROR = 4;
    public const int SO_SNDBUF = 7;
    public const int SO_RCVBUF = 8;
    public const int SO_KEEPALIVE = 9;
    public const int SO_OOBINLINE = 10;
    public const int SO_PRIORITY = 12;
    public const int SO_LINGER = 13;
    public const int SO_REUSEPORT = 15;
    public const int SO_RCVLOWAT = 18;
    public const int SO_RCVTIMEO = 20;
    public const int SO_SNDTIMEO = 21;
    public const int SO_BINDTODEVICE = 25;
    public const int SO_ATTACH_FILTER = 26;
    public const int SO_LOCK_FILTER = 44;
    public const int SO_COOKIE = 57;
    public const int SO_NETNS_COOKIE = 71;
    public const int TCP_NODELAY = 1;
    public const int TCP_MAXSEG = 2;
    public const int TCP_CORK = 3;
    public const int TCP_KEEPIDLE = 4;
    public const int TCP_KEEPINTVL = 5;
    public const int TCP_KEEPCNT = 6;
    public const int TCP_SYNCNT = 7;
    public const int TCP_LINGER2 = 8;
    public const int TCP_WINDOW_CLAMP = 10;
    public const int TCP_INFO = 11;
    public const int TCP_CONGESTION = 13;
    public const int TCP_USER_TIMEOUT = 18;
    public const int TCP_NOTSENT_LOWAT = 25;
    public const int IP_TOS = 1;
    public const int IP_TTL = 2;
    public const int IPV6_UNICAST_HOPS = 16;
    public const int IPV6_V6ONLY = 26;
    public const int IPV6_TCLASS = 67;
}

/// <summary>poll(2) event bits (asm-generic/poll.h).</summary>
public static class PollEvents
{
    public const short POLLIN = 0x001;
    public const short POLLPRI = 0x002;
    public const short POLLOUT = 0x004;
    public const short POLLERR = 0x008;
    public const short POLLHUP = 0x010;
    public const short POLLNVAL = 0x020;
}
