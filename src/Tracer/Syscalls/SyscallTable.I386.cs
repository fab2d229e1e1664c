using static Vuos.Net.Tracer.Syscalls.Arg;

namespace Vuos.Net.Tracer.Syscalls;

// The i386 (int 0x80) table's own rows: the calls i386 has and x86-64 has not (stat64, mmap2, _llseek...), and
// those whose arguments differ under the same name (old_mmap and old select take one pointer; pread64 and
// friends split 64-bit offsets over two registers). Every other i386 number is the x86-64 row that names it in
// its second column, so hooks and the filter see one call. Names and classes are strace's (linux/i386/syscallent.h).
public static partial class SyscallTable
{
    static SyscallDescriptor[] I386Rows => I386RowData.Rows;

    static class I386RowData
    {
        internal static readonly SyscallDescriptor[] Rows =
        [
            I386(7, "waitpid", SyscallClass.Process, RetKind.Int, Int("pid"), WaitStatusOut("wstatus"), Flags("options", FlagSets.WaitOptions)),
            I386(17, "break", SyscallClass.Memory, RetKind.Int),
            I386(18, "oldstat", SyscallClass.File | SyscallClass.Stat, RetKind.Int, Path("pathname"), Ptr("statbuf")),
            I386(22, "umount", SyscallClass.File, RetKind.Int, Path("target")),
            I386(25, "stime", SyscallClass.None, RetKind.Int, Ptr("t")),
            I386(28, "oldfstat", SyscallClass.Desc | SyscallClass.Stat, RetKind.Int, Fd("fd"), Ptr("statbuf")),
            I386(31, "stty", SyscallClass.None, RetKind.Int, Hex("arg1"), Hex("arg2")),
            I386(32, "gtty", SyscallClass.None, RetKind.Int, Hex("arg1"), Hex("arg2")),
            I386(34, "nice", SyscallClass.None, RetKind.Int, Hex("arg1")),
            I386(35, "ftime", SyscallClass.None, RetKind.Int),
            I386(44, "prof", SyscallClass.None, RetKind.Int),
            I386(48, "signal", SyscallClass.Signal, RetKind.Hex, Signal("signum"), Hex("handler")),
            I386(53, "lock", SyscallClass.None, RetKind.Int),
            I386(56, "mpx", SyscallClass.None, RetKind.Int),
            I386(58, "ulimit", SyscallClass.None, RetKind.Int, Hex("arg1"), Hex("arg2")),
            I386(59, "oldolduname", SyscallClass.None, RetKind.Int, Hex("arg1")),
            I386(67, "sigaction", SyscallClass.Signal, RetKind.Int, Signal("signum"), Ptr("act"), Ptr("oldact")),
            I386(68, "sgetmask", SyscallClass.Signal, RetKind.Hex),
            I386(69, "ssetmask", SyscallClass.Signal, RetKind.Hex, Hex("newmask")),
            I386(72, "sigsuspend", SyscallClass.Signal, RetKind.Int, Int("unused1"), Int("unused2"), Hex("mask")),
            I386(73, "sigpending", SyscallClass.Signal, RetKind.Int, Ptr("set")),
            I386(75, "setrlimit", SyscallClass.None, RetKind.Int, Flags("resource", FlagSets.RlimitResource), Rlimit("rlim")),
            I386(76, "getrlimit", SyscallClass.None, RetKind.Int, Flags("resource", FlagSets.RlimitResource), RlimitOut("rlim")),
            I386As("oldselect", 82, "select", SyscallClass.Desc, RetKind.Int, Ptr("args")),
            I386(84, "oldlstat", SyscallClass.File | SyscallClass.Stat, RetKind.Int, Path("pathname"), Ptr("statbuf")),
            I386(89, "readdir", SyscallClass.Desc, RetKind.Int, Fd("fd"), Ptr("dirp"), UInt("count")),
            I386As("old_mmap", 90, "mmap", SyscallClass.Desc | SyscallClass.Memory, RetKind.Hex, Ptr("args")),
            I386(98, "profil", SyscallClass.None, RetKind.Int, Hex("arg1"), Hex("arg2"), Hex("arg3"), Hex("arg4")),
            I386(102, "socketcall", SyscallClass.Desc, RetKind.Int, Int("call"), Ptr("args")),
            I386(109, "olduname", SyscallClass.None, RetKind.Int, Hex("arg1")),
            I386(112, "idle", SyscallClass.None, RetKind.Int),
            I386(113, "vm86old", SyscallClass.None, RetKind.Int, Hex("arg1")),
            I386(117, "ipc", SyscallClass.Ipc, RetKind.Int, UInt("call"), Int("first"), Hex("second"), Hex("third"), Ptr("ptr"), Hex("fifth")),
            I386(119, "sigreturn", SyscallClass.Signal, RetKind.Int),
            I386(126, "sigprocmask", SyscallClass.Signal, RetKind.Int, Flags("how", FlagSets.SigprocmaskHow), Ptr("set"), Ptr("oldset")),
            I386(134, "bdflush", SyscallClass.None, RetKind.Int, Hex("arg1"), Hex("arg2")),
            I386(140, "_llseek", SyscallClass.Desc, RetKind.Int, Fd("fd"), UInt("offset_high"), UInt("offset_low"), Ptr("result"), Flags("whence", FlagSets.SeekWhence)),
            I386As("select", 142, "_newselect", SyscallClass.Desc, RetKind.Int, Int("nfds"), Ptr("readfds"), Ptr("writefds"), Ptr("exceptfds"), Ptr("timeout")),
            I386(166, "vm86", SyscallClass.None, RetKind.Int, Hex("arg1"), Hex("arg2"), Hex("arg3"), Hex("arg4"), Hex("arg5")),
            I386(180, "pread64", SyscallClass.Desc, RetKind.Int, Fd("fd"), OutBuf("buf", 2), UInt("count"), Long64("offset"), Long64High("offset_high")),
            I386(181, "pwrite64", SyscallClass.Desc, RetKind.Int, Fd("fd"), InBuf("buf", 2), UInt("count"), Long64("offset"), Long64High("offset_high")),
            I386(191, "ugetrlimit", SyscallClass.None, RetKind.Int, Flags("resource", FlagSets.RlimitResource), RlimitOut("rlim")),
            I386As("mmap2", 192, "mmap2", SyscallClass.Desc | SyscallClass.Memory, RetKind.Hex, Ptr("addr"), UInt("length"), Flags("prot", FlagSets.MmapProt), Flags("flags", FlagSets.MmapFlags), Fd("fd"), UInt("pgoffset")),
            I386(193, "truncate64", SyscallClass.File, RetKind.Int, Path("path"), Long64("length"), Long64High("length_high")),
            I386(194, "ftruncate64", SyscallClass.Desc, RetKind.Int, Fd("fd"), Long64("length"), Long64High("length_high")),
            I386(195, "stat64", SyscallClass.File | SyscallClass.Stat, RetKind.Int, Path("pathname"), Stat64Out("statbuf")),
            I386(196, "lstat64", SyscallClass.File | SyscallClass.Stat, RetKind.Int, Path("pathname"), Stat64Out("statbuf")),
            I386(197, "fstat64", SyscallClass.Desc | SyscallClass.Stat, RetKind.Int, Fd("fd"), Stat64Out("statbuf")),
            I386(198, "lchown32", SyscallClass.File, RetKind.Int, Path("pathname"), Int("owner"), Int("group")),
            I386(199, "getuid32", SyscallClass.Creds, RetKind.Int),
            I386(200, "getgid32", SyscallClass.Creds, RetKind.Int),
            I386(201, "geteuid32", SyscallClass.Creds, RetKind.Int),
            I386(202, "getegid32", SyscallClass.Creds, RetKind.Int),
            I386(203, "setreuid32", SyscallClass.Creds, RetKind.Int, Int("ruid"), Int("euid")),
            I386(204, "setregid32", SyscallClass.Creds, RetKind.Int, Int("rgid"), Int("egid")),
            I386(205, "getgroups32", SyscallClass.Creds, RetKind.Int, Int("size"), Ptr("list")),
            I386(206, "setgroups32", SyscallClass.Creds, RetKind.Int, UInt("size"), Ptr("list")),
            I386(207, "fchown32", SyscallClass.Desc, RetKind.Int, Fd("fd"), Int("owner"), Int("group")),
            I386(208, "setresuid32", SyscallClass.Creds, RetKind.Int, Int("ruid"), Int("euid"), Int("suid")),
            I386(209, "getresuid32", SyscallClass.Creds, RetKind.Int, Ptr("ruid"), Ptr("euid"), Ptr("suid")),
            I386(210, "setresgid32", SyscallClass.Creds, RetKind.Int, Int("rgid"), Int("egid"), Int("sgid")),
            I386(211, "getresgid32", SyscallClass.Creds, RetKind.Int, Ptr("rgid"), Ptr("egid"), Ptr("sgid")),
            I386(212, "chown32", SyscallClass.File, RetKind.Int, Path("pathname"), Int("owner"), Int("group")),
            I386(213, "setuid32", SyscallClass.Creds, RetKind.Int, Int("uid")),
            I386(214, "setgid32", SyscallClass.Creds, RetKind.Int, Int("gid")),
            I386(215, "setfsuid32", SyscallClass.Creds, RetKind.Int, Int("fsuid")),
            I386(216, "setfsgid32", SyscallClass.Creds, RetKind.Int, Int("fsgid")),
            I386As("fcntl64", 221, "fcntl64", SyscallClass.Desc, RetKind.Int, Fd("fd"), Flags("cmd", FlagSets.FcntlCmd), Hex("arg")),
            I386(225, "readahead", SyscallClass.Desc, RetKind.Int, Fd("fd"), Long64("offset"), Long64High("offset_high"), UInt("count")),
            I386(239, "sendfile64", SyscallClass.Desc | SyscallClass.Network, RetKind.Int, Fd("out_fd"), Fd("in_fd"), Ptr("offset"), UInt("count")),
            I386(250, "fadvise64", SyscallClass.Desc, RetKind.Int, Fd("fd"), Long64("offset"), Long64High("offset_high"), UInt("len"), Flags("advice", FlagSets.FadviseAdvice)),
            I386(253, "lookup_dcookie", SyscallClass.None, RetKind.Int, Long64("cookie"), Long64High("cookie_high"), Ptr("buffer"), UInt("len")),
            I386(268, "statfs64", SyscallClass.File | SyscallClass.Stat, RetKind.Int, Path("path"), UInt("size"), Ptr("buf")),
            I386(269, "fstatfs64", SyscallClass.Desc | SyscallClass.Stat, RetKind.Int, Fd("fd"), UInt("size"), Ptr("buf")),
            I386(272, "fadvise64_64", SyscallClass.Desc, RetKind.Int, Fd("fd"), Long64("offset"), Long64High("offset_high"), Long64("len"), Long64High("len_high"), Flags("advice", FlagSets.FadviseAdvice)),
            I386(300, "fstatat64", SyscallClass.Desc | SyscallClass.File | SyscallClass.Stat, RetKind.Int, DirFd("dirfd"), Path("pathname"), Stat64Out("statbuf"), Flags("flags", FlagSets.AtFlags)),
            I386(314, "sync_file_range", SyscallClass.Desc, RetKind.Int, Fd("fd"), Long64("offset"), Long64High("offset_high"), Long64("nbytes"), Long64High("nbytes_high"), Flags("flags", FlagSets.SyncFileRangeFlags)),
            I386(324, "fallocate", SyscallClass.Desc, RetKind.Int, Fd("fd"), Flags("mode", FlagSets.FallocateMode), Long64("offset"), Long64High("offset_high"), Long64("len"), Long64High("len_high")),
            I386(333, "preadv", SyscallClass.Desc, RetKind.Int, Fd("fd"), IovecOut("iov", 2), UInt("iovcnt"), Long64("offset"), Long64High("offset_high")),
            I386(334, "pwritev", SyscallClass.Desc, RetKind.Int, Fd("fd"), Iovec("iov", 2), UInt("iovcnt"), Long64("offset"), Long64High("offset_high")),
            I386(339, "fanotify_mark", SyscallClass.Desc | SyscallClass.File, RetKind.Int, Fd("fanotify_fd"), Hex("flags"), Long64("mask"), Long64High("mask_high"), DirFd("dirfd"), Path("pathname")),
            I386(378, "preadv2", SyscallClass.Desc, RetKind.Int, Fd("fd"), IovecOut("iov", 2), UInt("iovcnt"), Long64("offset"), Long64High("offset_high"), Flags("flags", FlagSets.RwfFlags)),
            I386(379, "pwritev2", SyscallClass.Desc, RetKind.Int, Fd("fd"), Iovec("iov", 2), UInt("iovcnt"), Long64("offset"), Long64High("offset_high"), Flags("flags", FlagSets.RwfFlags)),
            I386(403, "clock_gettime64", SyscallClass.Clock, RetKind.Int, Hex("arg1"), Hex("arg2")),
            I386(404, "clock_settime64", SyscallClass.Clock, RetKind.Int, Hex("arg1"), Hex("arg2")),
            I386(405, "clock_adjtime64", SyscallClass.Clock, RetKind.Int, Hex("arg1"), Hex("arg2")),
            I386(406, "clock_getres_time64", SyscallClass.Clock, RetKind.Int, Hex("arg1"), Hex("arg2")),
            I386(407, "clock_nanosleep_time64", SyscallClass.None, RetKind.Int, Hex("arg1"), Hex("arg2"), Hex("arg3"), Hex("arg4")),
            I386(408, "timer_gettime64", SyscallClass.None, RetKind.Int, Hex("arg1"), Hex("arg2")),
            I386(409, "timer_settime64", SyscallClass.None, RetKind.Int, Hex("arg1"), Hex("arg2"), Hex("arg3"), Hex("arg4")),
            I386(410, "timerfd_gettime64", SyscallClass.Desc, RetKind.Int, Hex("arg1"), Hex("arg2")),
            I386(411, "timerfd_settime64", SyscallClass.Desc, RetKind.Int, Hex("arg1"), Hex("arg2"), Hex("arg3"), Hex("arg4")),
            I386(412, "utimensat_time64", SyscallClass.Desc | SyscallClass.File, RetKind.Int, Hex("arg1"), Hex("arg2"), Hex("arg3"), Hex("arg4")),
            I386(413, "pselect6_time64", SyscallClass.Desc, RetKind.Int, Hex("arg1"), Hex("arg2"), Hex("arg3"), Hex("arg4"), Hex("arg5"), Hex("arg6")),
            I386(414, "ppoll_time64", SyscallClass.Desc, RetKind.Int, Hex("arg1"), Hex("arg2"), Hex("arg3"), Hex("arg4"), Hex("arg5")),
            I386(416, "io_pgetevents_time64", SyscallClass.None, RetKind.Int, Hex("arg1"), Hex("arg2"), Hex("arg3"), Hex("arg4"), Hex("arg5"), Hex("arg6")),
            I386(417, "recvmmsg_time64", SyscallClass.Network, RetKind.Int, Hex("arg1"), Hex("arg2"), Hex("arg3"), Hex("arg4"), Hex("arg5")),
            I386(418, "mq_timedsend_time64", SyscallClass.Desc, RetKind.Int, Hex("arg1"), Hex("arg2"), Hex("arg3"), Hex("arg4"), Hex("arg5")),
            I386(419, "mq_timedreceive_time64", SyscallClass.Desc, RetKind.Int, Hex("arg1"), Hex("arg2"), Hex("arg3"), Hex("arg4"), Hex("arg5")),
            I386(420, "semtimedop_time64", SyscallClass.Ipc, RetKind.Int, Hex("arg1"), Hex("arg2"), Hex("arg3"), Hex("arg4")),
            I386(421, "rt_sigtimedwait_time64", SyscallClass.Signal, RetKind.Int, Hex("arg1"), Hex("arg2"), Hex("arg3"), Hex("arg4")),
            I386(422, "futex_time64", SyscallClass.None, RetKind.Int, Hex("arg1"), Hex("arg2"), Hex("arg3"), Hex("arg4"), Hex("arg5"), Hex("arg6")),
            I386(423, "sched_rr_get_interval_time64", SyscallClass.None, RetKind.Int, Hex("arg1"), Hex("arg2")),        ];
    }

    static SyscallDescriptor I386(int nr, string name, SyscallClass cls, RetKind ret, params ArgSpec[] args) =>
        new(-1, nr, name, cls, ret, args);

    /// <summary>An i386 row whose decoder is not the one its printed name would select.</summary>
    static SyscallDescriptor I386As(string decoder, int nr, string name, SyscallClass cls, RetKind ret, params ArgSpec[] args) =>
        new(-1, nr, name, cls, ret, args) { Decoder = decoder };
}
