using System.Security.Cryptography;
using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>Unmodified programs run under `vuos run` exactly as they do natively.</summary>
public class SupervisorRunsProgramsTests
{
    [Theory]
    [InlineData("exit 0", 0)]
    [InlineData("exit 42", 42)]
    [InlineData("kill -SEGV $$", 128 + 11)]
    [InlineData("kill -KILL $$", 128 + 9)]
    [InlineData("sh -c 'bash -c \"exit 5\"'", 5)]
    public void ExitStatusIsTheCommandsOwnAsAShellReportsIt(string script, int expected)
    {
        var native = Run.Native(["bash", "-c", script]);
        var traced = Run.Vuos(["bash", "-c", script]);
        Assert.Equal(expected, native.ExitCode);
        Assert.Equal(native.ExitCode, traced.ExitCode);
    }

    [Fact]
    public void MissingCommandFailsWith127AndSaysWhy()
    {
        var r = Run.Vuos(["no-such-command-anywhere"]);
        Assert.Equal(127, r.ExitCode);
        Assert.Contains("no-such-command-anywhere: No such file or directory", r.Stderr);
    }

    [Fact]
    public void PipelineOutputIsByteIdenticalToTheNativeRun()
    {
        const string script = "seq 1 200000 | sort -r | sha256sum; head -c 3000000 /dev/zero | tr '\\0' 'x' | wc -c;" +
            " printf '\\x00\\x01\\xff binary\\n'; ls -la /usr/bin | awk '{print $9}' | sort | head -50";
        var native = Run.Native(["bash", "-c", script]);
        var traced = Run.Vuos(["bash", "-c", script]);
        Assert.Equal(0, traced.ExitCode);
        Assert.Equal(SHA256.HashData(native.StdoutBytes), SHA256.HashData(traced.StdoutBytes));
    }

    [Fact]
    public void StdinPassesThrough()
    {
        var input = string.Join("\n", Enumerable.Range(0, 5000).Select(i => $"line {i}")) + "\n";
        var traced = Run.Vuos(["sh", "-c", "tac | head -3"], stdin: input);
        Assert.Equal("line 4999\nline 4998\nline 4997\n", traced.Stdout);
    }

    [Fact]
    public void MultithreadedProgramGivesTheSameResult()
    {
        var exe = Fixtures.Path("threads");
        var native = Run.Native([exe]);
        var traced = Run.Vuos([exe]);
        Assert.Equal(0, traced.ExitCode);
        Assert.Equal(native.Stdout, traced.Stdout);
        Assert.Contains("total ", traced.Stdout);
    }

    [Fact]
    public void ExecFromANonLeaderThreadWorks()
    {
        var r = Run.Vuos([Fixtures.Path("exec_from_thread")]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("leader pid ok\nexec from a thread worked\n", r.Stdout);
    }

    [Fact]
    public void ForkTreeOf200ProcessesCompletes()
    {
        var r = Run.Vuos([Fixtures.Path("fork_tree"), "200"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("processes 200\n", r.Stdout);
    }

    [Fact]
    public void PythonMultiprocessingPoolWorks()
    {
        const string program = """
            import multiprocessing as mp, threading
            def square(x): return x * x
            if __name__ == "__main__":
                with mp.Pool(4) as pool:
                    print(sum(pool.map(square, range(2000))))
                t = [threading.Thread(target=square, args=(i,)) for i in range(8)]
                [x.start() for x in t]; [x.join() for x in t]
                print("threads joined")
            """;
        var native = Run.Native(["python3", "-c", program]);
        var traced = Run.Vuos(["python3", "-c", program]);
        Assert.Equal(0, traced.ExitCode);
        Assert.Equal(native.Stdout, traced.Stdout);
    }

    [Fact]
    public void StaticallyLinkedProgramRuns()
    {
        var r = Run.Vuos([Fixtures.Path("hello", "-static")]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("hello from a static binary\n", r.Stdout);
    }

    [Fact]
    public void GccCompilesAndTheResultRuns()
    {
        var dir = Directory.CreateTempSubdirectory("vuos-gcc-").FullName;
        var source = Path.Combine(Repo.Root, "tests", "fixtures", "hello.c");
        var r = Run.Vuos(["bash", "-c", $"gcc -O2 -o {dir}/hello {source} && {dir}/hello"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("hello from a static binary\n", r.Stdout);
    }

    [Fact]
    public void ProcessesThatOutliveTheirParentAreFollowedToTheEnd()
    {
        // bash exits at once; its background child writes later: the session lasts until the child is done.
        var r = Run.Vuos(["bash", "-c", "(sleep 0.3; echo orphan finished) & echo parent done"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("parent done\norphan finished\n", r.Stdout);
    }

    [Fact]
    public void VforkAndPosixSpawnWork()
    {
        const string program = "import subprocess, os; print(subprocess.run(['echo', 'spawned'], capture_output=True, text=True).stdout.strip());" +
            " pid = os.posix_spawn('/bin/sh', ['sh', '-c', 'exit 3'], os.environ); print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))";
        var r = Run.Vuos(["python3", "-c", program]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("spawned\n3\n", r.Stdout);
    }

    [Fact]
    public void CurlFetchesFromALocalServer()
    {
        using var server = new HttpFixtureServer("curl under vuos\n");
        var native = Run.Native(["curl", "-s", server.Url]);
        var traced = Run.Vuos(["curl", "-s", server.Url]);
        Assert.Equal(0, traced.ExitCode);
        Assert.Equal("curl under vuos\n", traced.Stdout);
        Assert.Equal(native.Stdout, traced.Stdout);
    }
}
