using System.Text.Json;
using System.Text.RegularExpressions;
using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// `--trace` prints strace's notation and takes strace's options: decoded structures, interleaved tasks, -o's
/// layout, -y, -c, -e, timestamps; JSON lines carry the same facts as structured values.
/// </summary>
public class TraceLogTests
{
    const string RefusedConnect = "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 1))\nexcept OSError as e:\n    print(e.errno)";

    /// <summary>Debian's python3 itself: one process (a pyenv shim in PATH would run a shell script first).</summary>
    static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    static string TempFile(string name) => Path.Combine(Directory.CreateTempSubdirectory("vuos-log-").FullName, name);

    [Fact]
    public void NetworkCallsAreDecodedAsStraceDoes()
    {
        var r = Run.Vuos([Python, "-c", RefusedConnect], ["--trace=network"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("111\n", r.Stdout);
        var lines = r.Stderr.Split('\n');
        Assert.Contains("socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP) = 3", lines);
        Assert.Contains("connect(3, {sa_family=AF_INET, sin_port=htons(1), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = -1 ECONNREFUSED (Connection refused)", lines);
        Assert.EndsWith("+++ exited with 0 +++\n", r.Stderr);
        Assert.DoesNotContain("openat(", r.Stderr);
    }

    [Fact]
    public void FullTraceShowsExecveStringsAndExit()
    {
        var r = Run.Vuos(["sh", "-c", "echo hello; exit 3"], ["--trace"]);
        Assert.Equal(3, r.ExitCode);
        Assert.Equal("hello\n", r.Stdout);
        Assert.Matches(@"execve\(""/[a-z/]*sh"", \[""sh"", ""-c"", ""echo hello; exit 3""\], 0x[0-9a-f]+ /\* \d+ vars \*/\) = 0", r.Stderr);
        Assert.Contains("write(1, \"hello\\n\", 6) = 6", r.Stderr);
        Assert.Contains("exit_group(3) = ?", r.Stderr);
        Assert.Contains("+++ exited with 3 +++", r.Stderr);
    }

    [Fact]
    public void LongStringsAreCutAtTheStringLimitButPathsNever()
    {
        var r = Run.Vuos(["sh", "-c", "echo 0123456789abcdefghij; : < /proc/self/attr/current"], ["--trace=desc", "-s", "8"]);
        Assert.Contains("write(1, \"01234567\"..., 21) = 21", r.Stderr);
        Assert.Contains("\"/proc/self/attr/current\"", r.Stderr);
    }

    [Fact]
    public void SignalsShowTheirSiginfoAndKillsAreLogged()
    {
        var r = Run.Vuos(["sh", "-c", "kill -TERM $$"], ["--trace=signal"]);
        Assert.Equal(143, r.ExitCode);
        Assert.Matches(@"--- SIGTERM \{si_signo=SIGTERM, si_code=SI_USER, si_pid=\d+, si_uid=\d+\} ---", r.Stderr);
        Assert.Contains("+++ killed by SIGTERM +++", r.Stderr);
    }

    [Fact]
    public void AChildsExitReachesItsParentWithStatusAndTimes()
    {
        var r = Run.Vuos(["sh", "-c", "sh -c 'exit 7'; echo $?"], ["--trace=wait4"]);
        Assert.Equal("7\n", r.Stdout);
        // When the child ends while the shell waits, strace's "wait4(-1,  <unfinished ...>" then "<... wait4 resumed>";
        // when it ended first, one line.
        Assert.Matches(@"(?m)(^wait4\(-1, |^<\.\.\. wait4 resumed>)\[\{WIFEXITED\(s\) && WEXITSTATUS\(s\) == 7\}\], 0, NULL\) = \d+$", r.Stderr);
        Assert.Matches(@"--- SIGCHLD \{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=\d+, si_uid=\d+, si_status=7, si_utime=\d+.*, si_stime=\d+.*\} ---", r.Stderr);
    }

    [Fact]
    public void DurationsAreShownWithDashT()
    {
        var r = Run.Vuos(["sleep", "0.2"], ["--trace=clock_nanosleep", "-T"]);
        Assert.Matches(@"clock_nanosleep\(CLOCK_REALTIME, 0, \{tv_sec=0, tv_nsec=200000000\}, 0x[0-9a-f]+\) = 0 <0\.2\d{5}>", r.Stderr);
    }

    [Fact]
    public void AThreadsBlockedCallIsShownUnfinishedThenResumed()
    {
        var file = TempFile("trace.log");
        var r = Run.Vuos([Fixtures.Path("thread_poll")], ["--trace=poll,write,exit", "-o", file]);
        Assert.Equal(0, r.ExitCode);
        var thread = Regex.Match(r.Stdout, @"woken (\d+)").Groups[1].Value;
        var lines = File.ReadAllLines(file);
        var main = lines.First(l => l.Contains(" write(")).Split(' ')[0];
        string[] expected =
        [
            $"{thread,-5} poll([{{fd=3, events=POLLIN}}], 1, -1 <unfinished ...>",
            $"{main,-5} write(4, \"w\", 1)".PadRight(39) + " = 1",
            $"{thread,-5} <... poll resumed>)".PadRight(39) + " = 1 ([{fd=3, revents=POLLIN}])",
            $"{thread,-5} exit(0)".PadRight(39) + " = ?",
        ];
        var from = Array.FindIndex(lines, l => l.Contains(" poll(", StringComparison.Ordinal));
        Assert.Equal(expected, lines.Skip(from).Take(4));
        // The thread's own end, then (the main thread prints while the thread's exit is reported) the process's.
        Assert.Contains($"{thread,-5} +++ exited with 0 +++", lines.Skip(from + 4));
        Assert.Equal($"{main,-5} +++ exited with 0 +++", lines[^1]);
        // strace's notes go to stderr, never into the log file.
        Assert.Contains($"vuos: Process {thread} attached", r.Stderr);
        Assert.DoesNotContain(lines, l => l.Contains("attached"));
    }

    [Fact]
    public void LogGoesToAFileWithDashO()
    {
        var file = TempFile("trace.log");
        File.WriteAllText(file, "left from an earlier run\n");
        var r = Run.Vuos([Python, "-c", RefusedConnect], ["--trace=network", "-o", file]);
        Assert.Equal("111\n", r.Stdout);
        Assert.DoesNotContain("connect(", r.Stderr);
        var log = File.ReadAllText(file);
        Assert.DoesNotContain("earlier run", log);
        Assert.Matches(@"(?m)^\d+ +connect\(3, .*\) = -1 ECONNREFUSED \(Connection refused\)$", log);
        Assert.Matches(@"(?m)^\d+ +\+\+\+ exited with 0 \+\+\+$", log);
    }

    [Fact]
    public void StracesCommandLineWorksAsIs()
    {
        var file = TempFile("trace.log");
        var r = Run.Vuos([Python, "-c", RefusedConnect], ["-f", "-e", "trace=%net", "-o", file, "-q"]);
        Assert.Equal("111\n", r.Stdout);
        var log = File.ReadAllText(file);
        Assert.Contains("ECONNREFUSED", log);
        Assert.DoesNotContain("openat(", log);
    }

    [Fact]
    public void NegatedSetsAndTheStatusFilterSelectLikeStraces()
    {
        var r = Run.Vuos(["cat", "/nonexistent", "/etc/hostname"], ["-e", "trace=!%memory", "-e", "status=failed"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("openat(AT_FDCWD, \"/nonexistent\", O_RDONLY) = -1 ENOENT (No such file or directory)", r.Stderr);
        Assert.DoesNotContain("\"/etc/hostname\", O_RDONLY) = 3", r.Stderr);
        Assert.DoesNotContain("mmap(", r.Stderr);
    }

    [Fact]
    public void DescriptorsCarryTheirPathsWithDashY()
    {
        var r = Run.Vuos(["cat", "/etc/hostname"], ["--trace=read,openat", "-y"]);
        Assert.Matches(@"openat\(AT_FDCWD, ""/etc/hostname"", O_RDONLY\) = 3</etc/hostname>", r.Stderr);
        Assert.Matches(@"read\(3</etc/hostname>, "".*"", \d+\) = \d+", r.Stderr);
    }

    [Fact]
    public void SocketsShowTheirEndpointsAndStackWithDashYy()
    {
        const string Listen = "import socket\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\ns.listen()\nprint(s.getsockname()[1])";
        var r = Run.Vuos([Python, "-c", Listen], ["--default", "lo", "--trace=listen", "-yy"]);
        Assert.Equal(0, r.ExitCode);
        var port = r.Stdout.Trim();
        Assert.Contains($"listen(3<TCP:[127.0.0.1:{port}]@/dev/net/lo>, 128) = 0", r.Stderr);
    }

    [Fact]
    public void DashCPrintsTheSummaryTableInsteadOfTheLines()
    {
        var r = Run.Vuos(["cat", "/nonexistent"], ["-c"]);
        Assert.Equal(1, r.ExitCode);
        Assert.DoesNotContain("execve(", r.Stderr);
        Assert.Contains("% time     seconds  usecs/call     calls    errors syscall\n", r.Stderr);
        Assert.Matches(@"(?m)^ *\d+\.\d\d +\d+\.\d{6} +\d+ +\d+ +\d+ openat$", r.Stderr);
        Assert.Matches(@"(?m)^100\.00 +\d+\.\d{6} +\d+ +\d+ +\d+ total$", r.Stderr);
    }

    [Fact]
    public void TimestampsPrefixEachLine()
    {
        var r = Run.Vuos(["true"], ["--trace=exit_group", "-tt"]);
        Assert.Matches(@"(?m)^\d\d:\d\d:\d\d\.\d{6} exit_group\(0\) = \?$", r.Stderr);
        var relative = Run.Vuos(["true"], ["--trace=exit_group", "-r"]);
        Assert.Matches(@"(?m)^ +\d+\.\d{6} exit_group\(0\) = \?$", relative.Stderr);
    }

    [Fact]
    public void FormattingOptionsAloneStopNothing()
    {
        // Without a selection the log is off: -s, -y, -tt, -T and -o change nothing about what stops.
        var plain = Run.Vuos([Fixtures.Path("getppid_loop"), "20000"], ["--stats"]);
        var formatted = Run.Vuos([Fixtures.Path("getppid_loop"), "20000"], ["--stats", "-s", "8", "-yy", "-tt", "-T", "-o", TempFile("unused.log")]);
        Assert.Equal("20000\n", formatted.Stdout);
        Assert.Equal(Stats.Get(plain, "seccomp-stops"), Stats.Get(formatted, "seccomp-stops"));
        Assert.Equal(Stats.Get(plain, "exit-stops"), Stats.Get(formatted, "exit-stops"));
        Assert.InRange(Stats.Get(formatted, "seccomp-stops"), 0, 100);
    }

    [Fact]
    public void JsonLinesCarryStructuredValues()
    {
        var file = TempFile("trace.json");
        var r = Run.Vuos([Python, "-c", RefusedConnect], ["--trace=network,signal", "--default", "lo", "--log-format", "json", "-o", file]);
        Assert.Equal(0, r.ExitCode);
        var events = File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var connect = events.Single(e => e.TryGetProperty("syscall", out var s) && s.GetString() == "connect"
            && e.GetProperty("args")[1].TryGetProperty("sin_port", out _));
        Assert.Equal(-1, connect.GetProperty("ret").GetInt64());
        Assert.Equal("ECONNREFUSED", connect.GetProperty("errno").GetString());
        Assert.Equal("Connection refused", connect.GetProperty("error").GetString());
        Assert.Equal(3, connect.GetProperty("args")[0].GetInt32());
        Assert.Equal(1, connect.GetProperty("args")[1].GetProperty("sin_port").GetInt32());
        Assert.Equal("127.0.0.1", connect.GetProperty("args")[1].GetProperty("sin_addr").GetString());
        Assert.Equal(16, connect.GetProperty("args")[2].GetInt32());
        Assert.Equal(connect.GetProperty("pid").GetInt32(), connect.GetProperty("tid").GetInt32());
        var socket = events.First(e => e.TryGetProperty("syscall", out var s) && s.GetString() == "socket");
        Assert.Equal(["SOCK_STREAM", "SOCK_CLOEXEC"], socket.GetProperty("args")[1].EnumerateArray().Select(a => a.GetString()!));
        Assert.Equal("/dev/net/lo", socket.GetProperty("stack").GetString());
        Assert.Contains(events, e => e.GetProperty("kind").GetString() == "exit" && e.GetProperty("status").GetInt32() == 0);
    }

    [Fact]
    public void JsonSignalsCarryNumberAndName()
    {
        var file = TempFile("trace.json");
        Run.Vuos(["sh", "-c", "kill -USR1 $$"], ["--trace=signal", "--log-format", "json", "-o", file]);
        var signal = File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement).Single(e => e.GetProperty("kind").GetString() == "signal");
        Assert.Equal("SIGUSR1", signal.GetProperty("signal").GetString());
        Assert.Equal(10, signal.GetProperty("signo").GetInt32());
        Assert.Equal("SI_USER", signal.GetProperty("siginfo").GetProperty("si_code").GetString());
    }

    [Fact]
    public void I386EntryPointIsCoveredByTheFilter()
    {
        // socket() through int 0x80, direct (359) and multiplexed (socketcall 102): both reach the log as socket.
        var r = Run.Vuos([Fixtures.Path("int80")], ["--trace=network"]);
        Assert.Equal("getpid ok\nsocket ok\nsocketcall ok\n", r.Stdout);
        Assert.Matches(@"socket\(AF_INET, SOCK_STREAM, IPPROTO_IP\) = \d+", r.Stderr);
        Assert.Matches(@"socket\(AF_INET6, SOCK_DGRAM, IPPROTO_IP\) = \d+", r.Stderr);
    }
}
