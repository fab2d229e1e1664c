using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Vuos.Net.Interop;
using Vuos.Net.Tests.Infrastructure;
using Vuos.Net.Tracer.Syscalls;

namespace Vuos.Net.Tests.Unit;

/// <summary>
/// strace's #checkval idea: every kernel constant the project spells as a number is compared with the system's C
/// headers by a program compiled in the run. A wrong value would make the supervisor ask the kernel for the wrong
/// thing (the interop layer) or print a wrong name in the log (the decoding tables).
/// </summary>
public class KernelConstantsTests
{
    const string Headers = """
        #define _GNU_SOURCE
        #include <errno.h>
        #include <fcntl.h>
        #include <poll.h>
        #include <sched.h>
        #include <spawn.h>
        #include <signal.h>
        #include <stddef.h>
        #include <stdio.h>
        #include <sys/epoll.h>
        #include <sys/ioctl.h>
        #include <sys/mman.h>
        #include <sys/mount.h>
        #include <sys/prctl.h>
        #include <sys/resource.h>
        #include <sys/socket.h>
        #include <sys/stat.h>
        #include <sys/utsname.h>
        #include <sys/wait.h>
        #include <unistd.h>
        #include <netinet/in.h>
        #include <netinet/tcp.h>
        #include <netinet/udp.h>
        #include <net/if.h>
        #include <linux/audit.h>
        #include <linux/capability.h>
        #include <linux/fuse.h>
        #include <linux/if_ether.h>
        #include <linux/if_packet.h>
        #include <linux/if_tun.h>
        #include <linux/netlink.h>
        #include <linux/ptrace.h>
        #include <linux/rtnetlink.h>
        #include <linux/seccomp.h>
        #include <linux/sockios.h>
        #include <asm/unistd.h>
        """;

    /// <summary>Interop constants and the C expression each stands for, where the name alone does not say.</summary>
    static readonly Dictionary<string, string> CNames = new()
    {
        ["PtraceRequest.GetSyscallInfo"] = "PTRACE_GET_SYSCALL_INFO",
        ["PtraceEvent.VforkDone"] = "PTRACE_EVENT_VFORK_DONE",
        ["Libc.NrRtTgsigqueueinfo"] = "__NR_rt_tgsigqueueinfo",
        ["WaitFlags.NoHang"] = "WNOHANG",
        ["WaitFlags.All"] = "__WALL",
        ["WaitFlags.NoThread"] = "__WNOTHREAD",
        ["AuditArch.X86_64"] = "AUDIT_ARCH_X86_64",
        ["AuditArch.I386"] = "AUDIT_ARCH_I386",
        ["AuditArch.X32SyscallBit"] = "__X32_SYSCALL_BIT",
        ["SeccompAbi.RetKillProcess"] = "SECCOMP_RET_KILL_PROCESS",
        ["SeccompAbi.RetErrno"] = "SECCOMP_RET_ERRNO",
        ["SeccompAbi.RetUserNotif"] = "SECCOMP_RET_USER_NOTIF",
        ["SeccompAbi.RetTrace"] = "SECCOMP_RET_TRACE",
        ["SeccompAbi.RetAllow"] = "SECCOMP_RET_ALLOW",
        ["SeccompAbi.RetDataMask"] = "SECCOMP_RET_DATA",
        ["SeccompAbi.SetModeFilter"] = "SECCOMP_SET_MODE_FILTER",
        ["SeccompAbi.FilterFlagTsync"] = "SECCOMP_FILTER_FLAG_TSYNC",
        ["SeccompAbi.FilterFlagNewListener"] = "SECCOMP_FILTER_FLAG_NEW_LISTENER",
        ["SeccompAbi.FilterFlagWaitKillableRecv"] = "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",
        ["SeccompAbi.IoctlNotifRecv"] = "SECCOMP_IOCTL_NOTIF_RECV",
        ["SeccompAbi.IoctlNotifSend"] = "SECCOMP_IOCTL_NOTIF_SEND",
        ["SeccompAbi.IoctlNotifIdValid"] = "SECCOMP_IOCTL_NOTIF_ID_VALID",
        ["SeccompAbi.IoctlNotifAddfd"] = "SECCOMP_IOCTL_NOTIF_ADDFD",
        ["SeccompAbi.IoctlNotifSetFlags"] = "SECCOMP_IOCTL_NOTIF_SET_FLAGS",
        ["SeccompAbi.UserNotifFdSyncWakeUp"] = "SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP",
        ["SeccompAbi.UserNotifFlagContinue"] = "SECCOMP_USER_NOTIF_FLAG_CONTINUE",
        ["SeccompAbi.AddfdFlagSetFd"] = "SECCOMP_ADDFD_FLAG_SETFD",
        ["SeccompAbi.DataNr"] = "offsetof(struct seccomp_data, nr)",
        ["SeccompAbi.DataArch"] = "offsetof(struct seccomp_data, arch)",
        ["OpenFlags.ReadOnly"] = "O_RDONLY",
        ["OpenFlags.WriteOnly"] = "O_WRONLY",
        ["OpenFlags.ReadWrite"] = "O_RDWR",
        ["OpenFlags.Create"] = "O_CREAT",
        ["OpenFlags.NonBlock"] = "O_NONBLOCK",
        ["OpenFlags.TmpFileBit"] = "(__O_TMPFILE & ~O_DIRECTORY)", // glibc folds O_DIRECTORY in; the kernel's bit alone
        ["OpenFlags.CloExec"] = "O_CLOEXEC",
        ["FcntlCmd.GetFl"] = "F_GETFL",
        ["FcntlCmd.SetFl"] = "F_SETFL",
        ["FcntlCmd.DupFdCloExec"] = "F_DUPFD_CLOEXEC",
        ["NamespaceFlags.CloneNewNs"] = "CLONE_NEWNS",
        ["NamespaceFlags.CloneNewNet"] = "CLONE_NEWNET",
        ["NamespaceFlags.CloneNewUser"] = "CLONE_NEWUSER",
        ["Capability.NetAdmin"] = "CAP_NET_ADMIN",
        ["Capability.NetRaw"] = "CAP_NET_RAW",
        ["Capability.SysAdmin"] = "CAP_SYS_ADMIN",
        ["StatMode.IfMt"] = "S_IFMT",
        ["StatMode.IfChr"] = "S_IFCHR",
        ["StatMode.IfDir"] = "S_IFDIR",
        ["StatMode.IfBlk"] = "S_IFBLK",
        ["StatMode.IfSock"] = "S_IFSOCK",
        ["Libc.UtsFieldLength"] = "sizeof(((struct utsname *)0)->sysname)",
        ["MountFlags.NoSuid"] = "MS_NOSUID",
        ["MountFlags.NoDev"] = "MS_NODEV",
        ["MountFlags.Detach"] = "MNT_DETACH",
        ["FuseOpcode.BatchForget"] = "FUSE_BATCH_FORGET",
        ["FuseConst.KernelVersion"] = "FUSE_KERNEL_VERSION",
        ["FuseConst.RootId"] = "FUSE_ROOT_ID",
        ["FuseConst.InitAtomicOTrunc"] = "FUSE_ATOMIC_O_TRUNC",
        ["FuseConst.InitBigWrites"] = "FUSE_BIG_WRITES",
        ["FuseConst.InitParallelDirOps"] = "FUSE_PARALLEL_DIROPS",
        ["FuseConst.InitMaxPages"] = "FUSE_MAX_PAGES",
        ["FuseConst.OpenDirectIo"] = "FOPEN_DIRECT_IO",
        ["FuseConst.OpenNonSeekable"] = "FOPEN_NONSEEKABLE",
        ["FuseConst.OpenStream"] = "FOPEN_STREAM",
        ["FuseConst.PollScheduleNotify"] = "FUSE_POLL_SCHEDULE_NOTIFY",
        ["FuseConst.NotifyPoll"] = "FUSE_NOTIFY_POLL",
        ["FuseConst.DirentNameOffset"] = "offsetof(struct fuse_dirent, name)",
        ["FuseConst.MinReadBuffer"] = "FUSE_MIN_READ_BUFFER",
        ["Tun.InterfaceNameSize"] = "IFNAMSIZ",
        ["NetlinkConst.NLA_TYPE_MASK"] = "(__u16)NLA_TYPE_MASK", // an int in C, applied to the 16-bit nla_type
        ["ProcessPaths.AtFdCwd"] = "AT_FDCWD",
    };

    /// <summary>
    /// Names the log prints whose user-space macro is not the kernel's value: glibc defines O_LARGEFILE as 0 on
    /// 64-bit ABIs, while the kernel (and strace) know it as asm-generic's 0100000, a header that conflicts with fcntl.h.
    /// </summary>
    static readonly HashSet<string> KernelOnlyValues = ["O_LARGEFILE"];

    /// <summary>Classes whose field names follow one rule: a prefix and the name in capitals.</summary>
    static readonly Dictionary<string, string> Prefixes = new()
    {
        ["PtraceRequest"] = "PTRACE_",
        ["PtraceOptions"] = "PTRACE_O_",
        ["PtraceEvent"] = "PTRACE_EVENT_",
        ["SyscallInfoOp"] = "PTRACE_SYSCALL_INFO_",
        ["AddressFamily"] = "AF_",
        ["FuseOpcode"] = "FUSE_",
    };

    /// <summary>Constants no system header holds, each with the reason.</summary>
    static readonly Dictionary<string, string> NotInHeaders = new()
    {
        ["Errno.ERESTARTSYS"] = "kernel-internal (include/linux/errno.h), seen only by tracers",
        ["Errno.ERESTARTNOINTR"] = "kernel-internal, seen only by tracers",
        ["Errno.ERESTARTNOHAND"] = "kernel-internal, seen only by tracers",
        ["Errno.ERESTART_RESTARTBLOCK"] = "kernel-internal, seen only by tracers",
        ["StatMode.IfStack"] = "VUOS's S_IFSTACK, no Linux header has it",
        ["Signal.SIG_DFL"] = "a pointer in C ((__sighandler_t)0)",
        ["LibVdePlug.InterfaceVersion"] = "libvdeplug.h: only the runtime library is installed",
        ["LibVdePlug.EthernetBufferSize"] = "libvdeplug.h: only the runtime library is installed",
    };

    /// <summary>Newer than some supported systems' headers (linux-libc-dev 6.1 lacks them): checked where present.</summary>
    static readonly HashSet<string> MayBeMissing = ["SECCOMP_IOCTL_NOTIF_SET_FLAGS", "SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP"];

    [Fact]
    public void EveryInteropConstantHasTheValueOfTheSystemHeaders()
    {
        var checkedConstants = new List<(string Id, string Expression, ulong Value)>();
        var unaccounted = new List<string>();
        foreach (var (id, value) in InteropConstants())
        {
            if (NotInHeaders.ContainsKey(id) || id.StartsWith("LibSlirp.", StringComparison.Ordinal))
            {
                continue; // libslirp's constants: libslirp.h is not installed with the runtime library either
            }
            var (type, field) = (id[..id.IndexOf('.')], id[(id.IndexOf('.') + 1)..]);
            var expression = CNames.TryGetValue(id, out var name) ? name
                : Prefixes.TryGetValue(type, out var prefix) ? prefix + field.ToUpperInvariant()
                : Regex.IsMatch(field, "^[A-Z][A-Z0-9_]*$") ? field
                : null;
            if (expression is null)
            {
                unaccounted.Add(id);
                continue;
            }
            checkedConstants.Add((id, expression, value));
        }
        Assert.True(unaccounted.Count == 0, "constants with no C name in this test (add one, or a reason in NotInHeaders): " + string.Join(", ", unaccounted));

        var (values, missing) = HeaderValues(checkedConstants.Select(c => (c.Id, c.Expression)));
        Assert.True(missing.All(m => MayBeMissing.Contains(m)), "not in the system headers: " + string.Join(", ", missing));
        var wrong = checkedConstants.Where(c => values.TryGetValue(c.Id, out var v) && v != c.Value)
            .Select(c => $"{c.Id} = 0x{c.Value:x}, {c.Expression} = 0x{values[c.Id]:x}").ToList();
        Assert.True(wrong.Count == 0, "constants that differ from the headers:\n" + string.Join("\n", wrong));
        Assert.True(values.Count > 200, $"only {values.Count} constants compared");
    }

    [Fact]
    public void EveryNameTheLogPrintsHasTheValueOfTheSystemHeaders()
    {
        var entries = new Dictionary<string, (string Name, ulong Value)>();
        foreach (var field in typeof(FlagSets).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(FlagSet)))
        {
            var set = (FlagSet)field.GetValue(null)!;
            foreach (var (value, name) in set.Names.Concat(set.BitNames))
            {
                if (IsIdentifier(name) && !KernelOnlyValues.Contains(name))
                {
                    entries.TryAdd($"{field.Name}.{name}", (name, value));
                }
            }
        }
        for (var errno = 1; errno < 134; errno++)
        {
            if (LinuxNames.ErrnoName(errno) is { } name)
            {
                entries.TryAdd("errno." + name, (name, (ulong)errno));
            }
        }
        for (var sig = 1; sig < 32; sig++)
        {
            if (LinuxNames.SignalName(sig) is { } name)
            {
                entries.TryAdd("signal." + name, (name, (ulong)sig));
            }
        }

        // strace's tables are newer than any one system's headers: names the headers lack are skipped, and
        // most must be there.
        var (values, missing) = HeaderValues(entries.Select(e => (e.Key, e.Value.Name)));
        var wrong = entries.Where(e => values.TryGetValue(e.Key, out var v) && v != e.Value.Value)
            .Select(e => $"{e.Key} = 0x{e.Value.Value:x}, headers 0x{values[e.Key]:x}").ToList();
        Assert.True(wrong.Count == 0, "names the log prints with a value the headers do not give:\n" + string.Join("\n", wrong));
        Assert.True(values.Count >= entries.Count * 2 / 3, $"only {values.Count} of {entries.Count} names found in the headers; missing: {string.Join(", ", missing)}");
    }

    [Theory]
    [InlineData("x86-64", "asm/unistd_64.h")]
    [InlineData("i386", "asm/unistd_32.h")]
    public void EverySyscallNumberIsTheKernels(string abi, string header)
    {
        var rows = SyscallTable.AllAbis.Distinct()
            .Select(r => (r.Name, Nr: abi == "i386" ? r.I386Nr : r.Nr))
            .Where(r => r.Nr >= 0 && IsIdentifier(r.Name))
            .DistinctBy(r => r.Name)
            .ToList();
        var (values, _) = HeaderValues(rows.Select(r => (r.Name, "__NR_" + r.Name)), $"#include <stdio.h>\n#include <{header}>\n");
        var wrong = rows.Where(r => values.TryGetValue(r.Name, out var v) && v != (ulong)r.Nr)
            .Select(r => $"{r.Name} = {r.Nr}, __NR_{r.Name} = {values[r.Name]}").ToList();
        Assert.True(wrong.Count == 0, $"{abi} syscall numbers that differ from {header}:\n" + string.Join("\n", wrong));
        Assert.True(values.Count >= rows.Count * 9 / 10, $"only {values.Count} of {rows.Count} {abi} calls found in {header}");
    }

    /// <summary>The C struct each blittable Interop struct mirrors, and the C member of each field.</summary>
    static readonly (Type Type, string CStruct, Dictionary<string, string> Members)[] StructLayouts =
    [
        (typeof(FusePollIn), "struct fuse_poll_in", new() { ["FileHandle"] = "fh", ["Kh"] = "kh", ["Flags"] = "flags", ["Events"] = "events" }),
        (typeof(FusePollOut), "struct fuse_poll_out", new() { ["Revents"] = "revents" }),
        (typeof(FuseNotifyPollWakeupOut), "struct fuse_notify_poll_wakeup_out", new() { ["Kh"] = "kh" }),
        (typeof(FuseReadIn), "struct fuse_read_in", new() { ["FileHandle"] = "fh", ["Offset"] = "offset", ["Size"] = "size", ["Flags"] = "flags" }),
        (typeof(Statx), "struct statx", new()
        {
            ["Mask"] = "stx_mask", ["BlkSize"] = "stx_blksize", ["Attributes"] = "stx_attributes", ["Nlink"] = "stx_nlink",
            ["Uid"] = "stx_uid", ["Gid"] = "stx_gid", ["Mode"] = "stx_mode", ["Ino"] = "stx_ino", ["Size"] = "stx_size",
            ["Blocks"] = "stx_blocks", ["AttributesMask"] = "stx_attributes_mask", ["Atime"] = "stx_atime", ["Btime"] = "stx_btime",
            ["Ctime"] = "stx_ctime", ["Mtime"] = "stx_mtime", ["RdevMajor"] = "stx_rdev_major", ["RdevMinor"] = "stx_rdev_minor",
            ["DevMajor"] = "stx_dev_major", ["DevMinor"] = "stx_dev_minor",
        }),
        (typeof(FuseSetAttrIn), "struct fuse_setattr_in", new()
        {
            ["Valid"] = "valid", ["FileHandle"] = "fh", ["Size"] = "size", ["LockOwner"] = "lock_owner", ["Atime"] = "atime",
            ["Mtime"] = "mtime", ["Ctime"] = "ctime", ["AtimeNsec"] = "atimensec", ["MtimeNsec"] = "mtimensec",
            ["CtimeNsec"] = "ctimensec", ["Mode"] = "mode", ["Uid"] = "uid", ["Gid"] = "gid",
        }),
        (typeof(Stat), "struct stat", new()
        {
            ["Dev"] = "st_dev", ["Ino"] = "st_ino", ["Nlink"] = "st_nlink", ["Mode"] = "st_mode", ["Uid"] = "st_uid",
            ["Gid"] = "st_gid", ["Rdev"] = "st_rdev", ["Size"] = "st_size", ["BlkSize"] = "st_blksize",
            ["Blocks"] = "st_blocks", ["AtimeSec"] = "st_atim.tv_sec", ["AtimeNsec"] = "st_atim.tv_nsec",
            ["MtimeSec"] = "st_mtim.tv_sec", ["MtimeNsec"] = "st_mtim.tv_nsec", ["CtimeSec"] = "st_ctim.tv_sec",
            ["CtimeNsec"] = "st_ctim.tv_nsec",
        }),
    ];

    [Fact]
    public void EveryMirroredStructHasTheLayoutOfTheSystemHeaders()
    {
        var expected = new List<(string Id, string Expression, ulong Value)>();
        foreach (var (type, cStruct, members) in StructLayouts)
        {
            expected.Add(($"{type.Name}.size", $"sizeof({cStruct})", (ulong)System.Runtime.InteropServices.Marshal.SizeOf(type)));
            foreach (var (field, member) in members)
            {
                expected.Add(($"{type.Name}.{field}", $"offsetof({cStruct}, {member})", (ulong)System.Runtime.InteropServices.Marshal.OffsetOf(type, field)));
            }
        }
        var (values, missing) = HeaderValues(expected.Select(e => (e.Id, e.Expression)));
        Assert.Empty(missing);
        var wrong = expected.Where(e => values[e.Id] != e.Value).Select(e => $"{e.Id} = {e.Value}, {e.Expression} = {values[e.Id]}").ToList();
        Assert.True(wrong.Count == 0, "struct layouts that differ from the headers:\n" + string.Join("\n", wrong));
    }

    static bool IsIdentifier(string name) => Regex.IsMatch(name, "^[A-Za-z_][A-Za-z0-9_]*$");

    /// <summary>The constants of Interop's static classes, internal ones too (the classes only Interop uses).</summary>
    static IEnumerable<(string Id, ulong Value)> InteropConstants() =>
        typeof(Errno).Assembly.GetTypes()
            .Where(t => !t.IsNested && t.IsAbstract && t.IsSealed && !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                .Where(f => (f.IsPublic || f.IsAssembly) && f.IsLiteral && f.FieldType != typeof(string))
                .Select(f => ($"{t.Name}.{f.Name}", ToBits(f.GetRawConstantValue()!))));

    static ulong ToBits(object value) => value is ulong u ? u : unchecked((ulong)Convert.ToInt64(value));

    /// <summary>
    /// Compiles and runs a program printing each expression; expressions that name something the headers lack
    /// are left out (gcc names them) and returned as missing.
    /// </summary>
    static (Dictionary<string, ulong> Values, List<string> Missing) HeaderValues(IEnumerable<(string Id, string Expression)> expressions,
        string? headers = null)
    {
        var pending = expressions.ToList();
        var missing = new List<string>();
        var directory = Directory.CreateTempSubdirectory("vuos-checkval-").FullName;
        try
        {
            for (var attempt = 0; attempt < 6; attempt++)
            {
                var source = new StringBuilder(headers ?? Headers).Append("\nint main(void)\n{\n");
                foreach (var (id, expression) in pending)
                {
                    source.Append($"    printf(\"%s %llu\\n\", \"{id}\", (unsigned long long)({expression}));\n");
                }
                source.Append("    return 0;\n}\n");
                var file = Path.Combine(directory, "checkval.c");
                File.WriteAllText(file, source.ToString());
                var program = Path.Combine(directory, "checkval");
                var gcc = Run.Native(["gcc", "-w", "-o", program, file]);
                if (gcc.ExitCode == 0)
                {
                    var run = Run.Native([program]);
                    Assert.Equal(0, run.ExitCode);
                    var values = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                        .Select(line => line.Split(' '))
                        .ToDictionary(parts => parts[0], parts => ulong.Parse(parts[1]));
                    return (values, missing);
                }
                var undeclared = Regex.Matches(gcc.Stderr, "[‘'](\\w+)[’'] undeclared").Select(m => m.Groups[1].Value).ToHashSet();
                Assert.True(undeclared.Count > 0, "the check program does not compile:\n" + gcc.Stderr);
                missing.AddRange(undeclared);
                pending.RemoveAll(p => Regex.Matches(p.Expression, "\\w+").Any(m => undeclared.Contains(m.Value)));
            }
            throw new InvalidOperationException("the check program did not compile after several passes");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
