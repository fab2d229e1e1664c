using System.Diagnostics;
using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// A session on a stack with a link (slirp's NAT, a host TAP, a VDE switch, a VXVDE multicast network) ends when
/// its command ends, and while the command waits the supervisor sleeps: a relay that polls a descriptor in the
/// wrong mode once kept a vxvde session alive forever at 100% of a CPU.
/// </summary>
public class LinkSessionEndTests
{
    const long ReadNr = 0;

    [Theory]
    [InlineData("slirp")]
    [InlineData("tap")]
    [InlineData("vde")]
    [InlineData("vxvde")]
    public void ASessionOnALinkEndsWithItsCommandAndSleepsWhileItWaits(string link)
    {
        var net = Random.Shared.Next(100, 200);
        using var tap = link == "tap" ? new HostTap($"10.{net}.0.1/24") : null;
        using var sw = link == "vde" ? new VdeSwitch() : null;
        var spec = link switch
        {
            "slirp" => "slirp",
            "tap" => $"tap:{tap!.Name},ip=10.{net}.0.2/24",
            "vde" => $"vde://{sw!.Path},ip=10.{net}.0.2/24",
            _ => $"vxvde://239.{net}.{Random.Shared.Next(1, 250)}.{Random.Shared.Next(1, 250)},ip=10.{net}.0.2/24",
        };
        using var session = Run.StartBackground([Repo.VuosBinary, "run", "--stack", $"/dev/net/l={spec}", "--default", "/dev/net/l", "--",
            "sh", "-c", "read line; echo got-$line"]);
        try
        {
            ProcessProbe.WaitUntilDescendantBlockedIn(session.Id, "sh", ReadNr);

            // A measuring window, not a wait for an event: the supervisor has nothing to do during it.
            var cpuBefore = ProcessProbe.CpuTime(session.Id);
            var clock = Stopwatch.StartNew();
            Thread.Sleep(3000);
            var used = ProcessProbe.CpuTime(session.Id) - cpuBefore;
            var bound = clock.Elapsed * 0.01 + TimeSpan.FromMilliseconds(10); // 1%, plus one clock tick of /proc's accounting
            Assert.True(used <= bound, $"the {link} session's supervisor used {used.TotalMilliseconds} ms of CPU in {clock.Elapsed.TotalMilliseconds:F0} ms while its command waited");

            session.StandardInput.WriteLine("x");
            session.StandardInput.Close();
            Assert.True(session.WaitForExit(30_000), $"the {link} session did not end after its command did");
            Assert.Equal("got-x\n", session.StandardOutput.ReadToEnd());
            Assert.Equal(0, session.ExitCode);
        }
        finally
        {
            if (!session.HasExited)
            {
                session.Kill(entireProcessTree: true);
            }
        }
    }
}
