using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// What a session adds to the file system stays in it, and a command line that cannot give the session it asks
/// for is refused with exit 2 before anything runs.
/// </summary>
public class SessionStartTests
{
    [Theory]
    [InlineData("--stack /dev/net/x=tap:nonexistent0 --default /dev/net/x", "the default stack /dev/net/x (tap:nonexistent0) cannot start: no host interface named nonexistent0")]
    [InlineData("--stack /dev/net/x=vde:///nonexistent/switch --default /dev/net/x", "the default stack /dev/net/x (vde:///nonexistent/switch) cannot start")]
    [InlineData("--stack /dev/net/x=vxvde://garbage --default /dev/net/x", "the default stack /dev/net/x (vxvde://garbage) cannot start")]
    [InlineData("--netfs=/", "--netfs /: / is not empty")]
    [InlineData("--netfs=/etc", "/etc is not empty")]
    [InlineData("--netfs=/proc", "/proc is not empty")]
    [InlineData("--netfs=/sys", "/sys is not empty")]
    [InlineData("--netfs=/dev", "/dev is not empty")]
    [InlineData("--netfs=/proc/../etc", "/etc is not empty")]
    [InlineData("--netfs=net", "must be an absolute path")]
    [InlineData("--netfs=/tmp/vuos-no-such-dir/net", "does not exist")]
    [InlineData("--stack /=loopback", "/ cannot be a stack")]
    [InlineData("--stack /etc/passwd=loopback", "/etc/passwd exists")]
    [InlineData("--stack /dev/net/a=loopback --stack /dev/net/a=host", "/dev/net/a is mounted twice")]
    [InlineData("--stack /etc/x=loopback", "/etc is not empty")]
    public void ACommandLineThatCannotBeHonouredIsRefusedBeforeAnythingRuns(string options, string message)
    {
        var marker = Path.Combine(Path.GetTempPath(), $"vuos-ran-{Guid.NewGuid():N}");
        var r = Run.Vuos(["touch", marker], options.Split(' '));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Stderr);
        Assert.False(File.Exists(marker), "the command ran");
        // One message says why: the stack's failure is not reported twice.
        Assert.Single(r.Stderr.Split('\n'), l => l.StartsWith("vuos: error", StringComparison.Ordinal));
    }

    [Fact]
    public void WhatASessionCreatesInDevNetStaysInTheSession()
    {
        var r = Run.Vuos(["bash", "-c", "mkdir /dev/net/x && touch /dev/net/x/f && ls /dev/net; touch /new-top-level 2>&1 | grep -c 'Read-only'"]);
        Assert.Equal("host\nlo\nslirp\ntun\nx\n1\n", r.Stdout);
        Assert.False(Directory.Exists("/dev/net/x"));
        Assert.False(File.Exists("/new-top-level"));
    }

    [Fact]
    public void VustackFromAPlainShellMountsOnlyTheStackItNames()
    {
        var vustack = Path.Combine(Repo.BinDirectory, "vustack");
        var r = Run.Native([vustack, "lo", "bash", "-c", $"ls /dev/net | tr '\\n' ' '; {vustack} host true || echo refused"]);
        Assert.StartsWith("lo tun ", r.Stdout);
        Assert.EndsWith("refused\n", r.Stdout);
        Assert.Contains("/dev/net/host: No such file or directory", r.Stderr);
    }

    [Fact]
    public void AKilledNamespaceHelperIsCollectedWhileTheSessionGoesOn()
    {
        // $PPID of the shell is vuos: its helper is its child. Killed, it must go from vuos's children entirely
        // (dead and collected), not stay there as a zombie until the session ends.
        const string script = """
            pkill -KILL -P $PPID -x vuos-nshelper
            for i in $(seq 400); do
                ps -o comm= --ppid $PPID | grep -q vuos-nshelper || { echo collected; exit 0; }
            done
            ps -o stat=,comm= --ppid $PPID
            """;
        var r = Run.Vuos(["bash", "-c", script], ["--default", "inet6:lo"]);
        Assert.Equal("collected\n", r.Stdout);
    }
}
