using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// Stack files show S_IFSTACK (0160000) however a program stats them, as VUOS shows them, while a stat of any
/// other file runs in the kernel without a stop: the stack files are FUSE mounts the supervisor serves. A user
/// who cannot open /dev/fuse still gets S_IFSTACK, from notified stats.
/// </summary>
public class StackFileStatTests
{
    const string AllWays = " 160000 160000 160000 160000 160000\n"; // stat, lstat, fstatat, statx, fstat of O_PATH

    /// <summary>
    /// COMMAND in a private mount namespace whose /dev/fuse the user can open (<paramref name="fuse"/>) or not,
    /// as root (<paramref name="user"/> null) or as that user: the machine's own /dev/fuse stays as it is.
    /// </summary>
    static RunResult InSession(string? user, bool fuse, params string[] command)
    {
        var device = fuse ? "mknod -m 666 /mnt/fuse c 10 229" : "touch /mnt/fuse && chmod 600 /mnt/fuse";
        var asUser = user is null ? "" : $"setpriv --reuid={user} --regid={user} --clear-groups -- ";
        var script = $"mount -t tmpfs vuos-test /mnt && {device} && mount --bind /mnt/fuse /dev/fuse && exec {asUser}\"$@\"";
        return Run.Native(["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh",
            Repo.VuosBinary, "run", "--stats", "--no-netfs", "--default", "lo", "--", .. command]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("65534")]
    public void AStackFileShowsSIfstackHoweverItIsStattedAndNoOtherStatStops(string? user)
    {
        var few = InSession(user, fuse: true, Fixtures.Path("stat_paths"), "10", "/dev/net/lo");
        var many = InSession(user, fuse: true, Fixtures.Path("stat_paths"), "20000", "/dev/net/lo");
        Assert.Equal("20000" + AllWays, many.Stdout);
        Assert.Equal(Stats.Get(few, "notifications"), Stats.Get(many, "notifications"));
        Assert.Equal(Stats.Get(few, "return-stops"), Stats.Get(many, "return-stops"));
        Assert.InRange(Stats.Get(many, "return-stops"), 5, 20);

        // Natively the same program sees no stack file at all.
        Assert.NotEqual(0, Run.Native([Fixtures.Path("stat_paths"), "1", "/dev/net/lo"]).ExitCode);
    }

    [Fact]
    public void AUserWithoutDevFuseStillSeesSIfstackByName()
    {
        var r = InSession("65534", fuse: false, "sh", "-c", "stat -c %f /dev/net/lo; cd /dev/net && stat -c %f lo; stat -c %f /etc/passwd");
        Assert.Equal("e1ff\ne1ff\n81a4\n", r.Stdout);
        Assert.Equal(0, Stats.Get(r, "return-stops"));
    }

    [Fact]
    public void ThreadsStattingAStackFileWhileSignalsArriveAllSeeSIfstack()
    {
        // Each stat is a return stop; handled signals sent meanwhile are delivered before or after it.
        var r = Run.Vuos([Fixtures.Path("stack_stat_threads"), "/dev/net/lo", "2000"], ["--stats"], timeout: TimeSpan.FromSeconds(60));
        Assert.Equal("8000 stats, 0 without S_IFSTACK\n", r.Stdout);
        Assert.Equal(0, Stats.Get(r, "notifications"));
    }

    [Fact]
    public void TheLogShowsAStackFileAsTheProgramSeesIt()
    {
        var r = Run.Vuos(["python3", "-c", "import os; print(oct(os.stat('/dev/net/lo').st_mode))"], ["--trace=stat"]);
        Assert.Equal("0o160777\n", r.Stdout);
        Assert.Matches(@"newfstatat\(AT_FDCWD, ""/dev/net/lo"", \{st_mode=0160777, ", r.Stderr);
    }

    [Fact]
    public void AProgramInAPidNamespaceOfItsOwnSeesSIfstackAndGoesOn()
    {
        // There the supervisor's signals show si_pid 0: the return stop must still be told apart, never delivered.
        var r = Run.Vuos(["unshare", "--pid", "--fork", "sh", "-c", "stat -c %f /dev/net/lo; echo after"], timeout: TimeSpan.FromSeconds(30));
        Assert.Equal("e1ff\nafter\n", r.Stdout);
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void AProgramsOwnSigstopAfterAStatOfAStackFileStillStopsIt()
    {
        // The supervisor stops a thread that stats a stack file with a SIGSTOP of its own (tgkill, from its pid);
        // one the program sends itself the same way (pthread_kill) must stop it as natively, until SIGCONT.
        // The marker comes after the stat, so the stop waited for is the program's own, not the supervisor's.
        const string program = "import os, signal, sys, threading; os.stat('/dev/net/lo'); open(sys.argv[1], 'w').close(); " +
            "signal.pthread_kill(threading.main_thread().ident, signal.SIGSTOP); print('resumed', flush=True)";
        var script = $"m=$(mktemp -u); python3 -c \"{program}\" $m & pid=$!; " +
            // Stopped: T natively, t for a traced process (its group-stop is held with PTRACE_LISTEN).
            "until [ -e $m ] && grep -q '^[^)]*) [tT]' /proc/$pid/stat; do :; done; rm $m; echo stopped; kill -CONT $pid; wait $pid; echo status=$?";
        var r = InSession(null, fuse: true, "sh", "-c", script);
        Assert.Equal("stopped\nresumed\nstatus=0\n", r.Stdout);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("65534")]
    public void AStackMountedWhileTheSessionRunsIsAServedStackFileInEveryStack(string? user)
    {
        var vustack = Path.Combine(Path.GetDirectoryName(Repo.VuosBinary)!, "vustack");
        var r = InSession(user, fuse: true, "sh", "-c",
            $"vumount -t vunetloopback none /dev/net/extra && {Fixtures.Path("stat_paths")} 1 /dev/net/extra && " +
            $"{vustack} /dev/net/lo {Fixtures.Path("stat_paths")} 1 /dev/net/extra && chmod 700 /dev/net/extra && stat -c %a /dev/net/extra && " +
            "vuumount /dev/net/extra && ls /dev/net");
        Assert.Equal("1" + AllWays + "1" + AllWays + "700\nhost\nlo\nslirp\ntun\n", r.Stdout);
    }
}
