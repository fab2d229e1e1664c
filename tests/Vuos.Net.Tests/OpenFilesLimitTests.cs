using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// The supervisor holds a descriptor for every netfs socket of the session, so the open-files limit vuos was
/// started with must not cap what the session's programs can open; and the programs start with that limit,
/// as natively.
/// </summary>
public class OpenFilesLimitTests
{
    const string Limits = "--nofile=256:4096";

    [Fact]
    public void AProgramStartsWithTheOpenFilesLimitsItWasGiven()
    {
        var native = Run.Native(["prlimit", Limits, "sh", "-c", "ulimit -Sn; ulimit -Hn"]);
        Assert.Equal("256\n4096\n", native.Stdout);
        var r = Run.Native(["prlimit", Limits, Repo.VuosBinary, "run", "--default", "lo", "--", "sh", "-c", "ulimit -Sn; ulimit -Hn"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(native.Stdout, r.Stdout);
    }

    [Fact]
    public void AProgramThatRaisedItsLimitOpensMoreNetfsSocketsThanTheLimitVuosWasStartedWith()
    {
        const string Program = """
            import resource
            soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            files = []
            try:
                for i in range(600):
                    files.append(open("/net/local/stream", "rb", buffering=0))
                print("opened", len(files))
            except OSError as e:
                print("failed after", len(files), e.strerror)
            """;
        var r = Run.Native(["prlimit", Limits, Repo.VuosBinary, "run", "--default", "lo", "--", "python3", "-c", Program]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("opened 600\n", r.Stdout);
    }
}
