using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// A slirp forward holds a burst of connections: libslirp listens with a backlog of 1, so 100 clients at once
/// (wrk -c100) lost SYNs and waited a second for each retry. The forward's host listener must queue as many
/// connections as the system allows, and a burst must be served in full.
/// </summary>
public class HostForwardLoadTests
{
    [Fact]
    public void AForwardsHostListenerQueuesABurstAndServesItAll()
    {
        var port = Random.Shared.Next(20000, 30000);
        var server = """
            import socket
            s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('0.0.0.0', 8000)); s.listen(128)
            print('listening', flush=True)
            for i in range(100):
                c, _ = s.accept(); c.sendall(b'ok'); c.close()
            """;
        using var session = Run.StartBackground([Repo.VuosBinary, "run", "--stack", $"/dev/net/nat=slirp:hostfwd=tcp:127.0.0.1:{port}:8000",
            "--default", "/dev/net/nat", "--", "python3", "-c", server]);
        try
        {
            Assert.Equal("listening", session.StandardOutput.ReadLine());
            // ss shows a listener's backlog in Send-Q.
            var ss = Run.Native(["ss", "-Hltn", $"sport = :{port}"]);
            var columns = ss.Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(columns.Length >= 3, "no listener on the forwarded port: " + ss.Stdout);
            Assert.True(int.Parse(columns[2]) >= 128, $"the forward's listener queues {columns[2]} connections");

            var burst = $$"""
                import socket
                clients = [socket.create_connection(('127.0.0.1', {{port}}), timeout=30) for i in range(100)]
                print(sum(1 for c in clients if c.recv(2) == b'ok'))
                """;
            var r = Run.Native(["python3", "-c", burst]);
            Assert.Equal("100\n", r.Stdout);
            Assert.True(session.WaitForExit(30_000), "the server did not serve all 100 connections");
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
