using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// api=PATH on a slirp stack speaks slirp4netns's JSON API, so what drives slirp4netns (socat one-liners,
/// rootlesskit-style port drivers) adds, lists and removes forwards of a running vuos session the same way.
/// </summary>
public class SlirpApiTests
{
    static string Ask(string socket, string request)
    {
        var r = Run.Native(["socat", "-t", "5", "-", $"UNIX-CONNECT:{socket}"], stdin: request);
        Assert.True(r.ExitCode == 0, r.ToString());
        return r.Stdout;
    }

    [Fact]
    public void ForwardsAreAddedListedAndRemovedWhileTheSessionRuns()
    {
        var directory = Directory.CreateTempSubdirectory("vuos-api-").FullName;
        var socket = Path.Combine(directory, "api.sock");
        var port = Random.Shared.Next(30000, 40000);
        File.WriteAllText(Path.Combine(directory, "hello.txt"), "through the forward\n");
        using var session = Run.StartBackground([Repo.VuosBinary, "run", "--stack", $"/dev/net/nat=slirp:api={socket}", "--default", "/dev/net/nat",
            "--", "python3", "-u", "-m", "http.server", "8000", "--directory", directory]);
        try
        {
            Assert.StartsWith("Serving HTTP", session.StandardOutput.ReadLine());
            var url = $"http://127.0.0.1:{port}/hello.txt";
            Assert.NotEqual(0, Run.Native(["curl", "-s", "-m", "5", "-o", "/dev/null", url]).ExitCode);

            Assert.Equal("{\"return\":{\"id\":1}}", Ask(socket,
                $$$"""{"execute": "add_hostfwd", "arguments": {"proto": "tcp", "host_addr": "127.0.0.1", "host_port": {{{port}}}, "guest_port": 8000}}"""));
            Assert.Equal($$$"""{"entries":[{"id":1,"proto":"tcp","host_addr":"127.0.0.1","host_port":{{{port}}},"guest_addr":"10.0.2.15","guest_port":8000}]}""",
                Ask(socket, """{"execute": "list_hostfwd"}"""));
            var through = Run.Native(["curl", "-s", "-m", "10", "-o", "/dev/null", "-w", "%{http_code}", url]);
            Assert.Equal("200", through.Stdout);

            Assert.Equal("{\"return\":{}}", Ask(socket, """{"execute": "remove_hostfwd", "arguments": {"id": 1}}"""));
            Assert.Equal("{\"entries\":[]}", Ask(socket, """{"execute": "list_hostfwd"}"""));
            Assert.NotEqual(0, Run.Native(["curl", "-s", "-m", "5", "-o", "/dev/null", url]).ExitCode);
        }
        finally
        {
            // SIGTERM, as a user ends a session: vuos passes it on and removes the socket when the server has gone.
            Run.Native(["kill", "-TERM", session.Id.ToString()]);
            if (!session.WaitForExit(30_000))
            {
                session.Kill(entireProcessTree: true);
            }
        }
        Assert.False(File.Exists(socket), "the API socket outlived its session");
    }

    [Theory]
    [InlineData("nonsense", "bad request: cannot parse JSON")]
    [InlineData("{\"no\": 1}", "bad request: no execute found")]
    [InlineData("{\"execute\": \"reboot\"}", "bad request: unknown execute")]
    [InlineData("{\"execute\": \"add_hostfwd\", \"arguments\": {\"proto\": \"sctp\", \"host_port\": 1, \"guest_port\": 1}}", "bad request: add_hostfwd: bad arguments.proto")]
    [InlineData("{\"execute\": \"add_hostfwd\", \"arguments\": {\"proto\": \"tcp\", \"guest_port\": 1}}", "bad request: add_hostfwd: bad arguments.host_port")]
    [InlineData("{\"execute\": \"add_hostfwd\", \"arguments\": {\"proto\": \"tcp\", \"host_addr\": \"nowhere\", \"host_port\": 1, \"guest_port\": 1}}", "bad request: add_hostfwd: bad arguments.host_addr")]
    [InlineData("{\"execute\": \"remove_hostfwd\", \"arguments\": {\"id\": 42}}", "bad request: remove_hostfwd: bad arguments.id")]
    public void BadRequestsGetSlirp4netnssErrors(string request, string error)
    {
        var socket = Path.Combine(Directory.CreateTempSubdirectory("vuos-api-").FullName, "api.sock");
        using var session = Run.StartBackground([Repo.VuosBinary, "run", "--stack", $"/dev/net/nat=slirp:api={socket}", "--default", "/dev/net/nat",
            "--", "sh", "-c", "echo up; read line"]);
        try
        {
            Assert.Equal("up", session.StandardOutput.ReadLine());
            Assert.Equal($"{{\"error\":{{\"desc\":\"{error}\"}}}}", Ask(socket, request));
            // The session goes on.
            Assert.Equal("{\"entries\":[]}", Ask(socket, """{"execute": "list_hostfwd"}"""));
        }
        finally
        {
            session.StandardInput.Close();
            session.WaitForExit(30_000);
        }
    }
}
