using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// A bad network on purpose: delay=, loss=, rate= on a stack with a link slow, lose and throttle its frames in
/// each direction (the supervisor's relay does it; this kernel has no netem), and connections still work.
/// </summary>
public class ImpairmentTests
{
    static RunResult InSlirp(string options, string program) =>
        Run.Vuos(["python3", "-c", program], ["--stack", $"/dev/net/s=slirp:{options}", "--default", "/dev/net/s"], timeout: TimeSpan.FromSeconds(120));

    [Fact]
    public void AConnectionThroughA60MsDelayTakesTwoDelaysToOpen()
    {
        using var server = new HttpFixtureServer("delayed\n");
        var program = $$"""
            import socket, time
            start = time.monotonic(); s = socket.create_connection(('10.0.2.2', {{server.Port}})); took = time.monotonic() - start
            s.sendall(b'GET / HTTP/1.0\r\n\r\n'); reply = b''
            while chunk := s.recv(4096): reply += chunk
            print(took >= 0.120, reply.endswith(b'delayed\n'), round(took * 1000))
            """;
        var r = InSlirp("delay=60ms", program);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.StartsWith("True True ", r.Stdout);
    }

    [Fact]
    public void ATransferThroughThirtyPercentLossCompletesIntact()
    {
        var body = string.Concat(Enumerable.Range(0, 3_000).Select(i => $"{i:D9}\n")); // 30 kB, every line different: about 20 segments, each way 30% lost
        using var server = new HttpFixtureServer(body);
        var program = $$"""
            import socket, hashlib
            # ARP crosses the lossy link too: a connect may find no route after the kernel's three tries, and a
            # program on a bad network tries again.
            for attempt in range(20):
                try: s = socket.create_connection(('10.0.2.2', {{server.Port}}), timeout=100); break
                except OSError: pass
            s.sendall(b'GET / HTTP/1.0\r\n\r\n'); reply = b''
            while chunk := s.recv(65536): reply += chunk
            print(hashlib.sha256(reply.split(b'\r\n\r\n', 1)[1]).hexdigest())
            """;
        var r = InSlirp("loss=30%", program);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(body))) + "\n", r.Stdout);
    }

    [Fact]
    public void PingLosesAboutTheShareAsked()
    {
        // 30% in each direction loses 1 - 0.7² = 51% of round trips; 300 pings put that within ±0.17 with room to spare.
        var r = Run.Vuos(["ping", "-c", "300", "-i", "0.005", "-W", "1", "-q", "10.0.2.2"],
            ["--stack", "/dev/net/s=slirp:loss=30%", "--default", "/dev/net/s"], timeout: TimeSpan.FromSeconds(120));
        var line = r.Stdout.Split('\n').Single(l => l.Contains("packets transmitted"));
        var received = int.Parse(line.Split(',')[1].Trim().Split(' ')[0]);
        Assert.InRange(received / 300.0, 0.49 - 0.17, 0.49 + 0.17);

        var clean = Run.Vuos(["ping", "-c", "50", "-i", "0.005", "-W", "1", "-q", "10.0.2.2"], ["--stack", "/dev/net/s=slirp", "--default", "/dev/net/s"]);
        Assert.Contains(" 0% packet loss", clean.Stdout);
    }

    [Fact]
    public void ARateLimitThrottlesATransfer()
    {
        // 200 kB at 2 Mbit/s takes at least 0.8 s however fast the machine is.
        var body = new string('r', 200_000);
        using var server = new HttpFixtureServer(body);
        var program = $$"""
            import socket, time
            start = time.monotonic(); s = socket.create_connection(('10.0.2.2', {{server.Port}}))
            s.sendall(b'GET / HTTP/1.0\r\n\r\n'); n = 0
            while chunk := s.recv(65536): n += len(chunk)
            print(n > 200_000, time.monotonic() - start >= 0.8)
            """;
        var r = InSlirp("rate=2mbit", program);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("True True\n", r.Stdout);
    }

    [Theory]
    [InlineData("slirp:delay=soon", "delay=soon")]
    [InlineData("slirp:loss=150%", "loss=150%")]
    [InlineData("slirp:delay=10ms,jitter=20ms", "jitter")]
    [InlineData("slirp:rate=fast", "rate=fast")]
    public void ABadImpairmentIsRefusedBeforeAnythingRuns(string spec, string named)
    {
        var r = Run.Vuos(["echo", "ran"], ["--stack", $"/dev/net/s={spec}", "--default", "/dev/net/s"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(named, r.Stderr);
        Assert.DoesNotContain("ran", r.Stdout);
    }
}
