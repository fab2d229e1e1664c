using Vuos.Net.Tests.Infrastructure;

namespace Vuos.Net.Tests;

/// <summary>netfs: PatchworkOS's sockets-as-files under /net, used by C programs, shells and Python.</summary>
public class NetfsTests
{
    static RunResult Bash(string script, params string[] options) => Run.Vuos(["bash", "-c", script], options);

    [Fact]
    public void CClientAndServerTalkOverLocalSeqpacketAsPatchworkOsDoes()
    {
        var server = Fixtures.Path("netfs_server");
        var client = Fixtures.Path("netfs_client");
        var r = Bash($"{server} svc 2 & {client} svc hello; {client} svc world; wait");
        Assert.Equal(0, r.ExitCode);
        // Two writes arrive as two messages: seqpacket keeps their boundaries.
        // The two programs write to the same stdout: compare the lines, not their interleaving.
        Assert.Equal(["client got 5:hello|6:second", "client got 5:world|6:second", "server: listening as svc", "server: served 2 clients"],
            r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }

    [Fact]
    public void BashServerAndClientTalkThroughTheFiles()
    {
        const string server = """
            exec 3</net/local/stream; read -r id <&3
            echo "bind bashsrv && listen" > /net/local/$id/ctl
            exec 4<>/net/local/$id/accept
            read -r line <&4; echo "got $line" >&4
            """;
        const string client = """
            exec 3</net/local/stream; read -r id <&3
            until echo "connect bashsrv" > /net/local/$id/ctl 2>/dev/null; do sleep 0.05; done
            exec 5<>/net/local/$id/data
            echo hello >&5; read -r reply <&5; echo "$reply"
            """;
        var r = Bash($"({server}) & ({client}); wait");
        Assert.Equal("got hello\n", r.Stdout);
    }

    [Fact]
    public void InetDataFileCarriesAnHttpRequestToARealServer()
    {
        using var server = new HttpFixtureServer("hello over /net/inet\n");
        var script = "exec 3</net/inet/stream; read -r id <&3; " +
            $"echo \"connect 127.0.0.1:{server.Port}\" > /net/inet/$id/ctl; exec 5<>/net/inet/$id/data; " +
            "printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&5; cat <&5";
        var r = Bash(script);
        Assert.StartsWith("HTTP/1.0 200 OK", r.Stdout);
        Assert.EndsWith("hello over /net/inet\n", r.Stdout);
    }

    [Fact]
    public void ReadingTheHandleGivesTheIdOnceWithoutNewline()
    {
        var r = Bash("exec 3</net/local/dgram; cat <&3; echo '|'; cat <&3; echo '|'; exec 3</net/inet/stream; cat <&3");
        Assert.Equal("0|\n|\n1", r.Stdout);
    }

    [Theory]
    [InlineData("bogus", "No such file or directory")]
    [InlineData("bind", "Invalid argument")]
    [InlineData("bind a b", "Invalid argument")]
    [InlineData("listen 1 2", "Invalid argument")]
    [InlineData("listen &&", "Invalid argument")]
    [InlineData("&& listen", "Invalid argument")]
    [InlineData("bind \"unterminated", "Argument list too long")]
    [InlineData("bind trailing\\", "Argument list too long")]
    [InlineData("   ", "No such file or directory")]
    [InlineData("listen 0", "Invalid argument")]
    [InlineData("listen && listen", "Invalid argument")]
    public void BadCtlCommandsFailTheWriteWithTheirErrno(string command, string error)
    {
        var r = Bash($"exec 3</net/local/stream; read -r id <&3; printf '%s' '{command.Replace("'", "'\\''")}' > /net/local/$id/ctl");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains(error, r.Stderr);
    }

    [Fact]
    public void CtlErrorsAreTheSocketsOwnAndEarlierCommandsStayApplied()
    {
        var script = """
            exec 3</net/local/stream; read -r a <&3; exec 3</net/local/stream; read -r b <&3
            echo "bind dup && listen" > /net/local/$a/ctl
            echo "bind dup" > /net/local/$b/ctl || echo "second bind failed"
            exec 3</net/local/stream; read -r c <&3
            echo "connect nobody-listens" > /net/local/$c/ctl || echo "connect refused"
            echo "bind \"quoted name\" && bogus" > /net/local/$c/ctl || echo "bogus failed"
            echo "listen" > /net/local/$c/ctl && cat /net/local/addrs
            exec 3</net/local/stream; read -r d <&3
            echo "connect dup" > /net/local/$d/ctl; echo "connect dup" > /net/local/$d/ctl || echo "already connected"
            python3 -c "import os; os.write(os.open('/net/local/$d/ctl', os.O_WRONLY), b'x' * 5000)" 2>/dev/null || echo "too long"
            cat /net/local/$d/ctl || echo "ctl is write-only"
            """;
        var r = Bash(script);
        Assert.Equal("second bind failed\nconnect refused\nbogus failed\ndup\nquoted name\nalready connected\ntoo long\nctl is write-only\n", r.Stdout);
        Assert.Contains("Address already in use", r.Stderr);
        Assert.Contains("Connection refused", r.Stderr);
        // PatchworkOS refuses a second connect with EINVAL (Linux would say EISCONN).
        Assert.Contains("echo: write error: Invalid argument", r.Stderr);
    }

    [Fact]
    public void AddrsListsWhereListenersReallyAreAndIsMadeAgainByEveryRead()
    {
        var script = """
            exec 3</net/inet/stream; read -r id <&3
            echo "bind 127.0.0.1:0" > /net/inet/$id/ctl; echo "before listen: [$(cat /net/inet/addrs)]"
            echo "listen 5" > /net/inet/$id/ctl; echo "after listen: [$(cat /net/inet/addrs)]"
            exec 4</net/inet6/stream; read -r id6 <&4; echo "bind [::1]:0 && listen" > /net/inet6/$id6/ctl; cat /net/inet6/addrs
            python3 -c "
            import os
            a = os.open('/net/local/addrs', os.O_RDONLY); print('first read', repr(os.read(a, 100)))
            h = os.open('/net/local/stream', os.O_RDONLY); i = os.read(h, 16).decode()
            with open(f'/net/local/{i}/ctl', 'w') as c: c.write('bind late && listen')
            os.lseek(a, 0, os.SEEK_SET); print('after lseek', repr(os.read(a, 100)))"
            """;
        var r = Bash(script, "--default", "lo");
        Assert.Matches(@"^before listen: \[\]\nafter listen: \[127\.0\.0\.1:[1-9][0-9]*\]\n\[::1\]:[1-9][0-9]*\n", r.Stdout);
        Assert.EndsWith("first read b''\nafter lseek b'late\\n'\n", r.Stdout);
    }

    [Fact]
    public void NonblockFlagsGiveEagainAndUnknownFlagsEinval()
    {
        var script = """
            exec 3</net/local/stream; read -r id <&3; echo "bind nb && listen" > /net/local/$id/ctl
            exec 4</net/local/$id/accept:nonblock || echo "accept would block"
            exec 4</net/local/$id/accept:n || echo "accept:n would block"
            exec 4</net/local/$id/accept:fast || echo "unknown flag"
            exec 5</net/local/stream; read -r c <&5; echo "connect nb" > /net/local/$c/ctl
            exec 6<>/net/local/$id/accept:nonblock && echo "accepted a waiting connection"
            python3 -c "import os; fd = os.open('/net/local/$c/data:nonblock', os.O_RDWR)
            try: os.read(fd, 10)
            except BlockingIOError: print('data would block')"
            """;
        var r = Bash(script);
        Assert.Equal("accept would block\naccept:n would block\nunknown flag\naccepted a waiting connection\ndata would block\n", r.Stdout);
        Assert.Contains("Resource temporarily unavailable", r.Stderr);
        Assert.Contains("Invalid argument", r.Stderr);
    }

    [Fact]
    public void FactoryOfATypeTheFamilyLacksIsEinvalAndAcceptNeedsAListener()
    {
        var r = Bash("exec 3</net/local/rdm || echo no-rdm; exec 3</net/inet/seqpacket || echo no-inet-seqpacket; " +
            "exec 3</net/local/stream; read -r id <&3; exec 4</net/local/$id/accept || echo not-listening; cat /net/local/$id/data || echo not-connected");
        Assert.Equal("no-rdm\nno-inet-seqpacket\nnot-listening\nnot-connected\n", r.Stdout);
        Assert.Contains("Transport endpoint is not connected", r.Stderr);
    }

    [Fact]
    public void TreeWorksWithLsStatAndCd()
    {
        var r = Bash("ls /net; ls /net/inet; stat -c '%n %F %a' /net/inet/stream /net/inet; ls -ld /net/local/addrs | cut -c1-10; " +
            "cd /net/local && pwd && exec 3<seqpacket; read -r id <&3; cd $id && ls && pwd");
        Assert.Equal("inet\ninet6\nlocal\naddrs\ndgram\nraw\nrdm\nseqpacket\nstream\n/net/inet/stream regular empty file 444\n/net/inet directory 555\n" +
            "-r--r--r--\n/net/local\naccept\nctl\ndata\n/net/local/0\n", r.Stdout);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void TabCompletionInBashCompletesNetfsPaths()
    {
        using var tmux = new TmuxSession();
        // The inner shell's prompt, "netfs>" once bash expands \076, differs from the line typed to start it.
        tmux.Type($"PS1='netfs\\076 ' {Repo.VuosBinary} run -- bash --norc");
        tmux.WaitFor("netfs>");
        tmux.Keys("l");
        tmux.Keys("s");
        tmux.Keys("Space");
        foreach (var k in "/net/in".Select(c => c.ToString()))
        {
            Run.Native(["tmux", "send-keys", "-t", tmux.Name, "-l", k]);
        }
        tmux.Keys("BSpace");
        tmux.Keys("BSpace");
        Run.Native(["tmux", "send-keys", "-t", tmux.Name, "-l", "lo"]);
        tmux.Keys("Tab");
        tmux.WaitFor("ls /net/local/");
        Run.Native(["tmux", "send-keys", "-t", tmux.Name, "-l", "st"]);
        tmux.Keys("Tab");
        tmux.WaitFor("ls /net/local/stream");
        tmux.Keys("C-c");
        tmux.Type("exit");
    }

    [Fact]
    public void SocketDirectoriesAreVisibleOnlyInTheSessionThatMadeThem()
    {
        using var first = Run.StartBackground([Repo.VuosBinary, "run", "--", "bash", "-c", "exec 3</net/local/stream; read -r id <&3; echo $id; ls /net/local | grep -c '^[0-9]'; sleep 30"]);
        Assert.Equal("0", first.StandardOutput.ReadLine());
        Assert.Equal("1", first.StandardOutput.ReadLine());
        try
        {
            var second = Bash("ls /net/local; ls /net/local/0 2>&1 || true");
            Assert.Equal("addrs\ndgram\nraw\nrdm\nseqpacket\nstream\nls: cannot access '/net/local/0': No such file or directory\n", second.Stdout);
        }
        finally
        {
            first.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void CtrlCInterruptsAWaitInAccept()
    {
        const string script = """exec 3</net/local/stream; read -r id <&3; echo "bind waiter$$ && listen" > /net/local/$id/ctl; echo ready; exec 4</net/local/$id/accept; echo never""";
        using var p = Run.StartBackground(["setsid", Repo.VuosBinary, "run", "--", "bash", "-c", script]);
        Assert.Equal("ready", p.StandardOutput.ReadLine());
        ProcessProbe.WaitUntilDescendantBlockedIn(p.Id, "bash", 257 /* openat */);
        Run.Native(["kill", "-INT", "--", $"-{p.Id}"]);
        Assert.True(p.WaitForExit(10_000), "the wait in accept was not interrupted");
        Assert.Equal(130, p.ExitCode);
    }

    [Fact]
    public void PythonKeyboardInterruptBreaksAWaitInAccept()
    {
        const string program = """
            import os, signal, threading
            h = os.open("/net/local/stream", os.O_RDONLY); sid = os.read(h, 16).decode()
            with open(f"/net/local/{sid}/ctl", "w") as c: c.write("bind pywait && listen")
            threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
            try: os.open(f"/net/local/{sid}/accept", os.O_RDONLY)
            except KeyboardInterrupt: print("interrupted")
            """;
        var r = Run.Vuos(["python3", "-c", program], timeout: TimeSpan.FromSeconds(20));
        Assert.Equal("interrupted\n", r.Stdout);
    }

    [Fact]
    public void DataAndAcceptFilesAndEveryOtherOpenRunWithoutStopping()
    {
        // 2000 messages each way through data and an accepted connection, and 2000 opens of a file outside the
        // tree, after the setup: the count of stops and notifications stays that of the setup. The tree is the
        // kernel's FUSE mount, so no open of any path stops the program.
        static string Script(int messages) => $$"""
            exec 3</net/local/seqpacket; read -r id <&3; echo "bind fast && listen" > /net/local/$id/ctl
            python3 -c "
            import os
            h = os.open('/net/local/seqpacket', os.O_RDONLY); cid = os.read(h, 16).decode()
            with open(f'/net/local/{cid}/ctl', 'w') as c: c.write('connect fast')
            client = os.open(f'/net/local/{cid}/data', os.O_RDWR)
            server = os.open('/net/local/$id/accept', os.O_RDWR)
            for i in range({{messages}}): os.write(client, b'x' * 100); os.write(server, os.read(server, 200)); reply = os.read(client, 200)
            for i in range({{messages}}): os.close(os.open('/etc/hostname', os.O_RDONLY))
            print(reply[:1].decode(), len(reply))"
            """;
        var few = Bash(Script(1), "--stats");
        var many = Bash(Script(2000), "--stats");
        Assert.Equal("x 100\n", many.Stdout);
        Assert.Equal(Stats.Get(few, "seccomp-stops"), Stats.Get(many, "seccomp-stops"));
        Assert.InRange(Stats.Get(many, "notifications") - Stats.Get(few, "notifications"), -5, 5);
    }

    [Fact]
    public void NetfsCanBeSwitchedOffOrMoved()
    {
        var off = Bash("ls /net 2>&1; cd /tmp && cd / && echo cd-ok", "--no-netfs", "--stats");
        Assert.Contains("No such file or directory", off.Stdout);
        Assert.Equal(0, Stats.Get(off, "seccomp-stops"));
        var moved = Bash("ls /sockets/inet | head -1; ls /net 2>/dev/null || echo no-net", "--netfs=/sockets");
        Assert.Equal("addrs\nno-net\n", moved.Stdout);
        Assert.Equal(2, Run.Vuos(["true"], ["--netfs=relative"]).ExitCode);
    }

    [Fact]
    public void TraceLogShowsNetfsOperationsReadably()
    {
        var r = Bash("exec 3</net/local/seqpacket; read -r id <&3; echo 'bind traced && listen' > /net/local/$id/ctl; echo bogus > /net/local/$id/ctl", "--trace=network");
        Assert.Matches(@"netfs: local/seqpacket = socket 0 \[stack host\]", r.Stderr);
        Assert.Contains("netfs: ctl local/0 \"bind traced && listen\\n\" = 22", r.Stderr);
        Assert.Contains("netfs: ctl local/0 \"bogus\\n\" = -1 ENOENT", r.Stderr);
    }

    [Fact]
    public void SocketsComeFromTheCallersDefaultStack()
    {
        using var server = new HttpFixtureServer("host\n");
        var script = $"exec 3</net/inet/stream; read -r id <&3; echo 'connect 127.0.0.1:{server.Port}' > /net/inet/$id/ctl || echo refused";
        Assert.Equal("refused\n", Bash(script, "--default", "lo").Stdout);
        Assert.Equal("", Bash(script).Stdout);
    }

    [Fact]
    public void AClientThatExitsHangsUp()
    {
        var name = $"hangup{Random.Shared.Next(100000)}";
        var script = $$"""
            exec 3</net/local/stream; read -r id <&3; echo "bind {{name}} && listen" > /net/local/$id/ctl
            bash -c 'exec 3</net/local/stream; read -r c <&3; echo "connect {{name}}" > /net/local/$c/ctl; exec 5<>/net/local/$c/data; echo hi >&5' &
            exec 4<>/net/local/$id/accept
            read -r line <&4; echo "got $line"
            read -r line <&4 || echo "client hung up"
            wait
            """;
        Assert.Equal("got hi\nclient hung up\n", Run.Vuos(["bash", "-c", script]).Stdout);
    }

    [Fact]
    public void AnAcceptedConnectionTakesTheNextIdWithoutADirectoryAndClosingAcceptHangsUp()
    {
        // As PatchworkOS's accept: the connection is a socket with the next id that no family lists.
        var name = $"accepted{Random.Shared.Next(100000)}";
        var script = $$"""
            exec 3</net/local/stream; read -r l <&3; echo "bind {{name}} && listen" > /net/local/$l/ctl
            bash -c 'exec 3</net/local/stream; read -r c <&3; echo "connect {{name}}" > /net/local/$c/ctl; exec 5<>/net/local/$c/data; echo hi >&5; read -r r <&5; echo "client got $r"; read -r r <&5 || echo "client: server hung up"' &
            exec 4<>/net/local/$l/accept
            read -r line <&4; echo "server got $line"; echo "reply" >&4
            echo "directories: $(ls /net/local | grep -cE '^[0-9]+$')"
            exec 6</net/local/stream; read -r next <&6; echo "next id: listener + $(( next - l ))"
            exec 4>&-
            wait
            """;
        var r = Run.Vuos(["bash", "-c", script]);
        Assert.Equal(
            ["client got reply", "client: server hung up", "directories: 2", "next id: listener + 3", "server got hi"],
            r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }

    [Fact]
    public void AServerThatExitsFreesItsName()
    {
        var name = $"reborn{Random.Shared.Next(100000)}";
        File.WriteAllText(ServerScript, $"exec 3</net/local/stream; read -r id <&3; echo 'bind {name} && listen' > /net/local/$id/ctl && echo bound\n");
        var script = $"bash {ServerScript}; echo \"addrs: [$(cat /net/local/addrs)]\"; bash {ServerScript}";
        Assert.Equal("bound\naddrs: []\nbound\n", Run.Vuos(["bash", "-c", script]).Stdout);
    }

    static readonly string ServerScript = Path.Combine(Directory.CreateTempSubdirectory("vuos-netfs-").FullName, "server.sh");

    [Fact]
    public void FileHeavyProgramsRunUnderNetfs()
    {
        var r = Run.Vuos(["python3", "-c", "import json, email, http.client, argparse, decimal, xml.dom.minidom; print('imported')"]);
        Assert.Equal("imported\n", r.Stdout);
    }
}
