using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>
/// `vuos sessions` lists the running sessions of its user (their commands and stacks) from each session's
/// control socket; the session's own processes cannot use that socket, and a killed session's socket is swept.
/// </summary>
public class SessionsCommandTests
{
    static readonly string[] AsUser = ["setpriv", "--reuid=1234", "--regid=1234", "--clear-groups", "--"];

    static string SocketDirectory(bool user) => user ? "/tmp/vuos-1234" : "/run/vuos/sessions";

    static Process StartSession(string marker, bool user = false, params string[] options)
    {
        string[] prefix = user ? AsUser : [];
        var session = Run.StartBackground([.. prefix, Repo.VuosBinary, "run", .. options, "--", "sh", "-c", $"read line; echo {marker}"],
            user ? new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = "" } : null);
        var socket = Path.Combine(SocketDirectory(user), $"{session.Id}.sock");
        ProcessProbe.WaitUntil(() => File.Exists(socket), $"{socket} to appear");
        return session;
    }

    static void End(Process session)
    {
        session.StandardInput.WriteLine("x");
        session.StandardInput.Close();
        Assert.True(session.WaitForExit(30_000), "the session did not end");
    }

    [Fact]
    public void ARunningSessionIsListedWithItsCommandAndStacksAndGoneWhenItEnds()
    {
        using var session = StartSession("sessions-list", false, "--stack", "/dev/net/nat=slirp:hostfwd=tcp:18093:80", "--default", "/dev/net/nat");
        try
        {
            var table = Run.VuosRaw(["sessions"]);
            Assert.Equal(0, table.ExitCode);
            var row = table.Stdout.Split('\n').SingleOrDefault(l => l.StartsWith($"{session.Id} ", StringComparison.Ordinal));
            Assert.True(row is not null, "no row for the session in:\n" + table.Stdout);
            Assert.Contains("sh -c read line; echo sessions-list", row);
            Assert.Contains("/dev/net/nat (slirp, default)", row);

            var json = Run.VuosRaw(["sessions", "--json", session.Id.ToString()]);
            Assert.Equal(0, json.ExitCode);
            using var description = JsonDocument.Parse(json.Stdout);
            Assert.Equal(session.Id, description.RootElement.GetProperty("pid").GetInt32());
            var stack = description.RootElement.GetProperty("stacks").EnumerateArray().Single();
            Assert.Equal("slirp:hostfwd=tcp:18093:80", stack.GetProperty("spec").GetString());
            Assert.Equal("up", stack.GetProperty("state").GetString());
            Assert.Equal("1 tcp:0.0.0.0:18093-10.0.2.15:80", stack.GetProperty("forwards")[0].GetString());

            var full = Run.VuosRaw(["sessions", session.Id.ToString()]);
            Assert.Contains("    forward 1 tcp:0.0.0.0:18093-10.0.2.15:80\n", full.Stdout);
        }
        finally
        {
            End(session);
        }
        Assert.False(File.Exists(Path.Combine(SocketDirectory(false), $"{session.Id}.sock")), "the control socket outlived its session");
        var after = Run.VuosRaw(["sessions", session.Id.ToString()]);
        Assert.Equal(1, after.ExitCode);
        Assert.Contains($"no session {session.Id}", after.Stderr);
    }

    [Fact]
    public void TheSessionsOwnProcessesCannotUseItsControlSocket()
    {
        // Natively (from outside), the socket answers.
        using var session = StartSession("sessions-inside");
        try
        {
            var socket = Path.Combine(SocketDirectory(false), $"{session.Id}.sock");
            Assert.Contains("\"return\"", Ask(socket, "{\"execute\": \"describe\"}\n"));

            // From a process of a session, it refuses, with its reason.
            var inside = Run.Vuos(["socat", "-", $"UNIX-CONNECT:{socket}"], ["--default", "lo"], stdin: "{\"execute\": \"describe\"}\n");
            Assert.DoesNotContain("\"return\"", inside.Stdout);
            Assert.Contains("cannot control", inside.Stdout);
        }
        finally
        {
            End(session);
        }
    }

    [Fact]
    public void GarbageOnTheControlSocketGetsAnErrorAndTheSessionGoesOn()
    {
        using var session = StartSession("sessions-garbage");
        try
        {
            var socket = Path.Combine(SocketDirectory(false), $"{session.Id}.sock");
            Assert.Contains("not JSON", Ask(socket, "{{{ nonsense\n"));
            Assert.Contains("unknown command", Ask(socket, "{\"execute\": \"reboot\"}\n"));
            Assert.Contains("no \\\"execute\\\"", Ask(socket, "[1, 2]\n"));
            Assert.Contains("at most", Ask(socket, new string('x', 70_000)));
            Assert.Contains("\"return\"", Ask(socket, "{\"execute\": \"describe\"}\n"));
        }
        finally
        {
            End(session);
        }
        Assert.Equal("sessions-garbage\n", session.StandardOutput.ReadToEnd());
        Assert.Equal(0, session.ExitCode);
    }

    [Fact]
    public void AUserSeesTheirOwnSessionsAndNotRoots()
    {
        using var rootSession = StartSession("sessions-root");
        using var userSession = StartSession("sessions-user", user: true, "--no-netfs");
        try
        {
            var r = Run.Native([.. AsUser, Repo.VuosBinary, "sessions"], env: new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = "" });
            Assert.Equal(0, r.ExitCode);
            Assert.Contains(r.Stdout.Split('\n'), l => l.StartsWith($"{userSession.Id} ", StringComparison.Ordinal));
            Assert.DoesNotContain(r.Stdout.Split('\n'), l => l.StartsWith($"{rootSession.Id} ", StringComparison.Ordinal));
        }
        finally
        {
            End(userSession);
            End(rootSession);
        }
    }

    [Fact]
    public void AKilledSessionsSocketIsSweptByTheNextListing()
    {
        using var session = StartSession("sessions-killed");
        var socket = Path.Combine(SocketDirectory(false), $"{session.Id}.sock");
        session.Kill(entireProcessTree: true);
        session.WaitForExit();
        Assert.True(File.Exists(socket), "SIGKILL cannot remove the socket: the listing must");
        var r = Run.VuosRaw(["sessions"]);
        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain(r.Stdout.Split('\n'), l => l.StartsWith($"{session.Id} ", StringComparison.Ordinal));
        Assert.False(File.Exists(socket), "the stale socket is still there");
    }

    [Fact]
    public void AForwardIsAddedToAndRemovedFromARunningSession()
    {
        var directory = Directory.CreateTempSubdirectory("vuos-fwd-").FullName;
        File.WriteAllText(Path.Combine(directory, "hello.txt"), "forwarded\n");
        var port = Random.Shared.Next(40000, 50000);
        using var session = Run.StartBackground([Repo.VuosBinary, "run", "--stack", "/dev/net/nat=slirp", "--default", "/dev/net/nat", "--",
            "python3", "-u", "-m", "http.server", "8000", "--directory", directory]);
        try
        {
            Assert.StartsWith("Serving HTTP", session.StandardOutput.ReadLine());
            ProcessProbe.WaitUntil(() => File.Exists(Path.Combine(SocketDirectory(false), $"{session.Id}.sock")), "the control socket");
            var url = $"http://127.0.0.1:{port}/hello.txt";
            Assert.NotEqual(0, Run.Native(["curl", "-s", "-m", "5", url]).ExitCode);

            var added = Run.VuosRaw(["sessions", session.Id.ToString(), "--add-forward", $"nat=tcp:127.0.0.1:{port}:8000"]);
            Assert.True(added.ExitCode == 0, added.ToString());
            Assert.Equal("1\n", added.Stdout);
            Assert.Equal("forwarded\n", Run.Native(["curl", "-s", "-m", "10", url]).Stdout);
            Assert.Contains($"    forward 1 tcp:127.0.0.1:{port}-10.0.2.15:8000", Run.VuosRaw(["sessions", session.Id.ToString()]).Stdout);

            var bad = Run.VuosRaw(["sessions", session.Id.ToString(), "--add-forward", "lo=tcp:1:2"]);
            Assert.Equal(1, bad.ExitCode);
            Assert.Contains("no stack lo", bad.Stderr);

            Assert.Equal(0, Run.VuosRaw(["sessions", session.Id.ToString(), "--remove-forward", "nat=1"]).ExitCode);
            Assert.NotEqual(0, Run.Native(["curl", "-s", "-m", "5", url]).ExitCode);
            Assert.Equal(1, Run.VuosRaw(["sessions", session.Id.ToString(), "--remove-forward", "nat=1"]).ExitCode);
        }
        finally
        {
            session.Kill(entireProcessTree: true);
            session.WaitForExit();
        }
    }

    static string Ask(string socketPath, string request)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        socket.Send(Encoding.UTF8.GetBytes(request));
        var reply = new MemoryStream();
        var buffer = new byte[4096];
        int n;
        while ((n = socket.Receive(buffer)) > 0)
        {
            reply.Write(buffer, 0, n);
        }
        return Encoding.UTF8.GetString(reply.ToArray());
    }
}
