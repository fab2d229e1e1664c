using Vuos.Net.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Vuos.Net.Tests;

/// <summary>
/// The log is strace's: each program of the corpus runs under `strace -f -o` and under `vuos run --trace -o`,
/// and at least 95% of strace's lines must come out identical from vuos (after masking what differs between
/// any two runs: pids, addresses, ephemeral ports, clocks, random bytes, padding). A failure prints what differs.
/// </summary>
public class StraceComparisonTests(ITestOutputHelper output)
{
    const double Required = 95.0;
    const string Body = "a fixed body the server sends every client\n";

    [Fact]
    public void CurlAgainstALocalServer()
    {
        using var server = new HttpFixtureServer(Body);
        AssertMatches(["curl", "-s", server.Url]);
    }

    [Fact]
    public void PythonHttpClient()
    {
        using var server = new HttpFixtureServer(Body);
        var client = $"import http.client\nc = http.client.HTTPConnection('127.0.0.1', {server.Port}, timeout=5)\n" +
            "c.request('GET', '/')\nr = c.getresponse()\nprint(r.status, r.read().decode(), end='')";
        AssertMatches([Python, "-c", client]);
    }

    [Fact]
    public void StructuresSignalsAndAThread()
    {
        // msghdr with SCM_RIGHTS and SCM_CREDENTIALS, sockopts at four levels, poll/select/epoll, fcntl, ioctl,
        // stat/statx, open modes, SIGUSR1 and SIGCHLD with their siginfo, a thread's blocked poll.
        var scratch = Directory.CreateTempSubdirectory("vuos-corpus-").FullName;
        AssertMatches([Fixtures.Path("strace_corpus"), scratch]);
    }

    [Fact]
    public void I386CallsWithTheirOwnArgumentForms()
    {
        // int 0x80 from a 64-bit process: old_mmap and old select take one pointer, _newselect and mmap2 are i386's.
        AssertMatches([Fixtures.Path("i386_calls")]);
    }

    /// <summary>Debian's python3 itself (a pyenv shim in PATH would run a shell script first).</summary>
    static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    void AssertMatches(IReadOnlyList<string> command)
    {
        var dir = Directory.CreateTempSubdirectory("vuos-strace-").FullName;
        var straceLog = Path.Combine(dir, "strace.log");
        var vuosLog = Path.Combine(dir, "vuos.log");
        var native = Run.Native(["strace", "-f", "-o", straceLog, .. command]);
        Assert.True(native.ExitCode == 0, $"strace -f {string.Join(' ', command)}: {native}");
        var traced = Run.Vuos(command, ["--trace", "-o", vuosLog]);
        Assert.True(traced.ExitCode == 0, $"vuos run --trace {string.Join(' ', command)}: {traced}");
        Assert.Equal(native.Stdout, traced.Stdout);

        var result = StraceLogComparison.Compare(File.ReadAllText(straceLog), File.ReadAllText(vuosLog));
        output.WriteLine($"{Path.GetFileName(command[0])}: {result}");
        Assert.True(result.Percent >= Required, $"{Path.GetFileName(command[0])}: {result}");
    }
}
