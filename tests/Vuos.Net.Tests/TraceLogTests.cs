using System.Text.Json;
using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>`--trace` prints strace's notation: decoded flags, sockaddrs, errno names, exits; JSON carries the same fields.</summary>
public class TraceLogTests
{
    const string RefusedConnect = "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 1))\nexcept OSError as e:\n    print(e.errno)";

    [Fact]
    public void NetworkCallsAreDecodedAsStraceDoes()
    {
        var r = Run.Vuos(["python3", "-c", RefusedConnect], ["--trace=network"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("111\n", r.Stdout);
        Assert.Matches(@"\[pid \d+\] socket\(AF_INET, SOCK_STREAM\|SOCK_CLOEXEC, IPPROTO_TCP\) = 3", r.Stderr);
        Assert.Matches(@"\[pid \d+\] connect\(3, \{sa_family=AF_INET, sin_port=htons\(1\), sin_addr=inet_addr\(""127\.0\.0\.1""\)\}, 16\) = -1 ECONNREFUSED \(Connection refused\)", r.Stderr);
        Assert.Matches(@"\[pid \d+\] \+\+\+ exited with 0 \+\+\+", r.Stderr);
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
    public void LongStringsAreCutAtTheStringLimit()
    {
        var r = Run.Vuos(["sh", "-c", "echo 0123456789abcdefghij"], ["--trace=desc", "-s", "8"]);
        Assert.Contains("write(1, \"01234567\"..., 21) = 21", r.Stderr);
    }

    [Fact]
    public void SignalsAndKillsAreLogged()
    {
        var r = Run.Vuos(["sh", "-c", "kill -TERM $$"], ["--trace=signal"]);
        Assert.Equal(143, r.ExitCode);
        Assert.Matches(@"--- SIGTERM \{si_signo=SIGTERM", r.Stderr);
        Assert.Contains("+++ killed by SIGTERM +++", r.Stderr);
    }

    [Fact]
    public void DurationsAreShownWithDashT()
    {
        var r = Run.Vuos(["sleep", "0.2"], ["--trace=clock_nanosleep", "-T"]);
        Assert.Matches(@"clock_nanosleep\(.*\) = 0 <0\.2\d{5}>", r.Stderr);
    }

    [Fact]
    public void LogGoesToAFileWithDashO()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("vuos-log-").FullName, "trace.log");
        var r = Run.Vuos(["python3", "-c", RefusedConnect], ["--trace=network", "-o", file]);
        Assert.Equal("111\n", r.Stdout);
        Assert.DoesNotContain("connect(", r.Stderr);
        Assert.Contains("ECONNREFUSED (Connection refused)", File.ReadAllText(file));
    }

    [Fact]
    public void JsonLinesCarryTheSameFields()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("vuos-log-").FullName, "trace.json");
        var r = Run.Vuos(["python3", "-c", RefusedConnect], ["--trace=network", "--log-format", "json", "-o", file]);
        Assert.Equal(0, r.ExitCode);
        var events = File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        // Without HOME, python's start-up asks NSS for the user and glibc tries nscd: a connect of its own.
        var connect = events.Single(e => e.TryGetProperty("syscall", out var s) && s.GetString() == "connect"
            && e.GetProperty("args")[1].GetString()!.StartsWith("{sa_family=AF_INET", StringComparison.Ordinal));
        Assert.Equal(-1, connect.GetProperty("ret").GetInt64());
        Assert.Equal("ECONNREFUSED", connect.GetProperty("errno").GetString());
        Assert.Equal("3", connect.GetProperty("args")[0].GetString());
        Assert.Contains("sin_port=htons(1)", connect.GetProperty("args")[1].GetString());
        Assert.True(connect.GetProperty("pid").GetInt32() > 0);
        Assert.Contains(events, e => e.GetProperty("kind").GetString() == "exit" && e.GetProperty("status").GetInt32() == 0);
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
