using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>Under load every byte arrives and every process ends as it should.</summary>
public class LoadTests
{
    [Fact]
    public void SixtyFourProcessesOfEightThreadsInTwoStacksLoseNoByte()
    {
        // 30 s of connect/send/receive/close in two stacks, with fork storms, every block checked byte for byte.
        var r = Run.Vuos([Fixtures.Path("load"), "64", "8", "30", "/dev/net/a", "/dev/net/b"],
            ["--stack", "/dev/net/a=loopback", "--stack", "/dev/net/b=loopback"], timeout: TimeSpan.FromSeconds(120));
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"^ops [1-9]\d* errors 0 mismatches 0\n$", r.Stdout);
    }

    [Fact]
    public void AServerHoldsTenThousandConnectionsInTheLoopbackStack()
    {
        var r = Run.Vuos([Fixtures.Path("conn10k"), "10000"], ["--default", "lo"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["clients: 10000 of 10000 echoes came back", "server: 10000 simultaneous connections, 10000 echoed"],
            r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }
}
