using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// pcap=FILE writes a stack's packets (every interface, as tcpdump -i any) to a file tcpdump reads back: the
/// stack's own traffic and nothing of the host's.
/// </summary>
public class PacketCaptureTests
{
    static string Read(string file)
    {
        var r = Run.Native(["tcpdump", "-nAr", file]); // -A: payloads as text too
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("LINUX_SLL", r.Stderr);
        return r.Stdout;
    }

    [Fact]
    public void ALoopbackStacksCaptureShowsItsHttpExchangeAndNothingElse()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("vuos-pcap-").FullName, "lo.pcap");
        // Host traffic during the session must not appear: a host-side connection on another port.
        using var host = new HttpFixtureServer("host\n");
        var r = Run.Vuos(["sh", "-c", """
            python3 -m http.server 8123 --bind 127.0.0.1 >/dev/null 2>&1 & server=$!
            until curl -s -o /dev/null http://127.0.0.1:8123/; do :; done; kill $server
            """], ["--stack", $"/dev/net/l=loopback:pcap={file}", "--default", "/dev/net/l"]);
        Assert.Equal(0, r.ExitCode);
        Run.Native(["curl", "-s", $"http://127.0.0.1:{host.Port}/"]);
        var packets = Read(file);
        Assert.Contains("> 127.0.0.1.8123: Flags [S]", packets);
        Assert.Contains("GET / HTTP/1.1", packets);
        Assert.DoesNotContain($".{host.Port}:", packets);
    }

    [Fact]
    public void ASlirpStacksCaptureShowsPingAsItCrossesTheLink()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("vuos-pcap-").FullName, "nat.pcap");
        var r = Run.Vuos(["ping", "-c", "3", "-i", "0.2", "10.0.2.2"], ["--stack", $"/dev/net/s=slirp:pcap={file}", "--default", "/dev/net/s"]);
        Assert.Equal(0, r.ExitCode);
        var packets = Read(file);
        Assert.Equal(3, packets.Split('\n').Count(l => l.Contains("10.0.2.15 > 10.0.2.2: ICMP echo request")));
        Assert.Equal(3, packets.Split('\n').Count(l => l.Contains("10.0.2.2 > 10.0.2.15: ICMP echo reply")));
    }

    [Theory]
    [InlineData("/nonexistent/x.pcap", "no directory")]
    [InlineData("/tmp", "is a directory")]
    public void ACaptureFileThatCannotBeWrittenStopsTheSessionBeforeItStarts(string file, string reason)
    {
        var r = Run.Vuos(["echo", "ran"], ["--stack", $"/dev/net/s=slirp:pcap={file}", "--default", "/dev/net/s"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(reason, r.Stderr);
        Assert.DoesNotContain("ran", r.Stdout);
    }
}
