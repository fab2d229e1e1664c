using System.Buffers.Binary;
using System.Text.Json;
using Vuos.Net.Interop;
using Vuos.Net.Tracer.Logging;
using Vuos.Net.Tracer.Logging.Decoders;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tests.Unit;

/// <summary>Each decoder prints what strace 6 prints for the same call (expected lines are strace's own output).</summary>
public class DecodingTests
{
    [Theory]
    [InlineData(0x80001UL, "SOCK_STREAM|SOCK_CLOEXEC")]
    [InlineData(0x802UL, "SOCK_DGRAM|SOCK_NONBLOCK")]
    [InlineData(0x80801UL, "SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK")]
    [InlineData(0x5UL, "SOCK_SEQPACKET")]
    public void SocketTypesPrintInStracesOrder(ulong raw, string expected) => Assert.Equal(expected, FlagSets.SocketType.Format(raw));

    [Theory]
    [InlineData(0x8801u, "O_WRONLY|O_NONBLOCK|O_LARGEFILE")]
    [InlineData(0x410002u, "O_RDWR|O_TMPFILE")]
    [InlineData(0x80000u, "O_RDONLY|O_CLOEXEC")]
    public void OpenFlagsPrintInStracesOrder(uint raw, string expected) => Assert.Equal(expected, FlagSets.OpenFlags.Format(raw));

    [Fact]
    public void UnknownBitsAreShownNotHidden()
    {
        Assert.Equal("SOCK_STREAM|0x100", FlagSets.SocketType.Format(0x101));
        Assert.Equal("MSG_OOB|0x10000", FlagSet.Bits("MSG", (1, "MSG_OOB")).Format(0x10001));
        Assert.Equal("0x10000 /* MSG_??? */", FlagSet.Bits("MSG", (1, "MSG_OOB")).Format(0x10000));
    }

    [Fact]
    public void UnknownEnumValueIsMarked() => Assert.Equal("0xfa /* AF_??? */", FlagSets.AddressFamily.Format(250));

    [Fact]
    public void StringsAreEscapedLikeStrace()
    {
        byte[] bytes = [(byte)'a', (byte)'"', (byte)'\\', (byte)'\n', (byte)'\t', 0, 0x7f, (byte)'0', 1, (byte)'x'];
        Assert.Equal("\"a\\\"\\\\\\n\\t\\0\\1770\\1x\"...", StringQuoter.Quote(bytes, truncated: true));
        Assert.Equal("\"\\0001\"", StringQuoter.Quote([0, (byte)'1'], truncated: false));
    }

    [Fact]
    public void Inet6SockaddrIsDecoded()
    {
        var sa = new byte[28];
        sa[0] = 10;
        sa[2] = 0x1f;
        sa[3] = 0x90;
        sa[23] = 1;
        Assert.Equal("{sa_family=AF_INET6, sin6_port=htons(8080), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}",
            Sockaddrs.Format(sa).ToString());
    }

    [Fact]
    public void AbstractUnixSockaddrIsMarkedWithAt()
    {
        byte[] sa = [1, 0, 0, (byte)'x', (byte)'y'];
        Assert.Equal("{sa_family=AF_UNIX, sun_path=@\"xy\"}", Sockaddrs.Format(sa).ToString());
    }

    [Fact]
    public void NetlinkSockaddrShowsGroupsInHex()
    {
        var sa = new byte[12];
        sa[0] = 16;
        BinaryPrimitives.WriteUInt32LittleEndian(sa.AsSpan(8), 0x11);
        Assert.Equal("{sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000011}", Sockaddrs.Format(sa).ToString());
    }

    [Theory]
    [InlineData(111, "= -1 ECONNREFUSED (Connection refused)")]
    [InlineData(512, "= ? ERESTARTSYS (To be restarted if SA_RESTART is set)")]
    public void ErrorsPrintAsStraceDoes(int errno, string expected) => Assert.Equal(expected, SyscallLog.FormatError(errno));

    [Fact]
    public void EachAbiHasItsOwnTable()
    {
        Assert.Equal("socket", SyscallTable.Lookup(AuditArch.X86_64, 41)?.Name);
        Assert.Same(SyscallTable.Lookup(AuditArch.X86_64, 41), SyscallTable.Lookup(AuditArch.I386, 359));
        Assert.Equal("socket", SyscallTable.Lookup(AuditArch.X86_64, 41 | 0x40000000)?.Name);
        Assert.Equal("msocket", SyscallTable.Lookup(AuditArch.X86_64, -5)?.Name);
        // i386's own rows: one-pointer mmap and select, and calls x86-64 lacks.
        var oldMmap = SyscallTable.Lookup(AuditArch.I386, 90)!;
        Assert.Equal("mmap", oldMmap.Name);
        Assert.Single(oldMmap.Args);
        Assert.NotSame(SyscallTable.Get("mmap"), oldMmap);
        Assert.Single(SyscallTable.Lookup(AuditArch.I386, 82)!.Args);
        Assert.Equal("_newselect", SyscallTable.Lookup(AuditArch.I386, 142)?.Name);
        Assert.Equal("mmap2", SyscallTable.Lookup(AuditArch.I386, 192)?.Name);
        Assert.Equal("stat64", SyscallTable.Lookup(AuditArch.I386, 195)?.Name);
        Assert.Null(SyscallTable.Lookup(AuditArch.X86_64, 192 + 1000));
    }

    [Fact]
    public void NoI386NumberIsClaimedTwice()
    {
        var numbers = SyscallTable.AllAbis.Where(s => s.I386Nr >= 0).GroupBy(s => s.I386Nr).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(numbers);
    }

    [Fact]
    public void SendmsgShowsIovecsAndControlMessages()
    {
        using var h = new LogHarness();
        var head = h.Put("head");
        var tail = h.Put("tail");
        var iov = h.PutArray(head, 4UL, tail, 4UL);
        var control = new byte[56];
        BinaryPrimitives.WriteUInt64LittleEndian(control, 24);
        BinaryPrimitives.WriteInt32LittleEndian(control.AsSpan(8), 1); // SOL_SOCKET
        BinaryPrimitives.WriteInt32LittleEndian(control.AsSpan(12), 1); // SCM_RIGHTS
        BinaryPrimitives.WriteInt32LittleEndian(control.AsSpan(16), 5);
        BinaryPrimitives.WriteInt32LittleEndian(control.AsSpan(20), 0);
        BinaryPrimitives.WriteUInt64LittleEndian(control.AsSpan(24), 28);
        BinaryPrimitives.WriteInt32LittleEndian(control.AsSpan(32), 1);
        BinaryPrimitives.WriteInt32LittleEndian(control.AsSpan(36), 2); // SCM_CREDENTIALS
        BinaryPrimitives.WriteInt32LittleEndian(control.AsSpan(40), 4242);
        var msg = h.PutArray(0UL, 0UL, iov, 2UL, h.Put(control), 56UL, 0UL);
        Assert.Equal("sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"head\", iov_len=4}, {iov_base=\"tail\", iov_len=4}], " +
            "msg_iovlen=2, msg_control=[{cmsg_len=24, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[5, 0]}, " +
            "{cmsg_len=28, cmsg_level=SOL_SOCKET, cmsg_type=SCM_CREDENTIALS, cmsg_data={pid=4242, uid=0, gid=0}}], msg_controllen=56, msg_flags=0}, 0) = 8",
            h.Call("sendmsg", [3, msg, 0], 8));
    }

    [Fact]
    public void RecvmsgShowsOnlyTheDataReceivedAndTheNameLengthItChanged()
    {
        using var h = new LogHarness();
        var buffer = h.Room(16);
        var iov = h.PutArray(buffer, 16UL);
        var name = h.Room(128);
        var msg = h.PutArray(name, 128UL, iov, 1UL, 0UL, 0UL, 0UL);
        var line = h.Call("recvmsg", [4, msg, 0x40000000], 5, () =>
        {
            h.Write(buffer, "hello, world"u8);
            h.Write(name, new byte[] { 2, 0, 0x1f, 0x90, 127, 0, 0, 1 });
            h.Write(msg + 8, 16u);
        });
        Assert.Equal("recvmsg(4, {msg_name={sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"127.0.0.1\")}, msg_namelen=128 => 16, " +
            "msg_iov=[{iov_base=\"hello\", iov_len=16}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, MSG_CMSG_CLOEXEC) = 5", line);
    }

    [Fact]
    public void MmsgVectorsCarryEachMessageLength()
    {
        using var h = new LogHarness();
        var head = h.Put("head");
        var iov = h.PutArray(head, 4UL);
        var vec = h.PutArray(0UL, 0UL, iov, 1UL, 0UL, 0UL, 0UL, 0UL);
        var line = h.Call("sendmmsg", [3, vec, 1, 0], 1, () => h.Write(vec + 56, 4u));
        Assert.Equal("sendmmsg(3, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"head\", iov_len=4}], msg_iovlen=1, " +
            "msg_controllen=0, msg_flags=0}, msg_len=4}], 1, 0) = 1", line);
    }

    [Fact]
    public void PollShowsEventsThenReventsOrTimeout()
    {
        using var h = new LogHarness();
        var fds = h.PutArray(3, 1, 4, 4); // {fd=3, events=POLLIN, revents=0}, {fd=4, events=POLLOUT, revents=0}
        Assert.Equal("poll([{fd=3, events=POLLIN}, {fd=4, events=POLLOUT}], 2, 0) = 0 (Timeout)", h.Call("poll", [fds, 2, 0], 0));
        var line = h.Call("poll", [fds, 2, 100], 1, () => h.Write(fds + 14, (ushort)4));
        Assert.Equal("poll([{fd=3, events=POLLIN}, {fd=4, events=POLLOUT}], 2, 100) = 1 ([{fd=4, revents=POLLOUT}])", line);
    }

    [Fact]
    public void PselectShowsTheSetsAndWhatIsLeft()
    {
        using var h = new LogHarness();
        var read = h.PutArray(8UL); // fd 3
        var timeout = h.PutArray(1L, 0L);
        var line = h.Call("pselect6", [4, read, 0, 0, timeout, 0], 1, () =>
        {
            h.Write(timeout, 0L);
            h.Write(timeout + 8, 999L);
        });
        Assert.Equal("pselect6(4, [3], NULL, NULL, {tv_sec=1, tv_nsec=0}, NULL) = 1 (in [3], left {tv_sec=0, tv_nsec=999})", line);
    }

    [Fact]
    public void EpollEventsAreDecoded()
    {
        using var h = new LogHarness();
        var ev = h.Put(new byte[] { 1, 0, 0, 0x80, 3, 0, 0, 0, 0, 0, 0, 0 });
        Assert.Equal("epoll_ctl(5, EPOLL_CTL_ADD, 3, {events=EPOLLIN|EPOLLET, data={u32=3, u64=3}}) = 0", h.Call("epoll_ctl", [5, 1, 3, ev], 0));
        var events = h.Room(48);
        var line = h.Call("epoll_wait", [5, events, 4, 100], 1, () => h.Write(events, new byte[] { 1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0 }));
        Assert.Equal("epoll_wait(5, [{events=EPOLLIN, data={u32=3, u64=3}}], 4, 100) = 1", line);
    }

    [Fact]
    public void SockoptsAreNamedAtTheirLevelWithTheirValues()
    {
        using var h = new LogHarness();
        var one = h.Put(1);
        Assert.Equal("setsockopt(3, SOL_TCP, TCP_NODELAY, [1], 4) = 0", h.Call("setsockopt", [3, 6, 1, one, 4], 0));
        Assert.Equal("setsockopt(3, SOL_IPV6, IPV6_V6ONLY, [1], 4) = 0", h.Call("setsockopt", [3, 41, 26, one, 4], 0));
        Assert.Equal("setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, 8) = 0", h.Call("setsockopt", [3, 1, 13, h.PutArray(1, 5), 8], 0));
        var value = h.Room(4);
        var len = h.Put(4);
        Assert.Equal("getsockopt(3, SOL_SOCKET, SO_TYPE, [1], [4]) = 0", h.Call("getsockopt", [3, 1, 3, value, len], 0, () => h.Write(value, 1)));
        var cred = h.Room(12);
        var credLen = h.Put(12);
        Assert.Equal("getsockopt(3, SOL_SOCKET, SO_PEERCRED, {pid=7, uid=0, gid=0}, [12]) = 0",
            h.Call("getsockopt", [3, 1, 17, cred, credLen], 0, () => h.Write(cred, 7)));
    }

    [Fact]
    public void ValueResultLengthsShowBothValues()
    {
        using var h = new LogHarness();
        var addr = h.Room(128);
        var len = h.Put(128);
        var line = h.Call("getsockname", [3, addr, len], 0, () =>
        {
            h.Write(addr, new byte[] { 2, 0, 0x9c, 0x40, 10, 0, 2, 15 });
            h.Write(len, 16);
        });
        Assert.Equal("getsockname(3, {sa_family=AF_INET, sin_port=htons(40000), sin_addr=inet_addr(\"10.0.2.15\")}, [128 => 16]) = 0", line);
    }

    [Fact]
    public void SocketProtocolIsNamedByFamily()
    {
        using var h = new LogHarness();
        Assert.Equal("socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 0) = 3", h.Call("socket", [1, 0x80801, 0], 3));
        Assert.Equal("socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 3", h.Call("socket", [16, 0x80003, 0], 3));
        Assert.Equal("socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3", h.Call("socket", [2, 1, 0], 3));
        Assert.Equal("socketpair(AF_UNIX, SOCK_STREAM, 0, [3, 4]) = 0", h.Call("socketpair", [1, 1, 0, h.PutArray(3, 4)], 0));
    }

    [Fact]
    public void FcntlDecodesByCommand()
    {
        using var h = new LogHarness();
        Assert.Equal("fcntl(3, F_GETFL) = 0x8001 (flags O_WRONLY|O_LARGEFILE)", h.Call("fcntl", [3, 3], 0x8001));
        Assert.Equal("fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0", h.Call("fcntl", [3, 4, 0x802], 0));
        Assert.Equal("fcntl(3, F_GETFD) = 0x1 (flags FD_CLOEXEC)", h.Call("fcntl", [3, 1], 1));
        Assert.Equal("fcntl(3, F_GETFD) = 0", h.Call("fcntl", [3, 1], 0));
        Assert.Equal("fcntl(3, F_SETFD, FD_CLOEXEC) = 0", h.Call("fcntl", [3, 2, 1], 0));
        Assert.Equal("fcntl(3, F_DUPFD_CLOEXEC, 10) = 11", h.Call("fcntl", [3, 1030, 10], 11));
        var lk = h.Put(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 });
        Assert.Equal("fcntl(3, F_SETLK, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=0, l_len=10}) = 0", h.Call("fcntl", [3, 6, lk], 0));
    }

    [Fact]
    public void IoctlRequestsAreNamedAndTheirArgumentsDecoded()
    {
        using var h = new LogHarness();
        var n = h.Room(4);
        Assert.Equal("ioctl(3, FIONREAD, [5]) = 0", h.Call("ioctl", [3, 0x541b, n], 0, () => h.Write(n, 5)));
        Assert.Equal("ioctl(3, TCGETS, 0x" + n.ToString("x") + ") = -1 ENOTTY (Inappropriate ioctl for device)", h.Call("ioctl", [3, 0x5401, n], -25));
        Assert.Equal("ioctl(3, FIOCLEX) = 0", h.Call("ioctl", [3, 0x5451], 0));
        Assert.Equal("ioctl(3, _IOC(_IOC_READ, 0x12, 0x34, 0x8), 0x10) = 0", h.Call("ioctl", [3, 0x80081234, 0x10], 0));
    }

    [Fact]
    public void OpenPrintsTheModeOnlyWhenItIsUsed()
    {
        using var h = new LogHarness();
        var path = h.Put("/a/path/much/longer/than/the/thirty-two/bytes/of/-s");
        Assert.Equal("openat(AT_FDCWD, \"/a/path/much/longer/than/the/thirty-two/bytes/of/-s\", O_RDONLY|O_CLOEXEC) = 3",
            h.Call("openat", [unchecked((ulong)-100), path, 0x80000, 0], 3));
        Assert.Equal("openat(AT_FDCWD, \"/a/path/much/longer/than/the/thirty-two/bytes/of/-s\", O_WRONLY|O_CREAT|O_EXCL, 0600) = 3",
            h.Call("openat", [unchecked((ulong)-100), path, 0xc1, 0x180], 3));
    }

    [Fact]
    public void StatStructuresAreAbbreviatedAsStracesAre()
    {
        using var h = new LogHarness();
        var st = h.Room(144);
        var line = h.Call("newfstatat", [3, h.Put(""), st, 0x1000], 0, () =>
        {
            h.Write(st + 24, 0x81a4u);
            h.Write(st + 48, 36911L);
        });
        Assert.Equal("newfstatat(3, \"\", {st_mode=S_IFREG|0644, st_size=36911, ...}, AT_EMPTY_PATH) = 0", line);
        line = h.Call("newfstatat", [unchecked((ulong)-100), h.Put("/dev/null"), st, 0x100], 0, () =>
        {
            h.Write(st + 24, 0x21b6u);
            h.Write(st + 40, 0x103UL);
        });
        Assert.Equal("newfstatat(AT_FDCWD, \"/dev/null\", {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}, AT_SYMLINK_NOFOLLOW) = 0", line);
        var stx = h.Room(256);
        line = h.Call("statx", [unchecked((ulong)-100), h.Put("/f"), 0x100, 0x201, stx], 0, () =>
        {
            h.Write(stx, 0x173fu);
            h.Write(stx + 28, (ushort)0x8180);
            h.Write(stx + 40, 46UL);
        });
        Assert.Equal("statx(AT_FDCWD, \"/f\", AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW, STATX_TYPE|STATX_SIZE, {stx_mask=STATX_TYPE|STATX_MODE|" +
            "STATX_NLINK|STATX_UID|STATX_GID|STATX_ATIME|STATX_INO|STATX_SIZE|STATX_BLOCKS|STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFREG|0600, stx_size=46, ...}) = 0", line);
    }

    [Fact]
    public void MmapOffsetsAreHex()
    {
        using var h = new LogHarness();
        Assert.Equal("mmap(0x7f18d9418000, 1400832, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x26000) = 0x7f18d9418000",
            h.Call("mmap", [0x7f18d9418000, 1400832, 5, 0x812, 3, 0x26000], 0x7f18d9418000));
    }

    [Fact]
    public void I386OldMmapReadsItsArgumentsFromMemory()
    {
        using var h = new LogHarness();
        var args = h.PutArray(0u, 8192u, 3u, 0x22u, 0xffffffffu, 0u);
        Assert.Equal("mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0xf7f00000",
            h.Call("mmap", [args], 0xf7f00000, arch: AuditArch.I386));
        Assert.Equal("mmap2(NULL, 4096, PROT_READ, MAP_PRIVATE, 3, 0x2000) = 0xf7f00000",
            h.Call("mmap2", [0, 4096, 1, 2, 3, 2], 0xf7f00000, arch: AuditArch.I386));
    }

    [Fact]
    public void SignalStructuresUseStracesNotation()
    {
        using var h = new LogHarness();
        var act = h.PutArray(0x5638c10bc570UL, 0x14000000UL, 0x7f9c79538050UL, 1UL << 14);
        Assert.Equal("rt_sigaction(SIGUSR1, {sa_handler=0x5638c10bc570, sa_mask=[TERM], sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x7f9c79538050}, NULL, 8) = 0",
            h.Call("rt_sigaction", [10, act, 0, 8], 0));
        var set = h.PutArray(~0UL);
        var old = h.Room(8);
        Assert.Equal("rt_sigprocmask(SIG_BLOCK, ~[], [], 8) = 0", h.Call("rt_sigprocmask", [0, set, old, 8], 0));
        Assert.Equal("rt_sigprocmask(SIG_UNBLOCK, [RTMIN RT_1], NULL, 8) = 0", h.Call("rt_sigprocmask", [1, h.PutArray(3UL << 31), 0, 8], 0));
    }

    [Fact]
    public void CloneFlagsEndWithTheExitSignal()
    {
        using var h = new LogHarness();
        Assert.Equal("clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f9c794f9a10) = 10736",
            h.Call("clone", [0x1200011, 0, 0, 0x7f9c794f9a10], 10736));
    }

    [Fact]
    public void WaitStatusesAndResourceLimitsReadAsStracesDo()
    {
        using var h = new LogHarness();
        var status = h.Room(4);
        Assert.Equal("wait4(10736, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = 10736",
            h.Call("wait4", [10736, status, 0, 0], 10736, () => h.Write(status, 0x300)));
        Assert.Equal("wait4(-1, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}], WNOHANG, NULL) = 7",
            h.Call("wait4", [unchecked((ulong)-1), status, 1, 0], 7, () => h.Write(status, 9)));
        var limit = h.Room(16);
        Assert.Equal("prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0",
            h.Call("prlimit64", [0, 3, 0, limit], 0, () =>
            {
                h.Write(limit, 8192UL * 1024);
                h.Write(limit + 8, ulong.MaxValue);
            }));
    }

    [Fact]
    public void SiginfoNamesItsCodeAndTheFieldsOfItsOrigin()
    {
        var si = new byte[128];
        BinaryPrimitives.WriteInt32LittleEndian(si, 17);
        BinaryPrimitives.WriteInt32LittleEndian(si.AsSpan(8), 1);
        BinaryPrimitives.WriteInt32LittleEndian(si.AsSpan(16), 10736);
        BinaryPrimitives.WriteInt32LittleEndian(si.AsSpan(24), 3);
        BinaryPrimitives.WriteInt64LittleEndian(si.AsSpan(32), 5);
        Assert.Equal("{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=10736, si_uid=0, si_status=3, si_utime=5 /* 0.05 s */, si_stime=0}",
            SignalInfos.Format(si).ToString());
        BinaryPrimitives.WriteInt32LittleEndian(si, 11);
        BinaryPrimitives.WriteInt32LittleEndian(si.AsSpan(8), 1);
        BinaryPrimitives.WriteInt64LittleEndian(si.AsSpan(16), 0);
        Assert.Equal("{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL}", SignalInfos.Format(si).ToString());
    }

    [Fact]
    public void GetrandomBytesAreHexAndGetcwdIsAPath()
    {
        using var h = new LogHarness();
        var buf = h.Room(8);
        Assert.Equal("getrandom(\"\\x41\\x00\\x42\\x00\\x00\\x00\\x00\\x00\", 8, GRND_NONBLOCK) = 8",
            h.Call("getrandom", [buf, 8, 1], 8, () => h.Write(buf, new byte[] { 0x41, 0, 0x42 })));
        var cwd = h.Room(64);
        Assert.Equal("getcwd(\"/tmp/cmp\", 4096) = 9", h.Call("getcwd", [cwd, 4096], 9, () => h.Write(cwd, "/tmp/cmp\0"u8)));
    }

    [Fact]
    public void AnEntryInterruptedByAnotherTaskIsResumed()
    {
        using var h = new LogHarness(new LogSettings { ToFile = true });
        var fds = h.PutArray(3, 1);
        var full = new ulong[6];
        full[0] = fds;
        full[1] = 1;
        full[2] = unchecked((ulong)-1);
        var poll = h.Log.Enter(11, 10, SyscallTable.Get("poll"), AuditArch.X86_64, full, h.Memory, 0);
        h.Call("write", [4, h.Put("w"), 1], 1, tid: 10);
        h.Write(fds + 6, (ushort)1);
        h.Log.Exit(poll, 1, h.Memory, null);
        h.Log.Exited(11, 10, 0);
        Assert.Equal(
        [
            "11    poll([{fd=3, events=POLLIN}], 1, -1 <unfinished ...>",
            "10    write(4, \"w\", 1) ".PadRight(40) + "= 1",
            "11    <... poll resumed>) ".PadRight(40) + "= 1 ([{fd=3, revents=POLLIN}])",
            "11    +++ exited with 0 +++",
        ], h.Lines);
    }

    [Fact]
    public void ACallWithOutputsIsSplitWhereStraceSplitsIt()
    {
        using var h = new LogHarness(new LogSettings { ToFile = true });
        var full = new ulong[6];
        full[0] = 3;
        full[1] = h.Room(16);
        full[2] = 16;
        var read = h.Log.Enter(11, 10, SyscallTable.Get("read"), AuditArch.X86_64, full, h.Memory, 0);
        h.Log.Exited(12, 10, 0);
        h.Log.Vanished(read);
        Assert.Equal(["11    read(3,  <unfinished ...>", "12    +++ exited with 0 +++", "11    <... read resumed> <unfinished ...>) = ?"], h.Lines);
    }

    [Fact]
    public void OnStderrThePidAppearsOnceThereAreSeveralTasks()
    {
        using var h = new LogHarness();
        h.Log.Started(10);
        Assert.Equal("getpid() = 10", h.Call("getpid", [], 10, tid: 10));
        h.Log.Attached(11);
        Assert.Equal("[pid    10] getpid() = 10", h.Call("getpid", [], 10, tid: 10));
    }

    [Fact]
    public void StatusFilterPrintsOnlyFailedCallsWhole()
    {
        using var h = new LogHarness(new LogSettings { Status = CallStatus.Failed });
        h.Call("close", [3], 0);
        h.Call("close", [99], -9);
        Assert.Equal(["close(99) = -1 EBADF (Bad file descriptor)"], h.Lines);
    }

    [Fact]
    public void TimestampsAndDurationsPrefixAndSuffixTheLine()
    {
        using var h = new LogHarness(new LogSettings { Timestamps = TimestampStyle.Microseconds, ShowDurations = true });
        Assert.Matches(@"^\d\d:\d\d:\d\d\.\d{6} close\(3\) = 0 <\d+\.\d{6}>$", h.Call("close", [3], 0));
        using var r = new LogHarness(new LogSettings { RelativeTimestamps = true });
        Assert.Matches(@"^ +0\.000000 close\(3\) = 0$", r.Call("close", [3], 0));
        using var e = new LogHarness(new LogSettings { Timestamps = TimestampStyle.Epoch });
        Assert.Matches(@"^1\d{9}\.\d{6} close\(3\) = 0$", e.Call("close", [3], 0));
    }

    [Fact]
    public void JsonLinesCarryStructuredArguments()
    {
        using var h = new LogHarness(new LogSettings { Json = true });
        var sa = h.Put(new byte[] { 2, 0, 0, 1, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 });
        var line = h.Call("connect", [3, sa, 16], -111, tid: 11, note: "stack /dev/net/lo");
        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal("connect", json.GetProperty("syscall").GetString());
        Assert.Equal(11, json.GetProperty("tid").GetInt32());
        Assert.Equal(3, json.GetProperty("args")[0].GetInt32());
        var addr = json.GetProperty("args")[1];
        Assert.Equal("AF_INET", addr.GetProperty("sa_family").GetString());
        Assert.Equal(1, addr.GetProperty("sin_port").GetInt32());
        Assert.Equal("127.0.0.1", addr.GetProperty("sin_addr").GetString());
        Assert.Equal(-1, json.GetProperty("ret").GetInt32());
        Assert.Equal("ECONNREFUSED", json.GetProperty("errno").GetString());
        Assert.Equal("Connection refused", json.GetProperty("error").GetString());
        Assert.Equal("/dev/net/lo", json.GetProperty("stack").GetString());
        var flags = JsonDocument.Parse(h.Call("socket", [2, 0x80001, 6], 3)).RootElement.GetProperty("args")[1];
        Assert.Equal(["SOCK_STREAM", "SOCK_CLOEXEC"], flags.EnumerateArray().Select(e => e.GetString()!));
    }

    [Fact]
    public void SummaryCountsCallsErrorsAndTime()
    {
        using var h = new LogHarness(new LogSettings { Summary = SummaryMode.Only });
        h.Call("close", [3], 0);
        h.Call("close", [99], -9);
        h.Call("getpid", [], 1);
        Assert.Empty(h.Lines);
        h.Log.Finish();
        var table = h.Lines.Single().Split('\n');
        Assert.Equal("% time     seconds  usecs/call     calls    errors syscall", table[0]);
        Assert.Equal("------ ----------- ----------- --------- --------- ----------------", table[1]);
        Assert.Matches(@"^ *\d+\.\d\d +\d+\.\d{6} +\d+ +2 +1 close$", table.Single(l => l.EndsWith(" close")));
        Assert.Matches(@"^100\.00 +\d+\.\d{6} +\d+ +3 +1 total$", table[^1]);
    }

    [Fact]
    public void SelectionsTakeStracesSyntax()
    {
        var notFile = TraceSelection.Parse("!%file", out _)!;
        Assert.False(notFile.Includes(SyscallTable.Get("openat")));
        Assert.True(notFile.Includes(SyscallTable.Get("read")));
        var sends = TraceSelection.Parse("/^send", out _)!;
        Assert.True(sends.Includes(SyscallTable.Get("sendmsg")));
        Assert.False(sends.Includes(SyscallTable.Get("recvmsg")));
        Assert.True(TraceSelection.Parse("%net,%desc", out _)!.Includes(SyscallTable.Get("connect")));
        Assert.Null(TraceSelection.Parse("%bogus", out var unknown));
        Assert.Equal("%bogus", unknown);
        Assert.True(TraceSelection.Parse("?nosuchcall,close", out _)!.Includes(SyscallTable.Get("close")));
    }

    [Fact]
    public void FutexPrintsOnlyTheArgumentsItsOperationUses()
    {
        using var h = new LogHarness();
        Assert.Equal("futex(0x7f18d95c6a4c, FUTEX_WAKE_PRIVATE, 2147483647) = 0", h.Call("futex", [0x7f18d95c6a4c, 0x81, 2147483647, 7, 7, 7], 0));
        Assert.Equal("futex(0x7f9c794f8990, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, 10737, NULL, FUTEX_BITSET_MATCH_ANY) = 0",
            h.Call("futex", [0x7f9c794f8990, 0x109, 10737, 0, 0, 0xffffffff], 0));
    }

    [Fact]
    public void Clone3ShowsTheStructThenWhatTheKernelWroteIntoIt()
    {
        using var h = new LogHarness();
        var parentTid = h.Room(4);
        var args = h.PutArray(0x3d0f00UL, 0UL, 0x7f9c794f8990UL, parentTid, 0UL, 0x7f9c78cf8000UL, 0x7fff80UL, 0x7f9c794f86c0UL, 0UL, 0UL, 0UL);
        var line = h.Call("clone3", [args, 88], 10737, () => h.Write(parentTid, 10737));
        Assert.Equal("clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|" +
            $"CLONE_CHILD_CLEARTID, child_tid=0x7f9c794f8990, parent_tid=0x{parentTid:x}, exit_signal=0, stack=0x7f9c78cf8000, stack_size=0x7fff80, " +
            "tls=0x7f9c794f86c0} => {parent_tid=[10737]}, 88) = 10737", line);
    }

    [Fact]
    public void PrctlAndCapabilitiesUseTheirNames()
    {
        using var h = new LogHarness();
        Assert.Equal("prctl(PR_CAPBSET_READ, CAP_CHECKPOINT_RESTORE) = 1", h.Call("prctl", [23, 40, 0, 0, 0], 1));
        Assert.Equal("prctl(PR_SET_NAME, \"worker\") = 0", h.Call("prctl", [15, h.Put("worker"), 0, 0, 0], 0));
        var header = h.PutArray(0x20080522u, 0u);
        var data = h.PutArray(3u, 3u, 0u, 0u, 0u, 0u);
        Assert.Equal("capset({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, {effective=1<<CAP_CHOWN|1<<CAP_DAC_OVERRIDE, " +
            "permitted=1<<CAP_CHOWN|1<<CAP_DAC_OVERRIDE, inheritable=0}) = 0", h.Call("capset", [header, data], 0));
    }

    [Fact]
    public void ReadvShowsOnlyTheBytesRead()
    {
        using var h = new LogHarness();
        var a = h.Put("abcd");
        var b = h.Put("efgh");
        var iov = h.PutArray(a, 4UL, b, 4UL);
        Assert.Equal("readv(3, [{iov_base=\"abcd\", iov_len=4}, {iov_base=\"ef\", iov_len=4}], 2) = 6", h.Call("readv", [3, iov, 2], 6));
    }

    [Fact]
    public void DirectoryListingsShowTheirEntryCount()
    {
        using var h = new LogHarness();
        var dirents = h.Room(64);
        var line = h.Call("getdents64", [3, dirents, 32768], 48, () =>
        {
            h.Write(dirents + 16, (ushort)24);
            h.Write(dirents + 24 + 16, (ushort)24);
        });
        Assert.Equal($"getdents64(3, 0x{dirents:x} /* 2 entries */, 32768) = 48", line);
    }

    [Fact]
    public void TerminalIoctlsDecodeTermiosAndWinsize()
    {
        using var h = new LogHarness();
        var tios = h.Room(60);
        var line = h.Call("ioctl", [0, 0x5401, tios], 0, () =>
        {
            h.Write(tios, 0x500u);
            h.Write(tios + 4, 0x5u);
            h.Write(tios + 8, 0xbfu);
            h.Write(tios + 12, 0x8a3bu);
        });
        Assert.Equal("ioctl(0, TCGETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, c_cflag=B38400|CS8|CREAD, " +
            "c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, ...}) = 0", line);
        var ws = h.Room(8);
        Assert.Equal("ioctl(1, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = 0",
            h.Call("ioctl", [1, 0x5413, ws], 0, () => h.Write(ws, 0x00500018u)));
    }

    [Fact]
    public void IcmpFilterPrintsTheBlockedTypes()
    {
        using var h = new LogHarness();
        Assert.Equal("setsockopt(3, SOL_RAW, ICMP_FILTER, ~[ICMP_ECHOREPLY ICMP_DEST_UNREACH ICMP_SOURCE_QUENCH ICMP_REDIRECT ICMP_TIME_EXCEEDED ICMP_PARAMETERPROB], 4) = 0",
            h.Call("setsockopt", [3, 255, 1, h.Put(~0x1839u), 4], 0));
    }
}
