using System.Diagnostics;
using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// `vuos sessions PID --capture STACK=FILE` starts writing a running stack's traffic to a pcap file and
/// `--stop-capture STACK` ends it: the file holds what the stack carried in between, and nothing else.
/// </summary>
public class LiveCaptureTests
{
    /// <summary>A session in a loopback stack that sends each line of its input as a UDP datagram in the stack and says so.</summary>
    static Process StartSender()
    {
        const string sender = """
            import socket, sys
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            for line in sys.stdin:
                s.sendto(line.strip().encode(), ("127.0.0.1", 9))
                print("sent", line.strip(), flush=True)
            """;
        var session = Run.StartBackground([Repo.VuosBinary, "run", "--stack", "/dev/net/lo=loopback", "--stack", "/dev/net/host=host",
            "--default", "/dev/net/lo", "--", "python3", "-c", sender]);
        var socket = $"/run/vuos/sessions/{session.Id}.sock";
        ProcessProbe.WaitUntil(() => File.Exists(socket), $"{socket} to appear");
        return session;
    }

    static void Send(Process session, string word)
    {
        session.StandardInput.WriteLine(word);
        session.StandardInput.Flush();
        Assert.Equal($"sent {word}", session.StandardOutput.ReadLine());
    }

    static RunResult Sessions(Process session, params string[] args) => Run.VuosRaw(["sessions", session.Id.ToString(), .. args]);

    [Fact]
    public void ACaptureStartedAndStoppedOnARunningSessionHoldsWhatWentInBetween()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("vuos-live-pcap-").FullName, "lo.pcap");
        using var session = StartSender();
        try
        {
            Send(session, "before-capture");
            var start = Sessions(session, "--capture", $"lo={file}");
            Assert.True(start.ExitCode == 0, start.ToString());
            Assert.Contains($"    capturing to {file}\n", Sessions(session).Stdout);
            Send(session, "during-capture");
            var stop = Sessions(session, "--stop-capture", "lo");
            Assert.True(stop.ExitCode == 0, stop.ToString());
            Assert.DoesNotContain("capturing to", Sessions(session).Stdout);
            Send(session, "after-capture");

            var read = Run.Native(["tcpdump", "-nAr", file]);
            Assert.Equal(0, read.ExitCode);
            Assert.Contains("127.0.0.1.9: UDP, length 14", read.Stdout);
            Assert.Contains("during-capture", read.Stdout);
            Assert.DoesNotContain("before-capture", read.Stdout);
            Assert.DoesNotContain("after-capture", read.Stdout);

            // Started again, to another file: a capture can be taken any number of times.
            var again = file + ".2";
            Assert.Equal(0, Sessions(session, "--capture", $"lo={again}").ExitCode);
            Send(session, "second-capture");
            Assert.Equal(0, Sessions(session, "--stop-capture", "lo").ExitCode);
            Assert.Contains("second-capture", Run.Native(["tcpdump", "-nAr", again]).Stdout);
        }
        finally
        {
            session.StandardInput.Close();
            Assert.True(session.WaitForExit(30_000), "the session did not end");
        }
    }

    [Fact]
    public void CaptureRequestsThatCannotBeDoneSayWhyAndTheSessionGoesOn()
    {
        var dir = Directory.CreateTempSubdirectory("vuos-live-pcap-").FullName;
        using var session = StartSender();
        try
        {
            var notCapturing = Sessions(session, "--stop-capture", "lo");
            Assert.Equal(1, notCapturing.ExitCode);
            Assert.Contains("/dev/net/lo is not capturing", notCapturing.Stderr);

            var noDirectory = Sessions(session, "--capture", $"lo={dir}/missing/lo.pcap");
            Assert.Equal(1, noDirectory.ExitCode);
            Assert.Contains($"cannot capture to {dir}/missing/lo.pcap", noDirectory.Stderr);

            var host = Sessions(session, "--capture", $"host={dir}/host.pcap");
            Assert.Equal(1, host.ExitCode);
            Assert.Contains("host's stack", host.Stderr);

            var unknown = Sessions(session, "--capture", $"nosuch={dir}/x.pcap");
            Assert.Equal(1, unknown.ExitCode);
            Assert.Contains("no stack nosuch", unknown.Stderr);

            var garbage = Sessions(session, "--capture", "lo");
            Assert.Equal(2, garbage.ExitCode);
            Assert.Contains("STACK=VALUE", garbage.Stderr);

            Assert.Equal(0, Sessions(session, "--capture", $"lo={dir}/lo.pcap").ExitCode);
            var twice = Sessions(session, "--capture", $"lo={dir}/other.pcap");
            Assert.Equal(1, twice.ExitCode);
            Assert.Contains($"already capturing to {dir}/lo.pcap", twice.Stderr);
            Send(session, "still-running");
        }
        finally
        {
            session.StandardInput.Close();
            Assert.True(session.WaitForExit(30_000), "the session did not end");
        }
        // A capture still running when the session ends is completed, not cut.
        Assert.Contains("still-running", Run.Native(["tcpdump", "-nAr", $"{dir}/lo.pcap"]).Stdout);
    }
}
